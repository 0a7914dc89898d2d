from django import template

from pages.models import center_home_for

register = template.Library()


@register.simple_tag
def center_home(page):
    """The center section the page belongs to (None on county pages)."""
    if page is None or not getattr(page, "pk", None):
        return None
    return center_home_for(page)
