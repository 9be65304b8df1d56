"""Schemathesis against the whole API, one test module per surface (tipline/tests/
test_schemathesis_*.py): generated requests, valid and not, never get a 5xx and every answer
(status, content type, body) is one the OpenAPI document promises.

Every operation belongs to exactly one surface (`surface_of`), and a plain test checks that none
is left out. Calls go straight to the WSGI app in the test's transaction, with real credentials:
a receipt, a staff token, a partner key, a voicemail signature made per request.
"""

import hashlib
import hmac
import io
import os
import time
from collections.abc import Callable

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import tipline.wsgi

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Per operation, in the fuzzing phase; the examples and coverage phases add their own cases.
# Small, so that every surface together stays within the test suite's time budget; raise it
# for a thorough run, e.g. TIPLINE_SCHEMATHESIS_EXAMPLES=500.
EXAMPLES = int(os.environ.get("TIPLINE_SCHEMATHESIS_EXAMPLES", "12"))
bounded = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

# Fetched through the WSGI app at collection: building the schema needs no database.
whole_api = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", tipline.wsgi.application)


def surface_of(path: str, tags: list[str]) -> str:
    """Which credentials an operation is called with: each surface has its test module."""
    if "telephony" in tags:
        return "voicemail"
    if "staff" in tags:
        return "staff"
    if path.startswith("/api/v1/followup"):
        return "followup"
    return "public"


def partner_facing(path: str) -> bool:
    """Routes a partner app calls with its key (intake/partners/keys.py): submission and
    follow-up, tested again with a real key."""
    return path == "/api/v1/reports" or path.startswith("/api/v1/followup")


def operations_of(surface: str):
    return whole_api.include(
        lambda ctx: surface_of(ctx.operation.path, ctx.operation.tags or []) == surface
    )


partner_operations = whole_api.include(lambda ctx: partner_facing(ctx.operation.path))


def with_header(case, name: str, value: str) -> None:
    """Send `value` as header `name`, replacing what was generated. A header the case leaves out
    on purpose (schemathesis checks that a missing required header is answered) stays out."""
    generated = case.headers or {}
    if name in generated or not _required_header(case, name):
        case.headers = {**generated, name: value}


def _required_header(case, name: str) -> bool:
    parameters = case.operation.definition.raw.get("parameters", [])
    return any(p.get("name") == name and p.get("required") for p in parameters)


def signing(app, secret: str) -> Callable:
    """The WSGI app behind a telephony system that signs each request it passes on, as
    intake/voicemail/api.py checks: hex HMAC-SHA256(secret, timestamp + "." + raw body)."""

    def signed_app(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        stamp = str(int(time.time()))
        mac = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256)
        environ["HTTP_X_TIPLINE_TIMESTAMP"] = stamp
        environ["HTTP_X_TIPLINE_SIGNATURE"] = mac.hexdigest()
        environ["wsgi.input"] = io.BytesIO(body)  # read again by Django
        return app(environ, start_response)

    return signed_app


def real_half_the_time(case, name: str, real) -> None:
    """Put a real object's id in path parameter `name` for about half the cases (those whose
    generated value starts with 0-7 or is empty), so that both the object's answers and the 404
    of one that does not exist are exercised."""
    generated = (case.path_parameters or {}).get(name)
    if generated is None:
        return
    if str(generated)[:1] in "01234567":
        case.path_parameters = {**case.path_parameters, name: str(real)}
