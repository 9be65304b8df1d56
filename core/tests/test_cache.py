"""The shared cache backend (core/cache.py) against a real Redis: Django's behaviour, one client
per process, and counters that count atomically and always expire."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from core import cache as shared
from core.cache import SharedRedisCache

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def backend():
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"test-cache-{uuid.uuid4().hex}"  # its own keys only: the server is shared
    cache = SharedRedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    yield cache
    raw = redis.Redis.from_url(REDIS_URL)
    for key in raw.scan_iter(f"{prefix}:*"):
        raw.delete(key)


def test_it_keeps_one_client_per_connection_pool(backend):
    assert backend._cache.get_client("a") is backend._cache.get_client("b", write=True)


def test_it_still_behaves_as_djangos_cache(backend):
    backend.set("greeting", {"text": "你好"}, timeout=30)
    assert backend.get("greeting") == {"text": "你好"}
    assert backend.add("greeting", "other") is False
    assert backend.incr(backend.add("n", 5) and "n") == 6
    with pytest.raises(ValueError, match="not found"):
        backend.incr("missing")


def test_a_counter_counts_from_one_and_expires(backend):
    assert [backend.count("c", 5) for _ in range(3)] == [1, 2, 3]
    assert backend.get("c") == 3  # an int, readable through the cache as before
    raw = redis.Redis.from_url(REDIS_URL)
    ttl = raw.ttl(backend.make_and_validate_key("c"))
    assert 0 < ttl <= 5  # the expiry was set with the first count and never lost


def test_a_counter_that_expired_starts_again(backend):
    backend.count("c", 5)
    backend.delete("c")  # what expiry does
    assert backend.count("c", 5) == 1


def test_counts_from_parallel_threads_all_count(backend):
    with ThreadPoolExecutor(max_workers=8) as pool:
        totals = list(pool.map(lambda _: backend.count("shared", 30), range(200)))
    assert sorted(totals) == list(range(1, 201))


def test_count_uses_the_per_process_cache_when_there_is_no_redis():
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=locmem):
        caches["default"].clear()
        assert [shared.count("k", 5) for _ in range(3)] == [1, 2, 3]
