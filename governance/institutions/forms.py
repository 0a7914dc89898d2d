"""Forms of the working-system screens. They only collect input; the services validate the rules."""

from datetime import date

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.institutions.models import Assessment, JointMeeting, MeetingAttendance, ScreeningItem, SpecialWork
from governance.institutions.rules import indicators, periods
from governance.models import Case, CaseKind, Department, ReferenceItem, ReferenceKind

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


def _today():
    return timezone.localdate()


def category_choices(center_id):
    shared_or_own = Q(center__isnull=True) | Q(center_id=center_id)
    return ReferenceItem.objects.filter(shared_or_own, kind=ReferenceKind.CATEGORY, is_active=True).order_by("sort_order", "name")


class NoticeForm(forms.Form):
    recipient = forms.ModelChoiceField(Department.objects.none(), label=_("Recipient department"))
    case = forms.ModelChoiceField(
        Case.objects.none(), label=_("Hazard case"), required=False, help_text=_("The hazard case this notice deals with, if there is one.")
    )
    problem = forms.CharField(label=_("Problem found"), widget=TEXT)
    place = forms.CharField(label=_("Place"), max_length=120)
    basis = forms.CharField(label=_("Basis"), widget=TEXT, help_text=_("The law, regulation or rule the problem breaches."))
    measures = forms.CharField(label=_("Rectification measures"), widget=TEXT)
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=40)
    funds = forms.CharField(label=_("Funds"), max_length=120)
    deadline = forms.DateField(label=_("Rectification deadline"), widget=DATE)
    contingency_plan = forms.CharField(label=_("Contingency plan"), widget=TEXT)
    issuer_name = forms.CharField(
        label=_("Signed by"), max_length=40, required=False, help_text=_("Name printed on the notice; defaults to the issuing user.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = Department.objects.filter(center=center, is_active=True)
        self.fields["case"].queryset = Case.objects.filter(center=center, kind=CaseKind.HAZARD).order_by("-received_on")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=TEXT)


class TextForm(forms.Form):
    text = forms.CharField(label=_("Content"), widget=TEXT)


class EmptyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReceiptForm(forms.Form):
    received_on = forms.DateField(label=pgettext_lazy("rectification notice receipt", "Received on"), widget=DATE, initial=_today)
    signer = forms.CharField(label=_("Receipt signed by"), max_length=40)
    note = forms.CharField(label=_("Planned measures"), widget=TEXT, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class RectifiedForm(forms.Form):
    rectified_on = forms.DateField(label=_("Rectified on"), widget=DATE, initial=_today)
    note = forms.CharField(label=_("What was done"), widget=TEXT)
    files = MultipleFileField(label=_("Evidence (photos, documents)"), required=False)
    description = forms.CharField(label=_("Description of the evidence"), max_length=200, required=False)


class ReinspectForm(forms.Form):
    reinspected_on = forms.DateField(label=_("Re-inspected on"), widget=DATE, initial=_today)
    note = forms.CharField(label=_("Re-inspection opinion"), widget=TEXT)


# --- meetings ---------------------------------------------------------------------------------------


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=JointMeeting.Kind.choices, initial=JointMeeting.Kind.AD_HOC)
    title = forms.CharField(
        label=_("Title"), max_length=120, required=False, help_text=_("Monthly meetings are named after their month when left empty.")
    )
    scheduled_on = forms.DateField(label=_("Date"), widget=DATE)
    scheduled_time = forms.TimeField(label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    chair = forms.CharField(label=_("Chaired by"), max_length=40, required=False)


class HoldForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE, initial=_today)
    chair = forms.CharField(label=_("Chaired by"), max_length=40, required=False)
    recorder = forms.CharField(label=_("Minutes taken by"), max_length=40, required=False)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 14}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300)


