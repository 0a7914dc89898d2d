"""The parts every public page of a center shares (its "chrome"): the center's name and contacts,
the header menu, the links to its service sections (results board, online request, progress
lookup, contacts), the footer contacts and the home page's quick links.

They depend on the page tree and the center record only, not on the page being shown, so they are
built once and kept in the cache, as Wagtail's performance guide advises for menus. An entry carries
the page cache's generation (zongzhi.pagecache) and is used only while that generation is current:
publishing, unpublishing, moving or deleting a page, a privacy change and a change to a center all
bump it, in every process. While the shared cache is down (degraded to process memory, where one
process's invalidation could not reach the others), and for previews of drafts, the chrome is built
for each request.

The entry is plain data (titles, URLs, paths), never model instances, and holds nothing personal:
the center's public phones and the contact entries its editors marked for the footer.

Pages still render their own content on every request: the home page's notices and results, a
board's cases, an article's body.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

from zongzhi import pagecache

KEY_PREFIX = "pagechrome:"
TIMEOUT = 24 * 3600  # entries are dropped by generation; this only bounds their lifetime

# Per process, in front of the shared cache: an entry is used only under the generation it was read
# or built under, like the shared cache's. Keys are sites and center home pages, not client input.
_memo = pagecache.GenerationMemo(256)


def restricted_paths():
    """Tree paths of the pages with a view restriction (the pages below them are restricted too)."""
    return sorted(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())


RESTRICTIONS_KEY = KEY_PREFIX + "restrictions"


def restriction_index():
    """The tree paths of restricted pages and of alias pages, read once per generation:
    {"restricted": [...], "aliases": [...]}; None while the shared cache is down.

    Restrictions and aliases change only through what bumps the generation: saving or deleting a
    PageViewRestriction, creating an alias, moving or deleting pages (zongzhi.pagecache.connect).
    A stale index can only err on the safe side for pages it lists: they get Wagtail's own check."""
    generation = pagecache.request_generation()
    if generation is None:  # outside a request, or Redis is down
        value = cache.get(pagecache.GENERATION_KEY)
        if getattr(cache, "degraded", False):
            return None
        generation = pagecache.generation_from(value)
    return _memo.get_for(generation, RESTRICTIONS_KEY, lambda: _shared_index(generation))


def _shared_index(generation):
    """The restriction index from the shared cache, or built and stored there; None if Redis is down."""
    entry = cache.get(RESTRICTIONS_KEY)
    if getattr(cache, "degraded", False):
        return None
    if entry is not None and entry.get("generation") == generation:
        return entry["index"]
    index = {
        "restricted": restricted_paths(),
        "aliases": sorted(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)),
    }
    cache.set(RESTRICTIONS_KEY, {"generation": generation, "index": index}, TIMEOUT)
    return index


def surely_unrestricted(page):
    """True when neither the page nor any ancestor is restricted or an alias (whose restrictions
    would be its source's), according to a current restriction index; False when that cannot be
    said without asking the database."""
    index = restriction_index()
    if index is None:
        return False
    path = page.path
    return not any(path.startswith(p) for p in index["restricted"]) and not any(path.startswith(p) for p in index["aliases"])


def public_q(paths):
    """Like Wagtail's PageQuerySet.public(), from a list of restricted paths read once."""
    q = Q()
    for path in paths:
        q &= ~Q(path__startswith=path)
    return q


def _section_models():
    from pages.models import ContactsPage, OnlineRequestPage, ProgressLookupPage, ResultsBoardPage, WarningsPage

    return {
        "board": ResultsBoardPage,
        "request": OnlineRequestPage,
        "lookup": ProgressLookupPage,
        "contacts": ContactsPage,
        "warnings": WarningsPage,
    }


def _link(page, request):
    return {"id": page.pk, "title": page.title, "url": page.get_url(request), "path": page.path}


def build(home, request):
    """The chrome of a center's section, as plain data (see the module docstring)."""
    from django.contrib.contenttypes.models import ContentType

    from pages.models import ContactEntry

    index = restriction_index()
    paths = index["restricted"] if index is not None else restricted_paths()
    public = public_q(paths)
    center = home.center
    parent = home.get_parent()
    menu = [_link(page, request) for page in home.get_children().live().filter(public).in_menu().order_by("path")]
    models = _section_models()
    types = ContentType.objects.get_for_models(*models.values())
    by_type = {types[model].pk: name for name, model in models.items()}
    sections = {}
    candidates = Page.objects.live().descendant_of(home).filter(public).filter(content_type_id__in=by_type).order_by("path")
    for page in candidates.only("id", "title", "path", "depth", "url_path", "content_type_id"):
        name = by_type[page.content_type_id]
        sections.setdefault(name, _link(page, request))
    footer = []
    if "contacts" in sections:
        entries = ContactEntry.objects.filter(page_id=sections["contacts"]["id"], in_footer=True).order_by("sort_order")
        footer = [{"label": entry.label, "phone": entry.phone, "hours": entry.hours} for entry in entries]
    quick_links = []
    for block in home.quick_links:
        page = block.value.get("page")
        if page is None or not page.live or any(page.path.startswith(path) for path in paths):
            continue
        quick_links.append(
            {"url": page.get_url(request), "title": block.value.get("label") or page.title, "description": block.value.get("description") or ""}
        )
    home_url = home.get_url(request)
    return {
        "home": {"id": home.pk, "title": home.title, "url": home_url, "path": home.path},
        "search_url": home_url + home.specific.reverse_subpage("search") if home_url is not None else None,
        "portal": {"title": parent.title, "url": parent.get_url(request)} if parent and parent.depth > 1 else None,
        "center": {
            "name": center.name,
            "address": center.address,
            "office_hours": center.office_hours,
            "phone": center.phone,
            "supervision_phone": center.supervision_phone,
        },
        "menu": menu,
        "sections": sections,
        "footer_contacts": footer,
        "quick_links": quick_links,
        "restricted_paths": paths,
    }


def _site_id(request):
    from wagtail.models import Site

    site = Site.find_for_request(request)
    return site.pk if site else 0


def _shared_chrome(key, generation, home, request):
    entry = cache.get(key)
    if entry is not None and entry.get("generation") == generation:
        return entry["data"]
    data = build(home, request)
    cache.set(key, {"generation": generation, "data": data}, TIMEOUT)
    return data


def for_home(home, request):
    """The chrome of `home`'s section for this request: from the request, the cache, or built."""
    if home is None:
        return None
    memo = request.__dict__.setdefault("_zongzhi_chrome", {})
    if home.pk in memo:
        return memo[home.pk]
    # A preview shows the editor's draft: build it for this request only, never for the cache.
    generation = None if getattr(request, "is_preview", False) else pagecache.current_generation(request)
    if generation is None:
        data = build(home, request)
    else:
        key = f"{KEY_PREFIX}{_site_id(request)}:{home.pk}"
        data = _memo.get_for(generation, key, lambda: _shared_chrome(key, generation, home, request))
    memo[home.pk] = data
    return data
