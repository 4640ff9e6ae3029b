"""Editions generated before 0002 hold a plain date in `data_date`: on SQLite the column
change keeps the text `YYYY-MM-DD`, which Django cannot read back as a datetime; give it a
time (midnight). PostgreSQL converted the values itself."""

from django.db import migrations


def dates_to_datetimes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "UPDATE edition_edition SET data_date = data_date || ' 00:00:00' WHERE length(data_date) = 10"
        )


class Migration(migrations.Migration):
    dependencies = [("edition", "0002_data_stamp")]

    operations = [migrations.RunPython(dates_to_datetimes, migrations.RunPython.noop)]
