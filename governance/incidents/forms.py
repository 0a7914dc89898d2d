"""The forms of the incident and key-work screens: they parse input; the services validate and decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.incidents.models import Incident, IncidentLogEntry, IncidentPerson
from governance.models import Department, Workstation
from governance.rules.deadlines import CALENDAR_DAYS, WORKING_DAYS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def _departments(center_id):
    return Department.objects.filter(center_id=center_id, is_active=True).order_by("name")


def now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class IncidentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=Incident.Kind.choices)
    title = forms.CharField(label=_("title"), max_length=120)
    summary = forms.CharField(label=_("what is happening"), widget=forms.Textarea(attrs={"rows": 4}))
    estimated_people = forms.IntegerField(label=_("estimated number of people"), min_value=1)
    lead_official = forms.CharField(label=_("lead official"), max_length=40)
    lead_department = forms.ModelChoiceField(label=_("lead department"), queryset=Department.objects.none(), required=False)
    villages = forms.ModelMultipleChoiceField(
        label=_("villages concerned"), queryset=Workstation.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, center_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_department"].queryset = _departments(center_id)
        self.fields["villages"].queryset = Workstation.objects.filter(center_id=center_id, is_active=True).order_by("name")


class OpenIncidentForm(IncidentForm):
    source = forms.ChoiceField(label=_("source"), choices=Incident.Source.choices, initial=Incident.Source.MANUAL)
    report = forms.ModelChoiceField(label=_("urgent report"), queryset=None, required=False)
    case = forms.ModelChoiceField(label=_("group case"), queryset=None, required=False)
    opened_at = forms.DateTimeField(label=_("opened at"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    field_order = ["source", "report", "case", "kind", "title", "summary", "opened_at"]

    def __init__(self, *args, center_id, reports, cases, **kwargs):
        super().__init__(*args, center_id=center_id, **kwargs)
        self.fields["report"].queryset = reports
        self.fields["report"].label_from_instance = lambda r: f"{r.filed_on:%Y-%m-%d} {r.workstation.name}：{r.summary[:30]}（{r.people_count}）"
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: f"{c.code}：{c.summary[:30]}（{c.people_count}）"


class LogForm(forms.Form):
    occurred_at = forms.DateTimeField(label=_("time"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    content = forms.CharField(label=_("content"), widget=forms.Textarea(attrs={"rows": 3}))
    departments = forms.ModelMultipleChoiceField(
        label=_("departments deployed"), queryset=Department.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    people = forms.CharField(label=_("people deployed"), max_length=200, required=False)
    reported_to = forms.CharField(
        label=_("reported to"), max_length=100, required=False, help_text=_("e.g. the township party committee, the county")
    )

    def __init__(self, *args, center_id, kind, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == IncidentLogEntry.Kind.DEPLOY:
            self.fields["departments"].queryset = _departments(center_id)
        else:
            del self.fields["departments"], self.fields["people"]
        if kind != IncidentLogEntry.Kind.REPORT:
            del self.fields["reported_to"]


class PersonForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=30)
    role = forms.ChoiceField(label=_("role"), choices=IncidentPerson.Role.choices, initial=IncidentPerson.Role.PARTICIPANT)
    id_number = forms.CharField(label=_("ID number"), max_length=30, required=False)
    phone = forms.CharField(label=_("phone"), max_length=30, required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class ReasonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    closing_report = forms.CharField(label=_("closing report"), widget=forms.Textarea(attrs={"rows": 8}))


class KeyWorkForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=120)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 4}))
    period_start = forms.DateField(label=_("from"), widget=DATE)
    period_end = forms.DateField(label=_("to"), widget=DATE)
    lead_department = forms.ModelChoiceField(label=_("lead department"), queryset=Department.objects.none())
    cooperating_departments = forms.ModelMultipleChoiceField(
        label=_("cooperating departments"), queryset=Department.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    assigned_people = forms.CharField(label=_("people assigned"), max_length=200, required=False)

    def __init__(self, *args, center_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_department"].queryset = _departments(center_id)
        self.fields["cooperating_departments"].queryset = _departments(center_id)


class TaskForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("owner department"), queryset=Department.objects.none())
    description = forms.CharField(label=_("task"), widget=forms.Textarea(attrs={"rows": 2}))
    assignee = forms.CharField(label=_("person responsible"), max_length=40, required=False)
    deadline = forms.DateField(label=_("deadline"), widget=DATE, required=False)
    days = forms.IntegerField(label=_("or within (days)"), min_value=1, required=False)
    unit = forms.ChoiceField(
        label=_("counted in"), choices=[(WORKING_DAYS, _("working days")), (CALENDAR_DAYS, _("calendar days"))], initial=WORKING_DAYS
    )

    def __init__(self, *args, work, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [work.lead_department_id, *work.cooperating_departments.values_list("pk", flat=True)]
        self.fields["owner"].queryset = Department.objects.filter(pk__in=ids).order_by("name")


class TaskMoveForm(ReasonForm):
    progress = forms.IntegerField(label=_("progress (%)"), min_value=0, max_value=100, required=False)
