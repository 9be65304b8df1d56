"""GET /api/v1/staff/reports/{id}/similar."""

import uuid

import pytest

from cases.similarity.tests.helpers import ZH, file_report
from cases.tests.helpers import accept
from tipline.test import api_token_for

pytestmark = pytest.mark.django_db


def get(client, user, report_id):
    return client.get(
        f"/api/v1/staff/reports/{report_id}/similar",
        HTTP_AUTHORIZATION=f"Bearer {api_token_for(user)}",
    )


def test_it_lists_near_duplicates_most_similar_first_with_their_case(client, analyst_a):
    original = file_report(ZH)
    case = accept(original, analyst_a)
    close = file_report(ZH + "谢谢。")
    looser = file_report("再次举报：" + ZH[:36])
    body = get(client, analyst_a, close.pk).json()
    assert [row["report"] for row in body] == [str(original.pk), str(looser.pk)]
    assert body[0]["case"] == case.number
    assert body[1]["case"] is None
    assert 0 < body[1]["similarity"] <= body[0]["similarity"] <= 1


def test_it_leaves_out_reports_of_another_unit(client, analyst_a):
    file_report(ZH, region_code="310000")
    here = file_report("再次举报：" + ZH)
    assert get(client, analyst_a, here.pk).json() == []


def test_a_report_of_another_unit_is_404(client, analyst_b):
    assert get(client, analyst_b, file_report(ZH).pk).status_code == 404


def test_an_unknown_report_is_404(client, analyst_a):
    assert get(client, analyst_a, uuid.uuid4()).status_code == 404


def test_a_user_without_a_content_role_gets_403(client, auditor):
    assert get(client, auditor, file_report(ZH).pk).status_code == 403
