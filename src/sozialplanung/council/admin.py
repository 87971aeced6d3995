"""Council records in the admin: for looking up, not for editing.

Papers, resolutions, items, reports and letters change through council.actions (pages,
OParl import, demo), which check permissions and write the audit trail.
"""

from django.contrib import admin

from sozialplanung.core.admin import ReadOnlyAdmin

from .models import Body, Meeting, Paper, Resolution, ResolutionItem, StatusLetter, StatusReport


@admin.register(Body)
class BodyAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind", "municipality"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["session_number", "name", "start", "municipality"]


@admin.register(Paper)
class PaperAdmin(ReadOnlyAdmin):
    list_display = ["reference", "name", "kind", "date", "visibility", "municipality"]
    list_filter = ["kind", "visibility", "municipality"]
    search_fields = ["reference", "name"]


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyAdmin):
    list_display = ["paper", "date", "visibility"]


@admin.register(ResolutionItem)
class ResolutionItemAdmin(ReadOnlyAdmin):
    list_display = ["resolution", "number", "responsible_office", "visibility"]


@admin.register(StatusReport)
class StatusReportAdmin(ReadOnlyAdmin):
    list_display = ["item", "date", "status", "next_control_date", "office"]
    list_filter = ["status"]


@admin.register(StatusLetter)
class StatusLetterAdmin(ReadOnlyAdmin):
    list_display = ["resolution", "date", "state", "visibility"]
