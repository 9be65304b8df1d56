"""The fault drill of bench/faults.py, bounded: while clients submit reports, the whole web server
is killed with SIGKILL and started again, then PostgreSQL is restarted under it. Every receipt
handed out still follows up, no report is half-written, none lacks its receipt, nothing answers
500, and the service resumes by itself (the web server reconnects to the restarted database).

PostgreSQL here is a private cluster of this test's own (tipline/testing/pgcluster.py), loaded
with a dump of the test database's schema: the machine's shared server is never restarted.
"""

import os
import subprocess
import time

import pytest
from django.db import connection

from tipline.testing.drill import Load, WebServer, flush_redis, follow_up_all, stored_state
from tipline.testing.markers import postgres_only
from tipline.testing.pgcluster import Unavailable, free_port, private_postgres
from tipline.tests.servers import server_env

pytestmark = [*postgres_only, pytest.mark.drill]

REDIS_URL = "redis://127.0.0.1:6379/12"
WORKERS = "2"


def database_dump() -> bytes:
    """The migrated test database, schema and committed rows, as plain SQL."""
    db = connection.settings_dict
    command = ["pg_dump", "--no-owner", "--no-privileges", "--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [flag, str(db[key])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    done = subprocess.run(command, check=True, capture_output=True, env=env, timeout=60)  # noqa: S603
    return done.stdout


@pytest.fixture
def cluster():
    try:
        with private_postgres() as pg:
            yield pg
    except Unavailable as exc:
        pytest.skip(str(exc))


def until(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_receipts_survive_kill_9_and_a_database_restart(
    transactional_db, category, cluster, tmp_path
):
    dump = database_dump()  # with the questionnaire the `category` fixture committed
    url = cluster.createdb("drill")
    cluster.psql("drill", stdin=dump)
    flush_redis(REDIS_URL)
    env = server_env(
        tmp_path,
        TIPLINE_DATABASE_URL=url,
        TIPLINE_CACHE_URL=REDIS_URL,
        TIPLINE_DB_CONN_MAX_AGE="600",  # persistent connections, as in production
    )
    server = WebServer(env, free_port(), int(WORKERS), tmp_path / "gunicorn.log")
    server.start()
    form = {"category": category.slug, "answers": {}, "text_key": "what"}
    load = Load(server.port, form, threads=4)
    try:
        load.start()
        assert until(lambda: len(load.receipts) >= 10), load.statuses
        killed = time.monotonic()
        server.kill_hard()
        server.start()
        assert until(lambda: load.accepted_since(killed)), "no receipt after the restart"
        cluster.restart(down_seconds=1)
        back = time.monotonic()
        assert until(lambda: load.accepted_since(back)), "the server did not reconnect"
        count = len(load.receipts)
        assert until(lambda: len(load.receipts) >= count + 10)
        load.stop()
        unanswered = follow_up_all(server.port, load.receipts)
        state = stored_state(env, load.receipts)
    finally:
        load.stop()
        server.stop()

    assert not [s for s in load.statuses if s not in (201, 429, 503, "conn")], load.statuses
    assert load.retry_after_missing == 0
    assert load.abandoned == 0
    assert unanswered == []
    assert state["half_written"] == []
    assert state["receipts_without_report"] == 0
    assert state["reports_without_receipt"] == 0
    assert state["files_not_as_sent"] == 0
    assert state["reports"] == len(load.receipts) >= 20
