"""Floods: a burst of near-duplicates is folded into one cluster, shown once per unit."""

import pytest

from accounts.models import Role
from cases.similarity.floods import floods_for
from cases.similarity.models import FloodMember, PriorityHint
from cases.similarity.tasks import index_pending
from cases.similarity.tests.helpers import EN, ZH, file_report
from cases.tests.helpers import age
from intake.models import Priority, Report
from tipline.test import api_token_for, login_staff, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_floods(settings):
    settings.TIPLINE_FLOOD_SIZE = 3


def burst(count=3, region_code="110000"):
    return [
        file_report(f"{'再次举报：' * (i % 2)}{ZH}{'谢谢' * i}", region_code=region_code)
        for i in range(count)
    ]


def test_a_burst_of_near_duplicates_becomes_one_flood():
    reports = burst(4)
    floods = {FloodMember.objects.get(report=r).flood_id for r in reports}
    assert len(floods) == 1


def test_fewer_than_the_flood_size_are_not_folded():
    burst(2)
    assert not FloodMember.objects.exists()


def test_near_duplicates_outside_the_window_do_not_make_a_flood():
    old = burst(2)
    for report in old:
        age(report, hours=2)
    file_report(ZH + "。")
    assert not FloodMember.objects.exists()


def test_a_different_report_inside_a_flood_stays_in_the_queue(client, analyst_a):
    burst(3)
    different = file_report(EN)
    html = login_staff(client, analyst_a).get("/staff/triage/").content.decode()
    assert str(different.pk)[:8] in html
    assert not FloodMember.objects.filter(report=different).exists()


def test_the_queue_shows_the_flood_once_and_not_its_reports(client, analyst_a):
    reports = burst(3)
    html = login_staff(client, analyst_a).get("/staff/triage/").content.decode()
    assert html.count('href="/staff/floods/') == 1
    assert all(str(r.pk)[:8] not in html for r in reports)


def test_a_report_hinted_p1_is_never_folded():
    burst(3)
    urgent = file_report(ZH + "。", index=False)
    PriorityHint.objects.create(report=urgent, priority=Priority.P1)
    index_pending()
    assert not FloodMember.objects.filter(report=urgent).exists()


def test_a_report_triaged_p1_is_never_folded():
    first = file_report(ZH, index=False)
    Report.objects.filter(pk=first.pk).update(priority=Priority.P1)
    burst(3)
    assert not FloodMember.objects.filter(report=first).exists()
    assert FloodMember.objects.count() == 3


def test_each_unit_sees_its_part_and_headquarters_the_whole(analyst_a, analyst_b, unit_hq):
    burst(3, "110000")
    burst(2, "310000")
    chief = make_staff("hq_analyst", unit_hq, Role.ANALYST)
    assert [f["size"] for f in floods_for(analyst_a)] == [3]
    assert [f["size"] for f in floods_for(analyst_b)] == [2]
    assert [(f["size"], f["growth"]) for f in floods_for(chief)] == [(5, 5)]


def test_a_flood_of_another_unit_is_404(client, analyst_b):
    reports = burst(3)
    flood = FloodMember.objects.get(report=reports[0]).flood
    assert login_staff(client, analyst_b).get(f"/staff/floods/{flood.pk}/").status_code == 404


def test_the_api_queue_lists_the_flood_once_and_not_its_reports(client, analyst_a):
    reports = burst(3)
    different = file_report(EN)
    token = api_token_for(analyst_a)
    body = client.get("/api/v1/staff/queue", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert [(f["size"], f["growth"]) for f in body["floods"]] == [(3, 3)]
    listed = {item["id"] for item in body["items"]}
    assert str(different.pk) in listed
    assert not listed & {str(r.pk) for r in reports}
    assert body["count"] == len(body["items"])


def test_the_api_queue_shows_no_flood_of_another_unit(client, analyst_b):
    burst(3)
    token = api_token_for(analyst_b)
    body = client.get("/api/v1/staff/queue", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert body["floods"] == []
