"""What every staff API module shares: the router settings, the error shape, message output."""

import uuid
from datetime import datetime
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from accounts.api_auth import StaffTokenAuth
from cases.errors import ActionError
from core.apierrors import errors


def staff_router() -> Router:
    """A router for one resource: staff token required, listed under "staff" in the docs."""
    return Router(tags=["staff"], auth=StaffTokenAuth())


# What a staff route can answer besides success: an unreadable request (400), no valid token
# (401), a role that does not allow it (403), bad parameters (422), the database down (503);
# routes that look an object up add 404, routes with a body 413.
STAFF_ERRORS = errors(400, 401, 403, 422, 503)
STAFF_OBJECT_ERRORS = errors(400, 401, 403, 404, 422, 503)
STAFF_WRITE_ERRORS = errors(400, 401, 403, 404, 413, 422, 503)


def error_response(status: int, detail: str, errors: dict | None = None) -> JsonResponse:
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
            return error_response(403, _("Your roles do not allow this."))
        except ActionError as exc:
            return error_response(422, _("The request has errors."), {exc.field: str(exc.message)})

    return wrapper


class MessageOut(Schema):
    author: str
    body: str
    sent_at: datetime
    report: uuid.UUID
