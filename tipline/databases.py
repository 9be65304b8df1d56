"""DATABASES for tipline/settings.py: the primary, an optional read replica, and what a
connection pooler in transaction mode needs (docs/scaling.md, "Connection pooling").

- `TIPLINE_DATABASE_URL`: the primary (SQLite by default).
- `TIPLINE_REPLICA_DATABASE_URL`: a streaming replica for the heavy staff reads (core.replicas);
  unset, there is no replica and no router.
- `TIPLINE_PGBOUNCER=1`, or `?pgbouncer=1` on a URL: that database is reached through pgbouncer
  in transaction mode, where consecutive transactions of one client may run on different server
  connections. So: no server-side cursors (`.iterator()` would DECLARE a cursor WITH HOLD that the
  next transaction may not find) and no prepared statements (psycopg 3's `prepare_threshold`
  None: pgbouncer 1.18 cannot route them). Persistent connections stay on (the pooler's client
  side is cheap; it is the server side it keeps few).
"""

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import dj_database_url

from tipline import datadir
from tipline.env import env, env_bool, env_int


def _without_pooler_flag(url: str) -> tuple[str, bool]:
    """The URL without our own `pgbouncer=1` query option, and whether it was there."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if not any(k == "pgbouncer" for k, _v in query):
        return url, False  # untouched (a round trip would drop sqlite:////'s fourth slash)
    flagged = any(k == "pgbouncer" and v.lower() in {"1", "true", "yes", "on"} for k, v in query)
    rest = urlencode([(k, v) for k, v in query if k != "pgbouncer"])
    return urlunsplit(parts._replace(query=rest)), flagged


def parse(url: str, *, pooled: bool) -> dict:
    url, flagged = _without_pooler_flag(url)
    # A plain dict: dj-database-url's TypedDict lacks the keys we add.
    config: dict[str, Any] = dict(
        dj_database_url.parse(
            url, conn_max_age=env_int("TIPLINE_DB_CONN_MAX_AGE", 600), conn_health_checks=True
        )
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if config["NAME"] not in ("", ":memory:"):
            datadir.make_private_file(Path(config["NAME"]))  # 0600 before SQLite opens it
        # WAL + a busy timeout let the web server and the task worker share the file safely.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif pooled or flagged:
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
        config.setdefault("OPTIONS", {})["prepare_threshold"] = None
    return config


def databases(default_url: str) -> dict:
    pooled = env_bool("TIPLINE_PGBOUNCER", False)
    result = {"default": parse(env("TIPLINE_DATABASE_URL", default_url) or "", pooled=pooled)}
    replica_url = env("TIPLINE_REPLICA_DATABASE_URL", "") or ""
    if replica_url:
        replica = parse(replica_url, pooled=pooled)
        # Short: a dead replica must cost a request little before reads fall back to the primary.
        replica.setdefault("OPTIONS", {})["connect_timeout"] = 2
        # Tests run against one database: the replica alias mirrors it.
        replica["TEST"] = {"MIRROR": "default"}
        result["replica"] = replica
    return result
