"""Administration of users and municipalities (the Admin role's IT work).

Domain data (areas, indicators, values) is changed through the importers and actions,
not here, so that every change is validated and audited the same way. Changes made
here are audited too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .audit import delete_audited, record_change, snapshot
from .audit_display import describe_trail, record_type
from .models import AuditEntry, Municipality, User

admin.site.site_header = _("Sozialplanung – administration")
admin.site.site_title = _("Sozialplanung")

# Said in the trail, since the admin writes past the actions.
_SUMMARY = "in der Administration"


class AuditedAdmin(admin.ModelAdmin):
    """Writes an audit entry for every save and delete made in the admin, bulk delete too."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        record_change(
            obj, before=before, after=snapshot(obj), acting_user=request.user, summary=_SUMMARY
        )

    def delete_model(self, request: Any, obj: Any) -> None:
        delete_audited(obj, acting_user=request.user, summary=_SUMMARY)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        # Django's bulk delete is one SQL statement; one by one, each record gets its entry.
        with transaction.atomic():
            for obj in queryset:
                delete_audited(obj, acting_user=request.user, summary=_SUMMARY)


@admin.register(Municipality)
class MunicipalityAdmin(AuditedAdmin):
    list_display = ["name", "slug", "ags"]
    search_fields = ["name", "slug", "ags"]


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    list_display = ["username", "role", "municipality", "office", "is_active"]
    list_filter = ["role", "municipality", "is_active"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Role"), {"fields": ("role", "municipality", "office")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Role"), {"fields": ("role", "municipality", "office")}),
    )


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that change only through actions (validated and audited there)."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class RecordTypeFilter(admin.SimpleListFilter):
    """Filter by record type in words ("Angebot"), not by the raw label "offers.Offer"."""

    title = _("record type")
    parameter_name = "model"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, str]]:
        labels = AuditEntry.objects.order_by().values_list("model", flat=True).distinct()
        return sorted(((label, record_type(label)) for label in labels), key=lambda c: c[1])

    def queryset(self, request: Any, queryset: Any) -> Any:
        return queryset.filter(model=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the trail is never edited."""

    list_display = ["timestamp", "actor", "action", "kind", "object_repr", "summary"]
    list_filter = ["action", RecordTypeFilter, "municipality"]
    search_fields = ["object_repr", "actor", "summary"]
    readonly_fields = ["changes_in_words"]

    @admin.display(description=_("record type"), ordering="model")
    def kind(self, entry: AuditEntry) -> str:
        # "Angebot", not the raw label "offers.Offer".
        return record_type(entry.model)

    @admin.display(description=_("changes"))
    def changes_in_words(self, entry: AuditEntry) -> str:
        return "; ".join(
            f"{c.label}: {c.before} → {c.after}" for c in describe_trail([entry])[0].changes
        )
