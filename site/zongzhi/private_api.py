"""Every use of a framework's private or undocumented API in governance/, pages/ and site/, in one place.

Private here means a name starting with an underscore on a framework object (Django, Wagtail,
wagtail-modeladmin, Channels, django-treebeard, ...), an undocumented framework name the code
depends on, calling super(SomeParent, self) to skip a parent's method, or assembling a framework
view by hand. Where a public API does the job the code uses it; what is left is listed in ENTRIES:
what is used, where, why there is no public way, and the release it was checked against.

tests/zongzhi/test_private_api.py keeps this list true:
- for every entry it checks that the private name still exists with the shape the code relies on
  (signature, attribute, behaviour on a tiny example) and fails with a message naming the entry and
  this module when an upgrade renamed or reshaped it;
- it scans governance/, pages/ and site/ and fails for a private framework use that is not listed
  here (and for an entry whose use has gone).

When an upgrade breaks an entry: read its `why`, look for a public API the new release added, and
either switch to it (and drop the entry) or adapt the code and the entry's check.

Names with an underscore that Django documents as public API are not private: DOCUMENTED lists the
ones the code uses.
"""

from dataclasses import dataclass

# The releases the entries were checked against (pyproject.toml pins the ranges).
CHECKED_AGAINST = {
    "Django": "6.1.3",
    "wagtail": "8.0.1",
    "wagtail-modeladmin": "2.5.0",
    "channels": "4.3.2",
    "redis": "8.2.0",
}


@dataclass(frozen=True)
class PrivateUse:
    key: str  # short id; the test's check for this entry has the same key
    target: str  # the private thing, spelled as its package spells it
    name: str  # the name as it appears in our code (what the scan looks for)
    used_in: tuple  # project files (paths from the repository root)
    why: str  # why there is no public API for it
    checked: str  # the release it was checked against
    public_alternative: str = ""  # a public API the code could move to, when one exists


