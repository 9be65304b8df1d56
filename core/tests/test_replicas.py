"""Reads with a replica configured (core/replicas.py, core/dbrouter.py): heavy staff reads go to
the replica, a user who just acted reads the primary (session and API token alike), writes never
leave the primary, and a dead replica sends reads back to the primary.

The "replica" here is a second, real connection to the test database: which connection served a
query is what is under test, not replication itself (bench/cluster.py runs a real standby)."""

import pytest
from django.db import connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from audit.actions import record
from cases.tests.helpers import submit
from core import dbrouter, replicas
from intake.models import Report
from tipline.test import api_token_for, login_staff
from tipline.testing.replica import dead_replica

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
    pytest.mark.usefixtures("replica_alias"),
]
ROUTERS = ["core.dbrouter.PrimaryReplicaRouter"]


@pytest.fixture(autouse=True)
def routed():
    replicas._down_since.clear()
    with override_settings(DATABASE_ROUTERS=ROUTERS):
        yield


def served_by(alias, fetch) -> int:
    with CaptureQueriesContext(connections[alias]) as queries:
        fetch()
    return len(queries)


def test_the_triage_queue_reads_from_the_replica(client, intake_officer):
    report = submit()
    login_staff(client, intake_officer)
    replica_queries = served_by("replica", lambda: client.get("/staff/triage/"))
    assert replica_queries > 0
    page = client.get("/staff/triage/").content.decode()
    assert str(report.pk)[:8] in page


def test_a_user_who_just_acted_reads_from_the_primary(client, intake_officer, analyst_a):
    submit()
    record("test.act", actor=intake_officer)
    login_staff(client, intake_officer)
    assert served_by("replica", lambda: client.get("/staff/triage/")) == 0
    login_staff(client, analyst_a)  # someone else, who has not acted, still reads the replica
    assert served_by("replica", lambda: client.get("/staff/triage/")) > 0


def test_an_api_token_user_is_pinned_by_their_own_act_too(client, intake_officer):
    submit()
    token = api_token_for(intake_officer)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert served_by("replica", lambda: client.get("/api/v1/staff/queue", **auth)) > 0
    record("test.act", actor=intake_officer)
    assert served_by("replica", lambda: client.get("/api/v1/staff/queue", **auth)) == 0


def test_the_record_of_a_heavy_read_does_not_pin_its_reader(intake_officer):
    with replicas.replica_reads(intake_officer):
        record("report.search", actor=intake_officer)
        assert replicas.read_alias() == "replica"


def test_writes_and_reads_inside_a_transaction_stay_on_the_primary(intake_officer):
    router = dbrouter.PrimaryReplicaRouter()
    with replicas.replica_reads(intake_officer):
        assert router.db_for_write(Report) == "default"
        with transaction.atomic():
            assert router.db_for_read(Report) == "default"
    assert router.allow_migrate("replica", "intake") is False


def test_reads_outside_a_heavy_view_go_to_the_primary(intake_officer):
    assert replicas.read_alias() == "default"


def test_a_dead_replica_sends_reads_to_the_primary(client, intake_officer):
    report = submit()
    with dead_replica():
        login_staff(client, intake_officer)
        response = client.get("/staff/triage/")
        assert response.status_code == 200
        assert str(report.pk)[:8] in response.content.decode()
        assert replicas._down_since, "the replica is left alone for a while"


def test_operators_see_no_lag_figure_without_a_standby():
    assert replicas.lag_seconds() is None  # the "replica" here is a primary: nothing replayed


def test_replica_status_tells_operators_what_it_sees(capsys):
    from django.core.management import call_command

    call_command("replica_status")
    out = capsys.readouterr().out
    assert "standbys: none connected" in out
    assert "replica: answers but is not a standby" in out


def test_a_replica_that_dies_mid_request_is_answered_from_the_primary(
    client, intake_officer, monkeypatch
):
    """The replica answered when the request began (its check passed), then refused."""
    report = submit()
    login_staff(client, intake_officer)
    monkeypatch.setattr(replicas, "_reachable", lambda: True)
    with dead_replica():
        response = client.get("/staff/triage/")
        assert response.status_code == 200
        assert str(report.pk)[:8] in response.content.decode()
        assert replicas._down_since, "and it is left alone for a while"
