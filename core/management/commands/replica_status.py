"""`manage.py replica_status`: each standby as the primary sees it (state, synchronous or not,
replay lag) and the configured replica's own replay lag, for operators and monitoring."""

from django.core.management.base import BaseCommand
from django.db import DatabaseError, connections

from core import replicas

STANDBYS = """
SELECT application_name, state, sync_state,
       COALESCE(EXTRACT(EPOCH FROM replay_lag), 0),
       pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)
FROM pg_stat_replication ORDER BY application_name
"""


class Command(BaseCommand):
    help = "Show the streaming standbys and the read replica's lag."

    def handle(self, *args, **options):
        primary = connections[replicas.PRIMARY]
        if primary.vendor == "postgresql":
            try:
                with primary.cursor() as cursor:
                    cursor.execute(STANDBYS)
                    rows = cursor.fetchall()
            except DatabaseError as exc:  # e.g. not allowed to read pg_stat_replication
                self.stdout.write(f"standbys: unknown ({type(exc).__name__})")
                rows = []
            for name, state, sync, lag, behind in rows:
                self.stdout.write(
                    f"standby {name}: {state}, {sync}, replay lag {float(lag):.3f} s, "
                    f"{int(behind or 0)} bytes behind"
                )
            if not rows:
                self.stdout.write("standbys: none connected")
        if not replicas.configured():
            self.stdout.write("replica: none configured (TIPLINE_REPLICA_DATABASE_URL)")
            return
        health = replicas.health()
        if health.state == "down":
            self.stdout.write("replica: unreachable; reads use the primary")
        elif health.state == "not-standby":
            self.stdout.write("replica: answers but is not a standby (replays nothing)")
        else:
            lag = "nothing replayed yet" if health.lag is None else f"replay lag {health.lag:.3f} s"
            warnings = [
                *(["replay paused"] if health.paused else []),
                *(["not receiving from the primary"] if not health.receiving else []),
                *(["more than TIPLINE_REPLICA_PIN_SECONDS"] if health.behind else []),
            ]
            self.stdout.write(f"replica: standby, {lag}" + "".join(f" ({w})" for w in warnings))
