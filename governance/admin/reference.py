"""Admin for the low-code reference data: lists, deadline rules, routing, holiday calendar."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.views import CreateView, EditView

from governance import scoping
from governance.admin.scoped import CenterScopedModelAdmin, ModelPermissionHelper, PermittedHistoryView, ScopedCreateView
from governance.ledgers.models import ImportAlias
from governance.models import DeadlineRule, HolidayOverride, HolidayYear, ReferenceItem, RoutingRule
from governance.models.reference import new_reference_code
from governance.services.calendar import recompute_provisional_deadlines


class SharedOrOwnPermissionHelper(ModelPermissionHelper):
    """A county-wide entry (no center) is changed by county-level users only: it is every center's."""

    def user_can_edit_obj(self, user, obj):
        return (obj.center_id is not None or scoping.sees_all_centers(user)) and super().user_can_edit_obj(user, obj)

    def user_can_delete_obj(self, user, obj):
        return (obj.center_id is not None or scoping.sees_all_centers(user)) and super().user_can_delete_obj(user, obj)


class SharedOrOwnModelAdmin(CenterScopedModelAdmin):
    """County-wide entries (no center) are seen by all; a center edits only its own entries."""

    permission_helper_class = SharedOrOwnPermissionHelper

    def get_queryset(self, request):
        qs = self.model._default_manager.all()
        if scoping.sees_all_centers(request.user):
            return qs
        return qs.filter(Q(center__isnull=True) | Q(center_id=scoping.center_id_of(request.user)))

    def limit_form_choices(self, form, user):
        super().limit_form_choices(form, user)
        if "center" in form.fields and not scoping.sees_all_centers(user):
            form.fields["center"].required = True
            form.fields["center"].empty_label = None


class ReferenceItemCreateView(ScopedCreateView):
    """A new entry's code is generated: users name entries, the system keys them."""

    def form_valid(self, form):
        form.instance.code = new_reference_code(form.instance.center_id)
        return super().form_valid(form)


class ReferenceItemAdmin(SharedOrOwnModelAdmin):
    """Entries are named and ordered here; their codes (what the system and the ledger import key on)
    are generated on add and never shown or typed, so an existing entry keeps its code."""

    model = ReferenceItem
    menu_label = _("Reference lists")
    menu_icon = "list-ul"
    create_view_class = ReferenceItemCreateView
    form_fields_exclude = ("code",)
    list_display = ("name", "kind", "center", "sort_order", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)


class ImportAliasAdmin(SharedOrOwnModelAdmin):
    """Other names ledgers use for departments and reference entries (governance.ledgers.aliases)."""

    model = ImportAlias
    menu_label = _("Import aliases")
    menu_icon = "link"
    list_display = ("alias", "target", "kind", "center")
    list_filter = ("kind",)
    list_select_related = ("center",)
    search_fields = ("alias", "target")
    form_fields_exclude = ("created_by",)


class DeadlineRuleAdmin(SharedOrOwnModelAdmin):
    model = DeadlineRule
    menu_label = _("Deadline rules")
    menu_icon = "time"
    list_display = ("name", "stage", "counts_from", "case_kind", "petition_kind", "tier", "amount", "unit", "yellow_days", "center", "is_active")
    list_filter = ("stage", "case_kind", "unit", "is_active")
    list_select_related = ("petition_kind", "tier", "center")
    search_fields = ("name", "basis")


class RoutingRuleAdmin(CenterScopedModelAdmin):
    model = RoutingRule
    menu_label = _("Routing rules")
    menu_icon = "redirect"
    list_display = ("category", "lead_department", "center")
    list_select_related = ("category", "lead_department", "center")


class RecomputingCreateView(CreateView):
    def form_valid(self, form):
        response = super().form_valid(form)
        recompute_provisional_deadlines(self.request.user)
        return response


class RecomputingEditView(EditView):
    def form_valid(self, form):
        response = super().form_valid(form)
        recompute_provisional_deadlines(self.request.user)
        return response


class CountyOnlyMixin:
    """The holiday calendar is the country's: only county-level users and admins change it."""

    def get_permission_helper_class(self):
        base = super().get_permission_helper_class()

        class CountyOnly(base):
            def user_can_create(self, user):
                return scoping.sees_all_centers(user) and super().user_can_create(user)

            def user_can_edit_obj(self, user, obj):
                return scoping.sees_all_centers(user) and super().user_can_edit_obj(user, obj)

            def user_can_delete_obj(self, user, obj):
                return scoping.sees_all_centers(user) and super().user_can_delete_obj(user, obj)

        return CountyOnly


class HolidayOverrideAdmin(CountyOnlyMixin, ModelAdmin):
    model = HolidayOverride
    menu_label = _("Holiday calendar")
    menu_icon = "date"
    list_display = ("date", "name", "is_workday")
    list_filter = ("is_workday",)
    create_view_class = RecomputingCreateView
    edit_view_class = RecomputingEditView
    history_view_class = PermittedHistoryView
    permission_helper_class = ModelPermissionHelper


class HolidayYearAdmin(CountyOnlyMixin, ModelAdmin):
    model = HolidayYear
    menu_label = _("Entered holiday years")
    menu_icon = "calendar-check"
    list_display = ("year", "note")
    create_view_class = RecomputingCreateView
    edit_view_class = RecomputingEditView
    history_view_class = PermittedHistoryView
    permission_helper_class = ModelPermissionHelper


class ReferenceGroup(ModelAdminGroup):
    menu_label = _("Settings and rules")
    menu_icon = "cogs"
    menu_order = 700
    items = (ReferenceItemAdmin, ImportAliasAdmin, DeadlineRuleAdmin, RoutingRuleAdmin, HolidayOverrideAdmin, HolidayYearAdmin)
