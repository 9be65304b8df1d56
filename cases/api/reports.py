"""A report for agency systems: read it decrypted (an audited view) and triage it."""

import uuid
from datetime import datetime
from typing import Any, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema

from accounts import permissions
from accounts.models import Region
from cases import access
from cases.actions.triage import DECISIONS, do_triage_report
from cases.api.common import (
    STAFF_OBJECT_ERRORS,
    STAFF_WRITE_ERRORS,
    MessageOut,
    answers_errors,
    staff_router,
)
from cases.audited_reads import open_report
from cases.errors import ActionError
from cases.models import Case, CaseReport
from intake.api.schemas import CategorySlug
from intake.models import Category, Report

router = staff_router()


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
    category: CategorySlug | None = Field(None, description="omitted keeps the current category")
    region: str | None = Field(None, description="code; omitted keeps the current region")
    reason: str = Field("", max_length=2000)
    case: str | None = Field(None, description="case number, for existing_case or duplicate")
    duplicate_of: uuid.UUID | None = None


class TriageOut(Schema):
    decision: str
    triage_state: str
    status: str
    case: str | None


@router.get(
    "/reports/{report_id}",
    response={200: ReportOut, **STAFF_OBJECT_ERRORS},
    summary="A report, decrypted",
)
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
        duplicate_of = Report.objects.visible_to(user).filter(pk=payload.duplicate_of).first()
        if duplicate_of is None:
            raise ActionError(_("No such report in your units."), "duplicate_of")
    return category, region, case, duplicate_of


@router.post(
    "/reports/{report_id}/triage",
    response={200: TriageOut, **STAFF_WRITE_ERRORS},
    summary="Triage a report",
)
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
