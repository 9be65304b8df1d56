"""Reporter API for rewards (mounted at /api/v1): the receipt code in `X-Receipt`, as for the
rest of follow-up. GET /followup/rewards lists what the reporter may claim or has claimed; POST
/followup/rewards/{id}/claim claims or declines it."""

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from cases.errors import ActionError
from core.apierrors import errors
from intake.api.followup import ReceiptAuth
from intake.api.schemas import FOLLOWUP_DOC
from rewards.actions.certificates import do_issue_certificate
from rewards.actions.claims import PAYEE_MAX, do_answer_offer
from rewards.followup import as_dict, share_of, shares_of

# The report is found by the receipt as on every follow-up route (intake.api.followup): no code
# or one of the wrong shape is 401, a code that matches nothing 404, before the body is read.
router = Router(tags=["reporting"], auth=ReceiptAuth())


class RewardOut(Schema):
    id: uuid.UUID
    kind: str
    tier: str
    amount: Decimal | None
    currency: str | None
    status: str
    claim_by: datetime | None


class PayeeIn(Schema):
    """A person's account (account_name), or an organisation's (organisation, and
    contact_person if it wishes)."""

    kind: Literal["person", "organisation"] = "person"
    account_name: str = Field("", max_length=PAYEE_MAX)
    organisation: str = Field("", max_length=PAYEE_MAX)
    contact_person: str = Field("", max_length=PAYEE_MAX)
    bank: str = Field(..., max_length=PAYEE_MAX)
    account_number: str = Field(..., max_length=PAYEE_MAX)


class ClaimIn(Schema):
    method: Literal["bank", "in_person", "commendation", "decline"]
    payee: PayeeIn | None = None


class ClaimOut(Schema):
    reward: RewardOut
    claim_code: str | None = Field(
        None, description="For collection in person: shown this once, never again."
    )


READ_ERRORS = errors(400, 401, 404, 422, 429, 503)
WRITE_ERRORS = errors(400, 401, 404, 413, 422, 429, 503)


@router.get(
    "/followup/rewards",
    response={200: list[RewardOut], **READ_ERRORS},
    openapi_extra=FOLLOWUP_DOC,
    summary="Commendations and rewards for my report",
)
def list_rewards(request: HttpRequest):
    return [as_dict(s) for s in shares_of(request.auth)]


@router.post(
    "/followup/rewards/{reward_id}/claim",
    response={200: ClaimOut, **WRITE_ERRORS},
    openapi_extra=FOLLOWUP_DOC,
    summary="Claim (or decline) a commendation or reward with the receipt alone",
)
def claim_reward(request: HttpRequest, reward_id: uuid.UUID, body: ClaimIn):
    report = request.auth
    share = share_of(report, reward_id)
    if share is None:
        raise HttpError(404, _("No such reward."))
    payee = body.payee.dict() if body.payee else None
    try:
        code = do_answer_offer(share, report=report, method=body.method, payee=payee)
    except ActionError as exc:
        raise HttpError(422, str(exc.message)) from None
    share.refresh_from_db()
    return {"reward": as_dict(share), "claim_code": code}


PDF_ANSWER = {
    "responses": {
        200: {
            "description": "The certificate (a PDF file).",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get(
    "/followup/certificates/{reward_id}",
    response={200: None, **READ_ERRORS},
    openapi_extra={**FOLLOWUP_DOC, **PDF_ANSWER},
    summary="My certificate of commendation as PDF",
)
def certificate_pdf(
    request: HttpRequest, reward_id: uuid.UUID, lang: Literal["zh-hans", "en"] = "zh-hans"
):
    """Issued without a name if it was not issued before (naming needs the web form's consent)."""
    from rewards.views.certificates import pdf_response

    report = request.auth
    share = share_of(report, reward_id)
    if share is None:
        raise HttpError(404, _("No such reward."))
    try:
        certificate, contents = do_issue_certificate(share, report=report)
    except ActionError as exc:
        raise HttpError(422, str(exc.message)) from None
    response: HttpResponse = pdf_response(request, certificate, contents, lang)
    return response


class ProtectionIn(Schema):
    kind: Literal["protection", "retaliation"]
    body: str = Field(..., min_length=1, max_length=10_000)


class ProtectionOut(Schema):
    id: uuid.UUID
    kind: str
    status: str
    created_at: datetime


def _protection_out(item) -> dict:
    return {"id": item.id, "kind": item.kind, "status": item.status, "created_at": item.created_at}


@router.get(
    "/followup/protection",
    response={200: list[ProtectionOut], **READ_ERRORS},
    openapi_extra=FOLLOWUP_DOC,
    summary="My protection requests and their status",
)
def list_protection(request: HttpRequest):
    from rewards.models import ProtectionRequest

    report = request.auth
    return [_protection_out(p) for p in ProtectionRequest.objects.filter(report=report)]


@router.post(
    "/followup/protection",
    response={201: ProtectionOut, **WRITE_ERRORS},
    openapi_extra=FOLLOWUP_DOC,
    summary="Ask for protection or report retaliation (in immediate danger: call 110)",
)
def request_protection(request: HttpRequest, body: ProtectionIn):
    from ninja import Status

    from rewards.actions.protection import do_request_protection

    report = request.auth
    try:
        item = do_request_protection(report, kind=body.kind, body=body.body)
    except ActionError as exc:
        raise HttpError(422, str(exc.message)) from None
    return Status(201, _protection_out(item))
