"""The shared cache on Redis, at one client per process and one round trip per counter.

Django's Redis backend builds a new `redis.Redis` client for every cache call, and redis-py
fills a table of ~170 response callbacks in each client's constructor: measured on the
submission path, that constructor alone cost more CPU than the report's INSERT
(docs/performance.md). The client is only a front for its connection pool and is safe to share
between threads, so one per pool is kept. Counters (rate limits, the submission budget) were an
`add` then an `incr`, which the backend makes an `EXISTS` + `INCR`: three round trips. `count`
is one (a server-side script: SET NX EX, then INCR), atomic, so a counter never loses its expiry.
"""

from typing import Any

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ReusedClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        # Private in Django, so absent from django-stubs.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            # Pools live as long as the backend, so their ids are never reused for another.
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


# A script runs atomically on the server: no other command between the SET and the INCR.
_COUNT = "redis.call('SET', KEYS[1], 0, 'EX', ARGV[1], 'NX') return redis.call('INCR', KEYS[1])"


class SharedRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients
        self._scripts: dict[int, Any] = {}

    def count(self, key: str, timeout: int, version=None) -> int:
        """Add one to the counter at `key`, created at 0 to expire after `timeout` s; the total."""
        key = self.make_and_validate_key(key, version=version)
        client = self._cache.get_client(key, write=True)  # type: ignore[attr-defined]
        script = self._scripts.get(id(client))
        if script is None:  # EVALSHA, loading the script first if the server lacks it
            script = self._scripts[id(client)] = client.register_script(_COUNT)
        return int(script(keys=[key], args=[int(timeout)]))


def count(key: str, timeout: int) -> int:
    """One more in an expiring counter of the default cache; the new total."""
    backend = caches["default"]
    if isinstance(backend, SharedRedisCache):
        return backend.count(key, timeout)
    # The per-process cache (one process, so add-then-incr races with nobody).
    backend.add(key, 0, timeout=timeout)
    try:
        return backend.incr(key)
    except ValueError:  # expired between add and incr
        backend.add(key, 1, timeout=timeout)
        return 1
