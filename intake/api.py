"""Public reporting API: categories, regions, submission and receipt follow-up.

Partner apps rely on these shapes. Bodies are parsed here rather than by ninja's schema binding so
that one endpoint takes JSON or multipart, and every bad input gets a 400/422 we wrote.
"""

import json
from typing import Any, Literal

from django.http import HttpRequest, JsonResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from accounts.models import Region
from core.ratelimit import take_submission_slot
from intake import vault
from intake.actions import clean_contact, do_post_message, do_reveal_identity, do_submit_report
from intake.followup import Throttled, check_receipt
from intake.models import Category
from intake.questionnaire import ValidationFailed
from intake.submission import read_uploads, validate_submission

router = Router(tags=["reporting"], auth=None)


class ChoiceOut(Schema):
    value: str
    label: str


class FieldOut(Schema):
    key: str
    label: str
    help: str
    type: str
    required: bool
    choices: list[ChoiceOut] | None = None


class CategoryOut(Schema):
    slug: str
    name: str
    description: str
    fields: list[FieldOut]


class RegionOut(Schema):
    code: str
    name: str
    children: list["RegionOut"] = []


class ReportIn(Schema):
    category: str
    region: str | None = None
    answers: dict[str, Any]
    language: Literal["zh-hans", "en"] = "zh-hans"
    contact: dict[str, str] | None = None


class ReceiptOut(Schema):
    receipt: str
    status: str


class MessageOut(Schema):
    author: Literal["reporter", "agency"]
    body: str
    sent_at: str


class FollowupOut(Schema):
    status: str
    outcome: str | None
    messages: list[MessageOut]


class MessageIn(Schema):
    body: str


class IdentityIn(Schema):
    contact: dict[str, str]


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] | None = None


def _error(status: int, detail: str, errors: dict | None = None, **headers) -> JsonResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name.replace("_", "-")] = str(value)
    return response


def _label(choice: tuple[str, str, str], english: bool) -> str:
    return choice[2] if english else choice[1]


@router.get("/categories", response=list[CategoryOut], summary="Report categories")
def list_categories(request: HttpRequest):
    english = (request.LANGUAGE_CODE or "").startswith("en")
    out = []
    for cat in Category.objects.active().prefetch_related("fields"):
        fields = []
        for f in cat.fields.all():
            choices = [ChoiceOut(value=c[0], label=_label(c, english)) for c in f.parsed_choices()]
            fields.append(
                FieldOut(
                    key=f.key,
                    label=f.label,
                    help=f.help,
                    type=f.type,
                    required=f.required,
                    choices=choices or None,
                )
            )
        out.append(
            CategoryOut(slug=cat.slug, name=cat.name, description=cat.description, fields=fields)
        )
    return out


@router.get("/regions", response=list[RegionOut], summary="Region hierarchy")
def list_regions(request: HttpRequest):
    nodes = {r.code: RegionOut(code=r.code, name=r.name) for r in Region.objects.all()}
    roots = []
    for region in Region.objects.only("code", "parent_id"):
        node = nodes[region.code]
        (nodes[region.parent_id].children if region.parent_id else roots).append(node)
    return roots


def _parse_report_body(request: HttpRequest) -> tuple[dict, list]:
    content_type = request.content_type or ""
    if content_type.startswith("multipart/form-data"):
        raw, uploads = request.POST.get("report", ""), request.FILES.getlist("attachments")
    else:
        raw, uploads = request.body, []
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise HttpError(400, "The body is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise HttpError(400, "The body must be a JSON object.")
    return payload, uploads


REPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ReportIn.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["report"],
                    "properties": {
                        "report": {"type": "string", "description": "ReportIn as JSON"},
                        "attachments": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                        },
                    },
                }
            },
        },
    }
}


