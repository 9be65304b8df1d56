"""What every public API endpoint shares: reading JSON or multipart bodies, and error answers in
one shape (`{"detail", "errors"}`)."""

import json
from typing import Any

from django.core.exceptions import TooManyFilesSent
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from intake.questionnaire import ValidationFailed
from intake.submission import too_many_files_message


def error_response(status: int, detail: str, errors: dict | None = None) -> JsonResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors is not None:
        body["errors"] = {safe_text(k): safe_text(v) for k, v in errors.items()}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def safe_text(text: object) -> str:
    """Error texts can quote a file name; keep them encodable whatever the client sent."""
    return str(text).encode("utf-8", "replace").decode("utf-8")


def is_multipart(request: HttpRequest) -> bool:
    return (request.content_type or "").lower() == "multipart/form-data"


def json_object(raw: bytes | str) -> dict:
    try:
        payload = json.loads(raw)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise HttpError(400, _("The body is not valid JSON.")) from None
    if not isinstance(payload, dict):
        raise HttpError(400, _("The body must be a JSON object."))
    return payload


def multipart(request: HttpRequest) -> tuple[Any, list]:
    """(POST, uploads); too many files is the reporter's to fix, so 422 like the count limit."""
    try:
        return request.POST, request.FILES.getlist("attachments")
    except TooManyFilesSent:
        raise ValidationFailed({"attachments": too_many_files_message()}) from None


class RetryLater(HttpError):
    """A 429 whose Retry-After header the HttpError handler in tipline/api.py writes."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(429, message)
        self.retry_after = retry_after


class TooBusy(RetryLater):
    def __init__(self, retry_after: int):
        super().__init__(_("Too many reports right now; try again shortly."), retry_after)
