"""manage.py grant_app_role --role tipline_app: the PostgreSQL role the application runs as.

Run it as the owner role (the one that runs `migrate` and owns the tables), after every
`migrate`. The application then connects as the app role, which reads and writes every table as
usual but can only append to the audit trail: no UPDATE, DELETE or TRUNCATE on the events, and no
DELETE or TRUNCATE on the chain head (which it must update to append). A trigger would not do: the
owner can disable it, and so could anyone holding the application's connection if the application
owned the tables. Privileges are checked by the server against the connected role.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from psycopg import sql

from audit.models import AuditEvent, AuditHead

# (table, privileges taken back after the blanket grant)
LIMITS = [
    (AuditEvent._meta.db_table, "UPDATE, DELETE, TRUNCATE"),
    (AuditHead._meta.db_table, "DELETE, TRUNCATE"),
    # Migrations are the owner's business: the app must not fake which ones ran.
    (MigrationRecorder.Migration._meta.db_table, "INSERT, UPDATE, DELETE, TRUNCATE"),
]


class Command(BaseCommand):
    help = (
        "PostgreSQL: create (if missing) and grant the application's role: normal rights on every "
        "table, but INSERT and SELECT only on the audit events. Run as the owner after migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, help="the role the application connects as")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("grant_app_role is for PostgreSQL; SQLite has no roles")
        connection.ensure_connection()  # quoting identifiers needs the live connection
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                self._refuse_unsafe(cursor, role)
                for statement in self._statements(cursor, role):
                    cursor.execute(statement)
        except DatabaseError as exc:
            raise CommandError(f"could not grant {role}: {exc}") from exc
        tables = ", ".join(table for table, _privileges in LIMITS)
        self.stdout.write(
            self.style.SUCCESS(
                f"{role} may read and write the tables, with limits on {tables}; "
                f"connect the application as {role}, and run this again after every migrate"
            )
        )

    def _refuse_unsafe(self, cursor, role: str) -> None:
        cursor.execute("SELECT current_user")
        if cursor.fetchone()[0] == role:
            raise CommandError("run this as the owner role, not as the application's role")
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
        found = cursor.fetchone()
        if found is None:
            return  # created below: it owns nothing and belongs to no one
        if any(found):
            raise CommandError(f"{role} is a superuser or bypasses row security: no grant binds it")
        cursor.execute(
            "SELECT pg_has_role(%s, tableowner, 'USAGE') FROM pg_tables "
            "WHERE schemaname = current_schema() AND tablename = %s",
            [role, AuditEvent._meta.db_table],
        )
        owns = cursor.fetchone()
        if owns and owns[0]:
            raise CommandError(f"{role} owns the audit table or inherits its owner's rights")

    def _statements(self, cursor, role: str) -> list[str]:
        def quote(name: str) -> str:
            return sql.Identifier(name).as_string(connection.connection)

        cursor.execute("SELECT current_database(), current_schema()")
        database, schema = (quote(name) for name in cursor.fetchone())
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        app = quote(role)
        create = [] if cursor.fetchone() else [f"CREATE ROLE {app} LOGIN"]
        return [
            *create,
            f"GRANT CONNECT ON DATABASE {database} TO {app}",
            f"GRANT USAGE ON SCHEMA {schema} TO {app}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
            *(f"REVOKE {privileges} ON {quote(table)} FROM {app}" for table, privileges in LIMITS),
        ]
