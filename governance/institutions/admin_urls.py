"""The working-system screens, mounted under /admin/institutions/ by wagtail_hooks (admin login required).

The lists are wagtail-modeladmin's (/admin/institutions/<model>/); these are the pages they open.
"""

from django.urls import path

from governance.institutions.views import assessments, meetings, notices, screening, situation

urlpatterns = [
    path("notices/<int:pk>/", notices.notice_inspect, name="institutions_notice"),
    path("notices/<int:pk>/edit/", notices.notice_edit, name="institutions_notice_edit"),
    path("notices/<int:pk>/do/<slug:action>/", notices.notice_move, name="institutions_notice_move"),
    path("notices/<int:pk>/pdf/", notices.notice_pdf, name="institutions_notice_pdf"),
    path("notices/<int:pk>/evidence/<int:evidence_pk>/", notices.evidence_download, name="institutions_notice_evidence"),
    path("meetings/<int:pk>/", meetings.meeting_inspect, name="institutions_meeting"),
    path("meetings/<int:pk>/do/<slug:action>/", meetings.meeting_move, name="institutions_meeting_move"),
    path("meetings/<int:pk>/pdf/", meetings.meeting_pdf, name="institutions_meeting_pdf"),
    path("tasks/<int:pk>/", meetings.task_inspect, name="institutions_task"),
    path("tasks/<int:pk>/do/<slug:action>/", meetings.task_move, name="institutions_task_move"),
    path("reports/urgent/", screening.report_urgent, name="institutions_report_urgent"),
    path("reports/<int:pk>/", screening.report_inspect, name="institutions_report"),
    path("assessments/<int:pk>/", assessments.assessment_inspect, name="institutions_assessment"),
    path("assessments/<int:pk>/do/<slug:action>/", assessments.assessment_move, name="institutions_assessment_move"),
    path("assessments/<int:pk>/xlsx/", assessments.assessment_xlsx, name="institutions_assessment_xlsx"),
    path("assessments/<int:pk>/pdf/", assessments.assessment_pdf, name="institutions_assessment_pdf"),
    path("situation/", situation.situation_page, name="institutions_situation"),
    path("situation/cases/", situation.warning_cases, name="institutions_warning_cases"),
    path("special-work/", situation.special_work, name="institutions_special_work"),
    path("special-work/<int:pk>/remove/", situation.special_work_remove, name="institutions_special_work_remove"),
]
