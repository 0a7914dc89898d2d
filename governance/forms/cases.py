"""Forms of the case screens: registration, details edit, and one form per workflow move."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import Case, CaseKind, Department, FollowUp, Party, ReferenceItem, ReferenceKind, Workstation

# <input type="date"> only takes ISO dates; the zh-hans default format (2026/11/27) would be dropped.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def reference_choices(kind, center):
    return ReferenceItem.objects.filter(kind=kind, is_active=True).filter(Q(center__isnull=True) | Q(center=center))


class RegistrationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseKind.choices)
    source = forms.ModelChoiceField(label=_("Source"), queryset=ReferenceItem.objects.none())
    category = forms.ModelChoiceField(label=_("Category"), queryset=ReferenceItem.objects.none())
    petition_kind = forms.ModelChoiceField(label=_("Petition kind"), queryset=ReferenceItem.objects.none(), required=False)
    tier = forms.ModelChoiceField(label=_("Complexity tier"), queryset=ReferenceItem.objects.none(), required=False)
    risk = forms.ModelChoiceField(label=_("Risk grade"), queryset=ReferenceItem.objects.none(), required=False)
    received_on = forms.DateField(label=_("Received on"), widget=DATE_INPUT)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    place = forms.CharField(label=_("Place"), required=False, max_length=120)
    people_count = forms.IntegerField(label=_("People involved"), min_value=1, max_value=100000, initial=1)
    workstation = forms.ModelChoiceField(label=_("Village / community"), queryset=Workstation.objects.none(), required=False)
    is_private = forms.BooleanField(label=_("Not public"), required=False)

    def __init__(self, *args, center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        for name, kind in (
            ("source", ReferenceKind.SOURCE),
            ("category", ReferenceKind.CATEGORY),
            ("petition_kind", ReferenceKind.PETITION_KIND),
            ("tier", ReferenceKind.TIER),
            ("risk", ReferenceKind.RISK),
        ):
            self.fields[name].queryset = reference_choices(kind, center)
        self.fields["workstation"].queryset = Workstation.objects.filter(center=center, is_active=True)

    def clean(self):
        data = super().clean()
        if data.get("kind") == CaseKind.PETITION and not data.get("petition_kind"):
            self.add_error("petition_kind", _("A petition needs its petition kind."))
        return data


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Party.Role.choices)
    name = forms.CharField(label=_("Name"), max_length=60, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=30, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)

    def has_content(self):
        data = getattr(self, "cleaned_data", {})
        return any((data.get(k) or "").strip() for k in ("name", "id_number", "phone", "address"))


PartyFormSet = forms.formset_factory(PartyForm, extra=3, max_num=10)


class CaseDetailsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Case
        fields = ["category", "tier", "risk", "summary", "place", "people_count", "workstation", "responsible_person", "is_private", "publishable"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        center = self.instance.center
        for name, kind in (("category", ReferenceKind.CATEGORY), ("tier", ReferenceKind.TIER), ("risk", ReferenceKind.RISK)):
            self.fields[name].queryset = reference_choices(kind, center)
        self.fields["workstation"].queryset = Workstation.objects.filter(center=center)
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version


# --- one form per move -------------------------------------------------------------------------


class MoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["version"].initial = case.version


def _reason(required=False, label=_("Reason")):
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 3}), required=required, max_length=4000)


def _date(label):
    return forms.DateField(label=label, widget=DATE_INPUT, initial=timezone.localdate)


class AcceptForm(MoveForm):
    notice_date = _date(_("Written notice date"))
    reason = _reason()


class RejectForm(MoveForm):
    reason = _reason(required=True, label=_("Reason for not accepting"))
    notice_date = _date(_("Written notice date"))


class RouteForm(MoveForm):
    lead_department = forms.ModelChoiceField(label=_("Lead department"), queryset=Department.objects.none())
    cooperating = forms.ModelMultipleChoiceField(
        label=_("Cooperating departments"), queryset=Department.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=40, required=False)
    reason = _reason(label=_("Instructions"))

    def __init__(self, *args, case, suggestion=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        departments = Department.objects.filter(center=case.center, is_active=True)
        self.fields["lead_department"].queryset = departments
        self.fields["cooperating"].queryset = departments
        if suggestion is not None and not self.is_bound:
            self.fields["lead_department"].initial = suggestion.lead_department_id
            self.fields["cooperating"].initial = list(suggestion.cooperating_departments.values_list("pk", flat=True))


class ReasonForm(MoveForm):
    reason = _reason(required=True)


class OptionalReasonForm(MoveForm):
    reason = _reason()


class MediationForm(MoveForm):
    held_on = _date(_("Date"))
    mediation_type = forms.ModelChoiceField(label=_("Mediation type"), queryset=ReferenceItem.objects.none())
    mediator = forms.CharField(label=_("Mediator"), max_length=60)
    parties_present = forms.CharField(label=_("Parties present"), max_length=200)
    result = _reason(required=True, label=_("Result"))
    agreement_reached = forms.BooleanField(label=_("Agreement reached"), required=False)
    agreement_text = _reason(label=_("Agreement"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["mediation_type"].queryset = reference_choices(ReferenceKind.MEDIATION_TYPE, case.center)


class ExtendForm(MoveForm):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=30)
    reason = _reason(required=True)
    party_told_on = _date(_("Party told on"))


class DelayReportForm(MoveForm):
    text = _reason(required=True, label=_("Report"))
    party_told_on = _date(_("Party told on"))


class ResolveForm(MoveForm):
    outcome = forms.ModelChoiceField(label=_("Outcome"), queryset=ReferenceItem.objects.none())
    note = _reason(required=True, label=_("Handling result"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["outcome"].queryset = reference_choices(ReferenceKind.OUTCOME, case.center)


class FeedbackForm(MoveForm):
    told_on = _date(_("Party informed on"))
    note = _reason(label=_("Note"))


class FollowUpForm(MoveForm):
    result = forms.ChoiceField(label=_("Result"), choices=FollowUp.Result.choices, widget=forms.RadioSelect)
    note = _reason(label=_("Note"))


class ReviewForm(MoveForm):
    applied_on = _date(_("Applied on"))
    reason = _reason(required=True)


class ArchiveForm(MoveForm):
    archive_number = forms.CharField(label=_("Archive number"), max_length=60)
    retention_years = forms.IntegerField(label=_("Retention (years)"), min_value=1, max_value=100, initial=10)


class TextForm(MoveForm):
    text = _reason(required=True, label=_("Content"))
