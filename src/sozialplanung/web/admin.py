"""Administrators write the legal pages and read accessibility reports."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from sozialplanung.core.admin import AuditedAdmin

from .models import AccessibilityFeedback, LegalText


@admin.register(LegalText)
class LegalTextAdmin(AuditedAdmin):
    list_display = ["kind", "modified"]


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    """Read only: a report is what the visitor wrote."""

    list_display = ["created", "page_url", "name", "email", "mailed"]
    readonly_fields = ["created", "page_url", "message", "name", "email", "mailed"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
