"""Which cached public pages a record's change drops: per center, not every page of the county.

Every cached page is stamped with two numbers read before it was rendered: the cache generation
(zongzhi.pagecache: bumped by page publishing, site and configuration changes, and dropping every
page) and its scope's number. The scope of a path is its first segment when that is a center's
home page slug (/shifan/…: that center's pages), and the county scope otherwise (the portal root,
county-level pages, search: pages that may list several centers). The engine calls
`invalidate_center` for every committed change of a record (governance.flow.effects): it bumps that
center's scope and the county scope, now and again after commit, so 和平乡's cached pages survive a
move in 示范镇 while a county page listing both is rendered afresh.
"""

import secrets

from django.core.cache import cache
from django.db import transaction

COUNTY_SCOPE = "pagecache:scope:~county"
CENTER_SLUGS_KEPT = 1


def scope_key(segment):
    return f"pagecache:scope:{segment}"


def first_segment(path):
    return path.strip("/").split("/", 1)[0]


def _center_slugs():
    from pages.models import CenterHomePage

    return dict(CenterHomePage.objects.values_list("slug", "center_id"))


_slugs = None


def center_slugs(generation):
    """{home page slug: center id}, looked up once per generation in this process."""
    global _slugs
    if _slugs is None:
        from zongzhi.pagecache import GenerationMemo

        _slugs = GenerationMemo(CENTER_SLUGS_KEPT)
    return _slugs.get_for(generation, "slugs", _center_slugs)


def keys_for(path):
    """The scope keys a request for `path` may read: its segment's and the county's."""
    return [scope_key(first_segment(path)), COUNTY_SCOPE]


def stamp(path, generation, found):
    """The (generation, scope number) a page at `path` is valid under, given what the cache answered
    for keys_for(path); a scope never bumped yet starts at a random number."""
    segment = first_segment(path)
    key = scope_key(segment) if segment and segment in center_slugs(generation) else COUNTY_SCOPE
    value = found.get(key)
    if value is None:
        cache.add(key, secrets.randbits(48), None)
        value = cache.get(key)
    return (generation, value)


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:  # never set (or lost): a random start differs from every earlier value
        if not cache.add(key, secrets.randbits(48), None):
            cache.incr(key)


def _bump_center(center_id):
    from pages.models import CenterHomePage

    for slug in CenterHomePage.objects.filter(center_id=center_id).values_list("slug", flat=True):
        _bump(scope_key(slug))
    _bump(COUNTY_SCOPE)


def invalidate_center(center_id):
    """Drop the cached pages of `center_id` and the county-level pages, now and after commit (a page
    rendered from the old data while the change commits is not kept either)."""
    _bump_center(center_id)
    if not transaction.get_autocommit():  # inside atomic() (public API: atomic turns autocommit off)
        transaction.on_commit(lambda: _bump_center(center_id), robust=True)
