"""The search starts from documents of the user's units: each document carries its report's
unit, and it must move with the report, whatever moves it (issue 9)."""

import pytest

from accounts.models import Role
from cases.actions.routing import do_transfer_report
from cases.search.actions import do_search_reports
from cases.search.models import SearchDocument
from cases.search.queries import SearchFilters
from cases.similarity.tests.helpers import ZH, file_report
from intake.models import Report
from tipline.test import make_staff

pytestmark = pytest.mark.django_db


def total(user, q="无人机") -> int:
    found, results = do_search_reports(user, SearchFilters(q=q))
    assert len(results) == found
    return found


def test_a_transferred_report_is_found_by_its_new_unit_only(
    intake_officer, analyst_a, analyst_b, unit_b
):
    report = file_report(ZH)
    assert (total(analyst_a), total(analyst_b)) == (1, 0)
    do_transfer_report(report, actor=intake_officer, unit=unit_b, reason="happened in Shanghai")
    assert SearchDocument.objects.get(report=report).unit == unit_b
    assert (total(analyst_a), total(analyst_b)) == (0, 1)


def test_a_report_moved_by_any_update_takes_its_document_along(analyst_a, analyst_b, unit_b):
    """A bulk update, a shell or the admin bypass the actions; the database trigger does not."""
    report = file_report(ZH)
    Report.objects.filter(pk=report.pk).update(unit=unit_b)
    assert SearchDocument.objects.get(report=report).unit_id == unit_b.pk
    assert (total(analyst_a), total(analyst_b)) == (0, 1)


def test_reindexing_a_transferred_report_keeps_its_new_unit(
    intake_officer, analyst_a, analyst_b, unit_b
):
    from cases.search import index

    report = file_report(ZH)
    do_transfer_report(report, actor=intake_officer, unit=unit_b, reason="happened in Shanghai")
    index.index(report, ZH)
    assert (total(analyst_a), total(analyst_b)) == (0, 1)


def test_headquarters_finds_every_units_reports_and_unrouted_ones(unit_hq, unit_b, analyst_a):
    national = make_staff("national_analyst", unit_hq, Role.ANALYST)
    in_a = file_report(ZH)
    in_b = file_report(ZH + "再补充一点。")
    Report.objects.filter(pk=in_b.pk).update(unit=unit_b)
    unrouted = file_report(ZH + "还有一辆车。")
    Report.objects.filter(pk=unrouted.pk).update(unit=None)
    _total, results = do_search_reports(national, SearchFilters(q="无人机"))
    assert {row["report"] for row in results} == {in_a.pk, in_b.pk, unrouted.pk}
    assert total(analyst_a) == 1


def test_a_unit_above_finds_its_sub_units_reports(unit_a, analyst_b):
    """A city office under the Beijing bureau: the bureau's analyst finds its reports."""
    from accounts.models import Unit

    city = Unit.objects.create(name_zh="海淀分局", name_en="Haidian", parent=unit_a)
    report = file_report(ZH)
    Report.objects.filter(pk=report.pk).update(unit=city)
    city_analyst = make_staff("city_analyst", city, Role.ANALYST)
    bureau_analyst = make_staff("bureau_analyst", unit_a, Role.ANALYST)
    assert (total(city_analyst), total(bureau_analyst), total(analyst_b)) == (1, 1, 0)


def test_a_reference_typed_in_finds_the_report_only_within_scope(analyst_a, analyst_b):
    report = file_report(ZH)
    assert total(analyst_a, report.grouped_reference) == 1
    assert total(analyst_b, report.grouped_reference) == 0
