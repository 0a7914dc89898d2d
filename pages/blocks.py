"""StreamField blocks that editors compose pages from."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.TextBlock(label=_("Answer"))

    class Meta:
        label = _("Question and answer")
        icon = "help"
        template = "includes/blocks/faq.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Subheading"), form_classname="title")
    paragraph = blocks.RichTextBlock(label=_("Body text"))
    image = ImageChooserBlock(label=_("Image"))
    notice = blocks.TextBlock(label=_("Notice box"))
    steps = blocks.ListBlock(blocks.CharBlock(label=_("Step")), label=_("Numbered steps"), icon="list-ol")
    faq = FaqBlock()
    document = DocumentChooserBlock(label=_("Download (document)"), icon="doc-full")

    class Meta:
        label = _("Content")


class DutyBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Duty"))
    text = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        label = _("Duty")
        icon = "tick"


class CommitmentBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Commitment"))
    text = blocks.TextBlock(label=_("Details"), required=False)
    time_limit = blocks.CharBlock(label=_("Time limit"), required=False, help_text=_("For example: within 15 days"))

    class Meta:
        label = _("Service commitment")
        icon = "success"


class RoomBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Room name"))
    purpose = blocks.TextBlock(label=_("What it is for"))
    location = blocks.CharBlock(label=_("Where it is"), required=False)

    class Meta:
        label = _("Room")
        icon = "home"


class QuickLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"))
    label = blocks.CharBlock(label=_("Link text"), required=False, help_text=_("Leave empty to use the page title."))
    description = blocks.CharBlock(label=_("Short description"), required=False)

    class Meta:
        label = _("Quick link")
        icon = "link"


def stage_choices():
    from governance.models import CaseStatus

    return list(CaseStatus.choices)


class StageNoteBlock(blocks.StructBlock):
    """An editor's plain-language explanation of one stage of the workflow chart."""

    stage = blocks.ChoiceBlock(label=_("Stage"), choices=stage_choices)
    text = blocks.TextBlock(label=_("Explanation for the public"))

    class Meta:
        label = _("Stage explanation")
        icon = "info-circle"

    def get_api_representation(self, value, context=None):
        return {"stage": value["stage"], "text": value["text"]}
