"""Screens of the joint meetings and their tasks: create, open, the moves, the minutes PDF."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import scoping
from governance.flow import stale
from governance.institutions import forms
from governance.institutions.models import JointMeeting, MeetingAttendance
from governance.institutions.pdf import chinese_date
from governance.institutions.rules import flows
from governance.institutions.selectors.visibility import meetings_visible_to, tasks_visible_to
from governance.institutions.services import common as service_common
from governance.institutions.services import meetings as services
from governance.institutions.services import tasks as task_services
from governance.institutions.views.common import call_service, done, history, move_page, move_refusal, pdf_response

FLOW = flows.MEETING_FLOW
TASK_FLOW = flows.TASK_FLOW


def _meeting(request, pk):
    return get_object_or_404(meetings_visible_to(request.user).select_related("center"), pk=pk)


def meeting_create(request, model_admin=None):
    center_id = scoping.center_id_of(request.user)
    if center_id is None or not request.user.has_perm("institutions.add_jointmeeting"):
        raise PermissionDenied
    center = scoping.visible_centers(request.user).get(pk=center_id)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, meeting = call_service(
            form,
            lambda: services.meeting_create(
                center=center,
                actor=request.user,
                kind=data["kind"],
                scheduled_on=data["scheduled_on"],
                title=data["title"],
                place=data["place"],
                chair=data["chair"],
                scheduled_time=data["scheduled_time"],
            ),
        )
        if ok:
            return done(request, _("Meeting created with a proposed agenda."), "institutions_meeting", meeting.pk)
    return render(
        request,
        "institutions/admin/form_page.html",
        {
            "title": _("New joint meeting"),
            "form": form,
            "back_url": reverse("institutions_jointmeeting_modeladmin_index"),
            "submit": _("Create"),
        },
    )


def meeting_inspect(request, pk):
    meeting = _meeting(request, pk)
    relations = service_common.relations_to(request.user, meeting.center_id)
    attendance = list(meeting.attendance.select_related("department"))
    tasks = list(meeting.tasks.select_related("owner", "case").order_by("number"))
    today = timezone.localdate()
    return render(
        request,
        "institutions/admin/meeting_inspect.html",
        {
            "meeting": meeting,
            "moves": FLOW.available(meeting.status, relations, service_common.permissions_of(request.user, FLOW)),
            "attendance": attendance,
            "present": sum(1 for a in attendance if a.status == MeetingAttendance.Status.PRESENT),
            "agenda": meeting.agenda.select_related("case", "notice", "task"),
            "tasks": [(task, task.status in flows.TASK_PENDING and task.deadline < today) for task in tasks],
            "history": history(meeting, FLOW),
        },
    )


def _attendance_form(meeting, data):
    rows = list(meeting.attendance.select_related("department"))
    return forms.attendance_form_class(rows)(data), rows


def _run_attendance(meeting, user, form, rows):
    data = form.cleaned_data
    return services.meeting_record_attendance(
        pk=meeting.pk, actor=user, rows={r.department_id: (data[f"status_{r.department_id}"], data[f"attendee_{r.department_id}"]) for r in rows}
    )


MOVES = {
    "agenda": (forms.EmptyForm, lambda m, user, data: services.meeting_propose_agenda(pk=m.pk, actor=user)),
    "agenda_item": (forms.AgendaItemForm, lambda m, user, data: services.meeting_add_agenda_item(pk=m.pk, actor=user, title=data["title"])),
    "hold": (
        forms.HoldForm,
        lambda m, user, data: services.meeting_hold(pk=m.pk, actor=user, held_on=data["held_on"], chair=data["chair"], recorder=data["recorder"]),
    ),
    "minutes": (
        forms.MinutesForm,
        lambda m, user, data: services.meeting_record_minutes(pk=m.pk, actor=user, minutes=data["minutes"], expected_version=data.get("version")),
    ),
    "decision": (
        None,
        lambda m, user, data: services.meeting_add_decision(
            pk=m.pk, actor=user, decision=data["decision"], owner=data["owner"], deadline=data["deadline"], case=data["case"]
        ),
    ),
    "close": (forms.EmptyForm, lambda m, user, data: services.meeting_close(pk=m.pk, actor=user)),
    "cancel": (forms.ReasonForm, lambda m, user, data: services.meeting_cancel(pk=m.pk, actor=user, reason=data["reason"])),
}
FLOW_ACTION = {"agenda_item": "agenda"}


def meeting_move(request, pk, action):
    meeting = _meeting(request, pk)
    if action not in MOVES and action != "attendance":
        raise Http404
    relations = service_common.relations_to(request.user, meeting.center_id)
    flow_action = FLOW_ACTION.get(action, action)
    back = reverse("institutions_meeting", args=[meeting.pk])
    refusal = move_refusal(request, FLOW, flow_action, meeting.status, relations, service_common.permissions_of(request.user, FLOW), back)
    if refusal is not None:
        return refusal
    if action == "attendance":
        form, rows = _attendance_form(meeting, request.POST or None)
        run = lambda: _run_attendance(meeting, request.user, form, rows)  # noqa: E731
    else:
        form_class, service = MOVES[action]
        if action == "decision":
            form = forms.DecisionForm(request.POST or None, center=meeting.center)
        else:
            form = form_class(
                request.POST or None,
                initial={"version": meeting.version, "minutes": meeting.minutes, "chair": meeting.chair, "recorder": meeting.recorder},
            )
            stale.protect(form, meeting, edits=action == "minutes")
        run = lambda: service(meeting, request.user, form.cleaned_data)  # noqa: E731
    if request.method == "POST" and form.is_valid():
        ok, _result = call_service(form, run)
        if ok:
            label = _("Agenda item added") if action == "agenda_item" else FLOW.label(flow_action)
            return done(request, _("%(move)s: done.") % {"move": label}, "institutions_meeting", meeting.pk)
    move = FLOW.moves[flow_action]
    title_move = _("Add an agenda item") if action == "agenda_item" else move.label
    return move_page(request, record=meeting, flow_move=move, form=form, back_url=back, title=meeting.title, extra={"move_label": title_move})


def meeting_pdf(request, pk):
    meeting = _meeting(request, pk)
    attendance = list(meeting.attendance.select_related("department"))
    labels = dict(MeetingAttendance.Status.choices)
    rows = [{"department": a.department, "attendee": a.attendee, "label": labels[a.status]} for a in attendance]
    tasks = list(meeting.tasks.select_related("owner").order_by("number"))
    for task in tasks:
        task.status_label = TASK_FLOW.state_label(task.status)
    context = {
        "meeting": meeting,
        "kind_label": dict(JointMeeting.Kind.choices)[meeting.kind],
        "held_on": chinese_date(meeting.held_on or meeting.scheduled_on),
        "attendance": rows,
        "expected": len(rows),
        "present": sum(1 for a in attendance if a.status == MeetingAttendance.Status.PRESENT),
        "agenda": meeting.agenda.all(),
        "minutes_paragraphs": [p.strip() for p in meeting.minutes.splitlines() if p.strip()],
        "tasks": tasks,
        "printed_on": chinese_date(meeting.held_on or timezone.localdate()),
    }
    return pdf_response(
        request, "institutions/pdf/minutes.html", context, f"{meeting.title}-纪要.pdf", reverse("institutions_meeting", args=[meeting.pk])
    )


# --- meeting tasks -----------------------------------------------------------------------------------------


def _task(request, pk):
    return get_object_or_404(tasks_visible_to(request.user).select_related("center", "owner", "meeting", "case"), pk=pk)


def task_inspect(request, pk):
    task = _task(request, pk)
    relations = service_common.relations_to(request.user, task.center_id, task.owner_id)
    return render(
        request,
        "institutions/admin/task_inspect.html",
        {
            "task": task,
            "moves": TASK_FLOW.available(task.status, relations, service_common.permissions_of(request.user, TASK_FLOW)),
            "overdue": task.status in flows.TASK_PENDING and task.deadline < timezone.localdate(),
            "history": history(task, TASK_FLOW),
            "may_see_meeting": meetings_visible_to(request.user).filter(pk=task.meeting_id).exists(),
        },
    )


TASK_MOVES = {
    "start": (forms.EmptyForm, lambda pk, user, data: task_services.task_start(pk=pk, actor=user, expected_version=data.get("version"))),
    "report": (forms.TaskReportForm, lambda pk, user, data: task_services.task_report(pk=pk, actor=user, note=data["note"])),
    "confirm": (forms.EmptyForm, lambda pk, user, data: task_services.task_confirm(pk=pk, actor=user)),
    "reject": (forms.ReasonForm, lambda pk, user, data: task_services.task_reject(pk=pk, actor=user, reason=data["reason"])),
    "urge": (forms.TextForm, lambda pk, user, data: task_services.task_urge(pk=pk, actor=user, text=data["text"])),
    "extend": (
        forms.TaskExtendForm,
        lambda pk, user, data: task_services.task_extend(pk=pk, actor=user, deadline=data["deadline"], reason=data["reason"]),
    ),
    "cancel": (forms.ReasonForm, lambda pk, user, data: task_services.task_cancel(pk=pk, actor=user, reason=data["reason"])),
}


def task_move(request, pk, action):
    task = _task(request, pk)
    if action not in TASK_MOVES:
        raise Http404
    relations = service_common.relations_to(request.user, task.center_id, task.owner_id)
    back = reverse("institutions_task", args=[task.pk])
    refusal = move_refusal(request, TASK_FLOW, action, task.status, relations, service_common.permissions_of(request.user, TASK_FLOW), back)
    if refusal is not None:
        return refusal
    form_class, run = TASK_MOVES[action]
    form = stale.protect(form_class(request.POST or None, initial={"version": task.version}), task)
    if request.method == "POST" and form.is_valid():
        ok, _result = call_service(form, lambda: run(task.pk, request.user, form.cleaned_data))
        if ok:
            return done(request, _("%(move)s: done.") % {"move": TASK_FLOW.label(action)}, "institutions_task", task.pk)
    return move_page(request, record=task, flow_move=TASK_FLOW.moves[action], form=form, back_url=back, title=str(task))
