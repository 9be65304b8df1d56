"""Hostile input and a database outage get a clear 4xx or a 503, never a 500 (issue 8)."""

import json

import pytest
from django.db import OperationalError, connection
from django.test import Client

from cases.tests.helpers import accept, submit
from core import outage
from intake.models import Attachment, Report
from intake.questionnaire import catalog
from intake.tests.web.site_pages import VALID_ANSWERS, fill_form
from tipline.test import api_token_for, login_staff
from tipline.testing.builders import png_upload

VALID_API_ANSWERS = {"what": "a stranger photographing the naval base gate"}

pytestmark = pytest.mark.django_db

NUL_PAGES = [
    "/staff/cases/%00/",
    "/staff/reports/%00/",
    "/staff/triage/?region=%00",
    "/report/%00/",
]
NUL_API = ["/api/v1/staff/cases/%00", "/api/v1/staff/reports/%00", "/api/v1/staff/queue?region=%00"]


@pytest.mark.parametrize("url", NUL_PAGES)
def test_a_nul_in_a_page_url_is_a_400(client, analyst_a, url):
    login_staff(client, analyst_a)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.mark.parametrize("url", NUL_API)
def test_a_nul_in_an_api_url_is_a_400(client, analyst_a, url):
    token = api_token_for(analyst_a)
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_a_nul_in_a_triage_body_is_a_400_and_changes_nothing(client, analyst_a, category):
    report = submit()
    token = api_token_for(analyst_a)
    body = json.dumps({"decision": "spam", "reason": "bad\u0000reason", "priority": 4})
    response = client.post(
        f"/api/v1/staff/reports/{report.id}/triage",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.triage_state == "new"


def test_an_escaped_backslash_before_u0000_is_ordinary_text(client, category, regions):
    answers = {"what": "the path C:\\u0000 was written on the wall of the depot"}
    body = json.dumps({"category": "espionage", "answers": answers})
    response = client.post("/api/v1/reports", body, content_type="application/json")
    assert response.status_code == 201


def test_a_nul_in_a_multipart_form_is_a_form_error(client, category, regions):
    data = {**VALID_ANSWERS, "a-what": "a\x00b"}
    response = fill_form(client, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200  # the questionnaire again, with its error summary
    assert 'class="error-summary"' in response.content.decode()


def test_a_nul_in_an_urlencoded_form_is_a_400(client):
    body = "username=admin%00&password=x"
    response = client.post("/staff/login/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_an_offset_past_any_integer_is_a_422(client, analyst_a):
    token = api_token_for(analyst_a)
    response = client.get(
        "/api/v1/staff/queue?offset=9223372036854775808", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 422


def test_an_unknown_case_number_is_a_404(client, analyst_a, category):
    accept(submit(), analyst_a)
    login_staff(client, analyst_a)
    assert client.get("/staff/cases/NOPE-0000/").status_code == 404


@pytest.mark.parametrize(("path", "kind"), [("/api/v1/categories", "json"), ("/", "html")])
def test_a_database_outage_is_a_503_with_retry_after(path, kind, category):
    def down(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    client = Client(raise_request_exception=False)
    catalog.invalidate()
    with connection.execute_wrapper(down):  # every query fails, as with PostgreSQL stopped
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    if kind == "json":
        assert "unavailable" in response.json()["detail"]
    else:
        assert "briefly unavailable" in response.content.decode()


def test_other_errors_are_still_a_plain_500(client, monkeypatch):
    def broken(request):
        raise RuntimeError("a bug")

    monkeypatch.setattr("intake.web.report.render", lambda *a, **k: broken(None))
    response = Client(raise_request_exception=False).get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.parametrize("kind", ["api", "web"])
def test_an_unwritable_attachment_store_is_a_503_and_files_no_report(
    kind, client, category, regions, settings, tmp_path
):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("the store's path is a file, so nothing can be written under it")
    settings.ATTACHMENT_DIR = blocker
    client.raise_request_exception = False
    if kind == "api":
        form = {"report": json.dumps({"category": "espionage", "answers": VALID_API_ANSWERS})}
        response = client.post("/api/v1/reports", {**form, "attachments": [png_upload()]})
    else:
        response = fill_form(client, files=[png_upload()], HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    assert not Report.objects.exists()
    assert not Attachment.objects.exists()
