from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pages.models import center_home_for

register = template.Library()


@register.simple_tag
def center_home(page):
    """The center section the page belongs to (None on county pages)."""
    if page is None or not getattr(page, "pk", None):
        return None
    return center_home_for(page)


@register.simple_tag
def footer_contacts(home):
    """The contact entries the center's editors marked for the footer (from its contacts page)."""
    from pages.models import ContactEntry, ContactsPage

    if home is None:
        return []
    contacts_page = ContactsPage.objects.live().public().descendant_of(home).first()
    if contacts_page is None:
        return []
    return list(ContactEntry.objects.filter(page=contacts_page, in_footer=True).order_by("sort_order"))


@register.simple_tag
def contacts_page_for(home):
    from pages.models import ContactsPage

    return ContactsPage.objects.live().public().descendant_of(home).first() if home else None


@register.filter
def colour_label(colour):
    return {
        "green": _("On time"),
        "yellow": _("Deadline near"),
        "red": _("Past the deadline"),
    }.get(colour, "")


@register.filter
def month_label(value):
    """"2026-11" → 2026年11月."""
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
    """Whether the page is the section or below it (for marking the current menu item)."""
    return bool(getattr(page, "path", None) and section is not None and page.path.startswith(section.path))
