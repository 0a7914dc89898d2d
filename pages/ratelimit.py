"""Per-client rate limits for the public forms, counted in the cache (fixed windows).

The limits are in settings.ZONGZHI_PUBLIC_RATE_LIMITS: name → (how many, seconds). With Redis
configured the counts are shared by every process; the embedded default (one process, local
memory cache) counts in that process.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMITS = {
    # Online requests (网上反映) submitted per client.
    "online_request": (5, 3600),
    # Every POST of the online form, valid or not (people correcting mistakes stay well below it).
    "online_request_attempt": (30, 3600),
    # Progress lookups per client, and wrong code/query-code pairs per client.
    "lookup": (30, 600),
    "lookup_failure": (5, 900),
}


def limits():
    return {**DEFAULT_LIMITS, **getattr(settings, "ZONGZHI_PUBLIC_RATE_LIMITS", {})}


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the address a trusted proxy put in X-Forwarded-For."""
    proxies = getattr(settings, "ZONGZHI_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(name, request):
    limit, window = limits()[name]
    bucket = int(time.time() // window)
    client = hashlib.sha256(client_ip(request).encode()).hexdigest()[:24]  # no raw addresses in the cache
    return f"zongzhi:rl:{name}:{client}:{bucket}", limit, window


def is_limited(name, request):
    """Whether the client has used up the limit (does not count this request)."""
    key, limit, _window = _key(name, request)
    return cache.get(key, 0) >= limit


def hit(name, request):
    """Count one use; returns False when this use goes over the limit."""
    key, limit, window = _key(name, request)
    cache.add(key, 0, window + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 1)
        used = 1
    return used <= limit
