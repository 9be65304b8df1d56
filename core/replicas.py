"""Read replicas: which database a read goes to (docs/scaling.md, "Primary and replica").

Off unless `TIPLINE_REPLICA_DATABASE_URL` is set; then `DATABASES["replica"]` exists and
`core.dbrouter.PrimaryReplicaRouter` asks `read_alias()` for every read. A read goes to the
replica only when all of these hold, and to the primary otherwise:

- it runs inside `replica_reads(user)` (or a view wrapped by `reads_from_replica`): the heavy
  staff reads opt in (search, similar reports, queues, lists, dashboards); nothing else does, so
  an action reading what it is about to change always reads the primary;
- no transaction is open on the primary (a read inside one may need its own writes, and
  `select_for_update` must never reach a standby);
- the user has not acted in the last `REPLICA_PIN_SECONDS`: every audit event a user's act writes
  pins that user to the primary in the shared cache, keyed by user id, so a session, an API token
  and every web node agree (a replica a second behind never hides what the user just did);
- the replica answered recently: once a connection to it fails, reads go to the primary for
  `REPLICA_RETRY_SECONDS` before the replica is tried again.
"""

import contextlib
import functools
import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections

REPLICA = "replica"
PRIMARY = "default"
log = logging.getLogger(__name__)

# The user id whose heavy read is running (None: not in a replica scope).
_reader: ContextVar[int | None] = ContextVar("replica_reader", default=None)
# Whether this scope sent a read to the replica: only then can a database error be the replica's.
_used: ContextVar[bool] = ContextVar("replica_used", default=False)
# Per process: when the replica last failed (monotonic seconds), so a dead replica costs one
# failed connect per REPLICA_RETRY_SECONDS, not one per request.
_down_since: list[float] = []


def configured() -> bool:
    return REPLICA in settings.DATABASES


def _pin_key(user_id: int) -> str:
    return f"tipline:primary-pin:{user_id}"


def pin_to_primary(user_id: int | None) -> None:
    """The user just acted: their reads see the primary for the next few seconds."""
    if user_id is not None and configured():
        cache.set(_pin_key(user_id), 1, settings.REPLICA_PIN_SECONDS)


def pinned(user_id: int) -> bool:
    return cache.get(_pin_key(user_id)) is not None


def in_replica_scope() -> bool:
    return _reader.get() is not None


def mark_down() -> None:
    _down_since[:] = [time.monotonic()]
    with contextlib.suppress(DatabaseError):
        connections[REPLICA].close()


def _recently_down() -> bool:
    if not _down_since:
        return False
    if time.monotonic() - _down_since[0] < settings.REPLICA_RETRY_SECONDS:
        return True
    _down_since.clear()
    return False


def _reachable() -> bool:
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        log.warning("replica unreachable; reads go to the primary")
        mark_down()
        return False
    return True


def read_alias() -> str:
    user_id = _reader.get()
    if user_id is None or not configured():
        return PRIMARY
    if connections[PRIMARY].in_atomic_block or pinned(user_id):
        return PRIMARY
    if _recently_down() or not _reachable():
        return PRIMARY
    _used.set(True)
    return REPLICA


@contextlib.contextmanager
def replica_reads(user):
    """Reads inside go to the replica (when the rules above allow) on behalf of `user`."""
    token, used = _reader.set(getattr(user, "pk", None) or 0), _used.set(False)
    try:
        yield
    finally:
        _reader.reset(token)
        _used.reset(used)


def _replica_failed() -> bool:
    """After a database error in a replica scope that used the replica: is the replica gone
    (its connection lost, or never made because the server refused it)?"""
    connection = connections[REPLICA]
    return connection.connection is None or not connection.is_usable()


def reads_from_replica(view):
    """Run a heavy read view in a replica scope. If the replica dies mid-request, the view runs
    again on the primary: these views only read, apart from recording that they were read."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not configured():
            return view(request, *args, **kwargs)
        used = False
        try:
            with replica_reads(request.user):
                try:
                    return view(request, *args, **kwargs)
                finally:
                    used = _used.get()
        except DatabaseError:
            if not (used and _replica_failed()):
                raise
            log.warning("replica failed during a read; answering from the primary")
            mark_down()
            return view(request, *args, **kwargs)

    return wrapped


def pin_actor_of_event(sender, instance, created, **kwargs) -> None:
    """post_save of audit.AuditEvent: an act by a user (not the record of a heavy read itself)
    pins that user to the primary."""
    if created and instance.actor_id is not None and not in_replica_scope():
        pin_to_primary(instance.actor_id)


# In recovery?; replay lag (0 when everything received is replayed); replay paused?; a WAL
# receiver running? (pg_stat_wal_receiver has a row only then, visible to any role). Without a
# receiver, received == replayed reads as lag 0 while the standby falls behind the primary.
LAG_SQL = (
    "SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() "
    "THEN 0 ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END, "
    "CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END, "
    "EXISTS (SELECT 1 FROM pg_stat_wal_receiver)"
)


@dataclass(frozen=True)
class Health:
    """The read replica as operators see it. `state`: "none" (not configured), "down" (cannot
    be reached: staff reads use the primary), "not-standby" (answers but replays nothing, e.g.
    pointed at the primary itself) or "standby" (with `lag` in seconds, None until it has
    replayed a first transaction; `paused` when someone paused its replay; `receiving` False
    when it has lost the primary, so that its lag no longer grows with the primary's writes)."""

    state: str
    lag: float | None = None
    paused: bool = False
    receiving: bool = True

    @property
    def behind(self) -> bool:
        """Lag the primary pin no longer hides: a user may miss their own act after the pin."""
        return self.lag is not None and self.lag > settings.REPLICA_PIN_SECONDS


def health() -> Health:
    """One query to the replica; none while it is marked down (a dead replica costs a status
    page one failed connect per REPLICA_RETRY_SECONDS, like the reads)."""
    if not configured():
        return Health("none")
    if _recently_down():
        return Health("down")
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(LAG_SQL)
            in_recovery, lag, paused, receiving = cursor.fetchone()
    except DatabaseError:
        mark_down()
        return Health("down")
    if not in_recovery:
        return Health("not-standby")
    lag = None if lag is None else max(0.0, float(lag))  # None: nothing replayed yet
    return Health("standby", lag, paused=bool(paused), receiving=bool(receiving))


def lag_seconds() -> float | None:
    """How far the replica's replay is behind, in seconds (0 when it has replayed everything it
    received; None when there is no replica, it cannot be reached or it is not a standby)."""
    return health().lag
