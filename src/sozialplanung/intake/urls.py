"""Intake pages, under ``/<slug>/gremien/eingang/`` (included from web/urls.py)."""

from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.draft, name="draft"),
    path("<int:pk>/verwerfen/", views.discard, name="discard"),
]
