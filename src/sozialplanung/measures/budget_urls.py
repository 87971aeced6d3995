"""/<slug>/massnahmen/haushalt/: the budget by priority, grants and indexing, capacity."""

from django.urls import path

from . import budget_views

urlpatterns = [
    path("", budget_views.budget_page, name="budget"),
    path("xlsx", budget_views.budget_xlsx, name="budget_xlsx"),
    path("foerderung/", budget_views.grants_page, name="grants"),
    path("foerderung/xlsx", budget_views.grants_xlsx, name="grants_xlsx"),
    path("kapazitaet/", budget_views.capacity_page, name="capacity"),
]
