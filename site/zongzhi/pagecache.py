"""Full-page cache for anonymous visitors of the public site, dropped whenever content changes.

wagtail-cache (the maintained Wagtail package) declares wagtail<8, so this is Django's cache
framework with the same rules, kept small:

- Only GET/HEAD of public pages without a query string (search, filters and pagination are always
  fresh and cannot fill the cache with endless variants), from visitors without a session cookie
  (logged-in users, and visitors who just sent the online form, always get a fresh page).
- Only 200 responses that set no cookie, used no CSRF token and no CSP nonce, and do not say
  private/no-cache/no-store: the online request and lookup forms (never_cache, CSRF tokens) and
  the lobby screens (never_cache, version check) are never stored, whatever their path.
- Every entry carries the cache generation it was rendered under and its scope's number
  (zongzhi.pagescope). Publishing, unpublishing, moving or deleting a page and configuration
  changes public pages show (centers, deadline rules, reference lists) bump the generation: every
  cached page is stale at once, in every process. A change of a case or another lifecycle record
  bumps only its center's scope and the county scope, from the engine. The generation is read before rendering, so a
  page rendered while a change commits is never kept. Entries also expire after
  ZONGZHI_PAGE_CACHE_SECONDS (a bound for changes that reach neither a signal nor the engine).

Responses carry X-Zongzhi-Cache: hit, miss (stored) or bypass (not cacheable).

Pages that are rendered (misses and bypasses) reuse what was looked up under the same generation
(GenerationMemo): the Wagtail site of the request's host and the site root paths
(SiteCacheMiddleware, below: Wagtail looks them up on every request), a center's home page
(pages.models.home) and the chrome every page of a center shows around its content (pages.chrome).
"""

import contextvars
import copy
import hashlib
import logging
import re
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.functional import empty

from zongzhi import pagescope

logger = logging.getLogger(__name__)

HEADER = "X-Zongzhi-Cache"
GENERATION_KEY = "pagecache:generation"
EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/api/",
    "/lobby/",
    "/ws/",
    "/static/",
    "/media/",
    "/healthz",
    "/favicon.ico",
)
UNCACHEABLE_CACHE_CONTROL = {"private", "no-cache", "no-store"}
ALLOWED_VARY = {"cookie", "accept-encoding"}
cc_delim_re = re.compile(r"\s*,\s*")
DROPPED_HEADERS = {"set-cookie", "date", "content-length", HEADER.lower()}


def generation_from(value):
    """The generation, given what the cache answered for GENERATION_KEY (None when missing).

    A missing generation (first start, Redis flushed or restarted without its data) starts at a
    random number, never at the same value again: per-process copies made under an earlier
    generation (the site, the page chrome) can then never pass for current."""
    if value is not None:
        return value
    cache.add(GENERATION_KEY, secrets.randbits(48), None)
    value = cache.get(GENERATION_KEY)
    return value if value is not None else secrets.randbits(48)


def timeout():
    return int(getattr(settings, "ZONGZHI_PAGE_CACHE_SECONDS", 300))


def bypass_reason(request):
    """Why this request is never answered from (or stored in) the cache; None if it may be."""
    if timeout() <= 0:
        return "disabled"
    if request.method not in ("GET", "HEAD"):
        return "method"
    if request.META.get("QUERY_STRING"):
        return "query"
    if request.path.startswith(EXCLUDED_PREFIXES):
        return "path"
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return "session"
    if request.META.get("HTTP_AUTHORIZATION"):
        return "authorization"
    return None


