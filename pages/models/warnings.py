"""The center's public security warnings (治安预警): the current ones, and an archive of those
withdrawn or expired. Read through governance.warnings.selectors only (its public fields: a
warning holds no personal data). A publish, withdrawal or expiry drops the center's cached pages
through the engine's effects (zongzhi.pagescope)."""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from pages.models.base import PublicPage


class WarningsPage(RoutablePageMixin, PublicPage):
    """Current security warnings of the center, with their advice; `archive/` lists ended ones."""

    intro = RichTextField(_("introduction"), blank=True)
    archive_per_page = models.PositiveSmallIntegerField(_("archived warnings per page"), default=20)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("archive_per_page")]
    api_fields = [APIField("intro"), APIField("current_warnings"), APIField("archive_url")]
    parent_page_types = ["pages.CenterHomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("security warnings page")

    def search_parts(self):
        return [self.intro]

    @property
    def current_warnings(self):
        """The current warnings as public data (pages API)."""
        from governance.warnings import selectors

        home = self.center_home
        return [selectors.public_item(w) for w in selectors.current(home.center_id)] if home else []

    @property
    def archive_url(self):
        return self.url + self.reverse_subpage("archive") if self.url else ""

    @path("", name="index")
    def current_view(self, request):
        from governance.warnings import selectors

        return self.render(request, context_overrides={"warnings": selectors.current(self.center_home.center_id), "archived": False})

    @path("archive/", name="archive")
    def archive_view(self, request):
        from governance.warnings import selectors

        paginator = Paginator(selectors.archive(self.center_home.center_id), max(1, min(self.archive_per_page, 100)))
        page_obj = paginator.get_page(request.GET.get("page"))
        return self.render(request, context_overrides={"warnings": page_obj.object_list, "page_obj": page_obj, "archived": True})
