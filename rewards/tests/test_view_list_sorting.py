"""The rewards console's lists sort from a whitelist, as the case lists do."""

import pytest

from cases.models import RoutingRule
from cases.tests.helpers import submit, submit_with_receipt
from rewards.actions.protection import do_acknowledge_protection, do_request_protection
from tipline.test import login_staff

from .helpers import closed_case, propose

pytestmark = pytest.mark.django_db


def test_the_award_list_sorts_by_amount_and_age(client, reward_officer_a, analyst_a):
    awards = []
    for amount in ("9000", "500"):
        case, reports, _ = closed_case(analyst_a, reports=[submit()])
        awards.append(propose(case, analyst_a, reports, amount=amount))
    big, small = awards
    login_staff(client, reward_officer_a)

    def order(**query):
        return [award.pk for award in client.get("/staff/rewards/", query).context["page"]]

    assert order() == [small.pk, big.pk]  # newest first
    assert order(sort="amount") == [small.pk, big.pk]
    assert order(sort="-amount") == [big.pk, small.pk]
    assert order(sort="-age") == [big.pk, small.pk]
    assert order(sort="justification_sealed") == [small.pk, big.pk]
    page = client.get("/staff/rewards/", {"sort": "-amount"}).content.decode()
    assert 'aria-sort="descending"><a href="?sort=amount">' in page


def test_the_protection_list_puts_waiting_requests_first(client, unit_a, supervisor):
    RoutingRule.objects.create(region_id="110000", unit=unit_a)
    report, _receipt = submit_with_receipt()
    done = do_request_protection(report, kind="protection", body="followed home")
    do_acknowledge_protection(done, actor=supervisor)
    waiting = do_request_protection(report, kind="retaliation", body="car vandalised")
    login_staff(client, supervisor)

    def order(**query):
        return [
            item.pk for item in client.get("/staff/rewards/protection/", query).context["requests"]
        ]

    assert order() == [waiting.pk, done.pk]
    assert order(sort="age") == [waiting.pk, done.pk]
    assert order(sort="-age") == [done.pk, waiting.pk]
    assert order(sort="-deadline") == [done.pk, waiting.pk]
    assert order(sort="unit") == [waiting.pk, done.pk]
