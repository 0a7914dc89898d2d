"""The public forms: online request (网上反映) and progress lookup (进度查询).

Every field has its own clear message; the online request's fixed fields are defined here and
editors add extra questions in the page (Wagtail's form builder, see OnlineRequestPage).
"""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm

from governance.models import ReferenceItem, ReferenceKind
from governance.rules import identity

SUMMARY_MIN, SUMMARY_MAX = 10, 2000
HONEYPOT_FIELD = "website"

# What the person asks for → (case kind, petition kind code).
REQUEST_TYPES = {
    "dispute": ("dispute", None),
    "claim": ("petition", "claim"),
    "suggestion": ("petition", "suggestion"),
    "accusation": ("petition", "accusation"),
}


def _required(message):
    return {"required": message}


class OnlineRequestForm(BaseForm):
    """The fixed part of the online request; the page's extra questions are added after it."""

    request_type = forms.ChoiceField(
        label=_("What do you want to do?"),
        choices=[
            ("dispute", _("Ask for mediation of a dispute")),
            ("claim", _("Make a claim or complaint about a matter of my own")),
            ("suggestion", _("Make a suggestion")),
            ("accusation", _("Report wrongdoing (kept confidential)")),
        ],
        widget=forms.RadioSelect,
        error_messages={**_required(_("Choose what you want to do.")), "invalid_choice": _("Choose one of the listed options.")},
    )
    category = forms.ChoiceField(
        label=_("Category"),
        error_messages={**_required(_("Choose the category of the matter.")), "invalid_choice": _("Choose one of the listed categories.")},
    )
    workstation = forms.ChoiceField(
        label=_("Village or community concerned"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the listed villages or communities.")},
    )
    summary = forms.CharField(
        label=_("What happened and what you ask for"),
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=SUMMARY_MIN,
        max_length=SUMMARY_MAX,
        error_messages={
            **_required(_("Describe what happened and what you ask for.")),
            "min_length": _("Please describe the matter in at least %(limit_value)d characters."),
            "max_length": _("Please keep the description within %(limit_value)d characters (it has %(show_value)d)."),
        },
    )
    people_count = forms.IntegerField(
        label=_("Number of people involved"),
        min_value=1,
        max_value=9999,
        initial=1,
        error_messages={
            **_required(_("Enter how many people are involved.")),
            "invalid": _("Enter the number of people as a whole number, such as 1 or 3."),
            "min_value": _("At least one person must be involved."),
            "max_value": _("Enter a number of people below 10000."),
        },
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=30,
        error_messages={**_required(_("Enter your name.")), "max_length": _("The name can have at most %(limit_value)d characters.")},
    )
    phone = forms.CharField(
        label=_("Contact phone"),
        max_length=30,
        help_text=_("A mobile number or a landline with its area code; the case code and query code are sent here."),
        error_messages=_required(_("Enter a phone number so that the center can reach you.")),
    )
    id_number = forms.CharField(
        label=_("ID card number (optional)"),
        max_length=18,
        required=False,
        error_messages={"max_length": _("The ID card number has 18 characters.")},
    )
    address = forms.CharField(
        label=_("Address (optional)"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("The address can have at most %(limit_value)d characters.")},
    )
    is_private = forms.BooleanField(
        label=_("Do not publish the result of my matter on the public board (不公开)"),
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("I confirm that what I wrote is true, and I agree that the center uses my contact details to handle this matter."),
        error_messages=_required(_("Please confirm before sending.")),
    )
    # Left empty by people (it is hidden); bots that fill every field give themselves away.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, center=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.center = center
        self.fields["category"].choices = [("", _("— choose —"))] + self.category_choices(center)
        stations = list(center.workstations.filter(is_active=True).values_list("pk", "name")) if center else []
        self.fields["workstation"].choices = [("", _("Not sure / elsewhere in the township"))] + [(str(pk), name) for pk, name in stations]
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @staticmethod
    def category_choices(center):
        items = ReferenceItem.objects.filter(kind=ReferenceKind.CATEGORY, is_active=True).filter(Q(center__isnull=True) | Q(center=center))
        return [(str(item.pk), item.name) for item in items.order_by("sort_order", "name")]

    def clean_name(self):
        name = "".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter your name."))
        return name

    def clean_phone(self):
        try:
            return identity.validate_phone(self.cleaned_data["phone"])
        except identity.IdentityError as exc:
            raise ValidationError(str(exc)) from None

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip()
        if not value:
            return ""
        try:
            return identity.validate_id_number(value)
        except identity.IdentityError as exc:
            raise ValidationError(str(exc)) from None

    def clean_summary(self):
        summary = self.cleaned_data["summary"].strip()
        if len(summary) < SUMMARY_MIN:
            raise ValidationError(_("Please describe the matter in at least %(limit_value)d characters.") % {"limit_value": SUMMARY_MIN})
        return summary

    def clean_token(self):
        token = self.cleaned_data.get("token", "")
        try:
            return uuid.UUID(token).hex if token else ""
        except ValueError:
            return ""

    @property
    def extra_bound_fields(self):
        return [self[name] for name in self.fields if name.startswith("extra_")]

    @property
    def is_bot(self):
        return bool((self.data.get(HONEYPOT_FIELD) or "").strip())

    def extra_answers(self):
        """(question, answer) for the questions the editors added."""
        answers = []
        for name, field in self.fields.items():
            if name.startswith("extra_") and name in self.cleaned_data:
                value = self.cleaned_data[name]
                if isinstance(value, (list, tuple)):
                    value = "、".join(str(v) for v in value)
                if value not in (None, "", False):
                    answers.append((str(field.label), str(value) if value is not True else str(_("Yes"))))
        return answers


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Case code"),
        max_length=60,
        help_text=_("As written on your receipt, for example 示范镇综治〔2026〕0001号"),
        error_messages=_required(_("Enter the case code.")),
    )
    query_code = forms.CharField(
        label=_("Query code"),
        max_length=12,
        help_text=_("The 8 letters and digits given to you with the case code"),
        error_messages={**_required(_("Enter the query code.")), "max_length": _("The query code has 8 characters.")},
    )
