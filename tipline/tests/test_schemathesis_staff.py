"""Schemathesis against the staff API, each operation called with a real token of a persona
whose roles allow it, on a real report and a real case of the persona's unit."""

import pytest

from cases.tests.helpers import accept, submit
from tipline.test import api_token_for
from tipline.testing.contract import (
    CHECKS,
    bounded,
    operations_of,
    real_half_the_time,
)
from tipline.testing.markers import postgres_only

pytestmark = [*postgres_only, pytest.mark.usefixtures("quick_passwords")]

# The persona (tipline/test.py) whose token calls each operation; analyst_a for the others.
PERSONAS = {
    "GET /api/v1/staff/queue": "intake_officer",
    "POST /api/v1/staff/reports/{report_id}/triage": "intake_officer",
}


@pytest.fixture
def unit_a_work(analyst_a, category, store):
    """(a report waiting for triage, the number of a case holding another report)."""
    waiting = submit()
    case = accept(submit(), analyst_a)
    return waiting.id, case.number


@pytest.fixture
def token_for(request):
    """operation label -> a bearer token of the persona for it (one token per test)."""
    tokens: dict[str, str] = {}

    def token(label: str) -> str:
        persona = PERSONAS.get(label, "analyst_a")
        if persona not in tokens:
            tokens[persona] = api_token_for(request.getfixturevalue(persona))
        return tokens[persona]

    return token


@operations_of("staff").parametrize()
@bounded
def test_the_staff_api_keeps_its_promises(case, token_for, unit_a_work, keep_connection):
    report_id, case_number = unit_a_work
    real_half_the_time(case, "report_id", report_id)
    real_half_the_time(case, "number", case_number)
    token = token_for(case.operation.label)
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {token}"})
