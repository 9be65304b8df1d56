"""Who may be proposed for an award, and the checklist the proposer answers for each proposal.

Exclusions are enforced here, not left to the proposer: a report triage marked false or
malicious, or in a case closed so (reward_barred, set by cases), can never be proposed; nor a
reporter declared to be agency staff or to have reported in the line of duty, nor one who has
declined an award for this report."""

from django.utils.translation import gettext_lazy as _

from cases.models import CaseStatus, Outcome, TriageDecision
from intake.models import Report, TriageState
from rewards.models import OPEN_SHARE_STATES, Share, ShareStatus

CHECKLIST = {
    "specific_lead": _("The report gave a specific lead."),
    "new_to_agency": _(
        "It was not already known to the agency, or was more detailed than what it had."
    ),
    "verified_useful": _("It was verified as true and materially useful."),
}
FALSE_DECISION = "false"  # cases.actions.triage.Decision.FALSE


def case_is_rewardable(case) -> bool:
    return (
        case.status == CaseStatus.CLOSED
        and case.outcome == Outcome.SUBSTANTIATED
        and not case.reward_barred
    )


def checklist_complete(answers: dict) -> bool:
    return all(answers.get(key) is True for key in CHECKLIST)


def report_barred(report) -> bool:
    """Marked false or malicious at triage or by the case's outcome, at any time."""
    if report.reward_barred or report.triage_state == TriageState.FALSE:
        return True
    return TriageDecision.objects.filter(report=report, decision=FALSE_DECISION).exists()


def reporter_declined(report) -> bool:
    return Share.objects.filter(report=report, status=ShareStatus.DECLINED).exists()


def already_proposed(report) -> bool:
    return Share.objects.filter(report=report, status__in=OPEN_SHARE_STATES).exists()


def first_report(case):
    """Who reported first: the earliest report linked to the case."""
    return Report.objects.filter(case_link__case=case).order_by("created_at", "id").first()
