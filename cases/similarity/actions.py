"""Handling a flood in one action, through the ordinary triage and messaging actions: each
report gets its own triage decision (audited), and each reporter their own reply."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import permissions
from audit.actions import record
from cases.actions.messaging import do_message_reporter
from cases.actions.triage import Decision, do_triage_report
from cases.errors import ActionError
from cases.models import Case
from cases.similarity.floods import members_for
from cases.similarity.models import Flood


def _reports(flood: Flood, actor) -> list:
    permissions.require(actor, permissions.TRIAGE_ROLES)
    reports = list(members_for(actor, flood))
    if not reports:
        raise ActionError(_("Nothing in this flood is waiting for triage."))
    return reports


def _triage(report, actor, decision: str, **targets):
    return do_triage_report(
        report,
        actor=actor,
        category=report.category,
        region=report.region,
        priority=report.priority,
        decision=decision,
        **targets,
    )


def do_accept_flood(flood: Flood, *, actor) -> Case:
    """Accept every report of the flood the actor may see into one new case."""
    reports = _reports(flood, actor)
    with transaction.atomic():
        case = _triage(reports[0], actor, Decision.NEW_CASE).case
        for report in reports[1:]:
            _triage(report, actor, Decision.EXISTING_CASE, case=case)
        record(
            "flood.accept",
            actor=actor,
            target_type="flood",
            target_id=flood.pk,
            details={"case": case.number, "reports": len(reports)},
        )
    return case


def do_close_flood(flood: Flood, *, actor, reply: str, case: Case | None = None) -> int:
    """Close every report of the flood the actor may see as a duplicate (of the case, when
    given; else of the flood's first report) and send each reporter the same reply."""
    reports = _reports(flood, actor)
    if not (reply or "").strip():
        raise ActionError(_("Write the reply every reporter will read."), "reply")
    if case is None and len(reports) < 2:
        raise ActionError(_("Say which case this report duplicates."), "case")
    with transaction.atomic():
        for index, report in enumerate(reports):
            # Without a case, the first report points at the second and every other at the first.
            anchor = None if case else reports[1 if index == 0 else 0]
            _triage(report, actor, Decision.DUPLICATE, case=case, duplicate_of=anchor)
            do_message_reporter(report, reply, actor=actor, feedback=True)
        record(
            "flood.close",
            actor=actor,
            target_type="flood",
            target_id=flood.pk,
            details={"case": case.number if case else None, "reports": len(reports)},
        )
    return len(reports)
