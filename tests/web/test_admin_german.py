"""Every label the German admin shows is German (issue 16: "admin texts translated").

Walks every model registered with the admin site: its names, the labels of all its fields
(form, list columns, filters, change histories take them from there) and their help texts,
and the columns the admin adds itself. A label is German when it is a lazy translation
whose msgid the German catalog knows; a plain string (Django's default ``verbose_name``,
"municipality" from the field's name) can never be translated and fails.

Libraries' models (django-otp, django-axes, django-tasks-db) are held to their lazy texts,
which the project's catalog translates; their plain strings (a field without
``verbose_name``) could only change by a migration in the library, and are left.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.utils import translation
from django.utils.functional import Promise

# Labels Django makes from a name that read the same in German (the key, axes' status).
SAME_IN_GERMAN = {"ID", "id", "Status"}


def is_german(label: object, ours: bool) -> bool:
    if not isinstance(label, Promise):
        return str(label) in SAME_IN_GERMAN or not ours
    with translation.override("de"):
        german = str(label)
        known = translation.trans_real.translation("de")._catalog.get(german) is not None
    with translation.override("en"):
        english = str(label)
    # A msgid with an identical msgstr (a word the same in both) is in the catalog.
    return german != english or known


def untranslated() -> list[str]:
    found = []
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        ours = model.__module__.startswith("sozialplanung.")
        labels: dict[str, object] = {
            "verbose_name": meta.verbose_name,
            "verbose_name_plural": meta.verbose_name_plural,
        }
        for field in meta.get_fields():
            if not hasattr(field, "verbose_name"):
                continue  # reverse relations have no label of their own
            labels[field.name] = field.verbose_name
            if field.help_text:
                labels[f"{field.name} (Hilfetext)"] = field.help_text
        # Columns the admin defines itself (methods with a description).
        for name in model_admin.list_display:
            if isinstance(name, str) and name != "__str__":
                labels.setdefault(name, label_for_field(name, model, model_admin))
        found += [
            f"{meta.label}.{name}: {str(label)!r}"
            for name, label in labels.items()
            if not is_german(label, ours)
        ]
    return found


def test_every_admin_label_has_a_german_translation():
    assert untranslated() == []


@pytest.mark.django_db
def test_admin_names_record_types_and_empty_choices_in_words(client):
    from sozialplanung.core.models import AuditEntry, User

    client.force_login(User.objects.create_superuser("root", "root@example.invalid", "x"))
    AuditEntry.objects.create(model="offers.Offer", object_id="1", object_repr="Mittagstisch")
    listing = client.get("/admin/core/auditentry/").content.decode()
    assert ">offers.Offer<" not in listing and ">Angebot<" in listing
    # A foreign key's empty choice: Django's "---------" is said in words.
    form = client.get("/admin/areas/mapbaselayer/add/").content.decode()
    assert "---------" not in form and "– bitte auswählen –" in form