ENTRIES = (
    # --- the public page cache (site/zongzhi/pagecache.py) ------------------------------------------
    PrivateUse(
        key="site-find-for-request",
        target="wagtail.models.Site._find_for_request(request)",
        name="_find_for_request",
        used_in=("site/zongzhi/pagecache.py",),
        why="The site of a host is memoised per cache generation across requests (GenerationMemo). "
        "Site.find_for_request() caches its answer on the request it is given; the memo needs the "
        "lookup itself, which Wagtail keeps in this static method.",
        checked="wagtail 8.0.1",
        public_alternative="Site.find_for_request(request): the same lookup plus the per-request cache "
        "(harmless here, since SiteCacheMiddleware sets that cache anyway).",
    ),
    PrivateUse(
        key="request-raw-host",
        target="django.http.HttpRequest._get_raw_host()",
        name="_get_raw_host",
        used_in=("site/zongzhi/pagecache.py",),
        why="The memo key of the site lookup must be the host exactly as Wagtail's lookup reads it "
        "(Site._find_for_request uses _get_raw_host). The public get_host() validates ALLOWED_HOSTS "
        "and raises DisallowedHost instead of answering.",
        checked="Django 6.1.3",
    ),
    PrivateUse(
        key="split-domain-port",
        target="django.http.request.split_domain_port(host)",
        name="split_domain_port",
        used_in=("site/zongzhi/pagecache.py",),
        why="Undocumented helper (no underscore): splits the host into name and port the way Wagtail's site lookup does, so the memo key matches it.",
        checked="Django 6.1.3",
    ),
    PrivateUse(
        key="request-wagtail-site",
        target="request._wagtail_site (read by wagtail.models.Site.find_for_request)",
        name="_wagtail_site",
        used_in=("site/zongzhi/pagecache.py",),
        why="Wagtail looks the site up on every request and keeps it in this attribute; handing it the "
        "memoised site saves a query per page. Wagtail has no public way to supply the site.",
        checked="wagtail 8.0.1",
    ),
    PrivateUse(
        key="request-site-root-paths",
        target="request._wagtail_cached_site_root_paths (read by wagtail.models.Page._get_site_root_paths)",
        name="_wagtail_cached_site_root_paths",
        used_in=("site/zongzhi/pagecache.py",),
        why="Wagtail reads the site root paths from its cache on every request and keeps them in this "
        "attribute; handing it the memoised paths saves a cache round trip per page. No public way "
        "to supply them.",
        checked="wagtail 8.0.1",
    ),
    PrivateUse(
        key="request-csp-nonce",
        target="request._csp_nonce (set by django.middleware.csp.ContentSecurityPolicyMiddleware)",
        name="_csp_nonce",
        used_in=("site/zongzhi/pagecache.py",),
        why="A response that used the CSP nonce must not be replayed to others. Django keeps the "
        "request's LazyNonce here (true once the nonce was generated).",
        checked="Django 6.1.3",
        public_alternative="django.middleware.csp.get_nonce(request), the function Django's CSP "
        "middleware reads it with (no underscore, not documented).",
    ),
    PrivateUse(
        key="lazy-object-wrapped",
        target="django.utils.functional.LazyObject._wrapped (request.user)",
        name="_wrapped",
        used_in=("site/zongzhi/pagecache.py",),
        why="Tells a lazy request.user (AuthenticationMiddleware's SimpleLazyObject) from other user "
        "objects before asking is_authenticated. No public API says whether a lazy object was "
        "evaluated. (An unevaluated one holds the `empty` sentinel, not None.)",
        checked="Django 6.1.3",
    ),
    PrivateUse(
        key="transaction-get-connection",
        target="django.db.transaction.get_connection()",
        name="get_connection",
        used_in=("site/zongzhi/pagecache.py",),
        why="No underscore, but its docstring says 'This is a private API'.",
        checked="Django 6.1.3",
        public_alternative="django.db.connection (or connections[alias]).",
    ),
    PrivateUse(
        key="connection-in-atomic-block",
        target="django.db.backends.base.base.BaseDatabaseWrapper.in_atomic_block",
        name="in_atomic_block",
        used_in=("site/zongzhi/pagecache.py",),
        why="Undocumented attribute: whether the connection is inside atomic(), so the second generation bump waits for the commit.",
        checked="Django 6.1.3",
        public_alternative="not transaction.get_autocommit() (atomic() turns autocommit off); or just "
        "transaction.on_commit(), which runs at once outside a transaction.",
    ),
    # --- the Redis cache that survives a Redis outage (site/zongzhi/cache.py) ----------------------
    PrivateUse(
        key="redis-cache-client",
        target="django.core.cache.backends.redis.RedisCacheClient (and its get_client(key=None, *, write=False))",
        name="RedisCacheClient",
        used_in=("site/zongzhi/cache.py",),
        why="Undocumented class. Under ASGI Django makes a cache object per request and RedisCache "
        "makes a RedisCacheClient (with its connection pools) per cache object: sharing one client per "
        "process needs a subclass of it. No public setting shares pools.",
        checked="Django 6.1.3",
    ),
    PrivateUse(
        key="redis-connection-pool",
        target="django.core.cache.backends.redis.RedisCacheClient._get_connection_pool(write)",
        name="_get_connection_pool",
        used_in=("site/zongzhi/cache.py",),
        why="Overridden to take a lock: the shared client's pools are created by many threads at once, "
        "and Django creates them lazily in this method.",
        checked="Django 6.1.3",
    ),
    PrivateUse(
        key="redis-cache-client-property",
        target="django.core.cache.backends.redis.RedisCache._cache (a cached_property)",
        name="_cache",
        used_in=("site/zongzhi/cache.py",),
        why="Every RedisCache method reaches Redis through self._cache; overriding it is the only way "
        "to hand the per-request cache objects the process's shared client.",
        checked="Django 6.1.3",
    ),
    # --- the case list's filters in the ledgers (governance/ledgers/filters.py) ---------------------
    PrivateUse(
        key="incorrect-lookup-parameters",
        target="django.contrib.admin.options.IncorrectLookupParameters",
        name="IncorrectLookupParameters",
        used_in=("governance/ledgers/filters.py",),
        why="Undocumented exception (no underscore): what wagtail-modeladmin's IndexView raises for "
        "query parameters the list refuses; the ledger turns it into its own BadFilter.",
        checked="Django 6.1.3, wagtail-modeladmin 2.5.0",
    ),
)

# Underscore names that Django documents as public API (the Model._meta API, Model._state,
# Model._default_manager and Model._base_manager): not private, never listed above.
DOCUMENTED = {
    "_meta": "https://docs.djangoproject.com/en/stable/ref/models/meta/",
    "_state": "https://docs.djangoproject.com/en/stable/ref/models/instances/#state",
    "_default_manager": "https://docs.djangoproject.com/en/stable/topics/db/managers/#django.db.models.Model._default_manager",
    "_base_manager": "https://docs.djangoproject.com/en/stable/topics/db/managers/#django.db.models.Model._base_manager",
}


def entry(key):
    for item in ENTRIES:
        if item.key == key:
            return item
    raise KeyError(key)