class DecisionForm(forms.Form):
    decision = forms.CharField(label=_("Decision"), widget=TEXT)
    owner = forms.ModelChoiceField(Department.objects.none(), label=_("Owner department"))
    deadline = forms.DateField(label=_("Completion deadline"), widget=DATE)
    case = forms.ModelChoiceField(Case.objects.none(), label=_("Related case"), required=False)

    def __init__(self, *args, center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Department.objects.filter(center=center, is_active=True)
        self.fields["case"].queryset = Case.objects.filter(center=center).order_by("-received_on")


def attendance_form_class(rows):
    """A form with a status and a name per department of the meeting."""
    fields = {}
    for row in rows:
        fields[f"status_{row.department_id}"] = forms.ChoiceField(
            label=row.department.name, choices=MeetingAttendance.Status.choices, initial=row.status
        )
        fields[f"attendee_{row.department_id}"] = forms.CharField(label=_("Attended by"), max_length=40, required=False, initial=row.attendee)
    return type("AttendanceForm", (forms.Form,), fields)


# --- tasks ------------------------------------------------------------------------------------------


class TaskReportForm(forms.Form):
    note = forms.CharField(label=_("What was done"), widget=TEXT)


class TaskExtendForm(forms.Form):
    deadline = forms.DateField(label=_("New deadline"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=TEXT)


# --- screening ----------------------------------------------------------------------------------------


def period_choices(today, count=4):
    """The current half-month and the ones before it (a late report is still filed, marked late)."""
    period = periods.half_month_of(today)
    choices = []
    for _index in range(count):
        choices.append((period.start.isoformat(), period.label))
        period = period.previous()
    return choices


class ScreeningReportForm(forms.Form):
    workstation = forms.ModelChoiceField(queryset=None, label=_("Workstation"))
    period = forms.ChoiceField(label=_("Period"))
    zero = forms.BooleanField(label=_("Zero report: nothing was found"), required=False)
    summary = forms.CharField(label=_("Summary of the screening work"), widget=TEXT, required=False)

    def __init__(self, *args, workstations, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstation"].queryset = workstations
        if workstations.count() == 1:
            self.fields["workstation"].initial = workstations.first().pk
        self.fields["period"].choices = period_choices(today)

    def clean_period(self):
        return date.fromisoformat(self.cleaned_data["period"])


class ScreeningItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ScreeningItem.Kind.choices, initial=ScreeningItem.Kind.DISPUTE)
    category = forms.ModelChoiceField(ReferenceItem.objects.none(), label=_("Category"))
    summary = forms.CharField(label=_("What was found"), widget=forms.Textarea(attrs={"rows": 2}))
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    people_count = forms.IntegerField(label=_("People involved"), min_value=1, initial=1)
    party_name = forms.CharField(label=_("Person concerned"), max_length=60, required=False)

    def __init__(self, *args, center_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = category_choices(center_id)


ScreeningItemFormSet = forms.formset_factory(ScreeningItemForm, extra=3, max_num=30)


class UrgentReportForm(forms.Form):
    workstation = forms.ModelChoiceField(queryset=None, label=_("Workstation"))
    summary = forms.CharField(label=_("What is happening"), widget=TEXT)
    category = forms.ModelChoiceField(ReferenceItem.objects.none(), label=_("Category"))
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    people_count = forms.IntegerField(label=_("People involved"), min_value=1, initial=1)

    def __init__(self, *args, workstations, center_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstation"].queryset = workstations
        if workstations.count() == 1:
            self.fields["workstation"].initial = workstations.first().pk
        self.fields["category"].queryset = category_choices(center_id)


# --- assessments ----------------------------------------------------------------------------------------


class AssessmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Assessment.Kind.choices)
    subject = forms.ChoiceField(label=_("Assessed units"), choices=Assessment.Subject.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=_("Period no."), min_value=1, max_value=4, initial=1, help_text=_("Quarter 1–4, half-year 1–2; 1 for the year.")
    )

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [c for c in Assessment.Subject.choices if c[0] in subjects]
        self.fields["year"].initial = _today().year


def weights_form_class():
    fields = {
        key: forms.IntegerField(label=indicators.LABELS[key], min_value=0, max_value=100, help_text=indicators.DEFINITIONS[key])
        for key in indicators.ALL_INDICATORS
    }
    return type("WeightsForm", (forms.Form,), fields)


# --- special-work tags --------------------------------------------------------------------------------


class TagForm(forms.Form):
    code = forms.CharField(label=_("Case code"), max_length=60)
    tag = forms.ChoiceField(label=_("Special work"), choices=SpecialWork.choices)
