from django.urls import path

from sozialplanung.reports.web import download_view

from . import domain_views, profile_views, scenario_views, views
from .exporters import GapsExporter
from .profile_pdf import ProfileExporter

app_name = "needs"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("luecken/", views.gaps_page, name="gaps"),
    path("luecken/csv", download_view(GapsExporter, "csv"), name="gaps_csv"),
    path("luecken/xlsx", download_view(GapsExporter, "xlsx"), name="gaps_xlsx"),
    path("parameter/", views.parameters_page, name="parameters"),
    path("bereiche/", domain_views.domains_page, name="domains"),
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
    path("szenarien/", scenario_views.scenario_list, name="scenarios"),
    path("szenarien/neu/", scenario_views.scenario_new, name="scenario_new"),
    path("szenarien/<int:pk>/", scenario_views.scenario_page, name="scenario"),
    path("szenarien/<int:pk>/bearbeiten/", scenario_views.scenario_edit, name="scenario_edit"),
]

from . import scenario_views  # noqa: E402

urlpatterns += [
    path("szenarien/", scenario_views.scenario_list, name="scenarios"),
    path("szenarien/neu/", scenario_views.scenario_new, name="scenario_new"),
    path("szenarien/<int:pk>/", scenario_views.scenario_page, name="scenario"),
    path("szenarien/<int:pk>/bearbeiten/", scenario_views.scenario_edit, name="scenario_edit"),
]
