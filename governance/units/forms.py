"""The forms of the unit screens: they parse input; the services validate and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.models import Department, Workstation
from governance.units import flows
from governance.units.models import ChecklistItem, CheckResult, Unit, UnitKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class UnitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("unit name"), max_length=100)
    kind = forms.ModelChoiceField(label=_("unit kind"), queryset=UnitKind.objects.filter(is_active=True))
    village = forms.ModelChoiceField(label=_("village"), queryset=Workstation.objects.none(), required=False)
    address = forms.CharField(label=_("address"), max_length=200)
    credit_code = forms.CharField(
        label=_("unified social credit code"), max_length=30, required=False, help_text=_("18 characters, as on the business licence.")
    )
    lead_name = forms.CharField(label=_("security lead"), max_length=30)
    lead_phone = forms.CharField(label=_("security lead's phone"), max_length=30, required=False)
    is_key = forms.BooleanField(label=_("key unit"), required=False)

    def __init__(self, *args, center_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = Workstation.objects.filter(center_id=center_id, is_active=True).order_by("name")


class ReasonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("reason"), widget=TEXT, required=False)


class CheckForm(forms.Form):
    """A check with one result and note per active checklist item (fields result_<pk>, note_<pk>)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    unit = forms.ModelChoiceField(label=_("unit"), queryset=Unit.objects.none())
    check_date = forms.DateField(label=_("date of the check"), widget=DATE)
    inspectors = forms.CharField(label=_("inspectors"), max_length=200, help_text=_("Names, separated by 、"))
    findings = forms.CharField(label=_("findings"), widget=TEXT, required=False)

    def __init__(self, *args, center_id, fixed_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(center_id=center_id, status=flows.ACTIVE).order_by("-is_key", "name")
        self.fields["unit"].queryset = units
        if fixed_unit is not None:
            self.fields["unit"].queryset = Unit.objects.filter(pk=fixed_unit.pk)
            self.fields["unit"].disabled = True
            self.fields["unit"].initial = fixed_unit.pk
        self.items = list(ChecklistItem.objects.filter(is_active=True))
        for item in self.items:
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                label=item.name, choices=CheckResult.Result.choices, widget=forms.RadioSelect, help_text=item.requirement
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(label=_("%(item)s: note") % {"item": item.name}, max_length=300, required=False)

    def result_rows(self):
        data = self.cleaned_data
        return [(item.pk, data.get(f"result_{item.pk}"), data.get(f"note_{item.pk}", "")) for item in self.items]


class NoticeForm(forms.Form):
    """The rectification notice a finding becomes (the notice's own fields, prefilled)."""

    recipient = forms.ModelChoiceField(Department.objects.none(), label=_("Recipient department"))
    problem = forms.CharField(label=_("Problem found"), widget=TEXT)
    place = forms.CharField(label=_("Place"), max_length=120)
    basis = forms.CharField(label=_("Basis"), widget=TEXT, help_text=_("The law, regulation or rule the problem breaches."))
    measures = forms.CharField(label=_("Rectification measures"), widget=TEXT)
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=40)
    funds = forms.CharField(label=_("Funds"), max_length=120)
    deadline = forms.DateField(label=_("Rectification deadline"), widget=DATE)
    contingency_plan = forms.CharField(label=_("Contingency plan"), widget=TEXT)
    issue = forms.BooleanField(label=_("Issue the notice now"), required=False, initial=True)

    def __init__(self, *args, center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = Department.objects.filter(center=center, is_active=True)