def storable(request, response):
    """Whether a fresh response to an anonymous GET may be replayed to other visitors."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # carries a cookie, or a CSRF token meant for this visitor only
    if getattr(request, "_csp_nonce", None):
        return False  # the nonce must differ on every response
    user = getattr(request, "user", None)
    # Only a user some code already loaded is looked at: an unevaluated lazy user holds Django's
    # `empty` marker (not None), and loading it here would cost the session and user queries.
    if user is not None and getattr(user, "_wrapped", empty) is not empty:
        if getattr(user, "is_authenticated", False):
            return False
    directives = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", "")) if part}
    if directives & UNCACHEABLE_CACHE_CONTROL or "max-age=0" in response.get("Cache-Control", "").replace(" ", ""):
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part.strip()}
    return vary <= ALLOWED_VARY


def page_key(request):
    raw = f"{request.scheme}://{request.get_host()}{request.path}"
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _freeze(response, generation):
    headers = [(name, value) for name, value in response.items() if name.lower() not in DROPPED_HEADERS]
    return {"generation": generation, "status": response.status_code, "headers": headers, "content": response.content}


def _replay(entry):
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response[HEADER] = "hit"
    return response


class PageCacheMiddleware:
    """Place right after Django's CSP middleware, so that cached pages still get the security
    headers of their own response, and before sessions, CSRF and authentication, which a hit
    never needs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if bypass_reason(request):
            return self.get_response(request)
        key = page_key(request)
        found = cache.get_many([GENERATION_KEY, key, *pagescope.keys_for(request.path)])
        if getattr(cache, "degraded", False):
            # Redis is down: each process would keep its own copies, which one process's
            # invalidation could not reach. Render every page until Redis is back (the lookup
            # above is what notices that it is).
            response = self.get_response(request)
            response[HEADER] = "bypass"
            return response
        generation = generation_from(found.get(GENERATION_KEY))
        request._zongzhi_generation = generation
        stamp = pagescope.stamp(request.path, generation, found)
        entry = found.get(key)
        if entry is not None and entry.get("generation") == stamp:
            return _replay(entry)
        response = self.get_response(request)
        if storable(request, response):
            cache.set(key, _freeze(response, stamp), timeout())
            response[HEADER] = "miss"
        else:
            response[HEADER] = "bypass"
        return response


def current_generation(request):
    """The cache generation this request renders under, read at most once per request; None while
    the shared cache is down (then nothing may be reused across requests)."""
    if not hasattr(request, "_zongzhi_generation"):
        generation = generation_from(cache.get(GENERATION_KEY))
        request._zongzhi_generation = None if getattr(cache, "degraded", False) else generation
    return request._zongzhi_generation


# The generation of the request being served (set by SiteCacheMiddleware), for code that has no
# request at hand (Page.get_view_restrictions): None outside a request or while Redis is down.
_request_generation = contextvars.ContextVar("zongzhi_request_generation", default=None)


def request_generation():
    return _request_generation.get()


class GenerationMemo:
    """Values kept in this process while the generation they were built under is current.

    For what rendering a page looks up that changes only with what bumps the generation (the site
    of a host, Wagtail's site root paths, a center's home page, the page chrome and restriction
    index of pages.chrome): read once per generation instead
    of on every request. While the shared cache is down (no generation) every lookup is made
    afresh. Nothing is kept for a lookup that found nothing, and the table is emptied when it
    grows past `size`: keys may come from clients (Host headers, URL slugs), and made-up ones
    must not fill the memory."""

    def __init__(self, size):
        self.size = size
        self.entries = {}

    def __len__(self):
        return len(self.entries)

    def get(self, request, key, build):
        return self.get_for(current_generation(request), key, build)

    def get_for(self, generation, key, build):
        """As get(), for code that knows the generation rather than the request."""
        if generation is None:
            return build()
        entry = self.entries.get(key)
        if entry is not None and entry[0] == generation:
            return entry[1]
        value = build()
        if value is not None:
            if len(self.entries) >= self.size:
                self.entries.clear()
            self.entries[key] = (generation, value)
        return value


SITES_KEPT = 64
_sites = GenerationMemo(SITES_KEPT)  # (hostname, port) → Site with its specific root page
_root_paths = GenerationMemo(1)  # Wagtail's site root paths (Site.get_site_root_paths)


def _find_site(request):
    from wagtail.models import Site

    site = Site._find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
    return site


