"""The HTTP API: one NinjaAPI, each app mounting its router. Secure by default: routes need a
staff login unless their router marks them public (the reporter and partner routes)."""

from ninja import NinjaAPI
from ninja.errors import HttpError

from intake.api import router as intake_router

api = NinjaAPI(
    title="Tipline API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", intake_router)


@api.get("/health", auth=None, tags=["operations"], summary="Liveness (no database access)")
def health(request):
    return {"ok": True}


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    response = api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
    if retry_after := getattr(exc, "retry_after", None):
        response["Retry-After"] = str(retry_after)
    return response
