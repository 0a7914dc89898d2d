from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page

from pages.blocks import BodyBlock
from pages.models.base import PublicPage, stream_text


class ContentPage(PublicPage):
    """A generic page composed of blocks (procedures, guides, campaigns…)."""

    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    api_fields = [APIField("body")]
    subpage_types = ["pages.ContentPage"]

    class Meta:
        verbose_name = _("content page")

    def search_parts(self):
        return [stream_text(self.body)]