def cached_site(request):
    """The Wagtail site of the request's host, looked up once per generation in this process (a Site
    change bumps the generation); None when there is no site."""
    from django.http.request import split_domain_port

    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    site = _sites.get(request, key, lambda: _find_site(request))
    if site is None:
        return None
    # Each request gets its own copies: views may set attributes on the page they serve.
    site = copy.copy(site)
    site.root_page = copy.copy(site.root_page)
    return site


def cached_site_root_paths(request):
    """Wagtail's site root paths (which it reads from the cache on every request), once per
    generation: a Site change, a page move or slug change bump it, as they clear Wagtail's entry."""
    from wagtail.models import Site

    return _root_paths.get(request, None, Site.get_site_root_paths)


class SiteCacheMiddleware:
    """Hands Wagtail the request's site (see cached_site) and the site root paths it builds page URLs
    from (cached_site_root_paths), so that serving a public page looks up neither again; Wagtail
    reads them from request._wagtail_site (Site.find_for_request) and
    request._wagtail_cached_site_root_paths (Page._get_site_root_paths). Also makes the request's
    generation known to code without the request (request_generation)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(EXCLUDED_PREFIXES):
            return self.get_response(request)
        if not hasattr(request, "_wagtail_site"):
            site = cached_site(request)
            if site is not None:
                request._wagtail_site = site
        if current_generation(request) is not None and not hasattr(request, "_wagtail_cached_site_root_paths"):
            request._wagtail_cached_site_root_paths = cached_site_root_paths(request)
        token = _request_generation.set(current_generation(request))
        try:
            return self.get_response(request)
        finally:
            _request_generation.reset(token)


# --- invalidation --------------------------------------------------------------------------------


def bump_generation():
    """Make every cached page stale (in every process sharing the cache)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or lost): a random start differs from every earlier value
        if not cache.add(GENERATION_KEY, secrets.randbits(48), None):
            cache.incr(GENERATION_KEY)


def invalidate(**kwargs):
    """Signal receiver: drop every cached page now and again once the transaction commits.

    The first bump keeps a process from serving the old page while the change commits; the second
    drops any page another process rendered from the old data in the meantime.
    """
    bump_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump_generation, robust=True)


# What public pages show besides page content and the records that move through states (privacy
# settings decide which pages menus and lists show and who may see a page): the footer and contact
# blocks show centers, the workflow chart shows deadline rules, and filters and labels come from the
# reference lists. These configuration changes are rare and drop every page. Cases and the other
# lifecycle records drop only their own center's pages and the county pages, from the engine
# (zongzhi.pagescope.invalidate_center, called by governance.flow.effects), never from a signal.
WATCHED_MODELS = (
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",
    "governance.Center",
    "governance.Workstation",
    "governance.DeadlineRule",
    "governance.ReferenceItem",
)


def connect():
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    page_published.connect(invalidate, dispatch_uid="zongzhi_pagecache_published")
    page_unpublished.connect(invalidate, dispatch_uid="zongzhi_pagecache_unpublished")
    post_page_move.connect(invalidate, dispatch_uid="zongzhi_pagecache_moved")
    page_slug_changed.connect(invalidate, dispatch_uid="zongzhi_pagecache_slug")

    def page_deleted(sender, instance, **kwargs):
        if isinstance(instance, Page):
            invalidate()

    def alias_saved(sender, instance, created, **kwargs):
        # A new alias takes its source's view restrictions (pages.chrome.restriction_index).
        if isinstance(instance, Page) and instance.alias_of_id and created:
            invalidate()

    post_delete.connect(page_deleted, dispatch_uid="zongzhi_pagecache_page_deleted", weak=False)
    post_save.connect(alias_saved, dispatch_uid="zongzhi_pagecache_alias_created", weak=False)
    for label in WATCHED_MODELS:
        model = apps.get_model(label)
        post_save.connect(invalidate, sender=model, dispatch_uid=f"zongzhi_pagecache_save_{label}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"zongzhi_pagecache_delete_{label}")

    from zongzhi import cache as resilient

    # Invalidations sent while Redis was down reached only one process's memory: start afresh.
    resilient.on_recover.append(lambda backend: bump_generation())
