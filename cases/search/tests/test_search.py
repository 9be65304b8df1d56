"""Keyword search over encrypted report text, scoped to the user's units and audited."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from cases.search.actions import do_search_reports
from cases.search.queries import SearchFilters
from cases.search.tokens import query_hash
from cases.similarity.tests.helpers import EN, ZH, file_report
from intake.models import Report

pytestmark = pytest.mark.django_db


def found(user, q, **filters):
    total, results = do_search_reports(user, SearchFilters(q=q, **filters))
    return total, [row["report"] for row in results]


def test_it_finds_a_chinese_report_by_a_word_and_shows_a_snippet(analyst_a):
    report = file_report(ZH)
    file_report(EN)
    total, results = do_search_reports(analyst_a, SearchFilters(q="无人机"))
    assert total == 1
    assert results[0]["report"] == report.pk
    assert "无人机" in results[0]["snippet"]


def test_it_finds_an_english_report_whatever_the_case(analyst_a):
    report = file_report(EN)
    assert found(analyst_a, "DRONE") == (1, [report.pk])


def test_every_word_must_match(analyst_a):
    file_report(ZH)
    assert found(analyst_a, "无人机 舰艇")[0] == 1
    assert found(analyst_a, "无人机 雷达")[0] == 0


def test_another_units_reports_never_appear_not_even_in_the_total(analyst_a, analyst_b):
    file_report(ZH, region_code="110000")
    assert found(analyst_b, "无人机") == (0, [])
    assert found(analyst_a, "无人机")[0] == 1


def test_filters_narrow_the_results(analyst_a):
    by_web = file_report(ZH, channel="web")
    by_phone = file_report(ZH + "再补充一点。", channel="hotline")
    assert found(analyst_a, "无人机", channel="hotline") == (1, [by_phone.pk])
    Report.objects.filter(pk=by_web.pk).update(
        created_at=by_web.created_at - datetime.timedelta(days=10)
    )
    today = timezone.localdate(by_phone.created_at)  # days are the console's local days
    assert found(analyst_a, "无人机", date_from=today)[1] == [by_phone.pk]
    assert found(analyst_a, "无人机", region="310000")[0] == 0


def test_paging_keeps_the_total(analyst_a):
    for i in range(3):
        file_report(ZH + "补充" * i)
    assert found(analyst_a, "无人机", offset=2, limit=2) == (3, found(analyst_a, "无人机")[1][2:])


def test_each_search_is_audited_with_the_query_as_a_keyed_hash(analyst_a):
    report = file_report(ZH)
    found(analyst_a, "无人机")
    event = AuditEvent.objects.get(action="report.search")
    assert event.actor == analyst_a
    assert event.details["query"] == query_hash("无人机")
    assert "无人机" not in str(event.details)
    assert event.details["reports"] == [str(report.pk)]
    assert event.details["total"] == 1


def test_the_query_count_does_not_grow_with_the_results(analyst_a, django_assert_max_num_queries):
    file_report(ZH)
    with django_assert_max_num_queries(12) as one:
        do_search_reports(analyst_a, SearchFilters(q="无人机"))
    for _ in range(4):
        file_report(ZH)
    with django_assert_max_num_queries(len(one.captured_queries)):
        total, _results = do_search_reports(analyst_a, SearchFilters(q="无人机"))
    assert total == 5
