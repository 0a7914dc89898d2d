"""The warning screens, mounted under /admin/warnings/ by wagtail_hooks (admin login required).

The lists are wagtail-modeladmin's (/admin/warnings/<model>/); these are the pages they open."""

from django.urls import path

from governance.warnings import views

urlpatterns = [
    path("<int:pk>/", views.warning_inspect, name="warnings_warning"),
    path("<int:pk>/edit/", views.warning_edit, name="warnings_warning_edit"),
    path("<int:pk>/do/<slug:action>/", views.warning_move, name="warnings_warning_move"),
]
