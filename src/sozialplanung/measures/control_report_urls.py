"""The periodic resolution-control report under /<slug>/gremien/beschlusskontrolle/."""

from django.urls import path

from sozialplanung.reports.web import download_view

from . import control_report_views
from .control_report_export import ControlReportExporter

app_name = "control_report"

urlpatterns = [
    path("", control_report_views.report_page, name="page"),
    path("bericht.pdf", download_view(ControlReportExporter, "pdf"), name="pdf"),
    path("bericht.docx", download_view(ControlReportExporter, "docx"), name="docx"),
    path("bericht.xlsx", download_view(ControlReportExporter, "xlsx"), name="xlsx"),
]
