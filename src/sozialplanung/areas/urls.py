from django.urls import path

from sozialplanung.reports.web import download_view

from . import import_views, views
from .exporters import IndicatorRankingExporter

app_name = "areas"

urlpatterns = [
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/karte/", views.map_page, name="map"),
    # path, not str: a code with a slash stored before codes were checked must still
    # reverse, or every page linking to its area fails.
    path("<slug:slug>/gebiete/<slug:level>/<path:code>/", views.area_page, name="area"),
    path("<slug:slug>/indikatoren/<slug:indicator>/", views.indicator_page, name="indicator"),
    path(
        "<slug:slug>/indikatoren/<slug:indicator>/csv",
        download_view(IndicatorRankingExporter, "csv"),
        name="indicator_csv",
    ),
    path("<slug:slug>/import/", import_views.import_page, name="import"),
    path("<slug:slug>/import/<int:job_id>/", import_views.job_page, name="import_job"),
    path(
        "<slug:slug>/import/<int:job_id>/fortschritt/",
        import_views.job_progress,
        name="import_progress",
    ),
]
