"""What every public page shares: the center it belongs to and its segmented search text."""

from django.utils.functional import cached_property
from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.search import index

from pages.search import segment


def center_home_for(page):
    """The CenterHomePage a page sits under (itself included), or None for county pages."""
    from pages.models.home import CenterHomePage

    if page is None or not getattr(page, "pk", None):
        return None
    if isinstance(page, CenterHomePage):
        return page
    return CenterHomePage.objects.ancestor_of(page, inclusive=True).select_related("center").first()


def stream_text(stream):
    """The searchable text of a StreamField value."""
    if not stream:
        return ""
    return " ".join(str(part) for part in stream.stream_block.get_searchable_content(stream))


class PublicPage(Page):
    """Abstract base of the center pages: knows its center, indexes jieba-segmented text."""

    search_fields = Page.search_fields + [index.SearchField("search_text")]

    class Meta:
        abstract = True

    @cached_property
    def center_home(self):
        return center_home_for(self)

    @property
    def center(self):
        home = self.center_home
        return home.center if home else None

    def search_parts(self):
        """The page's own text for the search index (subclasses add their fields)."""
        return []

    def get_view_restrictions(self):
        """Wagtail checks these on every serve with two queries (the ancestors, for aliases, then
        their restrictions). Most pages have none: when the cached restriction index
        (pages.chrome.restriction_index) says neither this page nor an ancestor is restricted or an
        alias, there is nothing to look up. Otherwise Wagtail's own query."""
        from wagtail.models import PageViewRestriction

        from pages import chrome

        if self.pk and chrome.surely_unrestricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def search_text(self):
        parts = [self.title, self.search_description, *self.search_parts()]
        return segment(" ".join(strip_tags(str(part)) for part in parts if part))
