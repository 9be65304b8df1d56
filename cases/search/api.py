"""Staff API: POST /api/v1/staff/search (a POST, so the words never travel in a URL)."""

import uuid
from datetime import date, datetime

from ninja import Field, Router, Schema

from accounts.api_auth import StaffTokenAuth
from cases.api.common import STAFF_ERRORS, answers_errors
from cases.search.actions import do_search_reports
from cases.search.queries import LIMIT_MAX, SearchFilters
from core.apierrors import errors
from core.replicas import reads_from_replica
from intake.api.schemas import CategorySlug

router = Router(tags=["staff"], auth=StaffTokenAuth())


class SearchIn(Schema):
    q: str = Field(min_length=1, max_length=200)
    category: CategorySlug | None = None
    region: str | None = None
    channel: str | None = None
    status: str | None = None
    from_: date | None = Field(None, alias="from")
    to: date | None = None
    offset: int = Field(0, ge=0, le=100_000)
    limit: int = Field(20, ge=1, le=LIMIT_MAX)


class SearchResultOut(Schema):
    report: uuid.UUID
    received_at: datetime
    category: str
    region: str | None
    case: str | None
    snippet: str


class SearchOut(Schema):
    total: int
    results: list[SearchResultOut]


@router.post(
    "/search",
    response={200: SearchOut, **STAFF_ERRORS, **errors(413)},
    summary="Keyword search over report text",
)
@answers_errors
@reads_from_replica
def search(request, payload: SearchIn):
    filters = SearchFilters(
        q=payload.q,
        category=payload.category,
        region=payload.region,
        channel=payload.channel,
        status=payload.status,
        date_from=payload.from_,
        date_to=payload.to,
        offset=payload.offset,
        limit=payload.limit,
    )
    total, results = do_search_reports(request.user, filters)
    return {"total": total, "results": results}
