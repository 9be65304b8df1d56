"""The production WSGI entry point: /api/ runs through its lean middleware chain, the rest
through the full one. Called as a WSGI server would, not through Django's test client."""

import json

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from tipline.wsgi import application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_test_connection():
    # A real server closes connections around each request; the test's transaction must survive.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call(request):
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"] = int(status.split()[0])
        captured["headers"] = {name.lower(): value for name, value in headers}

    body = b"".join(application(request.environ, start_response))
    return captured["status"], captured["headers"], body


def test_api_responses_carry_security_headers_and_set_no_cookie():
    status, headers, body = call(RequestFactory().get("/api/v1/health"))
    assert status == 200
    assert json.loads(body) == {"ok": True}
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "set-cookie" not in headers


def test_a_report_submitted_through_the_api_handler_can_be_followed_up(category, regions):
    payload = {"category": "espionage", "region": "110000", "answers": {"what": "wsgi path"}}
    request = RequestFactory().post(
        "/api/v1/reports",
        json.dumps(payload),
        content_type="application/json",
        HTTP_USER_AGENT="canary-agent",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    status, _headers, body = call(request)
    assert status == 201, body
    receipt = json.loads(body)["receipt"]
    status, _headers, body = call(RequestFactory().get("/api/v1/followup", HTTP_X_RECEIPT=receipt))
    assert status == 200
    assert json.loads(body)["status"] == "received"


def test_api_errors_are_localised_by_accept_language(category, regions):
    request = RequestFactory().post(
        "/api/v1/reports",
        json.dumps({"category": "espionage", "answers": {}}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    status, _headers, body = call(request)
    assert status == 422
    assert json.loads(body)["errors"]["answers.what"] == "此项为必填项。"


def test_pages_still_go_through_the_full_chain():
    status, headers, _body = call(RequestFactory().get("/"))
    assert status == 200
    assert headers["x-frame-options"] == "DENY"


def test_the_api_does_not_answer_on_the_cms_host(settings):
    # Only the CMS answers there (awareness/hosts.py); the site's chain gives the 404.
    settings.TIPLINE_CMS_HOST = "cms.testserver"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "cms.testserver"]
    on_cms_host = RequestFactory().get("/api/v1/health", HTTP_HOST="cms.testserver")
    status, _headers, _body = call(on_cms_host)
    assert status == 404
    status, _headers, _body = call(RequestFactory().get("/api/v1/health"))
    assert status == 200


def test_api_language_comes_from_accept_language_and_is_declared():
    status, headers, _body = call(RequestFactory().get("/api/v1/health", HTTP_ACCEPT_LANGUAGE="en"))
    assert status == 200
    assert headers["content-language"] == "en"
    assert "Accept-Language" in headers["vary"]
    status, headers, _body = call(RequestFactory().get("/api/v1/health"))
    assert headers["content-language"] == "zh-hans"


def test_api_language_cookie_wins_over_accept_language(settings):
    cookie = f"{settings.LANGUAGE_COOKIE_NAME}=en"
    request = RequestFactory().get(
        "/api/v1/health", HTTP_ACCEPT_LANGUAGE="zh-CN", HTTP_COOKIE=cookie
    )
    status, headers, _body = call(request)
    assert status == 200
    assert headers["content-language"] == "en"
