from django.urls import path

from sozialplanung.reports.web import download_view

from . import profile_views, views
from .exporters import GapsExporter
from .profile_pdf import ProfileExporter

app_name = "needs"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("luecken/", views.gaps_page, name="gaps"),
    path("luecken/csv", download_view(GapsExporter, "csv"), name="gaps_csv"),
    path("luecken/xlsx", download_view(GapsExporter, "xlsx"), name="gaps_xlsx"),
    path("parameter/", views.parameters_page, name="parameters"),
    # path, not slug, for the code: as on the area page (areas/urls.py).
    path(
        "steckbrief/<slug:level>/<path:code>/",
        profile_views.profile_page,
        name="profile",
    ),
    path(
        "steckbrief/<slug:level>/<path:code>/pdf",
        download_view(ProfileExporter, "pdf"),
        name="profile_pdf",
    ),
]
