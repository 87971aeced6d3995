"""The measures plan under /<slug>/massnahmen/: plans, a plan, a measure, its forms, exports."""

from django.urls import path

from sozialplanung.reports.web import download_view

from . import plan_views
from .exporters import PlanExporter

urlpatterns = [
    path("", plan_views.plans, name="plans"),
    path("<slug:plan_slug>/", plan_views.plan, name="plan"),
    path("<slug:plan_slug>/xlsx", download_view(PlanExporter, "xlsx"), name="plan_xlsx"),
    path("<slug:plan_slug>/pdf", download_view(PlanExporter, "pdf"), name="plan_pdf"),
    path("<slug:plan_slug>/neu/", plan_views.measure_create, name="measure_create"),
    path("<slug:plan_slug>/<int:pk>/", plan_views.measure, name="measure"),
    path("<slug:plan_slug>/<int:pk>/bearbeiten/", plan_views.measure_edit, name="measure_edit"),
    path(
        "<slug:plan_slug>/<int:pk>/kennzahl/<int:figure_pk>/istwert/",
        plan_views.key_figure_value,
        name="key_figure_value",
    ),
    path("<slug:plan_slug>/<int:pk>/status/", plan_views.measure_update, name="measure_update"),
]
