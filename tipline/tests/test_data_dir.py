"""Every process finds the data directory's state by itself: the secret key is made there on
first start and found again by the next command, with no variable to repeat; the directory and
the files in it are private to the service user."""

import json
import os
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings

ROOT = settings.BASE_DIR


def fresh_shell(data_dir, **extra) -> dict[str, str]:
    """A shell that exported nothing Tipline-specific but (maybe) where its data lives."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPLINE_")}
    env.update(TIPLINE_DATA_DIR=str(data_dir), **extra)
    return env


def manage(env, *args) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def python(env, code: str) -> str:
    result = subprocess.run(  # noqa: S603 - fixed code of our own
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


SHOW_KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_command_in_a_fresh_shell_finds_the_secret_key_the_first_start_made(tmp_path):
    data = tmp_path / "data"
    first_start = python(fresh_shell(data), SHOW_KEY)
    assert len(first_start) >= 50
    assert (data / "secret_key").read_text().strip() == first_start
    assert manage(fresh_shell(data), "shell", "-v", "0", "-c", SHOW_KEY) == first_start


def test_processes_starting_together_agree_on_one_new_key(tmp_path):
    data = tmp_path / "data"
    with ThreadPoolExecutor(4) as pool:
        keys = set(pool.map(lambda _: python(fresh_shell(data), SHOW_KEY), range(4)))
    assert keys == {(data / "secret_key").read_text().strip()}
    assert not [p.name for p in data.iterdir() if p.name.startswith(".secret_key")]


def test_a_given_secret_key_wins_and_no_key_file_is_made(tmp_path):
    data = tmp_path / "data"
    key_file = tmp_path / "given"
    key_file.write_text("a-secret-key-from-the-operator-that-is-long-enough\n")
    env = fresh_shell(data, TIPLINE_SECRET_KEY_FILE=str(key_file))
    assert python(env, SHOW_KEY) == "a-secret-key-from-the-operator-that-is-long-enough"
    assert not (data / "secret_key").exists()


# Writes through Django's connection and lists the data directory while SQLite's WAL and
# shared-memory files exist (SQLite removes them when the last connection closes).
WRITE_AND_LIST = """
import django, json, os, stat
django.setup()
from django.conf import settings
from django.db import connection
connection.cursor().execute("create table t (x)")
print(json.dumps({p.name: stat.S_IMODE(p.stat().st_mode) for p in settings.DATA_DIR.iterdir()}))
"""


def test_the_data_directory_and_its_files_are_private(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o755)  # made by hand, open to everyone
    env = fresh_shell(data, DJANGO_SETTINGS_MODULE="tipline.settings")
    manage(env, "init_keyring")
    modes = json.loads(python(env, WRITE_AND_LIST))
    assert mode(data) == 0o700
    assert modes == {
        "secret_key": 0o600,
        "keyring.json": 0o600,
        "tipline.sqlite3": 0o600,
        "tipline.sqlite3-wal": 0o600,
        "tipline.sqlite3-shm": 0o600,
    }
