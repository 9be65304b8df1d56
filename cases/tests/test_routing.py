import pytest

from audit.models import AuditEvent
from cases.actions.routing import do_route_report
from cases.models import RoutingRule
from cases.tasks import route_unrouted
from intake.models import Report
from tipline.testing.builders import category, region

from .helpers import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def haidian(unit_a):
    return region("110108", parent="110000", level=3)


def route(report):
    return RoutingRule.objects.destination(report)


def test_it_routes_to_the_unit_bound_to_the_region(unit_a, unit_b):
    assert route(submit(region_code="310000", routed=False)) == unit_b


def test_it_routes_a_city_report_to_the_unit_of_its_province(unit_a, haidian):
    assert route(submit(region_code=haidian.code, routed=False)) == unit_a


def test_it_routes_to_national_hq_when_nothing_matches(unit_hq, unit_a):
    assert route(submit(region_code=None, routed=False)) == unit_hq


def test_a_region_rule_beats_a_category_rule(unit_hq, unit_a, unit_b):
    cat = category()
    RoutingRule.objects.create(category=cat, unit=unit_a)
    RoutingRule.objects.create(region_id="310000", unit=unit_b)
    assert route(submit(cat, region_code="310000", routed=False)) == unit_b


def test_a_category_and_region_rule_beats_a_region_rule(unit_hq, unit_a, unit_b):
    cat = category()
    RoutingRule.objects.create(region_id="110000", unit=unit_a)
    RoutingRule.objects.create(category=cat, region_id="110000", unit=unit_hq)
    assert route(submit(cat, region_code="110000", routed=False)) == unit_hq


def test_a_province_rule_catches_a_city_report(unit_hq, unit_b, haidian):
    RoutingRule.objects.create(region_id="110000", unit=unit_b)
    assert route(submit(region_code=haidian.code, routed=False)) == unit_b


def test_a_nearer_region_rule_beats_a_farther_one(unit_hq, unit_a, unit_b, haidian):
    RoutingRule.objects.create(region_id="110000", unit=unit_b)
    RoutingRule.objects.create(region_id=haidian.code, unit=unit_hq)
    assert route(submit(region_code=haidian.code, routed=False)) == unit_hq


def test_a_category_rule_catches_any_region(unit_hq, unit_b):
    cat = category()
    RoutingRule.objects.create(category=cat, unit=unit_b)
    assert route(submit(cat, region_code=None, routed=False)) == unit_b


def test_an_inactive_rule_is_ignored(unit_hq, unit_a, unit_b):
    RoutingRule.objects.create(region_id="110000", unit=unit_b, active=False)
    assert route(submit(region_code="110000", routed=False)) == unit_a


def test_routing_stamps_deadlines_from_the_category(unit_a):
    report = submit()
    assert report.unit == unit_a
    assert report.ack_due_at - report.created_at == report.category.ack_within
    assert report.triage_due_at - report.created_at == report.category.triage_within
    assert report.feedback_due_at - report.created_at == report.category.feedback_within
    assert AuditEvent.objects.filter(action="report.route", target_id=str(report.id)).exists()


def test_routing_twice_does_nothing_the_second_time(unit_a):
    report = submit()
    assert do_route_report(report.id) is None
    assert AuditEvent.objects.filter(action="report.route").count() == 1


def test_auto_acknowledgement_is_sent_when_the_category_asks(unit_a):
    report = submit(category("sabotage", auto_acknowledge=True), language="en")
    assert report.acknowledged_at is not None
    message = report.messages.get()
    assert message.author == "agency"


def test_no_acknowledgement_is_sent_otherwise(unit_a):
    report = submit()
    assert report.acknowledged_at is None
    assert not report.messages.exists()


def test_the_sweep_routes_every_new_report(unit_a, unit_b):
    first = submit(routed=False)
    second = submit(region_code="310000", routed=False)
    assert route_unrouted() == 2
    assert Report.objects.get(pk=first.pk).unit == unit_a
    assert Report.objects.get(pk=second.pk).unit == unit_b
    assert route_unrouted() == 0


def test_the_sweep_goes_on_until_no_report_is_left(unit_a, monkeypatch):
    monkeypatch.setattr("cases.tasks.SWEEP_BATCH", 2)
    for _ in range(5):
        submit(routed=False)
    assert route_unrouted() == 5
    assert not Report.objects.filter(unit__isnull=True).exists()
