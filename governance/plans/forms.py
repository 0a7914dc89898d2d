"""The forms of the plans screens: they parse input; the services validate and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.models import Department, Workstation
from governance.plans.models import TechKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _villages(center_id):
    return Workstation.objects.filter(center_id=center_id, is_active=True).order_by("name")


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    village = forms.ModelChoiceField(label=_("village"), queryset=Workstation.objects.none())
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    measures = forms.CharField(label=_("prevention measures"), widget=forms.Textarea(attrs={"rows": 6}))
    responsible_people = forms.CharField(
        label=_("responsible people"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Names and posts, one per line.")
    )

    def __init__(self, *args, center_id, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:  # the village and the year of a plan are fixed once it exists
            del self.fields["village"]
            del self.fields["year"]
        else:
            self.fields["village"].queryset = _villages(center_id)


class MilestoneForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("milestone"), max_length=200)
    due_date = forms.DateField(label=_("due date"), widget=DATE)
    owner_department = forms.ModelChoiceField(
        label=_("owner department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("The village workstation"),
    )

    def __init__(self, *args, center_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_department"].queryset = Department.objects.filter(center_id=center_id, is_active=True).order_by("name")


class ReasonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ProgressForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("progress"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DoneForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    done_on = forms.DateField(label=_("done on"), widget=DATE)
    reason = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PointForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    village = forms.ModelChoiceField(label=_("village"), queryset=Workstation.objects.none())
    kind = forms.ModelChoiceField(label=_("kind"), queryset=TechKind.objects.filter(is_active=True))
    location = forms.CharField(label=_("location"), max_length=120)
    installed_on = forms.DateField(label=_("installed on"), widget=DATE, required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, center_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = _villages(center_id)


class CheckForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    checked_on = forms.DateField(label=_("checked on"), widget=DATE, required=False, help_text=_("Leave empty for today."))
    reason = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
