"""Public offer finder, mounted at /<slug>/angebote/ (the inventory's internal pages live
under /<slug>/angebote/verwaltung/, which neither pattern here can match)."""

from django.urls import path

from . import finder_views

app_name = "finder"

urlpatterns = [
    path("", finder_views.offer_list, name="list"),
    path("<int:pk>/", finder_views.offer_detail, name="detail"),
]
