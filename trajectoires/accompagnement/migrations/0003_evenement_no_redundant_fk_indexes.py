"""Drops the single-column indexes of Evenement.structure and Evenement.jeune: the
(structure, date) and (jeune, date) indexes serve every query on either column alone. The
indexes are dropped by name (DROP INDEX, the same on SQLite and PostgreSQL) rather than by
Django's AlterField, which on SQLite would copy the whole table."""

from django.db import migrations, models
import django.db.models.deletion

TABLE = "accompagnement_evenement"
INDEXES = {  # Django's names for the foreign keys' indexes (0002_initial)
    "structure_id": "accompagnement_evenement_structure_id_1009d64d",
    "jeune_id": "accompagnement_evenement_jeune_id_c1215ea1",
}


class Migration(migrations.Migration):
    dependencies = [
        ("accompagnement", "0002_initial"),
        ("jeunes", "0001_initial"),
        ("structures", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="evenement",
                    name="structure",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="structures.structure",
                        verbose_name="structure",
                    ),
                ),
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
                    f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX "{name}" ON "{TABLE}" ("{column}")',
                )
                for column, name in INDEXES.items()
            ],
        ),
    ]
