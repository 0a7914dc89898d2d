"""A Redis cache that keeps the site up while Redis is down.

Django's RedisCache raises on every call when Redis is unreachable, which would turn the public
forms (rate limits and form tokens live in the cache), Wagtail's site lookup and the page cache
into error pages. This backend answers from a per-process memory cache instead, skips Redis
for `retry_after` seconds after a failure (so a dead Redis costs one short connect timeout per
interval, not one per call) and goes back to Redis by itself. While degraded, rate limits count
per process rather than per site: weaker, but never open.

Callbacks in `on_recover` run once when a process finds Redis back (the page cache uses it to
drop pages that may have gone stale while invalidations could not reach Redis).

One state per process. Under ASGI Django makes a new cache object for every request (its cache
handler is context-local), and Django's RedisCache keeps its connection pool on that object: every
request would open a new Redis connection, and the outage memory, the outage clock and the
rate-limit counts kept while Redis is down would last one request. So every instance for the same
Redis location shares one _ProcessState: the connection pools and clients, the memory cache and the
outage state.
"""

import logging
import re
import threading
import time

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)

on_recover = []


class SharedRedisCacheClient(RedisCacheClient):
    """Django's client, made once per process (see _ProcessState) and handing out one redis client
    per connection pool instead of a new one per call (redis clients are thread-safe)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._lock = threading.Lock()
        self._clients = {}

    def _get_connection_pool(self, write):
        with self._lock:
            return super()._get_connection_pool(write)

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = redis.Redis(connection_pool=pool)
        return client


class _ProcessState:
    """What every cache instance for one Redis location shares in this process."""

    def __init__(self, number, servers, options, timeout):
        self.client = SharedRedisCacheClient(servers, **options)
        self.fallback = LocMemCache(f"zongzhi-fallback-{number}", {"TIMEOUT": timeout, "OPTIONS": {"MAX_ENTRIES": 5000}})
        self.down_until = 0.0
        self.degraded = False
        self.lock = threading.Lock()


_states = {}
_states_lock = threading.Lock()


def _process_state(servers, options, params):
    key = (tuple(servers), repr(sorted(options.items())), params.get("KEY_PREFIX", ""), params.get("VERSION", 1))
    with _states_lock:
        state = _states.get(key)
        if state is None:
            state = _states[key] = _ProcessState(len(_states), servers, options, params.get("TIMEOUT", 300))
        return state


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", 5))
        # Fail fast: a request must not hang on a dead Redis.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1.0)
        super().__init__(server, {**params, "OPTIONS": options})
        # LOCATION: one URL, several separated by ";" or ",", or a list (as Django's RedisCache reads it).
        servers = re.split("[;,]", server) if isinstance(server, str) else list(server)
        self._state = _process_state(servers, options, params)
        self.fallback = self._state.fallback

    @cached_property
    def _cache(self):
        return self._state.client

    @property
    def degraded(self):
        return self._state.degraded

    def _call(self, name, *args, **kwargs):
        state = self._state
        if time.monotonic() < state.down_until:
            return getattr(self.fallback, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except UNAVAILABLE as exc:
            with state.lock:
                if not state.degraded:
                    logger.warning("Redis cache unavailable (%s): using the per-process memory cache", exc)
                    # Start the outage with empty memory: what an earlier outage left there (site
                    # root paths, page chrome, generations) may be long out of date.
                    self.fallback.clear()
                state.degraded = True
                state.down_until = time.monotonic() + self.retry_after
            return getattr(self.fallback, name)(*args, **kwargs)
        if state.degraded:
            self._recovered()
        return result

    def _recovered(self):
        state = self._state
        with state.lock:
            if not state.degraded:
                return
            state.degraded = False
            self.fallback.clear()  # Redis is the truth again; the outage's memory must not linger
        logger.warning("Redis cache is back")
        for callback in list(on_recover):
            try:
                callback(self)
            except Exception:  # a recovery hook must not break the request that found Redis back
                logger.exception("cache recovery hook %r failed", callback)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        # RedisCache.clear() is FLUSHDB: it would also wipe the channel layer and anything else
        # sharing the database. Delete only this cache's keys.
        self.fallback.clear()
        try:
            client = self._state.client.get_client(write=True)
            pattern = self.make_key("*")
            for key in client.scan_iter(match=pattern, count=500):
                client.delete(key)
        except UNAVAILABLE:
            pass
        return True
