"""Reporter follow-up over the API: the receipt code in `X-Receipt`, then status, outcome and
messages, replies with files, and telling who they are."""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.security import APIKeyHeader

from core.apierrors import errors
from intake import followup_answer, idempotency, vault
from intake.actions.identity import do_reveal_identity
from intake.actions.mailbox import do_post_message
from intake.api.common import (
    error_response,
    is_multipart,
    json_object,
    multipart,
)
from intake.api.schemas import (
    FOLLOWUP_DOC,
    IDENTITY_BODY,
    MESSAGE_BODY,
    FollowupMessageOut,
    FollowupOut,
)
from intake.followup import check_receipt, shape_error
from intake.limits import MESSAGE_MAX
from intake.models import MessageAuthor
from intake.partners import keys as partners
from intake.questionnaire import ValidationFailed, is_storable
from intake.submission import clean_contact, read_uploads


def report_for(request: HttpRequest, load=None):
    """The report for `X-Receipt`: 401 without a code or with one of the wrong shape (not
    counted as a guess), 404 for a code that matches nothing. No caller here has a key of its
    own to throttle by; what bounds guessing is worked out in docs/threat-model.md. Every
    follow-up route (rewards' too) finds its report here."""
    partners.authenticate(request)  # a key is optional here, but a bad one is refused
    raw = request.headers.get("X-Receipt")
    if not raw:
        raise HttpError(401, _("Send your receipt code in the X-Receipt header."))
    if problem := shape_error(raw):
        raise HttpError(401, problem)
    report = check_receipt(raw, load=load)
    if report is None:
        raise HttpError(404, _("No report has this receipt code."))
    return report


class ReceiptAuth(APIKeyHeader):
    """The receipt in `X-Receipt`, checked as authentication so that it is answered before
    anything else about the request: a call without one is 401 whatever its body."""

    param_name = "X-Receipt"
    openapi_description = "The 20-digit receipt code the report was filed with."

    def __init__(self, load=None) -> None:
        super().__init__()
        self.load = load  # the caller's own query for the report (intake/followup.py)

    def authenticate(self, request: HttpRequest, key: str | None):
        return report_for(request, load=self.load)


router = Router(tags=["reporting"], auth=ReceiptAuth())


@router.get(
    "/followup",
    auth=ReceiptAuth(load=followup_answer.load),
    response={200: FollowupOut, **errors(400, 401, 404, 429, 503)},
    openapi_extra=FOLLOWUP_DOC,
    summary="Status and messages of my report",
)
def get_followup(request: HttpRequest):
    """The busiest reporter read: one SQL statement for the report, its messages and files
    (intake/followup_answer.py), never the sealed answers (kilobytes a report), and its JSON
    built here: ninja would otherwise validate our own dict against FollowupOut, which stays
    the documented shape (the API tests check it)."""
    report = request.auth
    dek = vault.report_key(report)
    body = {
        "status": report.status,
        "outcome": vault.open_outcome(dek, report) or None,
        "messages": [_message_out(dek, m) for m in report.messages],
    }
    return JsonResponse(body)


def _message_out(dek: bytes, message: followup_answer.Note) -> dict:
    attachments = []
    if message.author == MessageAuthor.REPORTER:
        attachments = [
            {"name": vault.open_attachment_name(dek, a), "size": a.original_size, "kind": a.kind}
            for a in message.files
        ]
    return {
        "author": message.author,
        "body": vault.open_message(dek, message),
        "sent_at": message.sent_at.isoformat(),
        "attachments": attachments,
    }


@router.post(
    "/followup/messages",
    response={201: FollowupMessageOut, **errors(400, 401, 404, 409, 413, 422, 429, 503)},
    openapi_extra=MESSAGE_BODY,
    summary="Reply or add information to my report",
)
def post_followup_message(request: HttpRequest):
    report = request.auth
    # Keyed to the report too: the receipt already proves whose messages these are.
    return idempotency.once(
        scope=f"message:{report.id}",
        caller="reporter",
        key=idempotency.key_from(request),
        request=request,
        work=lambda: _post_message(request, report),
    )


def _post_message(request: HttpRequest, report) -> JsonResponse:
    try:
        if is_multipart(request):
            form, uploads = multipart(request)
            body = form.get("body", "")
        else:
            body, uploads = json_object(request.body).get("body", ""), []
        body = _clean_message(body, has_files=bool(uploads))
        files = read_uploads(uploads, already=report.attachments.count())
    except ValidationFailed as exc:
        return error_response(422, _("The message has errors; nothing was stored."), exc.errors)
    message = do_post_message(report, body, author=MessageAuthor.REPORTER, files=files)
    attachments = [
        {"name": f.filename, "size": len(f.original), "kind": f.sanitized.kind} for f in files
    ]
    body_out = {
        "author": "reporter",
        "body": body,
        "sent_at": message.sent_at.isoformat(),
        "attachments": attachments,
    }
    return JsonResponse(body_out, status=201, json_dumps_params={"ensure_ascii": False})


def _clean_message(body: Any, *, has_files: bool) -> str:
    if not isinstance(body, str) or len(body) > MESSAGE_MAX or not is_storable(body):
        raise ValidationFailed(
            {"body": _("Send text under %(n)d characters.") % {"n": MESSAGE_MAX}}
        )
    if not body.strip() and not has_files:
        raise ValidationFailed({"body": _("Write a message or attach a file.")})
    return body.strip()


@router.post(
    "/followup/identity",
    response={204: None, **errors(400, 401, 404, 413, 422, 429, 503)},
    openapi_extra=IDENTITY_BODY,
    summary="Tell the agency who I am (optional, at any time)",
)
def post_followup_identity(request: HttpRequest):
    report = request.auth
    payload = json_object(request.body)
    try:
        contact = clean_contact(payload.get("contact"))
    except ValueError:
        contact = None
        problem = _("Contact details must be short texts: name, phone, email, address, other.")
    else:
        problem = _("Give at least one contact detail.")
    if not contact:
        return error_response(422, _("The contact details have errors."), {"contact": problem})
    do_reveal_identity(report, contact)
    return Status(204, None)
