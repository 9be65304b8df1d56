"""Schemathesis against the public, anonymous operations: categories, regions, submission and
liveness (tipline/testing/contract.py says how every surface is run)."""

import io

import pytest
from django.core.management import call_command

from tipline.testing.contract import CHECKS, bounded, operations_of
from tipline.testing.markers import postgres_only

pytestmark = [*postgres_only]


@pytest.fixture
def demo_data(db):
    """The regions and questionnaires a real deployment starts with."""
    call_command("load_demo_data", stdout=io.StringIO())


@operations_of("public").parametrize()
@bounded
def test_the_public_api_keeps_its_promises(case, demo_data, keep_connection):
    case.call_and_validate(checks=CHECKS)
