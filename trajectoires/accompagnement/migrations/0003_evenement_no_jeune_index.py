"""Drops the single-column index of Evenement.jeune: the (jeune, date) index serves every
query on the young person's events (its first column), and each index is work for every
insert and every rebuild of a bulk import. Dropped by name (DROP INDEX, the same on SQLite and
PostgreSQL) rather than by Django's AlterField, which on SQLite would copy the whole table.

The single-column index of Evenement.structure stays: reading all the events of a structure
by it visits the rows in table order; by the (structure, date) index the same query visits
them in date order, at random places (870,000 events: 2.0-2.8 s of CPU instead of 0.8 s)."""

import django.db.models.deletion
from django.db import migrations, models


INDEX = "accompagnement_evenement_jeune_id_c1215ea1"  # Django's name for it (0002_initial)


class Migration(migrations.Migration):
    dependencies = [
        ("accompagnement", "0002_initial"),
        ("jeunes", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="evenement",
                    name="jeune",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="evenements",
                        to="jeunes.jeune",
                        verbose_name="jeune",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    reverse_sql=f'CREATE INDEX "{INDEX}" ON "accompagnement_evenement" ("jeune_id")',
                ),
            ],
        ),
    ]
