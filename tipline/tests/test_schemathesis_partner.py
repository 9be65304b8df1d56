"""Schemathesis against the routes partner apps call (submission and follow-up), with a real
partner key; follow-up with a real receipt too."""

import pytest

from cases.tests.helpers import submit_with_receipt
from intake.actions.partners import do_issue_partner_key, do_register_partner
from tipline.testing.contract import (
    CHECKS,
    bounded,
    partner_operations,
    with_header,
)
from tipline.testing.markers import postgres_only

pytestmark = [*postgres_only, pytest.mark.usefixtures("quick_passwords")]


@pytest.fixture
def partner_key(db):
    # Far above what the run sends: the partner's own limit (a 429) is tested elsewhere.
    partner = do_register_partner(
        slug="civic-app", name="Civic app", requests_per_minute=100_000, actor="system"
    )
    return do_issue_partner_key(partner, actor="system")[1]


@pytest.fixture
def receipt(category, store):
    return submit_with_receipt(category)[1]


@partner_operations.parametrize()
@bounded
def test_partner_routes_keep_their_promises(case, partner_key, receipt, keep_connection):
    with_header(case, "X-Partner-Key", partner_key)
    with_header(case, "X-Receipt", receipt)
    case.call_and_validate(checks=CHECKS)
