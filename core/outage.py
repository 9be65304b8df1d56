"""A database (or attachment store) that is down is a 503 with Retry-After, never a 500.

Django's 500 handler runs inside the `except` that caught the error, wherever it was raised (a
view, the session middleware saving, ninja re-raising), so this one handler sees every database
outage on both the site and the API chain. Clients that retry after Retry-After lose nothing: a
receipt is only ever shown after its report committed.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.template.response import SimpleTemplateResponse
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5


class Unavailable(Exception):
    """Raised by a store the request needs (e.g. the attachment store) when it cannot be used:
    answered like a database outage, 503 with Retry-After, nothing half-written."""


def database_down() -> bool:
    return isinstance(sys.exc_info()[1], OperationalError | InterfaceError | Unavailable)


def server_error(request):
    """handler500: 503 + Retry-After while the database is unreachable, else the 500 page."""
    api = request.path.startswith("/api/")
    if database_down():
        if api:
            body = {"detail": _("The service is briefly unavailable; try again shortly.")}
            response = JsonResponse(body, status=503)
        else:
            response = _page("503.html", 503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if api:
        return JsonResponse({"detail": _("Something went wrong on our side.")}, status=500)
    return _page("500.html", 500)


def _page(template: str, status: int):
    # No RequestContext: the context processors and session may need the database that failed.
    response = SimpleTemplateResponse(template, {"request": None}, status=status)
    return response.render()
