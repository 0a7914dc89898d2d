"""The analysis screens, mounted under /admin/analysis/ by wagtail_hooks (admin login required).

The list is wagtail-modeladmin's (/admin/analysis/situationanalysis/); these are the pages it opens."""

from django.urls import path

from governance.analysis import views

urlpatterns = [
    path("<int:pk>/", views.analysis_inspect, name="analysis_analysis"),
    path("<int:pk>/edit/", views.analysis_edit, name="analysis_analysis_edit"),
    path("<int:pk>/do/<slug:action>/", views.analysis_move, name="analysis_analysis_move"),
    path("<int:pk>/pdf/", views.analysis_pdf, name="analysis_analysis_pdf"),
]
