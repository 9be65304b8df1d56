"""Public reporting API: categories, regions, submission and receipt follow-up.

Partner apps rely on these shapes. Bodies are parsed here rather than by ninja's schema binding so
that one endpoint takes JSON or multipart, and every bad input gets a 400/413/422 we wrote (bodies
Django itself cannot read are answered by the handlers in tipline/api.py). Partners may send
their API key (intake/partners.py) and retry POSTs with an Idempotency-Key (intake/idempotency.py);
schemas and request documentation are in intake/api_schemas.py.
"""

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.db.models import Prefetch
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from accounts.models import Region
from core.ratelimit import take_submission_slot
from intake import idempotency, partners, vault
from intake.actions import clean_contact, do_post_message, do_reveal_identity, do_submit_report
from intake.api_schemas import (
    FOLLOWUP_DOC,
    IDENTITY_BODY,
    MESSAGE_BODY,
    REPORT_BODY,
    CategoryOut,
    ErrorOut,
    FollowupMessageOut,
    FollowupOut,
    ReceiptOut,
    RegionOut,
)
from intake.followup import Throttled, check_receipt
from intake.models import Attachment, Category, MessageAuthor, ReporterKind
from intake.questionnaire import ValidationFailed, is_storable
from intake.submission import read_uploads, validate_submission

router = Router(tags=["reporting"], auth=None)

MESSAGE_MAX = 20_000


def _error(status: int, detail: str, errors: dict | None = None) -> JsonResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors is not None:
        body["errors"] = {_safe(k): _safe(v) for k, v in errors.items()}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _safe(text: object) -> str:
    """Error texts can quote a file name; keep them encodable whatever the client sent."""
    return str(text).encode("utf-8", "replace").decode("utf-8")


@router.get("/categories", response=list[CategoryOut], summary="Report categories")
def list_categories(request: HttpRequest):
    english = (getattr(request, "LANGUAGE_CODE", "") or "").startswith("en")
    return [
        {
            "slug": cat.slug,
            "name": cat.name,
            "description": cat.description,
            "fields": [_field_out(f, english) for f in cat.fields.all()],
        }
        for cat in Category.objects.active().prefetch_related("fields")
    ]


def _field_out(field, english: bool) -> dict:
    choices = [
        {"value": value, "label": en if english else zh} for value, zh, en in field.parsed_choices()
    ]
    return {
        "key": field.key,
        "label": field.label,
        "help": field.help,
        "type": field.type,
        "required": field.required,
        "choices": choices or None,
    }


@router.get("/regions", response=list[RegionOut], summary="Region hierarchy")
def list_regions(request: HttpRequest):
    regions = list(Region.objects.all())
    children: dict[str | None, list[dict]] = {r.code: [] for r in regions}
    children[None] = []  # the roots
    for region in regions:
        node = {"code": region.code, "name": region.name, "children": children[region.code]}
        parent = region.parent_id if region.parent_id in children else None
        children[parent].append(node)
    return children[None]


def _is_multipart(request: HttpRequest) -> bool:
    return (request.content_type or "").lower() == "multipart/form-data"


def _json_object(raw: bytes | str) -> dict:
    try:
        payload = json.loads(raw)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise HttpError(400, _("The body is not valid JSON.")) from None
    if not isinstance(payload, dict):
        raise HttpError(400, _("The body must be a JSON object."))
    return payload


def _multipart(request: HttpRequest) -> tuple[Any, list]:
    """(POST, uploads); too many files is the reporter's to fix, so 422 like the count limit."""
    try:
        return request.POST, request.FILES.getlist("attachments")
    except TooManyFilesSent:
        message = _("Attach at most %(n)d files.") % {"n": settings.ATTACHMENT_MAX_COUNT}
        raise ValidationFailed({"attachments": message}) from None


