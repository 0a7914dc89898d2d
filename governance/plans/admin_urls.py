"""The plans screens, mounted under /admin/plans/ by wagtail_hooks (admin login required)."""

from django.urls import path

from governance.plans.views import plans, techpoints

urlpatterns = [
    path("plans/<int:pk>/", plans.plan_inspect, name="plans_plan"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plans_plan_edit"),
    path("plans/<int:pk>/do/<slug:action>/", plans.plan_move, name="plans_plan_move"),
    path("plans/<int:pk>/milestones/", plans.milestone_add, name="plans_milestone_add"),
    path("milestones/<int:pk>/remove/", plans.milestone_remove, name="plans_milestone_remove"),
    path("milestones/<int:pk>/do/<slug:action>/", plans.milestone_move, name="plans_milestone_move"),
    path("points/<int:pk>/", techpoints.point_inspect, name="plans_techpoint"),
    path("points/<int:pk>/edit/", techpoints.point_edit, name="plans_techpoint_edit"),
    path("points/<int:pk>/do/<slug:action>/", techpoints.point_move, name="plans_techpoint_move"),
    path("summary/", plans.summary, name="plans_summary"),
]
