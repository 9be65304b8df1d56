"""Schemathesis against the voicemail gateway, each generated request signed with the shared
secret as the agency's telephony system signs it."""

import io

import pytest
from django.core.management import call_command

import tipline.wsgi
from tipline.testing.contract import CHECKS, bounded, operations_of, signing
from tipline.testing.markers import postgres_only

pytestmark = [*postgres_only]
SECRET = "voicemail-secret-for-schemathesis"  # noqa: S105 - test fixture


@pytest.fixture
def gateway(db, settings, store):
    settings.VOICEMAIL_SECRET = SECRET
    call_command("load_demo_data", stdout=io.StringIO())
    return signing(tipline.wsgi.application, SECRET)


@operations_of("voicemail").parametrize()
@bounded
def test_the_voicemail_gateway_keeps_its_promises(case, gateway, keep_connection):
    case.call_and_validate(checks=CHECKS, app=gateway)
