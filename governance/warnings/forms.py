"""Forms of the warning screens: they only collect input; the services validate the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.models import Workstation
from governance.warnings import flow
from governance.warnings.services import types_for

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})


class WarningForm(forms.Form):
    warning_type = forms.ModelChoiceField(types_for(None), label=_("Warning type"))
    level = forms.ChoiceField(label=_("Warning level"), choices=flow.Level.choices)
    title = forms.CharField(label=_("Title"), max_length=80)
    content = forms.CharField(label=_("Warning content"), widget=TEXT)
    advice = forms.CharField(label=_("Prevention advice"), widget=TEXT, help_text=_("What people and units should do (防范措施建议)."))
    villages = forms.ModelMultipleChoiceField(
        Workstation.objects.none(),
        label=_("Villages concerned"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty when the whole township is concerned."),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warning_type"].queryset = types_for(center.pk)
        self.fields["villages"].queryset = Workstation.objects.filter(center=center, is_active=True).order_by("name")


class MoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReasonForm(MoveForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=200)
