"""An analyst proposes an award on a case closed as substantiated."""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import record
from cases import vault as case_vault
from cases.errors import ActionError
from cases.models import Case, CaseReport
from intake.models import Report
from rewards import duties, eligibility, vault
from rewards.models import Award, Share, Tier

TEXT_MAX = 5_000


@dataclass
class Nominee:
    """One reporter put forward: their report, their part of the amount, and the proposer's
    declaration that they are agency staff or reported in the line of duty (which excludes)."""

    report: Report
    amount: Decimal | None = None
    staff_or_duty: bool = False


def do_propose_award(
    case: Case,
    *,
    actor,
    tier: Tier,
    amount: Decimal | None,
    nominees: list[Nominee],
    checklist: dict,
    justification: str,
    split_reason: str = "",
    now=None,
) -> Award:
    duties.check_proposer(actor, case)
    justification, split_reason = (justification or "").strip(), (split_reason or "").strip()
    _check_case_and_policy(case, tier, amount, checklist, justification)
    _check_nominees(case, tier, amount, nominees, split_reason)
    now = now or timezone.now()
    first = eligibility.first_report(case)
    award = Award(
        id=uuid.uuid4(),
        case=case,
        case_number=case.number,
        unit_id=case.unit_id,
        region_id=(first or nominees[0].report).region_id,
        tier=tier,
        amount=amount,
        currency=tier.currency,
        checklist={key: True for key in eligibility.CHECKLIST},
        proposed_by=actor,
        proposed_at=now,
    )
    key = case_vault.case_key(case)
    award.justification_sealed = vault.seal_for_case(
        key, case.number, award.id, "justification", justification
    )
    if split_reason:
        award.split_reason_sealed = vault.seal_for_case(
            key, case.number, award.id, "split", split_reason
        )
    with transaction.atomic():
        award.save(force_insert=True)
        Share.objects.bulk_create(
            Share(
                award=award,
                report=n.report,
                amount=n.amount if len(nominees) > 1 else amount,
                first_reporter=first is not None and n.report.pk == first.pk,
            )
            for n in nominees
        )
        record(
            "reward.propose",
            actor=actor,
            target_type="award",
            target_id=award.id,
            details={
                "case": case.number,
                "tier": tier.code,
                "amount": str(amount) if amount is not None else None,
                "reporters": len(nominees),
            },
        )
    return award


def _check_case_and_policy(case, tier, amount, checklist, justification) -> None:
    if not eligibility.case_is_rewardable(case):
        raise ActionError(_("Only a case closed as substantiated can lead to an award."))
    if not tier.active:
        raise ActionError(_("Choose a tier of the current scheme."), "tier")
    if not tier.admits(amount):
        raise ActionError(_("The amount is outside the range of this tier."), "amount")
    if not eligibility.checklist_complete(checklist):
        raise ActionError(_("Every point of the eligibility checklist must be met."), "checklist")
    if not justification:
        raise ActionError(_("Explain why this award is deserved."), "justification")
    if len(justification) > TEXT_MAX:
        raise ActionError(_("The justification is too long."), "justification")


def _check_nominees(case, tier, amount, nominees, split_reason) -> None:
    if not nominees:
        raise ActionError(_("Choose at least one reporter."), "reports")
    linked = set(CaseReport.objects.filter(case=case).values_list("report_id", flat=True))
    ids = [n.report.pk for n in nominees]
    if len(set(ids)) != len(ids) or not set(ids) <= linked:
        raise ActionError(_("Choose reporters of this case, each once."), "reports")
    for nominee in nominees:
        _check_eligible(nominee)
    if len(nominees) > 1:
        if not split_reason:
            raise ActionError(_("Say why the award is split between reporters."), "split_reason")
        if len(split_reason) > TEXT_MAX:
            raise ActionError(_("The reason for the split is too long."), "split_reason")
        if tier.is_monetary and (
            any(n.amount is None or n.amount <= 0 for n in nominees)
            or sum(n.amount for n in nominees) != amount
        ):
            raise ActionError(_("The reporters' parts must add up to the amount."), "amount")


def _check_eligible(nominee: Nominee) -> None:
    report = nominee.report
    if eligibility.report_barred(report):
        raise ActionError(_("A report marked false or malicious can never be rewarded."), "reports")
    if nominee.staff_or_duty:
        raise ActionError(
            _("Agency staff and reports made in the line of duty are not rewarded."), "reports"
        )
    if eligibility.reporter_declined(report):
        raise ActionError(_("This reporter has declined an award for this report."), "reports")
    if eligibility.already_proposed(report):
        raise ActionError(_("This reporter already has an award under way."), "reports")
