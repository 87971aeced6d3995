"""Internal offer pages, mounted at ``/<slug>/angebote/`` before the public finder."""

from django.urls import path

from . import address_views, utilisation_views, views

app_name = "offers"

urlpatterns = [
    path("verwaltung/", views.inventory, name="inventory"),
    path("verwaltung/neu/", views.offer_edit, name="create"),
    path("verwaltung/bedarf/", views.need_reports, name="need_reports"),
    path("verwaltung/adresse/", address_views.address_point, name="address_point"),
    path("verwaltung/<int:pk>/", views.offer_detail, name="offer"),
    path("verwaltung/<int:pk>/bearbeiten/", views.offer_edit, name="edit"),
    path("abhaengigkeit/", views.dependency_view, name="dependency"),
    path(
        "verwaltung/<int:pk>/auslastung/",
        utilisation_views.report_utilisation,
        name="utilisation",
    ),
]
