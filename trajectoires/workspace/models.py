"""The workspace's own tables. The young person's data stays in its domain apps."""

from __future__ import annotations

from django.db import models


class JeuneRecherche(models.Model):
    """The search key of a young person: the words of their last and first names, normalised to
    ASCII lower case (" dupont jean marie "), so that a plain LIKE finds word prefixes without
    caring about accents or case on every database. Kept up to date on save (signal), filled in
    for files the importer wrote (it bypasses the ORM) before each search, and rebuilt by the
    `index_recherche` command. `source` is what was indexed, to spot stale rows."""

    jeune = models.OneToOneField(
        "jeunes.Jeune", on_delete=models.CASCADE, primary_key=True, related_name="recherche", verbose_name="jeune"
    )
    structure = models.ForeignKey("structures.Structure", on_delete=models.CASCADE, verbose_name="structure")
    mots = models.TextField("mots du nom normalisés")
    source = models.TextField("nom et prénom indexés")

    class Meta:
        verbose_name = "clé de recherche d'un jeune"
        verbose_name_plural = "clés de recherche des jeunes"
        indexes = [models.Index(fields=["structure"], name="jeunerecherche_structure_idx")]

    def __str__(self) -> str:
        return self.mots.strip()
