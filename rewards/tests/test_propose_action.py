from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from cases import vault as case_vault
from cases.actions.triage import do_triage_report
from cases.errors import ActionError
from cases.models import CaseReport
from cases.tests.helpers import submit
from intake.models import Report
from rewards import vault
from rewards.actions.claims import do_decline_share
from rewards.actions.proposals import Nominee
from rewards.models import AwardStatus, Share, ShareStatus

from .helpers import ALL_MET, approved, closed_case, propose

pytestmark = pytest.mark.django_db


def test_an_analyst_proposes_an_award_on_a_substantiated_case(analyst_a):
    case, reports, _ = closed_case(analyst_a)
    award = propose(case, analyst_a, reports)
    assert award.status == AwardStatus.PROPOSED
    assert award.amount == Decimal("5000")
    assert award.currency == "CNY"
    share = award.shares.get()
    assert share.report == reports[0]
    assert share.first_reporter
    assert share.status == ShareStatus.PENDING
    event = AuditEvent.objects.get(action="reward.propose")
    assert event.target_id == str(award.id)
    assert event.details["tier"] == "tier-1"


def test_the_justification_is_sealed_with_the_case_key(analyst_a):
    case, reports, _ = closed_case(analyst_a)
    award = propose(case, analyst_a, reports, justification="named the courier")
    assert b"courier" not in bytes(award.justification_sealed)
    key = case_vault.case_key(case)
    opened = vault.open_for_case(
        key, case.number, award.id, "justification", award.justification_sealed
    )
    assert opened == "named the courier"
    assert "courier" not in str(AuditEvent.objects.get(action="reward.propose").details)


@pytest.mark.parametrize("outcome", ["unsubstantiated", "false", "malicious", "out_of_scope"])
def test_only_a_substantiated_case_can_lead_to_an_award(analyst_a, outcome):
    case, reports, _ = closed_case(analyst_a, outcome=outcome)
    with pytest.raises(ActionError):
        propose(case, analyst_a, reports)
    assert not Share.objects.exists()


def test_a_report_triaged_false_can_never_be_proposed(analyst_a):
    good, bad = submit(), submit()
    do_triage_report(
        bad,
        actor=analyst_a,
        category=bad.category,
        region=bad.region,
        priority=3,
        decision="false",
        reason="invented to harm a neighbour",
    )
    bad.refresh_from_db()
    case, _reports, _ = closed_case(analyst_a, reports=[good])
    with pytest.raises(ActionError):
        propose(case, analyst_a, [bad])
    # Even linked to the case, and with its flags somehow cleared, the triage decision bars it.
    CaseReport.objects.create(case=case, report=bad)
    with pytest.raises(ActionError, match="false or malicious"):
        propose(case, analyst_a, [bad])
    Report.objects.filter(pk=bad.pk).update(reward_barred=False, triage_state="accepted")
    bad.refresh_from_db()
    with pytest.raises(ActionError, match="false or malicious"):
        propose(case, analyst_a, [bad])
    assert not Share.objects.exists()


def test_a_report_flagged_reward_barred_can_never_be_proposed(analyst_a):
    case, reports, _ = closed_case(analyst_a)
    reports[0].reward_barred = True
    reports[0].save(update_fields=["reward_barred"])
    with pytest.raises(ActionError, match="false or malicious"):
        propose(case, analyst_a, reports)


def test_staff_or_line_of_duty_reporters_are_excluded(analyst_a):
    case, reports, _ = closed_case(analyst_a)
    with pytest.raises(ActionError, match="line of duty"):
        propose(case, analyst_a, reports, nominees=[Nominee(reports[0], staff_or_duty=True)])


def test_a_reporter_who_declined_is_excluded(analyst_a, reward_officer):
    case, reports, _ = closed_case(analyst_a)
    award = approved(propose(case, analyst_a, reports), reward_officer)
    do_decline_share(award.shares.get(), report=reports[0])
    with pytest.raises(ActionError, match="declined"):
        propose(case, analyst_a, reports)


def test_every_point_of_the_checklist_must_be_met(analyst_a):
    case, reports, _ = closed_case(analyst_a)
    for missing in ALL_MET:
        with pytest.raises(ActionError, match="checklist"):
            propose(case, analyst_a, reports, checklist=ALL_MET | {missing: False})


def test_the_amount_must_fit_the_tier(analyst_a):
    case, reports, _ = closed_case(analyst_a)
    with pytest.raises(ActionError, match="range"):
        propose(case, analyst_a, reports, amount="20000")
    with pytest.raises(ActionError, match="range"):
        propose(case, analyst_a, reports, amount=None)


def test_a_commendation_has_no_amount(analyst_a):
    case, reports, _ = closed_case(analyst_a)
    award = propose(case, analyst_a, reports, amount=None, code="certificate")
    assert award.amount is None
    assert award.shares.get().amount is None


def test_a_split_shows_the_first_reporter_and_needs_a_reason(analyst_a):
    first, second = submit(), submit()
    case, reports, _ = closed_case(analyst_a, reports=[first, second])
    nominees = [Nominee(second, Decimal("2000")), Nominee(first, Decimal("3000"))]
    with pytest.raises(ActionError, match="split"):
        propose(case, analyst_a, reports, nominees=nominees)
    award = propose(case, analyst_a, reports, nominees=nominees, split_reason="first was fuller")
    shares = {s.report_id: s for s in award.shares.all()}
    assert shares[first.pk].first_reporter
    assert not shares[second.pk].first_reporter
    assert shares[first.pk].amount == Decimal("3000")


def test_split_parts_must_add_up(analyst_a):
    first, second = submit(), submit()
    case, reports, _ = closed_case(analyst_a, reports=[first, second])
    nominees = [Nominee(first, Decimal("2000")), Nominee(second, Decimal("2000"))]
    with pytest.raises(ActionError, match="add up"):
        propose(case, analyst_a, reports, nominees=nominees, split_reason="equal")


def test_a_reporter_has_one_award_under_way_at_a_time(analyst_a):
    case, reports, _ = closed_case(analyst_a)
    propose(case, analyst_a, reports)
    with pytest.raises(ActionError, match="under way"):
        propose(case, analyst_a, reports)


def test_only_analysts_of_the_case_unit_propose(analyst_a, analyst_b, reward_officer, supervisor):
    case, reports, _ = closed_case(analyst_a)
    for user in (analyst_b, reward_officer, supervisor):
        with pytest.raises(PermissionDenied):
            propose(case, user, reports)
