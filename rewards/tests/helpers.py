"""Building awards for tests through the real actions: a case closed as substantiated, a proposal,
approvals and a claim."""

from decimal import Decimal

from cases.actions.casework import do_change_case_status
from cases.tests.helpers import accept, submit, submit_with_receipt
from rewards.actions.approvals import do_approve_award
from rewards.actions.claims import do_claim_share
from rewards.actions.proposals import Nominee, do_propose_award
from rewards.models import Tier

ALL_MET = {"specific_lead": True, "new_to_agency": True, "verified_useful": True}
BANK = {"account_name": "张三", "bank": "中国工商银行", "account_number": "6222020200112233445"}


def tier(code: str = "tier-1") -> Tier:
    """The seeded default tiers (migration 0002), recreated if a flush removed them."""
    defaults = {
        "tier-1": ("一档", "money", Decimal("0.01"), Decimal("9999.99")),
        "tier-4": ("四档", "money", Decimal("100000.01"), None),
        "certificate": ("荣誉证书", "certificate", None, None),
    }[code]
    name, kind, low, high = defaults
    return Tier.objects.get_or_create(
        code=code, defaults={"name_zh": name, "kind": kind, "min_amount": low, "max_amount": high}
    )[0]


def closed_case(analyst, *, outcome="substantiated", reports=None, receipt=False):
    """A case closed with `outcome`; returns (case, [reports], receipt of the first or None)."""
    code = None
    if reports is None:
        if receipt:
            first, code = submit_with_receipt()
        else:
            first = submit()
        reports = [first]
    case = accept(reports[0], analyst)
    for other in reports[1:]:
        accept(other, analyst, case=case)
    case = do_change_case_status(case, actor=analyst, status="closed", outcome=outcome)
    for report in reports:
        report.refresh_from_db()
    return case, reports, code


def propose(case, analyst, reports, *, amount="5000", code="tier-1", **kwargs):
    amount = Decimal(amount) if amount is not None else None
    nominees = kwargs.pop("nominees", None) or [Nominee(report=r) for r in reports]
    return do_propose_award(
        case,
        actor=analyst,
        tier=tier(code),
        amount=amount,
        nominees=nominees,
        checklist=kwargs.pop("checklist", ALL_MET),
        justification=kwargs.pop("justification", "The lead named the car and the hour."),
        **kwargs,
    )


def approved(award, *officers):
    for officer in officers:
        award = do_approve_award(award, actor=officer, fresh=True)
    return award


def offer(analyst, officer, *, receipt=False):
    """A closed case's award, approved: (its share offered to the reporter, the report, the
    report's receipt if `receipt`)."""
    case, reports, code = closed_case(analyst, receipt=receipt)
    award = approved(propose(case, analyst, reports), officer)
    return award.shares.get(), reports[0], code


def claimed_by_bank(share, report):
    do_claim_share(share, report=report, method="bank", payee=BANK)
    share.refresh_from_db()
    return share
