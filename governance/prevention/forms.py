"""The forms of the prevention screens: they parse input; the services validate and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.models import CaseKind, ReferenceItem, ReferenceKind, Workstation
from governance.prevention import flows
from governance.prevention.models import Finding, Team, TeamKind, TeamMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _villages(center_id):
    return Workstation.objects.filter(center_id=center_id, is_active=True).order_by("name")


class TeamForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ModelChoiceField(label=_("team kind"), queryset=TeamKind.objects.filter(is_active=True))
    name = forms.CharField(label=_("team name"), max_length=60)
    leader = forms.CharField(label=_("leader"), max_length=30)
    villages = forms.ModelMultipleChoiceField(
        label=_("area (villages)"), queryset=Workstation.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    area_note = forms.CharField(label=_("area or route"), max_length=200, required=False)
    equipment = forms.CharField(label=_("equipment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, center_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["villages"].queryset = _villages(center_id)


class MemberForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=30)
    id_number = forms.CharField(label=_("ID number"), max_length=30, required=False)
    phone = forms.CharField(label=_("phone"), max_length=30, required=False)
    role = forms.ChoiceField(label=_("role"), choices=TeamMember.Role.choices, initial=TeamMember.Role.MEMBER)
    joined_on = forms.DateField(label=_("joined on"), required=False, widget=DATE)


class ReasonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PatrolForm(forms.Form):
    patrol_date = forms.DateField(label=_("date"), widget=DATE)
    start_time = forms.TimeField(label=_("start time"), widget=TIME)
    end_time = forms.TimeField(label=_("end time"), widget=TIME)
    teams = forms.ModelMultipleChoiceField(label=_("teams"), queryset=Team.objects.none(), widget=forms.CheckboxSelectMultiple)
    route = forms.CharField(label=_("area or route"), max_length=200)
    villages = forms.ModelMultipleChoiceField(
        label=_("villages"), queryset=Workstation.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    people_count = forms.IntegerField(label=_("people"), min_value=1)
    hours = forms.DecimalField(label=_("duration (hours)"), max_digits=5, decimal_places=1, min_value=0)
    participants = forms.ModelMultipleChoiceField(
        label=_("members taking part"),
        queryset=TeamMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their service hours count once the center has reviewed the record."),
    )
    summary = forms.CharField(label=_("activity and findings"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    finding = forms.CharField(
        label=_("problem found"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Optional. More findings can be added on the record's page."),
    )
    finding_kind = forms.ChoiceField(label=_("kind of problem"), choices=Finding.Kind.choices, initial=Finding.Kind.HAZARD)
    finding_place = forms.CharField(label=_("place of the problem"), max_length=120, required=False)

    def __init__(self, *args, center_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = Team.objects.filter(center_id=center_id, status=flows.ACTIVE).order_by("name")
        self.fields["villages"].queryset = _villages(center_id)
        members = TeamMember.objects.filter(team__center_id=center_id, team__status=flows.ACTIVE, is_active=True)
        self.fields["participants"].queryset = members.select_related("team").order_by("team__name", "pk")
        self.fields["participants"].label_from_instance = lambda m: f"{m.team.name}·{m.name}"


class FindingForm(forms.Form):
    description = forms.CharField(label=_("what was found"), widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("kind"), choices=Finding.Kind.choices, initial=Finding.Kind.HAZARD)
    place = forms.CharField(label=_("place"), max_length=120, required=False)
    village = forms.ModelChoiceField(label=_("village"), queryset=Workstation.objects.none(), required=False)

    def __init__(self, *args, center_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = _villages(center_id)


class FindingCaseForm(forms.Form):
    case_kind = forms.ChoiceField(label=_("register as"), choices=[(CaseKind.HAZARD, _("Hazard")), (CaseKind.DISPUTE, _("Dispute"))])
    category = forms.ModelChoiceField(label=_("category"), queryset=ReferenceItem.objects.none())
    reporter_name = forms.CharField(label=_("reported by"), max_length=60, required=False, help_text=_("Leave empty to name the patrolling team."))
    reporter_phone = forms.CharField(label=_("reporter's phone"), max_length=30, required=False)
    people_count = forms.IntegerField(label=_("people involved"), min_value=1, initial=1)

    def __init__(self, *args, center_id, **kwargs):
        super().__init__(*args, **kwargs)
        items = ReferenceItem.objects.filter(kind=ReferenceKind.CATEGORY, is_active=True)
        self.fields["category"].queryset = items.filter(center__isnull=True) | items.filter(center_id=center_id)
        safety = items.filter(code="public_order", center__isnull=True).first()
        if safety is not None:
            self.fields["category"].initial = safety.pk


class MonthForm(forms.Form):
    month = forms.DateField(label=_("month"), input_formats=["%Y-%m"], widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
