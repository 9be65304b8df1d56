"""The production web server (gunicorn with gunicorn.conf.py), started for real: it keeps replay
guards across all its processes in every configuration it accepts, refuses the configurations
that could not, and as `make run` serves it, a staff login works over plain http."""

import hashlib
import hmac
import http.client
import http.cookiejar
import io
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import wave
from urllib.parse import quote, urlsplit

import pytest
from django.apps import apps
from django.db import connection
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tipline.tests.servers import gunicorn, run_gunicorn, server_env

SECRET = "voicemail-secret-for-the-gunicorn-test"
# A Redis database of this test's own, so nothing else's keys meet ours.
REDIS_URL = "redis://127.0.0.1:6379/11"
PASSWORD = "a-long-enough-staff-password"


def test_several_workers_with_the_per_process_cache_are_refused(tmp_path):
    result = run_gunicorn(server_env(tmp_path, TIPLINE_WEB_WORKERS="2"))
    assert result.returncode != 0
    assert "TIPLINE_CACHE_URL" in result.stderr
    assert "TIPLINE_WEB_WORKERS=1" in result.stderr


def test_asking_for_workers_on_the_command_line_is_refused_too(tmp_path):
    result = run_gunicorn(server_env(tmp_path), "--workers", "3")
    assert result.returncode != 0
    assert "Refusing to start 3 web worker processes" in result.stderr


def wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 800)
    return buffer.getvalue()


def signed_voicemail() -> tuple[bytes, dict[str, str]]:
    """One voicemail call as the telephony gateway signs it (docs/partner-guide.md)."""
    recording = io.BytesIO(wav())
    recording.name = "message.wav"
    body = encode_multipart(
        BOUNDARY, {"category": "espionage", "call_reference": "CALL-1", "recording": recording}
    )
    stamp = str(int(time.time()))
    signature = hmac.new(SECRET.encode(), stamp.encode() + b"." + body, hashlib.sha256)
    headers = {
        "Content-Type": MULTIPART_CONTENT,
        "X-Tipline-Timestamp": stamp,
        "X-Tipline-Signature": signature.hexdigest(),
    }
    return body, headers


def at_once(times: int, request) -> list[int]:
    """`request()` from `times` threads released together; the status codes it returned."""
    start = threading.Barrier(times)
    statuses: list[int] = []

    def client():
        start.wait()
        statuses.append(request())

    threads = [threading.Thread(target=client) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def post_raw(base: str, path: str, body: bytes, headers: dict) -> int:
    address = urlsplit(base)
    conn = http.client.HTTPConnection(address.hostname, address.port, timeout=20)
    try:
        conn.request("POST", path, body, headers)
        return conn.getresponse().status
    finally:
        conn.close()


def csrf(jar) -> str:
    return next(cookie.value for cookie in jar if cookie.name == "csrftoken")


def hidden(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    assert match, f"no hidden input {name!r} in the page"
    return match.group(1)


def review_draft(base: str) -> tuple[bytes, dict]:
    """Fill the web form up to its review step, as a browser would; the final POST, unsent."""
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with browser.open(f"{base}/report/espionage/") as page:
        token = hidden(page.read().decode(), "form_token")
    form = {"form_token": token, "csrfmiddlewaretoken": csrf(jar)}
    with browser.open(f"{base}/report/espionage/", urllib.parse.urlencode(form).encode()) as page:
        review = page.read().decode()
    final = {"draft": hidden(review, "draft"), "csrfmiddlewaretoken": csrf(jar)}
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{c.name}={c.value}" for c in jar),
    }
    return urllib.parse.urlencode(final).encode(), headers


def database_url() -> str:
    """The test database (committed rows, so the server's processes see them)."""
    db = connection.settings_dict
    user = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.postgres_only
@pytest.mark.parametrize(
    ("cache", "workers"),
    [
        pytest.param("locmem://", "1", id="embedded: one process, threads, per-process cache"),
        pytest.param(REDIS_URL, "2", id="production: two workers, Redis"),
    ],
)
def test_a_voicemail_call_or_review_draft_sent_twelve_times_makes_one_report(
    transactional_db, tmp_path, cache, workers
):
    apps.get_model("intake", "Category").objects.create(slug="espionage", name_zh="间谍活动")
    env = server_env(
        tmp_path,
        TIPLINE_DATABASE_URL=database_url(),
        TIPLINE_CACHE_URL=cache,
        TIPLINE_WEB_WORKERS=workers,
        TIPLINE_VOICEMAIL_SECRET=SECRET,
        TIPLINE_FORM_MIN_FILL_SECONDS="0",
    )
    # Preloaded, so every worker is serving before the first request (none still importing).
    with gunicorn(env, "--preload") as base:
        call, call_headers = signed_voicemail()
        voicemail = "/api/v1/channels/voicemail"
        calls = at_once(12, lambda: post_raw(base, voicemail, call, call_headers))
        draft, draft_headers = review_draft(base)
        drafts = at_once(12, lambda: post_raw(base, "/report/submit/", draft, draft_headers))
    assert sorted(calls) == [201] + [401] * 11
    assert sorted(drafts) == [200] + [409] * 11
    reports = apps.get_model("intake", "Report").objects
    assert sorted(reports.values_list("channel", flat=True)) == ["voicemail", "web"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(browser, url: str, form: dict) -> str:
    """POST a form; the redirect's target (the test opener follows none)."""
    with pytest.raises(urllib.error.HTTPError) as answer:
        browser.open(url, urllib.parse.urlencode(form).encode())
    assert answer.value.code == 302, answer.value.read()
    return answer.value.headers["Location"]


@pytest.mark.postgres_only
def test_a_staff_login_holds_over_plain_http_on_the_embedded_server(transactional_db, tmp_path):
    user = apps.get_model("accounts", "User").objects.create_user("alice", password=PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    env = server_env(tmp_path, TIPLINE_DATABASE_URL=database_url())
    jar = http.cookiejar.CookieJar()  # like a browser: a Secure cookie never goes back over http
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with gunicorn(env) as base:
        browser.open(f"{base}/staff/login/")
        form = {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": csrf(jar)}
        second_step = post(browser, f"{base}/staff/login/", form)
        form = {"code": f"{totp(device.bin_key):06d}", "csrfmiddlewaretoken": csrf(jar)}
        home = post(browser, base + second_step, form)
        with browser.open(base + home) as page:
            assert page.status == 200
            assert page.url == base + home
    assert not any(cookie.secure for cookie in jar)
