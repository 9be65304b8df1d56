"""grant_app_role: on PostgreSQL the application's role can append to the audit trail, never
rewrite it. Shown by connecting as that role, as the application would."""

import secrets
from contextlib import contextmanager
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import ProgrammingError, connection
from psycopg import errors

from audit.actions import record, verify_chain
from audit.models import AuditEvent, AuditHead

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL roles"),
    pytest.mark.django_db(transaction=True),  # the grants must be committed to be seen
]


@pytest.fixture
def app_role():
    """A role unique to this test (roles are shared by the whole cluster); dropped afterwards."""
    name = f"tl_app_{secrets.token_hex(4)}"
    yield name
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
        if cursor.fetchone():
            cursor.execute(f'DROP OWNED BY "{name}"')
            cursor.execute(f'DROP ROLE "{name}"')


def grant(role: str) -> str:
    out = StringIO()
    call_command("grant_app_role", "--role", role, stdout=out)
    return out.getvalue()


def connect_as(role: str) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        dbname=db["NAME"],
        user=role,
        autocommit=True,
    )


def append_as_the_application(app: psycopg.Connection, seq: int) -> None:
    """What record() does: lock the head, insert the event, move the head."""
    with app.transaction():
        app.execute("SELECT seq, hash FROM audit_audithead WHERE id = 1 FOR UPDATE")
        app.execute(
            "INSERT INTO audit_auditevent (seq, at, actor_label, action, target_type, target_id,"
            " details, prev_hash, hash) VALUES (%s, now(), 'system', 'test.app', '', '',"
            " '{}', 'p', 'h')",
            [seq],
        )
        app.execute("UPDATE audit_audithead SET seq = %s, hash = 'h' WHERE id = 1", [seq])


def test_the_tables_are_named_as_these_tests_say():
    assert (AuditEvent._meta.db_table, AuditHead._meta.db_table) == (
        "audit_auditevent",
        "audit_audithead",
    )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'forged'",
        "DELETE FROM audit_auditevent WHERE seq = 2",
        "TRUNCATE audit_auditevent",
        "DELETE FROM audit_audithead",
        "TRUNCATE audit_audithead",
    ],
)
def test_the_app_role_cannot_rewrite_or_remove_audit_events(app_role, statement):
    record("test.one")
    record("test.two")
    grant(app_role)
    with connect_as(app_role) as app:
        append_as_the_application(app, 3)
        with pytest.raises(errors.InsufficientPrivilege):
            app.execute(statement)
    assert list(AuditEvent.objects.values_list("seq", "action")) == [
        (1, "test.one"),
        (2, "test.two"),
        (3, "test.app"),
    ]


def test_the_app_role_keeps_its_normal_rights_elsewhere(app_role):
    grant(app_role)
    with connect_as(app_role) as app:
        app.execute(
            "INSERT INTO django_session (session_key, session_data, expire_date)"
            " VALUES ('k', 'd', now())"
        )
        app.execute("UPDATE django_session SET session_data = 'e' WHERE session_key = 'k'")
        app.execute("DELETE FROM django_session WHERE session_key = 'k'")
        assert app.execute("SELECT count(*) FROM accounts_user").fetchone() == (0,)


def test_the_app_role_cannot_fake_which_migrations_ran(app_role):
    grant(app_role)
    with connect_as(app_role) as app:
        assert app.execute("SELECT count(*) FROM django_migrations").fetchone()[0] > 0
        with pytest.raises(errors.InsufficientPrivilege):
            app.execute("DELETE FROM django_migrations")


def test_running_it_again_after_a_migrate_is_harmless(app_role):
    grant(app_role)
    assert f"connect the application as {app_role}" in grant(app_role)


def test_it_refuses_to_run_as_the_app_role_itself():
    with pytest.raises(CommandError, match="run this as the owner"):
        grant(connection.settings_dict["USER"] or "postgres")


@contextmanager
def django_connected_as(role: str):
    """The application's own database connection, logged in as `role` instead of the owner."""
    owner = connection.settings_dict["USER"]
    connection.close()
    connection.settings_dict["USER"] = role
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["USER"] = owner


def test_the_application_as_the_app_role_records_events_but_cannot_delete_them(app_role):
    record("test.as-owner")
    grant(app_role)
    with django_connected_as(app_role):
        record("test.as-app", details={"n": 1})
        assert verify_chain() == (2, None, "")
        with pytest.raises(ProgrammingError, match="permission denied"):
            AuditEvent.objects.filter(seq=2).delete()
        with pytest.raises(ProgrammingError, match="permission denied"):
            AuditEvent.objects.filter(seq=1).update(action="forged")
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "test.as-owner",
        "test.as-app",
    ]
