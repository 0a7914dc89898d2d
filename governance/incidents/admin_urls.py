"""The incident and key-work screens, mounted under /admin/incidents/ by wagtail_hooks (admin login required)."""

from django.urls import path

from governance.incidents.views import incidents, keywork

urlpatterns = [
    path("<int:pk>/", incidents.incident_inspect, name="incidents_incident"),
    path("<int:pk>/edit/", incidents.incident_edit, name="incidents_incident_edit"),
    path("<int:pk>/do/<slug:action>/", incidents.incident_move, name="incidents_incident_move"),
    path("<int:pk>/people/", incidents.person_add, name="incidents_person_add"),
    path("people/<int:pk>/reveal/", incidents.person_reveal, name="incidents_person_reveal"),
    path("<int:pk>/pdf/", incidents.incident_pdf, name="incidents_incident_pdf"),
    path("panel/", incidents.panel_body, name="incidents_panel"),
    path("keywork/<int:pk>/", keywork.keywork_inspect, name="incidents_keywork"),
    path("keywork/<int:pk>/do/<slug:action>/", keywork.keywork_move, name="incidents_keywork_move"),
    path("keywork/<int:pk>/tasks/", keywork.task_add, name="incidents_task_add"),
    path("tasks/<int:pk>/do/<slug:action>/", keywork.task_move, name="incidents_task_move"),
]
