"""The triage queue for agency systems: the console's filters, paged with limit/offset."""

import uuid
from datetime import datetime

from django.utils import timezone
from ninja import Field, Query, Schema

from accounts import permissions
from cases.api.common import STAFF_ERRORS, answers_errors, staff_router
from cases.similarity.floods import floods_for, unfolded
from core.replicas import reads_from_replica
from intake.api.schemas import CategorySlug
from intake.models import Report

router = staff_router()
QUEUE_LIMIT_MAX = 200
# Far past any real queue, and within a database integer: a larger offset is a 422, not a 500.
OFFSET_MAX = 1_000_000_000


class QueueFilters(Schema):
    category: CategorySlug | None = None
    region: str | None = None
    priority: int | None = Field(None, ge=1, le=4)
    overdue: bool = False
    limit: int = Field(50, ge=1, le=QUEUE_LIMIT_MAX)
    offset: int = Field(0, ge=0, le=OFFSET_MAX)


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


class FloodOut(Schema):
    id: int = Field(..., description="The flood cluster")
    size: int = Field(..., description="Its reports awaiting triage that you may see")
    growth: int = Field(..., description="How many joined within the flood window")
    first_at: datetime


class QueueOut(Schema):
    count: int = Field(..., description="Reports in `items`' list, floods' members excluded")
    floods: list[FloodOut] = Field(
        ..., description="Bursts of near-duplicates, each listed once instead of report by report"
    )
    items: list[QueueItemOut]


@router.get("/queue", response={200: QueueOut, **STAFF_ERRORS}, summary="Triage queue")
@answers_errors
@reads_from_replica
def queue(request, filters: Query[QueueFilters]):
    permissions.require(request.user, permissions.TRIAGE_ROLES)
    now = timezone.now()
    reports = Report.objects.visible_to(request.user).triage_queue(
        category=filters.category,
        region=filters.region,
        priority=filters.priority,
        overdue_only=filters.overdue,
        now=now,
    )
    reports = unfolded(reports)
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
    floods = [
        {"id": f["flood_id"], "size": f["size"], "growth": f["growth"], "first_at": f["first"]}
        for f in floods_for(request.user, now=now)
    ]
    return {"count": reports.count(), "floods": floods, "items": items}
