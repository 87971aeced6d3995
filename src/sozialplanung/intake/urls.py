"""Intake pages, under ``/<slug>/gremien/eingang/`` (included from web/urls.py)."""

from django.urls import path

from . import bulk_views, views

app_name = "intake"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.draft, name="draft"),
    path("<int:pk>/verwerfen/", views.discard, name="discard"),
    path("stapel/", bulk_views.bulk_upload, name="bulk"),
    path("stapel/<int:job_id>/", bulk_views.bulk_job, name="bulk_job"),
    path("stapel/<int:job_id>/fortschritt/", bulk_views.bulk_progress, name="bulk_progress"),
    path("pruefen/", bulk_views.queue, name="queue"),
    path("pruefen/bestaetigen/", bulk_views.confirm, name="confirm_chain"),
]
