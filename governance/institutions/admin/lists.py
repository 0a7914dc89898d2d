"""The lists of the working systems (wagtail-modeladmin): columns, filters, search, related rows.

Lists only: the add, open and move screens are in governance.institutions.views and call the
services. Every list reads through the visibility selectors, so a department handler sees only its
own notices and tasks and a workstation only its own reports; object URLs outside that scope 404.
"""

from django.contrib.admin import SimpleListFilter
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdminGroup
from wagtail_modeladmin.views import IndexView

from governance import scoping
from governance.admin.lifecycle_lists import (
    PermissionMenuItem,
    badge,
    create_permission_helper,
    is_center_staff_with,
    open_buttons,
    scoped_unit_filter,
)
from governance.admin.scoped import CenterScopedModelAdmin
from governance.institutions.models import (
    Assessment,
    InstitutionSettings,
    JointMeeting,
    MeetingTask,
    RectificationNotice,
    ScreeningReport,
)
from governance.institutions.rules import flows, periods
from governance.institutions.selectors import screening as screening_selectors
from governance.institutions.selectors import visibility
from governance.institutions.views import assessments as assessment_views
from governance.institutions.views import meetings as meeting_views
from governance.institutions.views import notices as notice_views
from governance.institutions.views import screening as screening_views
from governance.models import Department, Workstation
from governance.rules.deadlines import warn_after

RecipientFilter = scoped_unit_filter(_("recipient department"), "recipient", Department, "recipient")
OwnerFilter = scoped_unit_filter(_("owner department"), "owner", Department, "owner")
WorkstationFilter = scoped_unit_filter(_("workstation"), "workstation", Workstation, "workstation")


# --- rectification notices ------------------------------------------------------------------------------


