"""Schemathesis against the public API: generated requests, valid and not, never get a 5xx and
every answer matches what the OpenAPI document promises."""

import io

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import tipline.wsgi
from tipline.testing.markers import postgres_only

pytestmark = [*postgres_only]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def demo_data(db):
    """The regions and questionnaires a real deployment starts with."""
    call_command("load_demo_data", stdout=io.StringIO())


@pytest.fixture
def keep_connection():
    """Calls go straight to the WSGI app, whose request signals would close the connection that
    holds the test's transaction; Django's own test client unhooks them the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# Fetched through the WSGI app at collection: building the schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", tipline.wsgi.application).include(
    tag="reporting"
)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_public_api_keeps_its_promises(case, demo_data, keep_connection):
    case.call_and_validate(checks=CHECKS)
