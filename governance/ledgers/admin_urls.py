"""The ledger screens' URLs, mounted under /admin/ledgers/ by wagtail_hooks (admin access required)."""

from django.urls import path

from governance.ledgers import views

urlpatterns = [
    path("", views.index, name="ledgers_index"),
    path("closing/", views.closing_page, name="ledgers_closing"),
    path("closing/xlsx/", views.closing_xlsx, name="ledgers_closing_xlsx"),
    path("jobs/<slug:kind>/<int:pk>/status/", views.job_status, name="ledgers_job_status"),
    path("imports/<int:pk>/", views.import_job, name="ledgers_import_job"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="ledgers_import_confirm"),
    path("imports/<int:pk>/problems/", views.import_problems, name="ledgers_import_problems"),
    path("exports/<int:pk>/", views.export_job, name="ledgers_export_job"),
    path("exports/<int:pk>/download/", views.export_download, name="ledgers_export_download"),
    path("<slug:slug>/export/", views.export, name="ledgers_export"),
    path("<slug:slug>/import/", views.import_upload, name="ledgers_import"),
    path("<slug:slug>/template/", views.template, name="ledgers_template"),
]
