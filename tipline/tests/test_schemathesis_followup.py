"""Schemathesis against reporter follow-up (intake's and rewards'), with the receipt of a real
report whose case was closed with a reward offered to its reporter."""

import pytest

from rewards.tests.helpers import approved, closed_case, propose
from tipline.testing.contract import (
    CHECKS,
    bounded,
    operations_of,
    real_half_the_time,
    with_header,
)
from tipline.testing.markers import postgres_only

pytestmark = [*postgres_only, pytest.mark.usefixtures("quick_passwords")]


@pytest.fixture
def reporter(analyst_a, reward_officer_a, store):
    """(receipt, id of the reward offered to its reporter)."""
    case, reports, receipt = closed_case(analyst_a, receipt=True)
    award = approved(propose(case, analyst_a, reports), reward_officer_a)
    return receipt, award.shares.get().id


@operations_of("followup").parametrize()
@bounded
def test_follow_up_keeps_its_promises(case, reporter, keep_connection):
    receipt, reward_id = reporter
    with_header(case, "X-Receipt", receipt)
    real_half_the_time(case, "reward_id", reward_id)
    case.call_and_validate(checks=CHECKS)
