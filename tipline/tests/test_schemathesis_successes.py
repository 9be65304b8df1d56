"""The successful answers that generated requests seldom reach (a report filed, a voicemail
with real audio, a proposal on a closed case, a certificate), made on purpose and checked
against the schema with the same checks as the generated runs."""

import json
import uuid

import pytest

import tipline.wsgi
from cases.tests.helpers import accept, submit, submit_with_receipt
from intake.tests.voicemail.voicemail_calls import wav_bytes
from rewards.tests.helpers import ALL_MET, approved, closed_case, propose, tier
from tipline.test import api_token_for
from tipline.testing.builders import png_bytes
from tipline.testing.contract import (
    CHECKS,
    signing,
    whole_api,
)
from tipline.testing.markers import postgres_only

pytestmark = [*postgres_only, pytest.mark.usefixtures("quick_passwords", "keep_connection")]
JSON = "application/json"
REPORT = {"category": "espionage", "answers": {"what": "a drone over the naval base"}}


def call(path: str, method: str, *, expect: int, app=None, **case):
    response = (
        whole_api[path][method]
        .Case(**case)
        .call_and_validate(checks=CHECKS, **({"app": app} if app else {}))
    )
    assert response.status_code == expect, response.text
    return response


def test_a_report_filed_as_json_or_multipart_matches_the_schema(category, store):
    call("/api/v1/reports", "POST", expect=201, body=REPORT, media_type=JSON)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    call("/api/v1/reports", "POST", expect=201, body=REPORT, headers=key, media_type=JSON)
    form = {"report": json.dumps(REPORT), "attachments": [png_bytes()]}
    call("/api/v1/reports", "POST", expect=201, body=form, media_type="multipart/form-data")


def test_a_reporter_naming_themselves_matches_the_schema(category, store):
    reporter = {"X-Receipt": submit_with_receipt()[1]}
    body = {"contact": {"name": "张三", "phone": "13800000000"}}
    call("/api/v1/followup/identity", "POST", expect=204, body=body, headers=reporter)


def test_a_signed_voicemail_with_audio_matches_the_schema(category, store, settings):
    settings.VOICEMAIL_SECRET = "voicemail-secret"  # noqa: S105 - test fixture
    gateway = signing(tipline.wsgi.application, settings.VOICEMAIL_SECRET)
    body = {"recording": wav_bytes(), "category": "espionage", "transcript": "a drone"}
    call("/api/v1/channels/voicemail", "POST", expect=201, app=gateway, body=body)


def test_casework_and_a_proposal_match_the_schema(analyst_a, category, store):
    staff = {"Authorization": f"Bearer {api_token_for(analyst_a)}"}
    nominee = submit()
    waiting, case = submit(), accept(nominee, analyst_a)
    triage = {"decision": "new_case", "priority": 2}
    call(
        "/api/v1/staff/reports/{report_id}/triage",
        "POST",
        expect=200,
        path_parameters={"report_id": str(waiting.id)},
        body=triage,
        headers=staff,
    )
    number = {"number": case.number}
    message = {"body": "Thank you; can you say when you saw it?"}
    call(
        "/api/v1/staff/cases/{number}/messages",
        "POST",
        expect=201,
        path_parameters=number,
        body=message,
        headers=staff,
    )
    closing = {"status": "closed", "outcome": "substantiated"}
    call(
        "/api/v1/staff/cases/{number}/status",
        "POST",
        expect=200,
        path_parameters=number,
        body=closing,
        headers=staff,
    )
    # The tier the proposal names, made here: a transactional test earlier in the same worker
    # may have flushed the rows the migration seeds.
    tier("tier-1")
    proposal = {
        "case": case.number,
        "tier": "tier-1",
        "amount": "800",
        "reports": [{"report": str(nominee.id)}],
        "checklist": ALL_MET,
        "justification": "The lead named the car and the hour.",
    }
    call("/api/v1/staff/rewards", "POST", expect=201, body=proposal, headers=staff)


def test_claiming_and_a_certificate_match_the_schema(analyst_a, reward_officer_a, store):
    case, reports, receipt = closed_case(analyst_a, receipt=True)
    money = approved(propose(case, analyst_a, reports), reward_officer_a).shares.get()
    reporter = {"X-Receipt": receipt}
    call(
        "/api/v1/followup/rewards/{reward_id}/claim",
        "POST",
        expect=200,
        path_parameters={"reward_id": str(money.id)},
        body={"method": "in_person"},
        headers=reporter,
    )
    case, reports, receipt = closed_case(analyst_a, receipt=True)
    honour = propose(case, analyst_a, reports, amount=None, code="certificate")
    honour = approved(honour, reward_officer_a).shares.get()
    call(
        "/api/v1/followup/rewards/{reward_id}/claim",
        "POST",
        expect=200,
        path_parameters={"reward_id": str(honour.id)},
        body={"method": "commendation"},
        headers={"X-Receipt": receipt},
    )
    call(
        "/api/v1/followup/certificates/{reward_id}",
        "GET",
        expect=200,
        path_parameters={"reward_id": str(honour.id)},
        query={"lang": "en"},
        headers={"X-Receipt": receipt},
    )
