"""Staff API (mounted at /api/v1/staff): the triage queue, reports, triage, cases, messages.

A token acts as exactly its user: the same role checks (403) and unit scoping (404) as the
console, through the same lookups (cases/access.py) and actions."""

import uuid
from datetime import datetime
from functools import wraps
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from accounts import permissions
from accounts.api_auth import StaffTokenAuth
from accounts.models import Region
from cases import access, queries
from cases.actions.casework import do_change_case_status
from cases.actions.messaging import do_message_reporter
from cases.actions.triage import DECISIONS, do_triage_report
from cases.casefile import open_case
from cases.content import open_report
from cases.errors import ActionError
from cases.models import Case, CaseReport, CaseStatus, reports_for
from intake.models import Category

router = Router(tags=["staff"], auth=StaffTokenAuth())
QUEUE_LIMIT_MAX = 200


def _error(status: int, detail: str, errors: dict | None = None) -> JsonResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def answers_errors(view):
    """403 for a missing role, 422 naming the field for a refused action."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return _error(403, _("Your roles do not allow this."))
        except ActionError as exc:
            return _error(422, _("The request has errors."), {exc.field: str(exc.message)})

    return wrapper


class QueueFilters(Schema):
    category: str | None = None
    region: str | None = None
    priority: int | None = Field(None, ge=1, le=4)
    overdue: bool = False
    limit: int = Field(50, ge=1, le=QUEUE_LIMIT_MAX)
    offset: int = Field(0, ge=0)


class QueueItemOut(Schema):
    id: uuid.UUID
    category: str
    region: str | None
    priority: int
    channel: str
    unit: int | None
    created_at: datetime
    triage_due_at: datetime | None
    overdue: bool


class QueueOut(Schema):
    count: int
    items: list[QueueItemOut]


class MessageOut(Schema):
    author: str
    body: str
    sent_at: datetime
    report: uuid.UUID


class AttachmentOut(Schema):
    id: uuid.UUID
    kind: str
    mime: str
    size: int
    name: str


class ReportOut(Schema):
    id: uuid.UUID
    category: str
    region: str | None
    priority: int
    status: str
    triage_state: str
    channel: str
    language: str
    unit: int | None
    case: str | None
    created_at: datetime
    ack_due_at: datetime | None
    triage_due_at: datetime | None
    feedback_due_at: datetime | None
    acknowledged_at: datetime | None
    answers: dict[str, Any]
    messages: list[MessageOut]
    attachments: list[AttachmentOut]


REPORT_COLUMNS = (
    "id",
    "priority",
    "status",
    "triage_state",
    "channel",
    "language",
    "created_at",
    "ack_due_at",
    "triage_due_at",
    "feedback_due_at",
    "acknowledged_at",
)


class TriageIn(Schema):
    decision: Literal[DECISIONS]  # type: ignore[valid-type]
    priority: int = Field(ge=1, le=4)
    category: str | None = Field(None, description="slug; omitted keeps the current category")
    region: str | None = Field(None, description="code; omitted keeps the current region")
    reason: str = Field("", max_length=2000)
    case: str | None = Field(None, description="case number, for existing_case or duplicate")
    duplicate_of: uuid.UUID | None = None


class TriageOut(Schema):
    decision: str
    triage_state: str
    status: str
    case: str | None


class NoteOut(Schema):
    author: str
    body: str
    created_at: datetime


class CaseReportOut(Schema):
    id: uuid.UUID
    category: str
    priority: int
    status: str


class CaseOut(Schema):
    number: str
    status: str
    outcome: str
    unit: int
    created_at: datetime
    closed_at: datetime | None
    public_outcome: str
    assigned: list[str]
    reports: list[CaseReportOut]
    messages: list[MessageOut]
    notes: list[NoteOut]


class StatusIn(Schema):
    status: Literal[tuple(CaseStatus.values)]  # type: ignore[valid-type]
    outcome: str = ""
    public_outcome: str = Field("", max_length=5000)


class CaseMessageIn(Schema):
    body: str = Field(max_length=10_000)
    report: uuid.UUID | None = Field(None, description="which report's reporter; optional if one")
    feedback: bool = False


class MessageSentOut(Schema):
    id: uuid.UUID
    report: uuid.UUID


@router.get("/queue", response={200: QueueOut}, summary="Triage queue")
@answers_errors
def queue(request, filters: Query[QueueFilters]):
    permissions.require(request.user, permissions.TRIAGE_ROLES)
    now = timezone.now()
    reports = queries.triage_queue(
        request.user,
        category=filters.category,
        region=filters.region,
        priority=filters.priority,
        overdue_only=filters.overdue,
        now=now,
    )
    offset, limit = filters.offset, filters.limit
    items = [
        {
            "id": r.id,
            "category": r.category.slug,
            "region": r.region_id,
            "priority": r.priority,
            "channel": r.channel,
            "unit": r.unit_id,
            "created_at": r.created_at,
            "triage_due_at": r.triage_due_at,
            "overdue": bool(r.triage_due_at and r.triage_due_at < now),
        }
        for r in reports[offset : offset + limit]
    ]
    return {"count": reports.count(), "items": items}


@router.get("/reports/{report_id}", response={200: ReportOut}, summary="A report, decrypted")
@answers_errors
def report_detail(request, report_id: str):
    report = access.report_for(request.user, access.uuid_or_404(report_id))
    opened = open_report(report, actor=request.user)
    link = CaseReport.objects.filter(report=report).select_related("case").first()
    return {
        **{field: getattr(report, field) for field in REPORT_COLUMNS},
        "category": report.category.slug,
        "region": report.region_id,
        "unit": report.unit_id,
        "case": link.case.number if link else None,
        "answers": {key: value for key, _label, value in opened.answers},
        "messages": opened.messages,
        "attachments": opened.attachments,
    }


def _triage_targets(user, payload: TriageIn, report):
    fields = payload.model_fields_set
    category = report.category
    if "category" in fields and payload.category:
        category = Category.objects.filter(slug=payload.category).first()
        if category is None:
            raise ActionError(_("Unknown category."), "category")
    region = report.region
    if "region" in fields:
        region = Region.objects.filter(code=payload.region).first() if payload.region else None
        if payload.region and region is None:
            raise ActionError(_("Unknown region."), "region")
    case = None
    if payload.case:
        case = Case.objects.visible_to(user).filter(number=payload.case).first()
        if case is None:
            raise ActionError(_("No such case in your units."), "case")
    duplicate_of = None
    if payload.duplicate_of:
        duplicate_of = reports_for(user).filter(pk=payload.duplicate_of).first()
        if duplicate_of is None:
            raise ActionError(_("No such report in your units."), "duplicate_of")
    return category, region, case, duplicate_of


@router.post("/reports/{report_id}/triage", response={200: TriageOut}, summary="Triage a report")
@answers_errors
def triage(request, report_id: str, payload: TriageIn):
    report = access.report_for(
        request.user, access.uuid_or_404(report_id), roles=permissions.TRIAGE_ROLES
    )
    category, region, case, duplicate_of = _triage_targets(request.user, payload, report)
    decision = do_triage_report(
        report,
        actor=request.user,
        category=category,
        region=region,
        priority=payload.priority,
        decision=payload.decision,
        reason=payload.reason,
        case=case,
        duplicate_of=duplicate_of,
    )
    report.refresh_from_db()
    return {
        "decision": decision.decision,
        "triage_state": report.triage_state,
        "status": report.status,
        "case": decision.case.number if decision.case else None,
    }


@router.get("/cases/{number}", response={200: CaseOut}, summary="A case, decrypted")
@answers_errors
def case_detail(request, number: str):
    case = access.case_for(request.user, number)
    opened = open_case(case, actor=request.user)
    return {
        "number": case.number,
        "status": case.status,
        "outcome": case.outcome,
        "unit": case.unit_id,
        "created_at": case.created_at,
        "closed_at": case.closed_at,
        "public_outcome": opened.public_outcome,
        "assigned": [user.get_username() for user in opened.assigned],
        "reports": [
            {"id": r.id, "category": r.category.slug, "priority": r.priority, "status": r.status}
            for r in opened.reports
        ],
        "messages": opened.messages,
        "notes": [
            {"author": n["author"], "body": n["body"], "created_at": n["created_at"]}
            for n in opened.notes
        ],
    }


@router.post("/cases/{number}/status", response={200: CaseOut}, summary="Change case status")
@answers_errors
def case_status(request, number: str, payload: StatusIn):
    case = access.case_for(request.user, number)
    do_change_case_status(
        case,
        actor=request.user,
        status=payload.status,
        outcome=payload.outcome,
        public_outcome=payload.public_outcome,
    )
    return case_detail.__wrapped__(request, number)


@router.post(
    "/cases/{number}/messages",
    response={201: MessageSentOut},
    summary="Send a message to the reporter",
)
@answers_errors
def case_message(request, number: str, payload: CaseMessageIn):
    case = access.case_for(request.user, number)
    reports = list(reports_for(request.user).filter(case_link__case=case))
    if payload.report:
        reports = [r for r in reports if r.pk == payload.report]
    if len(reports) != 1:
        raise ActionError(_("Say which of the case's reports to write to."), "report")
    message = do_message_reporter(
        reports[0], payload.body, actor=request.user, feedback=payload.feedback
    )
    return Status(201, {"id": message.id, "report": reports[0].pk})
