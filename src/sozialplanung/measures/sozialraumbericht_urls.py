"""The Sozialraumbericht and the evidence list under /<slug>/massnahmen/."""

from django.urls import path

from sozialplanung.reports.web import download_view

from . import evidence_views, sozialraumbericht_views
from .sozialraumbericht_export import SozialraumberichtExporter

urlpatterns = [
    path("sozialraumbericht/", sozialraumbericht_views.report_page, name="sozialraumbericht"),
    path(
        "sozialraumbericht/bericht.pdf",
        download_view(SozialraumberichtExporter, "pdf"),
        name="sozialraumbericht_pdf",
    ),
    path(
        "sozialraumbericht/bericht.docx",
        download_view(SozialraumberichtExporter, "docx"),
        name="sozialraumbericht_docx",
    ),
    path("erkenntnisse/", evidence_views.evidence_list, name="evidence"),
    path("erkenntnisse/neu/", evidence_views.evidence_edit, name="evidence_new"),
    path("erkenntnisse/<int:pk>/", evidence_views.evidence_edit, name="evidence_edit"),
]
