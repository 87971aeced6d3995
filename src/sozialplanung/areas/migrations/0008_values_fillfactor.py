"""Half of each page of the values table free, so that a re-import that changes values
writes them in place without index entries (see ``areas.value_rows``). PostgreSQL only;
SQLite has no such setting."""

from django.db import migrations


def set_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE areas_indicatorvalue SET (fillfactor = 50)")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE areas_indicatorvalue RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("areas", "0007_value_indexes_in_unique")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
