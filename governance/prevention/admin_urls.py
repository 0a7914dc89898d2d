"""The prevention screens, mounted under /admin/prevention/ by wagtail_hooks (admin login required)."""

from django.urls import path

from governance.prevention.views import patrols, teams

urlpatterns = [
    path("teams/<int:pk>/", teams.team_inspect, name="prevention_team"),
    path("teams/<int:pk>/edit/", teams.team_edit, name="prevention_team_edit"),
    path("teams/<int:pk>/do/<slug:action>/", teams.team_move, name="prevention_team_move"),
    path("teams/<int:pk>/members/", teams.member_add, name="prevention_member_add"),
    path("members/<int:pk>/leave/", teams.member_leave, name="prevention_member_leave"),
    path("members/<int:pk>/reveal/", teams.member_reveal, name="prevention_member_reveal"),
    path("patrols/<int:pk>/", patrols.patrol_inspect, name="prevention_patrol"),
    path("patrols/<int:pk>/do/<slug:action>/", patrols.patrol_move, name="prevention_patrol_move"),
    path("patrols/<int:pk>/findings/", patrols.finding_add, name="prevention_finding_add"),
    path("findings/<int:pk>/case/", patrols.finding_case, name="prevention_finding_case"),
    path("monthly/", patrols.monthly_report, name="prevention_monthly"),
]
