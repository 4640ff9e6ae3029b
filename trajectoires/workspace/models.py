"""The workspace's own tables. The young person's data stays in its domain apps."""

from __future__ import annotations

from django.db import models


class JeuneRecherche(models.Model):
    """The search key of a young person: the words of their last and first names, normalised to
    ASCII lower case (" dupont jean marie "), so that a plain LIKE finds word prefixes without
    caring about accents or case on every database. Kept up to date on save (signal), filled in
    for files the importer wrote (it bypasses the ORM) before each search, and rebuilt by the
    `index_recherche` command. `source` is what was indexed, to spot stale rows. The birth date
is copied here because `jeunes.Jeune` has no index on it."""

    jeune = models.OneToOneField(
        "jeunes.Jeune", on_delete=models.CASCADE, primary_key=True, related_name="recherche", verbose_name="jeune"
    )
    structure = models.ForeignKey("structures.Structure", on_delete=models.CASCADE, verbose_name="structure")
    mots = models.TextField("mots du nom normalisés")
    source = models.TextField("nom et prénom indexés")
    date_naissance = models.DateField("date de naissance", null=True)

    class Meta:
        verbose_name = "clé de recherche d'un jeune"
        verbose_name_plural = "clés de recherche des jeunes"
        indexes = [
            models.Index(fields=["structure", "jeune"], name="jeunerecherche_structure_idx2"),
            models.Index(fields=["structure", "date_naissance"], name="jeunerecherche_naissance_idx"),
        ]

    def __str__(self) -> str:
        return self.mots.strip()


class JeuneMot(models.Model):
    """One normalised word of a young person's last or first name. The index on (structure, mot)
    finds the words starting with what was typed by an index range scan on SQLite and
    PostgreSQL alike, and gives the vocabulary the typo-tolerant pass compares against."""

    structure = models.ForeignKey("structures.Structure", on_delete=models.CASCADE, verbose_name="structure")
    jeune = models.ForeignKey("jeunes.Jeune", on_delete=models.CASCADE, related_name="mots", verbose_name="jeune")
    mot = models.CharField("mot", max_length=100)

    class Meta:
        verbose_name = "mot du nom d'un jeune"
        verbose_name_plural = "mots des noms des jeunes"
        indexes = [models.Index(fields=["structure", "mot", "jeune"], name="jeunemot_structure_mot_idx")]

    def __str__(self) -> str:
        return self.mot


class MotVocabulaire(models.Model):
    """The distinct name words of a structure: what the typo-tolerant search compares with.
    Only grows (a word nobody bears any more just finds nobody)."""

    structure = models.ForeignKey("structures.Structure", on_delete=models.CASCADE, verbose_name="structure")
    mot = models.CharField("mot", max_length=100)

    class Meta:
        verbose_name = "mot du vocabulaire des noms"
        verbose_name_plural = "vocabulaire des noms"
        constraints = [models.UniqueConstraint(fields=["structure", "mot"], name="motvocabulaire_unique")]

    def __str__(self) -> str:
        return self.mot


class ReindexPending(models.Model):
    """A structure whose search keys an import asked to rewrite, written in the import's
    transaction and removed once the keys are rewritten (after the commit, or at the next search,
    or by `trajectoires index_recherche` if the process was cut in between)."""

    structure = models.OneToOneField("structures.Structure", on_delete=models.CASCADE, verbose_name="structure")
    noted_at = models.DateTimeField("noté le", auto_now=True)

    class Meta:
        verbose_name = "réindexation à faire"
        verbose_name_plural = "réindexations à faire"

    def __str__(self) -> str:
        return f"réindexation de la structure {self.structure_id}"
