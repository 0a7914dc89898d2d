"""Screens of the 群防群治 teams: add, open (members masked, service hours, moves, history), edit,
status moves, members joining and leaving, and the logged reveal of a member's personal data."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance import scoping
from governance.flow import stale
from governance.flow.relations import permissions_of
from governance.flow.table import CENTER
from governance.institutions.views.common import call_service, done, history, reason_move
from governance.prevention import flows, forms
from governance.prevention.selectors import member_service_hours, members_visible_to, teams_visible_to
from governance.prevention.services import common
from governance.prevention.services import teams as services

FLOW = flows.TEAM_FLOW


def _team(request, pk):
    return get_object_or_404(teams_visible_to(request.user).select_related("center", "kind"), pk=pk)


def _own_center(request, permission):
    """The center of a center-staff user holding `permission`, or PermissionDenied."""
    profile = scoping.profile_of(request.user)
    if profile is None or not profile.center_id or profile.department_id or profile.workstation_id or not request.user.has_perm(permission):
        raise PermissionDenied
    return profile.center


def _data(form):
    data = form.cleaned_data
    return services.TeamData(
        kind_id=data["kind"].pk,
        name=data["name"],
        leader=data["leader"],
        area_note=data["area_note"],
        equipment=data["equipment"],
        village_ids=[v.pk for v in data["villages"]],
    )


def team_create(request, model_admin=None):
    center = _own_center(request, "prevention.add_team")
    form = forms.TeamForm(request.POST or None, center_id=center.pk)
    if request.method == "POST" and form.is_valid():
        ok, team = call_service(form, lambda: services.team_create(center=center, actor=request.user, data=_data(form)))
        if ok:
            return done(request, _("Team added."), "prevention_team", team.pk)
    back = reverse("prevention_team_modeladmin_index")
    context = {"form": form, "title": _("Add a prevention team"), "back_url": back, "submit": _("Save")}
    return render(request, "institutions/admin/form_page.html", context)


def team_edit(request, pk):
    team = _team(request, pk)
    if CENTER not in common.relations_to(request.user, team.center_id) or not request.user.has_perm("prevention.change_team"):
        raise PermissionDenied
    initial = {
        "kind": team.kind_id,
        "name": team.name,
        "leader": team.leader,
        "area_note": team.area_note,
        "equipment": team.equipment,
        "villages": list(team.villages.values_list("pk", flat=True)),
    }
    initial["version"] = team.version
    form = stale.protect(forms.TeamForm(request.POST or None, initial=initial, center_id=team.center_id), team, edits=True)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        run = lambda: services.team_update(pk=team.pk, actor=request.user, data=_data(form), expected_version=version)  # noqa: E731
        ok, _saved = call_service(form, run)
        if ok:
            return done(request, _("Team saved."), "prevention_team", team.pk)
    back = reverse("prevention_team", args=[team.pk])
    context = {"form": form, "title": team.name, "back_url": back, "submit": _("Save")}
    return render(request, "institutions/admin/form_page.html", context)


def team_inspect(request, pk):
    team = _team(request, pk)
    relations = common.relations_to(request.user, team.center_id)
    may_change = CENTER in relations and request.user.has_perm("prevention.change_team") and team.status != flows.DISSOLVED
    hours = member_service_hours(team)
    members = [
        {"member": m, **services.masked(m), "hours": hours.get(m.pk, (0, 0))[0], "patrols": hours.get(m.pk, (0, 0))[1]}
        for m in team.members.order_by("-is_active", "role", "pk")
    ]
    context = {
        "team": team,
        "villages": team.villages.order_by("name"),
        "members": members,
        "may_change": may_change,
        "may_reveal": services.may_reveal(request.user, team),
        "member_form": forms.MemberForm() if may_change else None,
        "moves": FLOW.available(team.status, relations, permissions_of(request.user, FLOW)),
        "history": history(team, FLOW, labels=flows.NOTE_LABELS),
        "patrols": team.patrols.order_by("-patrol_date", "-pk")[:10],
    }
    return render(request, "prevention/admin/team_inspect.html", context)


def team_move(request, pk, action):
    team = _team(request, pk)
    return reason_move(
        request,
        record=team,
        flow=FLOW,
        action=action,
        relations=common.relations_to(request.user, team.center_id),
        permissions=permissions_of(request.user, FLOW),
        back_url=reverse("prevention_team", args=[team.pk]),
        url_name="prevention_team",
        form_class=forms.ReasonForm,
        service=services.team_move,
        title=team.name,
    )


@require_POST
def member_add(request, pk):
    team = _team(request, pk)
    if CENTER not in common.relations_to(request.user, team.center_id) or not request.user.has_perm("prevention.change_team"):
        raise PermissionDenied
    form = forms.MemberForm(request.POST)
    if form.is_valid():
        data = services.MemberData(**form.cleaned_data)
        ok, _member = call_service(form, lambda: services.member_add(team=team, actor=request.user, data=data))
        if ok:
            return done(request, _("Member added."), "prevention_team", team.pk)
    for field, errors in form.errors.items():
        for error in errors:
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''} {error}".strip())
    return redirect("prevention_team", pk=team.pk)


def _member(request, pk):
    return get_object_or_404(members_visible_to(request.user).select_related("team__center"), pk=pk)


@require_POST
def member_leave(request, pk):
    member = _member(request, pk)
    try:
        services.member_leave(member=member, actor=request.user)
    except flows.MoveNotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    return done(request, _("The member has left the team."), "prevention_team", member.team_id)


@require_POST
def member_reveal(request, pk):
    member = _member(request, pk)
    try:
        revealed = services.member_reveal(member=member, actor=request.user)
    except flows.MoveNotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    return render(request, "prevention/admin/member_reveal.html", {"member": member, "revealed": revealed, "team": member.team})
