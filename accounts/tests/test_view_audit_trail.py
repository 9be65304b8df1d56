from datetime import timedelta

import pytest
from django.utils import timezone

from audit.actions import record
from audit.models import AuditEvent
from tipline.test import login_staff

pytestmark = pytest.mark.django_db

URL = "/staff/audit/"


def test_anonymous_visitors_are_sent_to_login(client):
    assert client.get(URL)["Location"] == "/staff/login/?next=%2Fstaff%2Faudit%2F"


@pytest.mark.parametrize(
    "persona", ["intake_officer", "call_taker", "analyst_a", "supervisor", "custodian"]
)
def test_staff_without_the_auditor_role_get_403(client, persona, request):
    login_staff(client, request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("persona", ["auditor", "admin_user"])
def test_auditors_and_administrators_see_every_units_events(client, persona, request, analyst_b):
    record("case.viewed", actor=analyst_b, target_type="case", target_id=7)
    login_staff(client, request.getfixturevalue(persona))
    response = client.get(URL)
    assert response.status_code == 200
    assert "user:analyst_b" in response.content.decode()


def test_it_filters_by_actor_action_and_target(client, auditor, analyst_a, analyst_b):
    record("case.viewed", actor=analyst_a, target_type="case", target_id=1)
    record("case.viewed", actor=analyst_b, target_type="case", target_id=2)
    record("report.triaged", actor=analyst_b, target_type="report", target_id=2)
    login_staff(client, auditor)

    def shown(**filters):
        events = client.get(URL, filters).context["events"]
        return [(e.actor_label, e.action, e.target_id) for e in events]

    assert shown(actor="analyst_a", action="case.") == [("user:analyst_a", "case.viewed", "1")]
    assert shown(target_type="report") == [("user:analyst_b", "report.triaged", "2")]
    assert shown(target_type="case", target_id="2") == [("user:analyst_b", "case.viewed", "2")]
    assert shown(actor="system", action="case.") == []


def test_it_filters_by_date(client, auditor):
    old = record("case.viewed", actor="system")
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=10))
    record("case.closed", actor="system")
    login_staff(client, auditor)
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    actions = [e.action for e in client.get(URL, {"since": since}).context["events"]]
    assert "case.closed" in actions
    assert "case.viewed" not in actions


def test_a_bad_filter_is_a_form_error_not_a_crash(client, auditor):
    login_staff(client, auditor)
    response = client.get(URL, {"since": "yesterday", "page": "-3"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_it_pages_fifty_at_a_time_newest_first(client, auditor):
    for i in range(120):
        record("test.event", actor="system", target_id=i)
    login_staff(client, auditor)
    first = client.get(URL, {"action": "test."})
    assert [e.target_id for e in first.context["events"]][:2] == ["119", "118"]
    assert len(first.context["events"]) == 50
    assert first.context["has_next"]
    last = client.get(URL, {"action": "test.", "page": 3}).context
    assert len(last["events"]) == 20
    assert not last["has_next"]


def test_the_query_count_does_not_grow_with_the_trail(client, auditor, django_assert_num_queries):
    login_staff(client, auditor)
    for i in range(60):
        record("test.event", actor=auditor, target_id=i)
    # session, user, device, roles, events, unit (header), session save in a savepoint
    with django_assert_num_queries(9):
        assert client.get(URL).status_code == 200
