"""Building report histories for the figures' tests through the real actions, and counting what
the figures should say directly from the reports (without the ledger)."""

from collections import Counter, defaultdict
from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone

from cases.actions.casework import do_change_case_status
from cases.actions.messaging import do_message_reporter
from cases.actions.routing import do_route_report, do_transfer_report
from cases.actions.triage import do_triage_report
from cases.models import CaseReport
from insights.buckets import bucket_of
from insights.models import DailyFigure
from intake.actions.reports import do_submit_report
from intake.models import Campaign, Report
from tipline.test import submission
from tipline.testing.builders import category, region

PROVINCE = {"110000": "110000", "110100": "110000", "310000": "310000", None: ""}


def report(*, slug="espionage", region_code="110000", channel="web", days_ago=0, campaign=None):
    """A report as a channel files it, moved `days_ago` into the past, then routed."""
    cat = category(slug)
    if region_code:
        region(region_code)
    filed, _receipt = do_submit_report(
        submission(category_id=cat.pk, region_code=region_code, channel=channel)
    )
    fields = {"created_at": filed.created_at - timedelta(days=days_ago)}
    if campaign:
        fields["campaign"] = Campaign.objects.get_or_create(tag=campaign, name_zh=campaign)[0]
    Report.objects.filter(pk=filed.pk).update(**fields)
    do_route_report(filed.id)
    return Report.objects.select_related("category", "region").get(pk=filed.pk)


def message(filed, actor, *, feedback=False, hours=1):
    at = filed.created_at + timedelta(hours=hours)
    do_message_reporter(filed, "Thank you.", actor=actor, feedback=feedback, now=at)


def triage(filed, actor, decision, *, hours=2):
    return do_triage_report(
        filed,
        actor=actor,
        category=filed.category,
        region=filed.region,
        priority=3,
        decision=decision,
        reason="" if decision in ("new_case", "spam") else "Checked against the register.",
        duplicate_of=None,
        now=filed.created_at + timedelta(hours=hours),
    )


def close(filed, actor, outcome):
    case = CaseReport.objects.get(report=filed).case
    do_change_case_status(case, actor=actor, status="closed", outcome=outcome)


def transfer(filed, actor, unit):
    do_transfer_report(filed, actor=actor, unit=unit, reason="Their area.")


def direct_counts(now=None) -> dict[tuple, Counter]:
    """Per (day, unit, channel, category, province, campaign): the figures, counted straight
    from the reports held, the way a person would count them."""
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    found: dict[tuple, Counter] = defaultdict(Counter)
    rows = Report.objects.select_related("case_link__case")
    for r in rows:
        key = (
            r.created_at.astimezone(zone).date(),
            r.unit_id or 0,
            r.channel,
            r.category_id,
            PROVINCE[r.region_id],
            r.campaign_id or 0,
        )
        c = found[key]
        c["received"] += 1
        if r.acknowledged_at:
            c["acknowledged"] += 1
            c[f"ack_h{bucket_of(r.acknowledged_at - r.created_at)}"] += 1
        if r.triaged_at:
            c["triaged"] += 1
        if r.triage_state != "new":
            c[f"triage_{r.triage_state}"] += 1
        link = getattr(r, "case_link", None)
        if link is not None and link.case.outcome:
            c[f"outcome_{link.case.outcome}"] += 1
        if r.ack_due_at and (
            (r.acknowledged_at and r.acknowledged_at > r.ack_due_at)
            or (not r.acknowledged_at and r.triage_state != "spam" and r.ack_due_at < now)
        ):
            c["ack_missed"] += 1
        if r.feedback_at and r.feedback_due_at and r.feedback_at <= r.feedback_due_at:
            c["feedback_met"] += 1
    return found


CHECKED = (
    "received",
    "acknowledged",
    "triaged",
    "ack_missed",
    "feedback_met",
    *(f"triage_{s}" for s in ("accepted", "duplicate", "spam", "false")),
    *(f"outcome_{o}" for o in ("substantiated", "unsubstantiated", "false")),
    *(f"ack_h{i}" for i in range(13)),
)


def figures(measures=CHECKED) -> dict[tuple, Counter]:
    """The same, read from the daily figures (rows with nothing in the checked columns drop)."""
    keys = ("day", "unit_id", "channel", "category_id", "province", "campaign_id")
    found = {}
    for row in DailyFigure.objects.values(*keys, *measures):
        found[tuple(row[k] for k in keys)] = Counter({m: row[m] for m in measures if row[m]})
    return found


def totals(**filters) -> dict[str, int]:
    return DailyFigure.objects.filter(**filters).aggregate(**{m: Sum(m) for m in CHECKED})


def local_day(filed):
    return filed.created_at.astimezone(timezone.get_current_timezone()).date()


def period_sums(period: str) -> dict:
    """The checked measures summed over everything: daily rows ("d"), weekly or monthly ones."""
    from insights.models import PeriodFigure

    rows = PeriodFigure.objects.filter(period=period)
    if period == "d":
        rows = DailyFigure.objects.all()
    return rows.aggregate(**{m: Sum(m) for m in CHECKED})


def margins() -> dict[tuple, Counter]:
    """The weekly margins as recorded (WeekMargin), checked measures only."""
    from insights.models import WeekMargin

    keys = ("dimension", "start", "unit_id", "value")
    return {
        tuple(row[k] for k in keys): Counter({m: row[m] for m in CHECKED if row[m]})
        for row in WeekMargin.objects.values(*keys, *CHECKED)
    }


def margins_of_weeks() -> dict[tuple, Counter]:
    """What the margins should be: the weekly rows summed by week × unit, whole and by each
    other dimension, the way a person would sum them."""
    from insights.models import PeriodFigure

    found: dict[tuple, Counter] = defaultdict(Counter)
    dimensions = ("channel", "category_id", "province", "campaign_id")
    for row in PeriodFigure.objects.filter(period="w").values():
        counts = Counter({m: row[m] for m in CHECKED if row[m]})
        found[("", row["start"], row["unit_id"], "")].update(counts)
        for dimension in dimensions:
            found[(dimension, row["start"], row["unit_id"], str(row[dimension]))].update(counts)
    return dict(found)
