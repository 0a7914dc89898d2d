from django import template
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pages.models import center_home_for

register = template.Library()


@register.simple_tag(takes_context=True)
def page_chrome(context, page):
    """What every page of the page's center section shows around its content (pages.chrome), or
    None on county pages."""
    from pages import chrome

    if page is None or not getattr(page, "pk", None):
        return None
    home = page.center_home if hasattr(page, "center_home") else center_home_for(page)
    if home is None:
        return None
    request = context.get("request")
    return chrome.for_home(home, request) if request is not None else chrome.build(home, None)


@register.simple_tag(takes_context=True)
def site_search_url(context, page, chrome):
    """The search of the page's center section, or of the county portal on county pages."""
    if chrome:
        return chrome["search_url"]
    if page is None or not getattr(page, "pk", None):
        return None
    specific = page.specific
    if not hasattr(specific, "reverse_subpage"):
        return None
    url = specific.get_url(context.get("request"))
    try:
        return url + specific.reverse_subpage("search") if url is not None else None
    except NoReverseMatch:  # a routable page without a search route
        return None


@register.filter
def colour_label(colour):
    return {
        "green": _("On time"),
        "yellow": _("Deadline near"),
        "red": _("Past the deadline"),
    }.get(colour, "")


@register.filter
def month_label(value):
    """ "2026-11" → 2026年11月."""
    try:
        year, month = value.split("-")
        return _("%(year)s-%(month)s") % {"year": year, "month": int(month)}
    except (AttributeError, ValueError):
        return value


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The current query string with another page number."""
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


STEP_TEXTS = {
    "registered": gettext_noop("Your request was registered"),
    "accepted": gettext_noop("Accepted by the center"),
    "rejected": gettext_noop("Not accepted; a written notice with the reason is issued"),
    "routed": gettext_noop("Passed to the lead department"),
    "returned": gettext_noop("Returned by the department; the center will pass it on again"),
    "started": gettext_noop("The department started handling it"),
    "mediated": gettext_noop("A mediation session was held"),
    "suspended": gettext_noop("Handling paused (the paused time does not count toward the time limit)"),
    "resumed": gettext_noop("Handling resumed"),
    "extended": gettext_noop("The time limit was extended as the rules allow"),
    "delay_report": gettext_noop("The department filed a report on the delay"),
    "supervised": gettext_noop("The center issued a supervision order"),
    "urged": gettext_noop("The center urged the department"),
    "resolved": gettext_noop("Handling finished"),
    "fed_back": gettext_noop("The result was told to the party"),
    "followed_up": gettext_noop("Follow-up visit made"),
    "review_requested": gettext_noop("A request for review was registered"),
    "archived": gettext_noop("Filed in the archive"),
}


@register.filter
def step_label(step):
    text = STEP_TEXTS.get(step)
    return _(text) if text else ""


@register.filter
def within(page, section):
    """Whether the page is the section (a page or a chrome link) or below it (for marking the
    current menu item)."""
    path = section.get("path") if isinstance(section, dict) else getattr(section, "path", None)
    return bool(getattr(page, "path", None) and path and page.path.startswith(path))


@register.simple_tag(takes_context=True)
def public_page_url(context, page):
    """The page's absolute URL on the host the reader came by (zongzhi.public_urls), for print."""
    from zongzhi import public_urls

    return public_urls.page_url(page, context.get("request")) or ""