@router.post(
    "/reports",
    response={
        201: ReceiptOut,
        400: ErrorOut,
        401: ErrorOut,
        409: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    openapi_extra=REPORT_BODY,
    summary="Submit a report",
)
def submit_report(request: HttpRequest):
    partner = partners.authenticate(request)
    minimum = idempotency.ANONYMOUS_KEY_MIN if partner is None else 1
    return idempotency.once(
        scope="reports",
        caller=partners.caller_for(partner),
        key=idempotency.key_from(request, min_length=minimum),
        request=request,
        work=lambda: _submit_report(request, partners.channel_for(partner)),
    )


def _submit_report(request: HttpRequest, channel: str) -> JsonResponse:
    try:
        if _is_multipart(request):
            form, uploads = _multipart(request)
            payload = _json_object(form.get("report", ""))
        else:
            payload, uploads = _json_object(request.body), []
        valid = validate_submission(
            payload.get("category"),
            payload.get("region"),
            payload.get("answers"),
            payload.get("language", "zh-hans"),
            payload.get("contact"),
        )
        reporter_kind = _reporter_kind(payload.get("reporter_kind", "person"), valid.contact)
        # Checked before the costly file work: the budget protects sanitiser and database alike.
        if wait := take_submission_slot():
            raise _TooBusy(wait)
        files = read_uploads(uploads)
    except ValidationFailed as exc:
        return _error(422, _("The report has errors; nothing was stored."), exc.errors)
    report, receipt = do_submit_report(
        category_id=valid.category.id,
        region_code=valid.region_code,
        answers=valid.answers,
        language=valid.language,
        channel=channel,
        contact=valid.contact,
        files=files,
        reporter_kind=reporter_kind,
    )
    return JsonResponse({"receipt": receipt, "status": report.status}, status=201)


def _reporter_kind(kind: Any, contact: dict | None) -> str:
    """A report on behalf of an organisation must name it (in the contact, i.e. the vault)."""
    if kind not in ReporterKind.values:
        raise ValidationFailed(
            {"reporter_kind": _("Reporter kind must be person or organisation.")}
        )
    if kind == ReporterKind.ORGANISATION and not (contact or {}).get("organisation"):
        raise ValidationFailed(
            {"contact": _("Give the organisation's name in contact.organisation.")}
        )
    return kind


class _Wait(HttpError):
    """A 429 whose Retry-After header the HttpError handler in tipline/api.py writes."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(429, message)
        self.retry_after = retry_after


class _TooBusy(_Wait):
    def __init__(self, retry_after: int):
        super().__init__(_("Too many reports right now; try again shortly."), retry_after)


def _report_for(request: HttpRequest):
    partners.authenticate(request)  # a key is optional here, but a bad one is refused
    try:
        report = check_receipt(request.headers.get("X-Receipt"))
    except Throttled as exc:
        raise _Wait(_("Too many attempts; wait before trying again."), exc.retry_after) from None
    if report is None:
        raise HttpError(404, _("No report has this receipt code."))
    return report


@router.get(
    "/followup",
    response={200: FollowupOut, 401: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    openapi_extra=FOLLOWUP_DOC,
    summary="Status and messages of my report",
)
def get_followup(request: HttpRequest):
    report = _report_for(request)
    dek = vault.report_key(report)
    files = Prefetch("attachments", queryset=Attachment.objects.order_by("created_at", "id"))
    messages = report.messages.prefetch_related(files)
    return {
        "status": report.status,
        "outcome": vault.open_outcome(dek, report) or None,
        "messages": [_message_out(dek, m) for m in messages],
    }


def _message_out(dek: bytes, message) -> dict:
    attachments = []
    if message.author == MessageAuthor.REPORTER:
        attachments = [
            {"name": vault.open_attachment_name(dek, a), "size": a.original_size, "kind": a.kind}
            for a in message.attachments.all()
        ]
    return {
        "author": message.author,
        "body": vault.open_message(dek, message),
        "sent_at": message.sent_at.isoformat(),
        "attachments": attachments,
    }


@router.post(
    "/followup/messages",
    response={
        201: FollowupMessageOut,
        400: ErrorOut,
        401: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    openapi_extra=MESSAGE_BODY,
    summary="Reply or add information to my report",
)
def post_followup_message(request: HttpRequest):
    report = _report_for(request)
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
        if _is_multipart(request):
            form, uploads = _multipart(request)
            body = form.get("body", "")
        else:
            body, uploads = _json_object(request.body).get("body", ""), []
        body = _clean_message(body, has_files=bool(uploads))
        files = read_uploads(uploads, already=report.attachments.count())
    except ValidationFailed as exc:
        return _error(422, _("The message has errors; nothing was stored."), exc.errors)
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
    response={
        204: None,
        400: ErrorOut,
        401: ErrorOut,
        404: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    openapi_extra=IDENTITY_BODY,
    summary="Tell the agency who I am (optional, at any time)",
)
def post_followup_identity(request: HttpRequest):
    report = _report_for(request)
    payload = _json_object(request.body)
    try:
        contact = clean_contact(payload.get("contact"))
    except ValueError:
        contact = None
        problem = _("Contact details must be short texts: name, phone, email, address, other.")
    else:
        problem = _("Give at least one contact detail.")
    if not contact:
        return _error(422, _("The contact details have errors."), {"contact": problem})
    do_reveal_identity(report, contact)
    return Status(204, None)
