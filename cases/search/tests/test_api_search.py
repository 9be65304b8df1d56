"""POST /api/v1/staff/search."""

import pytest
from django.utils import timezone

from cases.similarity.tests.helpers import EN, ZH, file_report
from cases.tests.helpers import accept
from tipline.test import api_token_for

pytestmark = pytest.mark.django_db


def post(client, user, body):
    return client.post(
        "/api/v1/staff/search",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_token_for(user)}",
    )


def test_it_answers_total_and_results_with_snippets(client, analyst_a):
    report = file_report(ZH)
    case = accept(report, analyst_a)
    file_report(EN)
    body = post(client, analyst_a, {"q": "无人机", "limit": 10}).json()
    assert body["total"] == 1
    (row,) = body["results"]
    assert row["report"] == str(report.pk)
    assert row["case"] == case.number
    assert row["category"] == report.category.slug
    assert row["region"] == "110000"
    assert "无人机" in row["snippet"]


def test_another_unit_sees_nothing(client, analyst_b):
    file_report(ZH)
    assert post(client, analyst_b, {"q": "无人机"}).json() == {"total": 0, "results": []}


def test_date_filters_use_from_and_to(client, analyst_a):
    report = file_report(ZH)
    day = timezone.localdate(report.created_at).isoformat()  # a local day, as staff mean it
    assert post(client, analyst_a, {"q": "无人机", "from": day, "to": day}).json()["total"] == 1
    assert post(client, analyst_a, {"q": "无人机", "to": "2000-01-01"}).json()["total"] == 0


def test_bad_input_is_422(client, analyst_a):
    assert post(client, analyst_a, {"q": ""}).status_code == 422
    assert post(client, analyst_a, {"q": "x", "limit": 1000}).status_code == 422


def test_a_user_without_a_content_role_gets_403(client, auditor):
    assert post(client, auditor, {"q": "无人机"}).status_code == 403
