from django.urls import path

from sozialplanung.reports.web import download_view

from . import allocation_views
from .exporters import AllocationExporter

urlpatterns = [
    path("", allocation_views.allocation_page, name="allocation"),
    path("xlsx", download_view(AllocationExporter, "xlsx"), name="allocation_xlsx"),
    path("pdf", download_view(AllocationExporter, "pdf"), name="allocation_pdf"),
]
