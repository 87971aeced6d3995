"""Council pages, all under ``/<slug>/gremien/`` (included from web/urls.py)."""

from django.urls import path

from sozialplanung.reports.web import download_view

from . import control_views, data_views, letter_views, publication_views, search, views
from .exporters import OverdueExporter, StatusLetterExporter
from .oparl import sync_views

app_name = "council"

urlpatterns = [
    path("", views.papers, name="papers"),
    path("vorlagen/<int:pk>/", views.paper_detail, name="paper"),
    path("beschluesse/<int:pk>/", views.resolution_detail, name="resolution"),
    path("beschluesse/<int:pk>/brief/", letter_views.letter_draft, name="letter_draft"),
    path("punkte/<int:pk>/bericht/", views.report_form, name="report"),
    path(
        "berichte/<int:pk>/veroeffentlichen/",
        publication_views.report_publish,
        name="report_publish",
    ),
    path("briefe/<int:pk>/", letter_views.letter_detail, name="letter"),
    path("briefe/<int:pk>/freigeben/", letter_views.letter_release, name="letter_release"),
    path("briefe/<int:pk>.pdf", download_view(StatusLetterExporter, "pdf"), name="letter_pdf"),
    path("briefe/<int:pk>.docx", download_view(StatusLetterExporter, "docx"), name="letter_docx"),
    path("ueberfaellig/", control_views.overdue_page, name="overdue"),
    path("meine-punkte/", control_views.my_items, name="my-items"),
    path("ueberfaellig.xlsx", download_view(OverdueExporter, "xlsx"), name="overdue_xlsx"),
    path("termine/<int:office_pk>.ics", control_views.office_ics, name="office_ics"),
    path("gremien/", data_views.bodies, name="bodies"),
    path("gremien/<int:pk>/", data_views.body_detail, name="body"),
    path("sitzungen/", data_views.meetings, name="meetings"),
    path("sitzungen/<int:pk>/", data_views.meeting_detail, name="meeting"),
    path("dateien/<int:pk>/", data_views.file_content, name="file"),
    path("suche/", search.search_page, name="search"),
    path("oparl-abgleich/", sync_views.sync_page, name="oparl_sync"),
    path(
        "oparl-abgleich/<int:job_id>/fortschritt/",
        sync_views.sync_progress,
        name="oparl_sync_progress",
    ),
]