@router.post(
    "/reports",
    response={201: ReceiptOut, 400: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    openapi_extra=REPORT_BODY,
    summary="Submit a report",
)
def submit_report(request: HttpRequest):
    payload, uploads = _parse_report_body(request)
    try:
        valid = validate_submission(
            payload.get("category"),
            payload.get("region"),
            payload.get("answers"),
            payload.get("language", "zh-hans"),
            payload.get("contact"),
        )
        files = read_uploads(uploads)
    except ValidationFailed as exc:
        return _error(422, "The report has errors; nothing was stored.", exc.errors)
    if wait := take_submission_slot():
        return _error(429, "Too many reports right now; try again shortly.", Retry_After=wait)
    report, receipt = do_submit_report(
        category_id=valid.category.id,
        region_code=valid.region_code,
        answers=valid.answers,
        language=valid.language,
        channel="api",
        contact=valid.contact,
        files=files,
    )
    return Status(201, {"receipt": receipt, "status": report.status})


def _report_for(request: HttpRequest):
    try:
        report = check_receipt(request.headers.get("X-Receipt"))
    except Throttled as exc:
        raise _ThrottledError(exc.retry_after) from None
    if report is None:
        raise HttpError(404, "No report has this receipt code.")
    return report


class _ThrottledError(HttpError):
    def __init__(self, retry_after: int):
        super().__init__(429, "Too many attempts; wait before trying again.")
        self.retry_after = retry_after


RECEIPT_HEADER = {
    "parameters": [
        {
            "name": "X-Receipt",
            "in": "header",
            "required": True,
            "schema": {"type": "string"},
            "description": "The 20-digit receipt code",
        }
    ]
}


@router.get(
    "/followup",
    response={200: FollowupOut, 404: ErrorOut, 429: ErrorOut},
    openapi_extra=RECEIPT_HEADER,
    summary="Status and messages of my report",
)
def get_followup(request: HttpRequest):
    report = _report_for(request)
    dek = vault.report_key(report)
    messages = [
        {"author": m.author, "body": vault.open_message(dek, m), "sent_at": m.sent_at.isoformat()}
        for m in report.messages.all()
    ]
    return {
        "status": report.status,
        "outcome": vault.open_outcome(dek, report) or None,
        "messages": messages,
    }


MESSAGE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": MessageIn.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "body": {"type": "string"},
                        "attachments": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                        },
                    },
                }
            },
        },
    },
    **RECEIPT_HEADER,
}


@router.post(
    "/followup/messages",
    response={201: MessageOut, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    openapi_extra=MESSAGE_BODY,
    summary="Reply or add information to my report",
)
def post_followup_message(request: HttpRequest):
    report = _report_for(request)
    if (request.content_type or "").startswith("multipart/form-data"):
        body, uploads = request.POST.get("body", ""), request.FILES.getlist("attachments")
    else:
        payload, uploads = _parse_json_object(request), []
        body = payload.get("body", "")
    if not isinstance(body, str) or "\x00" in body or len(body) > 20_000:
        return _error(422, "The message has errors.", {"body": "Send text under 20000 characters."})
    if not body.strip() and not uploads:
        return _error(422, "The message has errors.", {"body": "Write a message or attach a file."})
    try:
        files = read_uploads(uploads, already=report.attachments.count())
    except ValidationFailed as exc:
        return _error(422, "The message has errors; nothing was stored.", exc.errors)
    message = do_post_message(report, body.strip(), author="reporter", files=files)
    return Status(
        201, {"author": "reporter", "body": body.strip(), "sent_at": message.sent_at.isoformat()}
    )


def _parse_json_object(request: HttpRequest) -> dict:
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise HttpError(400, "The body is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise HttpError(400, "The body must be a JSON object.")
    return payload


@router.post(
    "/followup/identity",
    response={204: None, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": IdentityIn.model_json_schema()}},
        },
        **RECEIPT_HEADER,
    },
    summary="Tell the agency who I am (optional, at any time)",
)
def post_followup_identity(request: HttpRequest):
    report = _report_for(request)
    payload = _parse_json_object(request)
    try:
        contact = clean_contact(payload.get("contact"))
    except ValueError as exc:
        return _error(422, "The contact details have errors.", {"contact": str(exc)})
    if not contact:
        return _error(422, "The contact details have errors.", {"contact": "Give at least one."})
    do_reveal_identity(report, contact)
    return Status(204, None)
