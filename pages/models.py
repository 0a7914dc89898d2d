"""Public website pages.

Each center's public site is a section of one portal (a CenterHomePage under the county's
PortalHomePage) rather than a separate Wagtail Site: one domain, one certificate and one set of
ALLOWED_HOSTS serve the whole county, a newcomer on 127.0.0.1 sees every center, and the county's
own pages link across them. A center that wants its own domain gets a Wagtail Site whose root is
its CenterHomePage; the page models need no change for that.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page

from governance.models import Center


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Subheading"), form_classname="title")
    paragraph = blocks.RichTextBlock(label=_("Body text"))
    image = ImageChooserBlock(label=_("Image"))
    notice = blocks.TextBlock(label=_("Notice box"))

    class Meta:
        label = _("Content")


class PortalHomePage(Page):
    """The county portal: lists every center's public site."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.CenterHomePage", "pages.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = _("county portal home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["centers"] = CenterHomePage.objects.child_of(self).live().select_related("center")
        return context


class CenterHomePage(Page):
    """One center's public site: everything below it belongs to that center."""

    center = models.OneToOneField(
        Center, verbose_name=_("governance center"), on_delete=models.PROTECT, related_name="home_page"
    )
    intro = RichTextField(_("center introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("center"), FieldPanel("intro")]
    api_fields = [APIField("intro"), APIField("center_name"), APIField("center_contacts")]
    parent_page_types = ["pages.PortalHomePage"]
    subpage_types = ["pages.ContentPage"]

    class Meta:
        verbose_name = _("center home page")

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


class ContentPage(Page):
    """A generic page composed of blocks (duties, notices, procedures…)."""

    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    api_fields = [APIField("body")]
    subpage_types = ["pages.ContentPage"]

    class Meta:
        verbose_name = _("content page")


def center_home_for(page):
    """The CenterHomePage a page sits under (itself included), or None for county pages."""
    return CenterHomePage.objects.ancestor_of(page, inclusive=True).select_related("center").first()
