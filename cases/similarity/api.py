"""Staff API (mounted at /api/v1/staff): a report's near-duplicates."""

import uuid

from ninja import Router, Schema

from accounts.api_auth import StaffTokenAuth
from cases import access
from cases.api.common import STAFF_OBJECT_ERRORS, answers_errors
from cases.similarity.queries import case_of, similar_for
from core.replicas import reads_from_replica

router = Router(tags=["staff"], auth=StaffTokenAuth())


class SimilarOut(Schema):
    report: uuid.UUID
    similarity: float
    case: str | None


@router.get(
    "/reports/{report_id}/similar",
    response={200: list[SimilarOut], **STAFF_OBJECT_ERRORS},
    summary="Possibly the same matter: near-duplicates the user may see, most similar first",
)
@answers_errors
@reads_from_replica
def similar(request, report_id: str):
    report = access.report_for(request.user, access.uuid_or_404(report_id))
    return [
        {
            "report": pair.other_id,
            "similarity": round(pair.similarity, 3),
            "case": case.number if (case := case_of(pair.other)) else None,
        }
        for pair in similar_for(request.user, report)
    ]
