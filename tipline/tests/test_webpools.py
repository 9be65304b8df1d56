"""The public and the staff pool each answer their own paths (tipline/webpools.py), and the
submission budget is sized from the workers, below what they serve."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tipline import webpools


def served(environ, start_response):
    start_response("200 OK", [])
    return [b"served"]


def call(app, path: str, method: str = "GET", query: str = "") -> tuple[str, dict, bytes]:
    answer = {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(
        app({"PATH_INFO": path, "REQUEST_METHOD": method, "QUERY_STRING": query}, start_response)
    )
    return answer["status"], answer["headers"], body


@pytest.mark.parametrize(
    ("path", "side"),
    [
        ("/staff/triage/", "staff"),
        ("/admin/", "staff"),
        ("/api/v1/staff/queue", "staff"),
        ("/api/v1/reports", "public"),
        ("/followup/", "public"),
        ("/", "public"),
        ("/staffing", "public"),
        ("/static/site.css", "shared"),
        ("/i18n/setlang/", "shared"),
        ("/api/v1/health", "shared"),
    ],
)
def test_each_path_belongs_to_one_side(path, side):
    assert webpools.side(path) == side


def test_one_pool_answers_everything():
    assert webpools.routed(served, "all", "", "") is served


def test_the_public_pool_sends_staff_pages_to_the_staff_pool():
    app = webpools.routed(served, "public", "http://127.0.0.1:8001", "")
    status, headers, _ = call(app, "/staff/cases/", query="page=2")
    assert status == "302 Found"
    assert headers["Location"] == "http://127.0.0.1:8001/staff/cases/?page=2"
    assert call(app, "/api/v1/reports", "POST")[2] == b"served"
    assert call(app, "/static/site.css")[2] == b"served"


def test_a_pool_without_the_other_origin_answers_404_and_never_redirects_a_post():
    public = webpools.routed(served, "public", "http://127.0.0.1:8001", "")
    assert call(public, "/staff/login/", "POST")[0] == "404 Not Found"
    staff = webpools.routed(served, "staff", "", "")
    assert call(staff, "/report/espionage/")[0] == "404 Not Found"
    assert call(staff, "/api/v1/staff/queue")[2] == b"served"


def test_a_redirect_cannot_carry_a_header_or_leave_the_origin():
    app = webpools.routed(served, "public", "http://staff.internal", "")
    location = call(app, "/staff//evil.example\r\nSet-Cookie: x=1")[1]["Location"]
    assert location.startswith("http://staff.internal/staff//evil.example")
    assert "\r" not in location
    assert "\n" not in location


def test_the_submission_budget_is_sized_below_the_workers_capacity(monkeypatch):
    monkeypatch.setenv("TIPLINE_WEB_WORKERS", "4")
    pool, workers, threads, *_ = webpools.from_env(cache_shared=True)
    assert (pool, workers, threads) == ("all", 4, 1)
    assert webpools.SUBMISSIONS_PER_WORKER * workers == 400


def test_an_unknown_pool_stops_the_start(monkeypatch):
    monkeypatch.setenv("TIPLINE_WEB_POOL", "everything")
    with pytest.raises(ImproperlyConfigured, match="TIPLINE_WEB_POOL"):
        webpools.from_env(cache_shared=False)
