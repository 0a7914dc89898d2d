"""News and legal-education articles, and notices (通知公告), with index pages, tags and pagination.

Notices go through the center's approval workflow: only the center's reviewers may publish them
(see pages.review), and Wagtail's go-live date schedules them.
"""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from pages.blocks import BodyBlock
from pages.models.base import PublicPage, stream_text
from pages.review import ReviewedPermissionTester

ITEMS_PER_PAGE = 10


class ArticleIndexPage(PublicPage):
    """A list of articles: news (工作动态) or legal education (法治宣传), filterable by tag."""

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        LAW = "law", _("Legal education")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("kind"), FieldPanel("intro")]
    api_fields = [APIField("kind"), APIField("intro")]
    parent_page_types = ["pages.CenterHomePage"]
    subpage_types = ["pages.ArticlePage"]

    class Meta:
        verbose_name = _("article index page")

    def search_parts(self):
        return [self.intro]

    def articles(self):
        return ArticlePage.objects.live().public().child_of(self).order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = self.articles()
        tag = request.GET.get("tag", "").strip()
        if tag:
            articles = articles.filter(tags__name=tag)
        context["tag"] = tag
        context["tags"] = (
            ArticlePageTag.tag_model().objects.filter(pages_articlepagetag_items__content_object__in=self.articles()).distinct().order_by("name")
        )
        context["page_obj"] = Paginator(articles, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("pages.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePage(PublicPage):
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.CharField(_("summary"), max_length=240, blank=True, help_text=_("One or two sentences for lists."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, verbose_name=_("tags"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("summary"), FieldPanel("body"), FieldPanel("tags")]
    api_fields = [APIField("date"), APIField("summary"), APIField("body"), APIField("tag_names")]
    parent_page_types = ["pages.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")

    @property
    def tag_names(self):
        return [tag.name for tag in self.tags.all()]

    def search_parts(self):
        return [self.summary, stream_text(self.body), " ".join(self.tag_names)]


class NoticeIndexPage(PublicPage):
    """Notices and announcements (通知公告); publishing below it needs the center's approval."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["pages.CenterHomePage"]
    subpage_types = ["pages.NoticePage"]

    class Meta:
        verbose_name = _("notice index page")

    def permissions_for_user(self, user):
        return ReviewedPermissionTester(user, self)

    def search_parts(self):
        return [self.intro]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        notices = NoticePage.objects.live().public().child_of(self).order_by("-date", "-pk")
        context["page_obj"] = Paginator(notices, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
        return context


class NoticePage(PublicPage):
    date = models.DateField(_("date"), default=timezone.localdate)
    issued_by = models.CharField(_("issued by"), max_length=80, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("issued_by"), FieldPanel("body")]
    api_fields = [APIField("date"), APIField("issued_by"), APIField("body")]
    parent_page_types = ["pages.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("notice")

    def permissions_for_user(self, user):
        return ReviewedPermissionTester(user, self)

    def search_parts(self):
        return [self.issued_by, stream_text(self.body)]
