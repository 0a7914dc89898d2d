"""The list of situation analyses (wagtail-modeladmin), under the menu group 联防：治安形势分析."""

from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdminGroup

from governance import scoping
from governance.admin.lifecycle_lists import NoDeletePermissionHelper, open_buttons
from governance.admin.scoped import CenterScopedModelAdmin
from governance.analysis import flow, selectors, views
from governance.analysis.models import SituationAnalysis
from governance.flow import relations


class AnalysisPermissionHelper(NoDeletePermissionHelper):
    """Only the center's own staff with the add permission generate drafts (not the county); the
    list is open to every holder of the view permission."""

    def user_can_create(self, user):
        center_id = scoping.center_id_of(user)
        return center_id is not None and user.has_perm(flow.ADD) and flow.CENTER in relations.relations_to(user, center_id)


class AnalysisAdmin(CenterScopedModelAdmin):
    model = SituationAnalysis
    menu_label = _("Security situation analyses")
    menu_icon = "doc-full"
    menu_order = 10
    permission_helper_class = AnalysisPermissionHelper
    button_helper_class = open_buttons("analysis_analysis")
    list_display = ("title", "period_kind", "period_start", "status", "meeting", "center")
    list_filter = ("status", "period_kind")
    search_fields = ("title", "overview", "features")
    list_select_related = ("center", "meeting")
    list_per_page = 50
    ordering = ("-period_start", "-pk")

    def get_queryset(self, request):
        return selectors.visible_to(request.user).select_related("center", "meeting")

    def create_view(self, request):
        return views.analysis_create(request)

    def inspect_view(self, request, instance_pk):
        return redirect("analysis_analysis", pk=instance_pk)

    def edit_view(self, request, instance_pk):
        return redirect("analysis_analysis", pk=instance_pk)


class AnalysisGroup(ModelAdminGroup):
    menu_label = _("Joint prevention: security situation analysis")
    menu_icon = "doc-full"
    menu_order = 108
    items = (AnalysisAdmin,)
