"""Public reporting API: categories, regions and submission.

Partner apps rely on these shapes. Bodies are parsed here rather than by ninja's schema binding so
that one endpoint takes JSON or multipart, and every bad input gets a 400/413/422 we wrote (bodies
Django itself cannot read are answered by the handlers in tipline/api.py). Partners may send
their API key (intake.partners.keys) and retry POSTs with an Idempotency-Key (intake.idempotency);
schemas and request documentation are in intake.api.schemas.
"""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router

from accounts.models import Region
from core.apierrors import errors
from intake import idempotency
from intake.actions.reports import do_submit_report
from intake.api.common import TooBusy, error_response, is_multipart, json_object, multipart
from intake.api.schemas import REPORT_BODY, CategoryOut, ReceiptOut, RegionOut
from intake.models import Category, ReporterKind
from intake.partners import keys as partners
from intake.questionnaire import ValidationFailed
from intake.submission import Busy, check_submission

router = Router(tags=["reporting"], auth=None)


@router.get(
    "/categories",
    response={200: list[CategoryOut], **errors(400, 503)},
    summary="Report categories",
)
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


@router.get(
    "/regions", response={200: list[RegionOut], **errors(400, 503)}, summary="Region hierarchy"
)
def list_regions(request: HttpRequest):
    regions = list(Region.objects.all())
    children: dict[str | None, list[dict]] = {r.code: [] for r in regions}
    children[None] = []  # the roots
    for region in regions:
        node = {"code": region.code, "name": region.name, "children": children[region.code]}
        parent = region.parent_id if region.parent_id in children else None
        children[parent].append(node)
    return children[None]


@router.post(
    "/reports",
    response={201: ReceiptOut, **errors(400, 401, 409, 413, 422, 429, 503)},
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
        if is_multipart(request):
            form, uploads = multipart(request)
            payload = json_object(form.get("report", ""))
        else:
            payload, uploads = json_object(request.body), []
        submission = check_submission(
            category=payload.get("category"),
            region=payload.get("region"),
            answers=payload.get("answers"),
            language=payload.get("language", "zh-hans"),
            contact=payload.get("contact"),
            channel=channel,
            uploads=uploads,
            # Taken before the costly file work: the budget protects sanitiser and database alike.
            budget=True,
            reporter_kind=_reporter_kind(payload.get("reporter_kind", "person"), payload),
        )
    except ValidationFailed as exc:
        return error_response(422, _("The report has errors; nothing was stored."), exc.errors)
    except Busy as exc:
        raise TooBusy(exc.retry_after) from None
    report, receipt = do_submit_report(submission)
    return JsonResponse({"receipt": receipt, "status": report.status}, status=201)


def _reporter_kind(kind: Any, payload: dict) -> str:
    """A report on behalf of an organisation must name it (in the contact, i.e. the vault)."""
    contact = payload.get("contact") if isinstance(payload.get("contact"), dict) else None
    if kind not in ReporterKind.values:
        raise ValidationFailed(
            {"reporter_kind": _("Reporter kind must be person or organisation.")}
        )
    if kind == ReporterKind.ORGANISATION and not (contact or {}).get("organisation"):
        raise ValidationFailed(
            {"contact": _("Give the organisation's name in contact.organisation.")}
        )
    return kind
