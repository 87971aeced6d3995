from django.urls import path

from sozialplanung.reports.web import download_view

from . import domain_views, views
from .exporters import GapsExporter

app_name = "needs"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("luecken/", views.gaps_page, name="gaps"),
    path("luecken/csv", download_view(GapsExporter, "csv"), name="gaps_csv"),
    path("luecken/xlsx", download_view(GapsExporter, "xlsx"), name="gaps_xlsx"),
    path("parameter/", views.parameters_page, name="parameters"),
    path("bereiche/", domain_views.domains_page, name="domains"),
]