class DeadlineFilter(SimpleListFilter):
    title = _("rectification deadline")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("overdue", _("Past the deadline")), ("soon", _("Due within 7 days"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        open_ = queryset.filter(status__in=flows.NOTICE_OPEN)
        if self.value() == "overdue":
            return open_.filter(deadline__lt=today)
        if self.value() == "soon":
            return open_.filter(deadline__gte=today, deadline__lte=warn_after(today, 7))
        return queryset


class NoticeAdmin(CenterScopedModelAdmin):
    model = RectificationNotice
    menu_label = _("Rectification notices")
    menu_icon = "warning"
    menu_order = 10
    permission_helper_class = create_permission_helper(is_center_staff_with("institutions.add_rectificationnotice"))
    button_helper_class = open_buttons("institutions_notice")
    list_display = ("display_number", "recipient", "place", "deadline", "status_badge", "issued_on", "center")
    list_filter = ("status", DeadlineFilter, RecipientFilter)
    search_fields = ("number", "problem", "place", "responsible_person")
    list_select_related = ("recipient", "center")
    list_per_page = 50
    ordering = ("-created_at", "-pk")

    def get_queryset(self, request):
        return visibility.notices_visible_to(request.user).select_related("recipient", "center")

    def display_number(self, obj):
        return obj.number or _("(draft)")

    display_number.short_description = _("notice number")

    def status_badge(self, obj):
        today = timezone.localdate()
        colour = (
            "red"
            if obj.status in (flows.OVERDUE, flows.ESCALATED)
            else "green"
            if obj.status == flows.CLOSED
            else "yellow"
            if obj.is_open and obj.deadline <= today
            else ""
        )
        return badge(colour, obj.get_status_display()) if colour else obj.get_status_display()

    status_badge.short_description = _("status")

    def create_view(self, request):
        return notice_views.notice_create(request)

    def inspect_view(self, request, instance_pk):
        return redirect("institutions_notice", pk=instance_pk)

    def edit_view(self, request, instance_pk):
        return redirect("institutions_notice", pk=instance_pk)


# --- joint meetings and their tasks -------------------------------------------------------------------------


class MeetingAdmin(CenterScopedModelAdmin):
    model = JointMeeting
    menu_label = _("Joint meetings")
    menu_icon = "group"
    menu_order = 20
    permission_helper_class = create_permission_helper(is_center_staff_with("institutions.add_jointmeeting"))
    button_helper_class = open_buttons("institutions_meeting")
    list_display = ("title", "kind", "scheduled_on", "status", "held_on", "center")
    list_filter = ("kind", "status")
    search_fields = ("title", "minutes")
    list_select_related = ("center",)
    list_per_page = 50
    ordering = ("-scheduled_on", "-pk")

    def get_queryset(self, request):
        return visibility.meetings_visible_to(request.user).select_related("center")

    def create_view(self, request):
        return meeting_views.meeting_create(request)

    def inspect_view(self, request, instance_pk):
        return redirect("institutions_meeting", pk=instance_pk)

    def edit_view(self, request, instance_pk):
        return redirect("institutions_meeting", pk=instance_pk)


class TaskStateFilter(SimpleListFilter):
    title = _("progress")
    parameter_name = "progress"

    def lookups(self, request, model_admin):
        return [("open", _("Not done yet")), ("overdue", _("Overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(status__in=flows.TASK_OPEN)
        if self.value() == "overdue":
            return queryset.filter(status__in=flows.TASK_PENDING, deadline__lt=timezone.localdate())
        return queryset


class TaskAdmin(CenterScopedModelAdmin):
    model = MeetingTask
    menu_label = _("Meeting tasks")
    menu_icon = "tasks"
    menu_order = 30
    permission_helper_class = create_permission_helper(lambda user: False)  # tasks come from meeting decisions
    button_helper_class = open_buttons("institutions_task")
    list_display = ("short_decision", "owner", "deadline", "state", "meeting", "center")
    list_filter = (TaskStateFilter, "status", OwnerFilter)
    search_fields = ("decision", "progress_note")
    list_select_related = ("owner", "meeting", "center")
    list_per_page = 50
    ordering = ("deadline", "pk")

    def get_queryset(self, request):
        return visibility.tasks_visible_to(request.user).select_related("owner", "meeting", "center")

    def short_decision(self, obj):
        return obj.decision if len(obj.decision) <= 40 else obj.decision[:39] + "…"

    short_decision.short_description = _("decision")

    def state(self, obj):
        if obj.status in flows.TASK_PENDING and obj.deadline < timezone.localdate():
            return badge("red", _("Overdue"))
        if obj.status == flows.DONE:
            return badge("green", obj.get_status_display())
        return obj.get_status_display()

    state.short_description = _("status")

    def inspect_view(self, request, instance_pk):
        return redirect("institutions_task", pk=instance_pk)

    def edit_view(self, request, instance_pk):
        return redirect("institutions_task", pk=instance_pk)


# --- screening reports ---------------------------------------------------------------------------------------


class ReportIndexView(IndexView):
    """The list, with who has and has not reported for the current half-month above it."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = periods.half_month_of(timezone.localdate())
        user = self.request.user
        profile = scoping.profile_of(user)
        centers = scoping.visible_centers(user)
        status = screening_selectors.period_status(centers, period)
        if profile is not None and profile.workstation_id:
            status = [(c, [(w, r) for w, r in rows if w.pk == profile.workstation_id]) for c, rows in status]
        context.update(
            period=period,
            period_status=status,
            missing_count=sum(1 for _c, rows in status for _w, report in rows if report is None),
            may_file=user.has_perm(screening_views.FILE_PERMISSION),
        )
        return context


class ScreeningReportAdmin(CenterScopedModelAdmin):
    model = ScreeningReport
    menu_label = _("Screening reports")
    menu_icon = "doc-full"
    menu_order = 40
    index_view_class = ReportIndexView
    index_template_name = "institutions/admin/report_index.html"
    permission_helper_class = create_permission_helper(lambda user: user.has_perm("institutions.file_screeningreport"))
    button_helper_class = open_buttons("institutions_report")
    list_display = ("workstation", "kind", "period_start", "period_end", "filed_on", "timeliness", "contents", "center")
    list_filter = ("kind", "is_zero", "on_time", WorkstationFilter)
    search_fields = ("summary", "workstation__name")
    list_select_related = ("workstation", "center")
    list_per_page = 50
    ordering = ("-filed_at", "-pk")

    def get_queryset(self, request):
        return visibility.reports_visible_to(request.user).select_related("workstation", "center")

    def timeliness(self, obj):
        return badge("green", _("On time")) if obj.on_time else badge("red", _("Late"))

    timeliness.short_description = _("on time")

    def contents(self, obj):
        if obj.kind == ScreeningReport.Kind.URGENT:
            return badge("red", _("Urgent"))
        return _("Zero report") if obj.is_zero else obj.summary[:30] or "—"

    contents.short_description = _("contents")

    def create_view(self, request):
        return screening_views.report_file(request)

    def inspect_view(self, request, instance_pk):
        return redirect("institutions_report", pk=instance_pk)

    def edit_view(self, request, instance_pk):
        return redirect("institutions_report", pk=instance_pk)


# --- assessments ----------------------------------------------------------------------------------------------


class AssessmentAdmin(CenterScopedModelAdmin):
    model = Assessment
    menu_label = _("Assessments")
    menu_icon = "success"
    menu_order = 50
    permission_helper_class = create_permission_helper(lambda user: user.has_perm("institutions.run_assessment"))
    button_helper_class = open_buttons("institutions_assessment")
    list_display = ("title", "kind", "subject", "period_start", "period_end", "status", "center")
    list_filter = ("kind", "subject", "status", "year")
    search_fields = ("title",)
    list_select_related = ("center",)
    list_per_page = 50
    ordering = ("-period_end", "-pk")

    def get_queryset(self, request):
        return visibility.assessments_visible_to(request.user).select_related("center")

    def create_view(self, request):
        return assessment_views.assessment_create(request)

    def inspect_view(self, request, instance_pk):
        return redirect("institutions_assessment", pk=instance_pk)

    def edit_view(self, request, instance_pk):
        return redirect("institutions_assessment", pk=instance_pk)


# --- settings and tags ---------------------------------------------------------------------------------------------


class SettingsAdmin(CenterScopedModelAdmin):
    model = InstitutionSettings
    menu_label = _("Working-system settings")
    menu_icon = "cog"
    menu_order = 90
    list_display = ("center", "monthly_meeting_day", "screening_reminder_days", "notice_escalate_after_days", "spike_factor")
    list_select_related = ("center",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("center")


class InstitutionsGroup(ModelAdminGroup):
    menu_label = _("Working systems")
    menu_icon = "list-ul"
    menu_order = 105
    items = (NoticeAdmin, MeetingAdmin, TaskAdmin, ScreeningReportAdmin, AssessmentAdmin, SettingsAdmin)

    def get_submenu_items(self):
        return super().get_submenu_items() + [
            PermissionMenuItem(
                _("Situation analysis"),
                reverse("institutions_situation"),
                icon_name="view",
                order=self.menu_order * 100 + 60,
                permission="institutions.view_situation",
            ),
            PermissionMenuItem(
                _("Special work"),
                reverse("institutions_special_work"),
                icon_name="tag",
                order=self.menu_order * 100 + 70,
                permission="institutions.view_casetag",
            ),
        ]
