"""The county portal and each center's home page.

Each center's public site is a section of one portal (a CenterHomePage under the county's
PortalHomePage) rather than a separate Wagtail Site: one domain, one certificate and one set of
ALLOWED_HOSTS serve the whole county, a newcomer on 127.0.0.1 sees every center, and the county's
own pages link across them. A center that wants its own domain gets a Wagtail Site whose root is
its CenterHomePage; the page models need no change for that.
"""

import copy

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page

from governance.models import Center
from pages.blocks import QuickLinkBlock, RoomBlock
from pages.models.base import PublicPage, stream_text
from pages.search import search_pages
from zongzhi.pagecache import GenerationMemo

SEARCH_RESULTS_PER_PAGE = 10


class SearchRouteMixin(RoutablePageMixin):
    """A `search/` route below the page that searches only the page's own subtree."""

    @path("search/", name="search")
    def search_view(self, request):
        query = request.GET.get("q", "").strip()
        scope = Page.objects.live().public().descendant_of(self, inclusive=True).specific()
        results = search_pages(scope, query) if query else Page.objects.none()
        paginator = Paginator(list(results), SEARCH_RESULTS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        return self.render(
            request,
            context_overrides={"query": query, "page_obj": page_obj, "search_scope": self},
            template="pages/search_results.html",
        )


# Per process: (portal id, slug) → a center's home page with its center, while the generation it
# was read under is current (publishing, moving or renaming a page and saving a center bump it).
CENTER_HOMES_KEPT = 256
_center_homes = GenerationMemo(CENTER_HOMES_KEPT)


class CenterChildRouteMixin:
    """Routing below the portal: most requests go to a center's section, so its home page is found
    with its center in one query (Wagtail's routing takes one for the child and one for its
    specific page, and the page then reads its center), and kept for the generation
    (zongzhi.pagecache.GenerationMemo). Other children route as usual. Placed after
    RoutablePageMixin, so the portal's own routes (search) still come first."""

    def route(self, request, path_components):
        if path_components:
            slug = path_components[0]
            home = _center_homes.get(request, (self.pk, slug), lambda: self._center_home(slug))
            if home is not None:
                home = copy.copy(home)  # each request its own: views may set attributes on the page
                return home.route(request, path_components[1:])
        return super().route(request, path_components)

    def _center_home(self, slug):
        return CenterHomePage.objects.child_of(self).filter(slug=slug).select_related("center").first()


class PortalHomePage(SearchRouteMixin, CenterChildRouteMixin, PublicPage):
    """The county portal: lists every center's public site."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.CenterHomePage", "pages.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = _("county portal home page")

    def search_parts(self):
        return [self.intro]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["centers"] = CenterHomePage.objects.child_of(self).live().select_related("center")
        return context


class SectionRouteMixin:
    """A center's pages are routed through its home page: tell the page found which home it sits
    under, so that it need not look it up again (PublicPage.center_home)."""

    def route(self, request, path_components):
        result = super().route(request, path_components)
        page = result[0]
        if page is not self and isinstance(page, PublicPage) and page.path.startswith(self.path):
            page.__dict__.setdefault("center_home", self)
        return result


class CenterHomePage(SectionRouteMixin, SearchRouteMixin, PublicPage):
    """One center's public site: everything below it belongs to that center."""

    center = models.OneToOneField(Center, verbose_name=_("governance center"), on_delete=models.PROTECT, related_name="home_page")
    intro = RichTextField(_("center introduction"), blank=True)
    sign = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("sign (photo of the center's nameplate)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sign_text = models.CharField(
        _("sign wording"),
        max_length=80,
        blank=True,
        help_text=_("The words on the nameplate, shown when there is no photo; empty shows the center name."),
    )
    rooms = StreamField(
        [("room", RoomBlock())], verbose_name=_("rooms"), blank=True, help_text=_("The three rooms of the center and what they are for.")
    )
    quick_links = StreamField([("link", QuickLinkBlock())], verbose_name=_("quick links"), blank=True)
    latest_count = models.PositiveSmallIntegerField(_("latest items shown"), default=5)

    content_panels = Page.content_panels + [
        FieldPanel("center"),
        MultiFieldPanel([FieldPanel("sign"), FieldPanel("sign_text")], heading=_("Sign")),
        FieldPanel("intro"),
        FieldPanel("rooms"),
        FieldPanel("quick_links"),
        FieldPanel("latest_count"),
    ]
    api_fields = [
        APIField("intro"),
        APIField("center_name"),
        APIField("center_contacts"),
        APIField("sign_text"),
        APIField("sign", serializer=ImageRenditionField("max-800x400")),
        APIField("rooms"),
        APIField("quick_links"),
    ]
    parent_page_types = ["pages.PortalHomePage"]
    subpage_types = [
        "pages.ContentPage",
        "pages.DutiesPage",
        "pages.ProcedureChartPage",
        "pages.VisitorNoticePage",
        "pages.ServiceCommitmentPage",
        "pages.StaffPage",
        "pages.ContactsPage",
        "pages.ArticleIndexPage",
        "pages.NoticeIndexPage",
        "pages.ResultsBoardPage",
        "pages.OnlineRequestPage",
        "pages.ProgressLookupPage",
        "pages.WarningsPage",
    ]

    class Meta:
        verbose_name = _("center home page")

    @property
    def center_home(self):
        return self

    @property
    def center_name(self):
        return self.center.name

    @property
    def center_contacts(self):
        center = self.center
        return {
            "address": center.address,
            "office_hours": center.office_hours,
            "phone": center.phone,
            "supervision_phone": center.supervision_phone,
        }

    def search_parts(self):
        return [self.center.name, self.sign_text, self.intro, stream_text(self.rooms)]

    def section(self, model):
        """The first live page of this type in the center's site (for links to the board, lookup…)."""
        return model.objects.live().public().descendant_of(self).first()

    def get_context(self, request, *args, **kwargs):
        from governance.selectors.public import latest_results
        from governance.warnings.selectors import current as current_warnings
        from pages import chrome
        from pages.models.articles import NoticePage

        context = super().get_context(request, *args, **kwargs)
        shared = context["chrome"] = chrome.for_home(self, request)
        sections = shared["sections"]
        context["notices"] = (
            NoticePage.objects.live()
            .descendant_of(self)
            .filter(chrome.public_q(shared["restricted_paths"]))
            .only("id", "title", "url_path", "path", "depth", "date")  # a list of links with dates
            .order_by("-date", "-first_published_at")[: self.latest_count]
        )
        board = sections.get("board")
        context["board_page"] = board
        context["results"] = latest_results(self.center, self.latest_count) if board else []
        context["request_page"] = sections.get("request")
        context["lookup_page"] = sections.get("lookup")
        # The block shows while warnings are in force, on sites that have a warnings page to link to.
        warnings_page = context["warnings_page"] = sections.get("warnings")
        context["current_warnings"] = current_warnings(self.center_id)[: self.latest_count] if warnings_page else []
        return context
