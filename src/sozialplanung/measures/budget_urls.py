"""/<slug>/massnahmen/haushalt/: the budget by priority, grants and indexing, capacity."""

from django.urls import path

from sozialplanung.reports.web import download_view

from . import budget_views
from .exporters import BudgetExporter, GrantsExporter

urlpatterns = [
    path("", budget_views.budget_page, name="budget"),
    path("xlsx", download_view(BudgetExporter, "xlsx"), name="budget_xlsx"),
    path("foerderung/", budget_views.grants_page, name="grants"),
    path("foerderung/xlsx", download_view(GrantsExporter, "xlsx"), name="grants_xlsx"),
    path("kapazitaet/", budget_views.capacity_page, name="capacity"),
]
