"""The console's search form posts; the words never appear in a URL."""

import pytest

from cases.similarity.tests.helpers import ZH, file_report
from tipline.test import login_staff

pytestmark = pytest.mark.django_db
URL = "/staff/search/"


def test_it_searches_on_post_and_shows_snippets(client, analyst_a):
    report = file_report(ZH)
    response = login_staff(client, analyst_a).post(URL, {"q": "无人机"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"/staff/reports/{report.pk}/" in html
    assert "舰艇" in html
    assert 'method="post"' in html


def test_a_get_never_searches(client, analyst_a):
    file_report(ZH)
    html = login_staff(client, analyst_a).get(URL, {"q": "无人机"}).content.decode()
    assert "/staff/reports/" not in html


def test_an_empty_query_is_a_form_error(client, analyst_a):
    assert login_staff(client, analyst_a).post(URL, {"q": ""}).status_code == 422


def test_a_user_without_a_content_role_gets_403(client, auditor):
    assert login_staff(client, auditor).get(URL).status_code == 403
