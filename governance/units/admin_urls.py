"""The unit screens, mounted under /admin/units/ by wagtail_hooks (admin login required)."""

from django.urls import path

from governance.units.views import checks, units

urlpatterns = [
    path("units/<int:pk>/", units.unit_inspect, name="units_unit"),
    path("units/<int:pk>/edit/", units.unit_edit, name="units_unit_edit"),
    path("units/<int:pk>/do/<slug:action>/", units.unit_move, name="units_unit_move"),
    path("units/<int:pk>/reveal/", units.unit_reveal, name="units_unit_reveal"),
    path("checks/<int:pk>/", checks.check_inspect, name="units_check"),
    path("checks/<int:pk>/edit/", checks.check_edit, name="units_check_edit"),
    path("checks/<int:pk>/do/<slug:action>/", checks.check_move, name="units_check_move"),
    path("results/<int:pk>/notice/", checks.result_notice, name="units_result_notice"),
]
