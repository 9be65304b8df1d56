"""What the environment makes of the cookies and the web server: Secure cookies where TLS is
configured and only there; one process with threads unless the cache is shared (Redis)."""

import json
import os
import subprocess
import sys

from django.conf import settings

ROOT = settings.BASE_DIR


def secure_cookies(values: dict) -> set[bool]:
    return {values[f"{k}_COOKIE_SECURE"] for k in ("SESSION", "CSRF", "LANGUAGE")}


def test_cookies_go_over_plain_http_when_no_tls_is_configured(read_settings):
    assert secure_cookies(read_settings()) == {False}


def test_cookies_are_secure_behind_a_tls_proxy(read_settings):
    assert secure_cookies(read_settings(TIPLINE_BEHIND_TLS_PROXY="true")) == {True}


def test_cookies_are_secure_when_asked_for(read_settings):
    assert secure_cookies(read_settings(TIPLINE_SECURE_COOKIES="true")) == {True}


def test_an_explicit_choice_wins_over_the_proxy(read_settings):
    values = read_settings(TIPLINE_BEHIND_TLS_PROXY="true", TIPLINE_SECURE_COOKIES="false")
    assert secure_cookies(values) == {False}


def server_config(**variables: str) -> dict:
    """gunicorn.conf.py as gunicorn reads it, in a process of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPLINE_")}
    env.update(variables)
    code = (
        "import json, runpy; c = runpy.run_path('gunicorn.conf.py'); "
        "print(json.dumps({k: c[k] for k in ('workers', 'threads', 'worker_class', 'bind')}))"
    )
    result = subprocess.run(  # noqa: S603 - fixed code of our own
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_embedded_server_is_one_process_with_threads(tmp_path):
    config = server_config(TIPLINE_DATA_DIR=str(tmp_path))
    assert config == {
        "workers": 1,
        "threads": 8,
        "worker_class": "gthread",
        "bind": "127.0.0.1:8000",
    }


def test_with_redis_the_server_runs_two_sync_workers_per_core(tmp_path):
    config = server_config(
        TIPLINE_DATA_DIR=str(tmp_path), TIPLINE_CACHE_URL="redis://127.0.0.1:6379/11"
    )
    assert config["workers"] == 2 * os.cpu_count()
    assert (config["threads"], config["worker_class"]) == (1, "sync")
