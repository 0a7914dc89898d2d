"""Panels on the admin home: what the working systems expect today, and the situation analysis."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from governance import scoping
from governance.institutions.models import MeetingTask, RectificationNotice
from governance.institutions.rules import flows, periods
from governance.institutions.selectors import screening as screening_selectors
from governance.institutions.selectors.visibility import meetings_visible_to, notices_visible_to, tasks_visible_to
from governance.rules.deadlines import warn_after


class InstitutionsTodoPanel(Component):
    """This half-month's reports, notices and tasks past or near their deadline, the next meeting."""

    name = "institutions_todo"
    order = 20
    template_name = "institutions/panels/todo.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        today = timezone.localdate()
        period = periods.half_month_of(today)
        status = (
            screening_selectors.period_status(scoping.visible_centers(user), period) if user.has_perm("institutions.view_screeningreport") else []
        )
        profile = scoping.profile_of(user)
        if profile is not None and profile.workstation_id:
            status = [(c, [(w, r) for w, r in rows if w.pk == profile.workstation_id]) for c, rows in status]
        missing = [w for _c, rows in status for w, report in rows if report is None]
        notices = notices_visible_to(user, RectificationNotice.objects.filter(status__in=flows.NOTICE_OPEN))
        tasks = tasks_visible_to(user, MeetingTask.objects.filter(status__in=flows.TASK_PENDING))
        next_meeting = meetings_visible_to(user).filter(status=flows.PLANNED, scheduled_on__gte=today).order_by("scheduled_on").first()
        context = {
            "period": period,
            "reported": sum(1 for _c, rows in status for _w, report in rows if report is not None),
            "expected": sum(len(rows) for _c, rows in status),
            "missing": missing[:12],
            "missing_more": max(len(missing) - 12, 0),
            "notices_overdue": notices.filter(deadline__lt=today).count() if user.has_perm("institutions.view_rectificationnotice") else 0,
            "notices_due_soon": notices.filter(deadline__gte=today, deadline__lte=warn_after(today, 7)).count()
            if user.has_perm("institutions.view_rectificationnotice")
            else 0,
            "tasks_overdue": tasks.filter(deadline__lt=today).count() if user.has_perm("institutions.view_meetingtask") else 0,
            "next_meeting": next_meeting if user.has_perm("institutions.view_jointmeeting") else None,
        }
        context["show"] = bool(
            context["expected"] or context["notices_overdue"] or context["notices_due_soon"] or context["tasks_overdue"] or context["next_meeting"]
        )
        return context


class SituationPanel(Component):
    """The situation analysis (形势分析): charts and early warnings, for those allowed to see it."""

    name = "institutions_situation"
    order = 30
    template_name = "institutions/panels/situation.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        from governance.institutions.views.situation import situation_context

        return situation_context(self.request.user)
