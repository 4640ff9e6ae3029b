"""Derived data kept for the report engine (never edited by hand, rebuilt from the domain
tables by `trajectoires.rapports.evenements` and `trajectoires.rapports.blocs`)."""

from __future__ import annotations

from django.db import models


class EvenementsJeune(models.Model):
    """One young person's honoured events in one structure, as one packed column: a sorted
    little-endian int64 array, one value per honoured event, `(day << 40) | (site << 2) | kind`
    (evenements.py). The report reads one row per young person instead of every event row."""

    structure = models.ForeignKey("structures.Structure", on_delete=models.CASCADE, related_name="+")
    jeune = models.ForeignKey("jeunes.Jeune", on_delete=models.CASCADE, related_name="+")
    evenements = models.BinaryField()

    class Meta:
        verbose_name = "événements d'un jeune (calcul du rapport)"
        verbose_name_plural = "événements des jeunes (calcul du rapport)"
        constraints = [
            models.UniqueConstraint(fields=["structure", "jeune"], name="evenements_jeune_unique"),
        ]

    def __str__(self) -> str:
        return f"événements du jeune {self.jeune_id} (structure {self.structure_id})"


class EvenementsStructure(models.Model):
    """Present when `EvenementsJeune` holds every young person of the structure (built once,
    then kept up to date row by row); absent, the report builds them first. `version`: the
    format the rows were packed in (`evenements.FORMAT_VERSION`); rows of another format are
    rebuilt before the report reads them, never read."""

    structure = models.OneToOneField(
        "structures.Structure", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    construit_le = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField("version du format")

    class Meta:
        verbose_name = "événements des jeunes d'une structure (calcul du rapport)"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"événements des jeunes de la structure {self.structure_id}"


class FaitsBloc(models.Model):
    """The enrolments, situations and help of a block of young people of one structure (the
    young people whose id >> BLOC_BITS is `bloc`, blocs.py), packed for the report: one row
    per block instead of one row per enrolment, situation or help. Each binary column is an
    array of fixed-size little-endian records (blocs.py), sorted by young person; texts
    (programme codes, exit reasons, categories, types) are indexes into `libelles`."""

    structure = models.ForeignKey("structures.Structure", on_delete=models.CASCADE, related_name="+")
    bloc = models.BigIntegerField()
    libelles = models.TextField(default="[]")  # JSON list of the texts the records index
    inscriptions = models.BinaryField(default=b"")
    situations = models.BinaryField(default=b"")
    aides = models.BinaryField(default=b"")

    class Meta:
        verbose_name = "faits d'un bloc de jeunes (calcul du rapport)"
        verbose_name_plural = "faits des blocs de jeunes (calcul du rapport)"
        constraints = [
            models.UniqueConstraint(fields=["structure", "bloc"], name="faits_bloc_unique"),
        ]

    def __str__(self) -> str:
        return f"faits du bloc {self.bloc} (structure {self.structure_id})"


class FaitsStructure(models.Model):
    """Present when `FaitsBloc` holds every block of the structure (built once, then kept up
    to date block by block); absent, the report builds them first. `version`: the format the
    blocks were packed in (`blocs.FORMAT_VERSION`); blocks of another format are rebuilt
    before the report reads them, never read."""

    structure = models.OneToOneField(
        "structures.Structure", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    construit_le = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField("version du format")

    class Meta:
        verbose_name = "faits des jeunes d'une structure (calcul du rapport)"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"faits des jeunes de la structure {self.structure_id}"
