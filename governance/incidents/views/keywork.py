"""Screens of the stage-wise key work: deploy an item, its page (departments, people, tasks with their
progress and moves, timeline), its moves, adding a task, and the tasks' moves."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.flow import stale
from governance.flow.relations import permissions_of
from governance.flow.table import CENTER
from governance.incidents import flows, forms
from governance.incidents.selectors import key_work_visible_to, tasks_visible_to
from governance.incidents.services import common
from governance.incidents.services import keywork as services
from governance.institutions.views.common import call_service, done, history, move_page, move_refusal
from governance.prevention.views.teams import _own_center

FLOW, TASK_FLOW = flows.KEYWORK_FLOW, flows.TASK_FLOW


def _work(request, pk):
    return get_object_or_404(key_work_visible_to(request.user).select_related("center", "lead_department"), pk=pk)


def keywork_create(request, model_admin=None):
    center = _own_center(request, "incidents.add_keywork")
    form = forms.KeyWorkForm(request.POST or None, center_id=center.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        work_data = services.KeyWorkData(
            title=data["title"],
            description=data["description"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            lead_department_id=data["lead_department"].pk,
            cooperating_ids=[d.pk for d in data["cooperating_departments"]],
            assigned_people=data["assigned_people"],
        )
        ok, work = call_service(form, lambda: services.keywork_create(center=center, actor=request.user, data=work_data))
        if ok:
            return done(request, _("Key work deployed."), "incidents_keywork", work.pk)
    back = reverse("incidents_keywork_modeladmin_index")
    return render(request, "institutions/admin/form_page.html", {"form": form, "title": _("Deploy key work"), "back_url": back, "submit": _("Save")})


def keywork_inspect(request, pk):
    work = _work(request, pk)
    relations = common.relations_to(request.user, work.center_id)
    task_permissions = permissions_of(request.user, TASK_FLOW)
    tasks = [
        (task, TASK_FLOW.available(task.status, services.task_relations(request.user, task), task_permissions))
        for task in tasks_visible_to(request.user, work.tasks.select_related("owner")).order_by("deadline", "pk")
    ]
    may_add_task = CENTER in relations and request.user.has_perm(flows.SUPERVISE_TASK) and work.status == flows.DEPLOYED
    context = {
        "work": work,
        "cooperating": work.cooperating_departments.order_by("name"),
        "tasks": tasks,
        "task_form": forms.TaskForm(work=work) if may_add_task else None,
        "moves": FLOW.available(work.status, relations, permissions_of(request.user, FLOW), exclude=flows.FORM_MOVES),
        "history": history(work, FLOW, labels=flows.NOTE_LABELS),
        "today": common.today(),
    }
    return render(request, "incidents/admin/keywork_inspect.html", context)


def keywork_move(request, pk, action):
    work = _work(request, pk)
    if action not in FLOW.moves or action in flows.FORM_MOVES:
        raise Http404
    back = reverse("incidents_keywork", args=[work.pk])
    relations = common.relations_to(request.user, work.center_id)
    refusal = move_refusal(request, FLOW, action, work.status, relations, permissions_of(request.user, FLOW), back)
    if refusal is not None:
        return refusal
    form = stale.protect(forms.ReasonForm(request.POST or None, initial={"version": work.version, "reason": work.progress_summary}), work)
    if request.method == "POST" and form.is_valid():
        run = lambda: services.keywork_move(  # noqa: E731
            pk=work.pk, action=action, actor=request.user, reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"]
        )
        ok, _result = call_service(form, run)
        if ok:
            return done(request, _("%(move)s: done.") % {"move": FLOW.label(action)}, "incidents_keywork", work.pk)
    return move_page(request, record=work, flow_move=FLOW.moves[action], form=form, back_url=back, title=work.title)


@require_POST
def task_add(request, pk):
    work = _work(request, pk)
    if CENTER not in common.relations_to(request.user, work.center_id) or not request.user.has_perm(flows.SUPERVISE_TASK):
        raise PermissionDenied
    if work.status != flows.DEPLOYED:
        messages.error(request, FLOW.message("state"))
        return redirect("incidents_keywork", pk=work.pk)
    form = forms.TaskForm(request.POST, work=work)
    if form.is_valid():
        data = form.cleaned_data
        task_data = services.TaskData(
            owner_id=data["owner"].pk,
            description=data["description"],
            assignee=data["assignee"],
            deadline=data["deadline"],
            days=data["days"],
            unit=data["unit"],
        )
        ok, _task = call_service(form, lambda: services.task_add(work=work, actor=request.user, data=task_data))
        if ok:
            return done(request, _("Task assigned."), "incidents_keywork", work.pk)
    for name, errors in form.errors.items():
        for error in errors:
            messages.error(request, f"{form.fields[name].label if name in form.fields else ''} {error}".strip())
    return redirect("incidents_keywork", pk=work.pk)


def task_move(request, pk, action):
    task = get_object_or_404(tasks_visible_to(request.user).select_related("key_work", "owner"), pk=pk)
    if action not in TASK_FLOW.moves:
        raise Http404
    back = reverse("incidents_keywork", args=[task.key_work_id])
    relations = services.task_relations(request.user, task)
    refusal = move_refusal(request, TASK_FLOW, action, task.status, relations, permissions_of(request.user, TASK_FLOW), back)
    if refusal is not None:
        return refusal
    form = stale.protect(forms.TaskMoveForm(request.POST or None, initial={"version": task.version, "progress": task.progress}), task)
    if action != "progress":
        del form.fields["progress"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = lambda: services.task_move(  # noqa: E731
            pk=task.pk, action=action, actor=request.user, reason=data["reason"], progress=data.get("progress"), expected_version=data["version"]
        )
        ok, _result = call_service(form, run)
        if ok:
            return done(request, _("%(move)s: done.") % {"move": TASK_FLOW.label(action)}, "incidents_keywork", task.key_work_id)
    return move_page(request, record=task, flow_move=TASK_FLOW.moves[action], form=form, back_url=back, title=task.key_work.title)
