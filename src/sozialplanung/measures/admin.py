"""Measures, budgets and grants in the admin: for looking up, not for editing.

They change through ``measures.actions`` (pages, demo), which check permissions and
write the audit trail.
"""

from django.contrib import admin

from sozialplanung.core.admin import ReadOnlyAdmin

from .models import DoubleBudget, Grant, Measure, Plan


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "municipality", "visibility"]
    list_filter = ["municipality", "visibility"]


@admin.register(Measure)
class MeasureAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "field_of_action", "responsible_office", "status"]
    list_filter = ["status", "field_of_action__plan"]
    search_fields = ["title", "number"]


@admin.register(DoubleBudget)
class DoubleBudgetAdmin(ReadOnlyAdmin):
    list_display = ["name", "first_year", "last_year", "municipality"]


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ["provider", "offer", "guideline", "year", "applied", "granted", "paid"]
    list_filter = ["guideline", "year"]
