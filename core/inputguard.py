"""One guard for every text that reaches the database: no NUL characters.

PostgreSQL text cannot hold U+0000, so a NUL in a path parameter, a filter or a JSON body would
otherwise surface as a database error (a 500) wherever a view forgot to check. Only scripts send
them, so the request is refused whole with 400 before any view runs: in the path, the query
string, a JSON body (raw or as the `\\u0000` escape) or an urlencoded form. Multipart bodies are
left to the views (their files may hold any byte, and the voicemail gateway must read the raw
body itself to check its signature); intake's validation refuses NUL in their text fields.
The public intake endpoints listed in INPUT_GUARD_OWN_VALIDATION check their bodies the same
way, field by field, and answer 422 naming the field, which helps a partner more than a 400.
"""

import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# `\u0000` escaped in JSON, but not `\\u0000` (an escaped backslash followed by "u0000").
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


def _json_has_nul(raw: bytes) -> bool:
    return b"\x00" in raw or bool(_JSON_NUL.search(raw))


def _any_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in query.lists())


def has_nul(request) -> bool:
    if "\x00" in request.path or _any_nul(request.GET):
        return True
    if request.path in settings.INPUT_GUARD_OWN_VALIDATION:
        return False  # validated field by field, so the caller learns which field (422)
    content_type = (request.content_type or "").lower()
    try:
        if content_type == "application/json":
            return _json_has_nul(request.body)
        if content_type == "application/x-www-form-urlencoded":
            return _any_nul(request.POST)
    except (RequestDataTooBig, ValueError):
        return False  # the view answers an unreadable or oversized body itself (400/413)
    return False


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            return refusal(request)
        return self.get_response(request)


def refusal(request):
    message = _("The request contains a NUL character, which no text here may hold.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)
