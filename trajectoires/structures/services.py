"""The door of the structures app's reference tables written by the application: the national
list of communes (loaded once from the CSV shipped in the repository)."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from trajectoires.structures.communes import COMMUNES_FRANCE_CSV, read_csv, search_key


@transaction.atomic
def load_communes_france(model=None, path: Path = COMMUNES_FRANCE_CSV) -> int:  # type: ignore[no-untyped-def]
    """Replace the national list with the CSV's rows (35,014 communes and municipal districts).
    `model`: the historical model when called from a migration."""
    if model is None:
        from trajectoires.structures.models import CommuneFrance as model  # noqa: N813
    rows = [
        model(
            code=row["code"], nom=row["nom"], nom_recherche=search_key(row["nom"]),
            codes_postaux=row["codes_postaux"], departement=row["departement"],
        )
        for row in read_csv(path)
    ]
    model.objects.all().delete()
    model.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def ensure_communes_france() -> int:
    """Load the national list if the table is empty (tests that flush the database)."""
    from trajectoires.structures.models import CommuneFrance

    if CommuneFrance.objects.exists():
        return 0
    return load_communes_france()
