"""The HTTP API: one NinjaAPI, each app mounting its router. Secure by default: routes need a
staff login unless their router marks them public (the reporter and partner routes)."""

import math

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.http import UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from accounts.api import router as accounts_router
from cases.api import router as cases_router
from cases.search.api import router as search_router
from cases.similarity.api import router as similarity_router
from core.apierrors import describe_errors, errors
from intake.api.followup import router as followup_router
from intake.api.reports import router as intake_router
from intake.voicemail.api import router as channels_router
from rewards.api import router as rewards_router
from rewards.api_followup import router as rewards_followup_router


class TiplineAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """ninja's schema, with what each error status means (core/apierrors.py)."""
        return describe_errors(super().get_openapi_schema(**kwargs))


api = TiplineAPI(
    title="Tipline API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", intake_router)
api.add_router("/", followup_router)
api.add_router("/channels", channels_router)
api.add_router("/", accounts_router)
api.add_router("/staff", cases_router)
api.add_router("/staff/rewards", rewards_router)
api.add_router("/", rewards_followup_router)
api.add_router("/staff", similarity_router)
api.add_router("/staff", search_router)


@api.get(
    "/health",
    auth=None,
    response={200: dict[str, bool], **errors(400)},
    tags=["operations"],
    summary="Liveness (no database access)",
)
def health(request):
    return {"ok": True}


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    response = api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
    if retry_after := getattr(exc, "retry_after", None) or getattr(exc, "wait", None):
        response["Retry-After"] = str(max(1, math.ceil(retry_after)))
    return response


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """ninja's own validation errors in our shape: {"detail", "errors": {"body.field": msg}}."""
    errors = {}
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ())) or "request"
        errors.setdefault(where, str(error.get("msg", "Invalid value.")))
    body = {"detail": _("The request has errors."), "errors": errors}
    return api.create_response(request, body, status=422)


def bad_request(request, exc: Exception):
    """A body Django could not read (too big, broken multipart, dropped connection): the
    client's fault, so a 4xx in our shape rather than Django's HTML page or a 500."""
    if isinstance(exc, RequestDataTooBig):
        return api.create_response(request, {"detail": _("The request is too large.")}, status=413)
    return api.create_response(request, {"detail": _("The request could not be read.")}, status=400)


for _unreadable in (SuspiciousOperation, BadRequest, MultiPartParserError, UnreadablePostError):
    api.add_exception_handler(_unreadable, bad_request)
