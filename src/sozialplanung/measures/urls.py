"""URLs under /<slug>/massnahmen/: the measures plan, the budget and grants, allocation.

Each part has its own module so that the pages stay small.
"""

from django.urls import include, path

app_name = "measures"

urlpatterns = [
    path("haushalt/", include("sozialplanung.measures.budget_urls")),
    path("verteilung/", include("sozialplanung.measures.allocation_urls")),
    path("", include("sozialplanung.measures.sozialraumbericht_urls")),
    path("", include("sozialplanung.measures.plan_urls")),
]
