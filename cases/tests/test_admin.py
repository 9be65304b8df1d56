import pytest

from cases.models import RoutingRule
from tipline.test import login_staff
from tipline.testing.builders import category

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_a_routing_rule(client, admin_user, unit_b):
    cat = category()
    login_staff(client, admin_user)
    assert client.get("/admin/cases/routingrule/add/").status_code == 200
    body = {"category": cat.pk, "region": "", "unit": unit_b.pk, "position": 0, "active": "on"}
    response = client.post("/admin/cases/routingrule/add/", body)
    assert response.status_code == 302, response.content
    assert RoutingRule.objects.get().unit == unit_b


def test_a_rule_matching_nothing_is_refused(client, admin_user, unit_b):
    login_staff(client, admin_user)
    body = {"category": "", "region": "", "unit": unit_b.pk, "position": 0, "active": "on"}
    response = client.post("/admin/cases/routingrule/add/", body)
    assert response.status_code == 200
    assert not RoutingRule.objects.exists()


def test_cases_are_not_in_the_admin(client, admin_user):
    login_staff(client, admin_user)
    for model in ("case", "casenote", "identityrequest", "escalation", "triagedecision"):
        assert client.get(f"/admin/cases/{model}/").status_code == 404
