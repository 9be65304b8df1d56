"""Building reports and cases for tests through the real actions (categories, regions and files
come from tipline/testing/builders.py)."""

from datetime import timedelta

from cases.actions.routing import do_route_report
from cases.actions.triage import do_triage_report
from intake.actions.reports import do_submit_report
from intake.models import Category, Report
from tipline.test import submission
from tipline.testing.builders import category


def submit(
    cat: Category | None = None,
    region_code: str | None = "110000",
    *,
    answers=None,
    language="zh-hans",
    contact=None,
    files=(),
    routed=True,
    reporter_kind="person",
) -> Report:
    """A report as the public site files it, then routed like the routing sweep would."""
    cat = cat or category()
    report, _receipt = do_submit_report(
        submission(
            category_id=cat.pk,
            region_code=region_code,
            answers=answers or {"what": "a stranger photographing the base"},
            language=language,
            channel="web",
            contact=contact,
            files=list(files),
            reporter_kind=reporter_kind,
        )
    )
    if routed:
        do_route_report(report.id)
    report.refresh_from_db()
    return report


def accept(report: Report, actor, *, case=None, priority=3):
    """Triage a report into a new case (or the given one); returns the case."""
    decision = do_triage_report(
        report,
        actor=actor,
        category=report.category,
        region=report.region,
        priority=priority,
        decision="existing_case" if case else "new_case",
        case=case,
    )
    report.refresh_from_db()
    return decision.case


def age(report: Report, **delta) -> Report:
    """Move a report's receipt into the past (deadlines are restamped by re-routing)."""
    Report.objects.filter(pk=report.pk).update(created_at=report.created_at - timedelta(**delta))
    report.refresh_from_db()
    return report


def submit_with_receipt(cat=None, region_code="110000", **kwargs) -> tuple[Report, str]:
    """Like `submit`, and the receipt too, for tests that follow the report up as its reporter."""
    cat = cat or category()
    report, receipt = do_submit_report(
        submission(
            category_id=cat.pk,
            region_code=region_code,
            answers={"what": "a stranger photographing the base"},
            **kwargs,
        )
    )
    do_route_report(report.id)
    report.refresh_from_db()
    return report, receipt
