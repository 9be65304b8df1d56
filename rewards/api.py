"""Staff API for rewards (mounted at /api/v1/staff/rewards): list awards and propose one, with
the console's role (403) and unit (404) rules. Deciding and paying need a fresh second factor,
which API tokens never have: those steps are done in the console."""

import uuid
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from accounts import permissions
from accounts.api_auth import StaffTokenAuth
from cases.api.common import STAFF_ERRORS, STAFF_WRITE_ERRORS, answers_errors
from cases.errors import ActionError
from intake.models import Report
from rewards import access
from rewards.actions.proposals import Nominee, do_propose_award
from rewards.eligibility import CHECKLIST
from rewards.models import Award, Tier

router = Router(tags=["staff"], auth=StaffTokenAuth())
LIST_LIMIT = 200


class AwardOut(Schema):
    id: uuid.UUID
    case: str
    tier: str
    amount: Decimal | None
    currency: str
    status: str
    proposed_at: datetime


class NomineeIn(Schema):
    report: uuid.UUID
    amount: Decimal | None = None
    staff_or_duty: bool = False


class ProposalIn(Schema):
    case: str = Field(..., max_length=20)
    tier: str = Field(..., max_length=50)
    amount: Decimal | None = None
    reports: list[NomineeIn] = Field(..., min_length=1, max_length=50)
    checklist: dict[str, bool]
    justification: str = Field(..., max_length=5000)
    split_reason: str = Field("", max_length=5000)


def _out(award: Award) -> dict:
    return {
        "id": award.id,
        "case": award.case_number,
        "tier": award.tier.code,
        "amount": award.amount,
        "currency": award.currency,
        "status": award.status,
        "proposed_at": award.proposed_at,
    }


@router.get("", response={200: list[AwardOut], **STAFF_ERRORS}, summary="Awards of my units")
@answers_errors
def list_awards(request):
    if not permissions.can_work_rewards(request.auth):
        raise PermissionDenied
    awards = Award.objects.visible_to(request.auth).select_related("tier")[:LIST_LIMIT]
    return [_out(a) for a in awards]


@router.post(
    "",
    response={201: AwardOut, **STAFF_WRITE_ERRORS},
    summary="Propose an award on a closed case",
)
@answers_errors
def propose_award(request, body: ProposalIn):
    user = request.auth
    case = access.case_to_propose_on(user, body.case)
    tier = Tier.objects.active().filter(code=body.tier).first()
    if tier is None:
        raise Http404
    nominees = [
        Nominee(report=_report(case, n.report), amount=n.amount, staff_or_duty=n.staff_or_duty)
        for n in body.reports
    ]
    award = do_propose_award(
        case,
        actor=user,
        tier=tier,
        amount=body.amount,
        nominees=nominees,
        checklist={k: body.checklist.get(k) is True for k in CHECKLIST},
        justification=body.justification,
        split_reason=body.split_reason,
    )
    return Status(201, _out(award))


def _report(case, report_id):
    report = Report.objects.filter(pk=report_id, case_link__case=case).first()
    if report is None:
        raise ActionError(_("Choose reporters of this case, each once."), "reports")
    return report
