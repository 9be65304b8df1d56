"""A case for agency systems: read its file (an audited view), move its status, write to a
reporter of one of its reports."""

import uuid
from datetime import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from cases import access
from cases.actions.casework import do_change_case_status
from cases.actions.messaging import do_message_reporter
from cases.api.common import (
    STAFF_OBJECT_ERRORS,
    STAFF_WRITE_ERRORS,
    MessageOut,
    answers_errors,
    staff_router,
)
from cases.audited_reads import open_case
from cases.errors import ActionError
from cases.models import CaseStatus
from intake.limits import MESSAGE_MAX
from intake.models import Report

router = staff_router()


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
    body: str = Field(max_length=MESSAGE_MAX)
    report: uuid.UUID | None = Field(None, description="which report's reporter; optional if one")
    feedback: bool = False


class MessageSentOut(Schema):
    id: uuid.UUID
    report: uuid.UUID


@router.get(
    "/cases/{number}", response={200: CaseOut, **STAFF_OBJECT_ERRORS}, summary="A case, decrypted"
)
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


@router.post(
    "/cases/{number}/status",
    response={200: CaseOut, **STAFF_WRITE_ERRORS},
    summary="Change case status",
)
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
    response={201: MessageSentOut, **STAFF_WRITE_ERRORS},
    summary="Send a message to the reporter",
)
@answers_errors
def case_message(request, number: str, payload: CaseMessageIn):
    case = access.case_for(request.user, number)
    reports = list(Report.objects.visible_to(request.user).filter(case_link__case=case))
    if payload.report:
        reports = [r for r in reports if r.pk == payload.report]
    if len(reports) != 1:
        raise ActionError(_("Say which of the case's reports to write to."), "report")
    message = do_message_reporter(
        reports[0], payload.body, actor=request.user, feedback=payload.feedback
    )
    return Status(201, {"id": message.id, "report": reports[0].pk})
