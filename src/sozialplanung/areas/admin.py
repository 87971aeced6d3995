"""Administration of the map background per municipality (IT work: the address of the
surveying office's tile server or WMS and its attribution) and of the planning domains."""

from __future__ import annotations

from django.contrib import admin

from sozialplanung.core.admin import AuditedAdmin

from .models import MapBaseLayer, PlanningDomain


@admin.register(MapBaseLayer)
class MapBaseLayerAdmin(AuditedAdmin):
    list_display = ("municipality", "kind", "url")


@admin.register(PlanningDomain)
class PlanningDomainAdmin(AuditedAdmin):
    list_display = ("name", "municipality", "order")
    list_filter = ("municipality",)
