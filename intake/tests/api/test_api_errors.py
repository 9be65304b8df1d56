"""Every error the API gives has our shape, {"detail": ...}, whoever raised it."""

import json

import pytest
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.test import RequestFactory
from ninja.errors import HttpError, Throttled, ValidationError

from tipline.api import api, bad_request, http_error, validation_error

pytestmark = pytest.mark.django_db


def _request():
    return RequestFactory().get("/api/v1/anything")


def test_ninja_validation_errors_become_detail_and_errors():
    exc = ValidationError(
        [
            {"loc": ("body", "payload", "category"), "msg": "Field required", "type": "missing"},
            {"loc": ("query", "page"), "msg": "Input should be an integer", "type": "int"},
        ]
    )
    response = validation_error(_request(), exc)
    assert response.status_code == 422
    body = json.loads(response.content)
    assert isinstance(body["detail"], str)
    assert body["errors"] == {
        "body.payload.category": "Field required",
        "query.page": "Input should be an integer",
    }


def test_http_errors_keep_their_status_and_message():
    response = http_error(_request(), HttpError(404, "No such thing."))
    assert response.status_code == 404
    assert json.loads(response.content) == {"detail": "No such thing."}


def test_ninja_throttling_gets_a_retry_after():
    response = http_error(_request(), Throttled(wait=2.5))
    assert response.status_code == 429
    assert response["Retry-After"] == "3"


def test_the_handlers_are_registered_on_the_api():
    assert api._lookup_exception_handler(ValidationError([])) is not None
    assert api._lookup_exception_handler(HttpError(400, "x")).__name__ == "http_error"


def test_unreadable_bodies_get_400_and_oversized_413():
    too_big = bad_request(_request(), RequestDataTooBig("big"))
    assert too_big.status_code == 413
    for exc in (SuspiciousOperation("odd"), MultiPartParserError("broken")):
        response = bad_request(_request(), exc)
        assert response.status_code == 400
        assert set(json.loads(response.content)) == {"detail"}


def test_wrong_methods_are_405_not_500(client):
    assert client.put("/api/v1/reports").status_code == 405
    assert client.delete("/api/v1/followup").status_code == 405
