"""Forms of the analysis screens: they only collect input; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.analysis import periods
from governance.analysis.models import SituationAnalysis
from governance.models import Department

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 6})


class CreateForm(forms.Form):
    period_kind = forms.ChoiceField(label=_("Period"), choices=SituationAnalysis.PeriodKind.choices, initial=periods.MONTH)
    day = forms.DateField(label=_("A day of the period"), widget=DATE, help_text=_("The month or quarter containing this day is analysed."))


class DraftForm(forms.Form):
    overview = forms.CharField(label=_("Overview of the situation"), widget=TEXT)
    features = forms.CharField(label=_("Main features"), widget=TEXT, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OpinionForm(forms.Form):
    text = forms.CharField(label=_("Work opinion"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(Department.objects.none(), label=_("Owner department"))
    deadline = forms.DateField(label=_("Completion deadline"), widget=DATE)

    def __init__(self, *args, center=None, **kwargs):
        super().__init__(*args, **kwargs)
        if center is not None:
            self.fields["owner"].queryset = Department.objects.filter(center=center, is_active=True).order_by("sort_order", "name")


OpinionFormSet = forms.formset_factory(OpinionForm, extra=2, can_delete=True, max_num=20)


class AttachForm(forms.Form):
    meeting = forms.ModelChoiceField(None, label=_("Joint meeting"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class MoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RegenerateForm(MoveForm):
    rewrite_text = forms.BooleanField(label=_("Also rewrite the overview and the main features from the new figures"), required=False)


class ReasonForm(MoveForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=200)
