"""A Mission Locale (structure), its territory (communes with EPCI, sector and ZRR flag),
its sites, and the national QPV reference list."""

from __future__ import annotations

from django.db import models

from trajectoires.structures.enums import SiteType
from trajectoires.utils.models import LongCharField, StructureOwned


class Structure(models.Model):
    """One Mission Locale. Every business row belongs to one structure."""

    code = models.CharField("code", max_length=20, unique=True, help_text="Par exemple 25056S00")
    nom = models.CharField("nom", max_length=200)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "Mission Locale"
        verbose_name_plural = "Missions Locales"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom

    @classmethod
    def resolve(cls, code: str | None = None) -> Structure:
        """The structure named by `code`, or the only one of a single-structure install."""
        if code:
            try:
                return cls.objects.get(code=code)
            except cls.DoesNotExist:
                raise cls.DoesNotExist(f"Aucune Mission Locale n'a le code « {code} ».") from None
        structures = list(cls.objects.all()[:2])
        if len(structures) == 1:
            return structures[0]
        if not structures:
            raise cls.DoesNotExist("Aucune Mission Locale n'existe encore : créez-en une (commande create_structure).")
        raise cls.MultipleObjectsReturned("Plusieurs Missions Locales existent : précisez --structure CODE.")


class Commune(StructureOwned):
    """A commune of the Mission Locale's territory (territoire.csv). ext_id is the INSEE code."""

    nom = LongCharField("nom")
    epci = LongCharField("EPCI")
    secteur = LongCharField("secteur", help_text="Secteur propre à la Mission Locale, par exemple « Hors Besançon »")
    zrr = models.BooleanField("ZRR / FRR", default=False)

    class Meta:
        verbose_name = "commune du territoire"
        verbose_name_plural = "communes du territoire"
        ordering = ["nom"]
        constraints = [StructureOwned.unique_ext_id("commune")]

    def __str__(self) -> str:
        return f"{self.nom} ({self.ext_id})"


class Site(StructureOwned):
    """Where young people are received: siège, sites, antennes, permanences."""

    nom = LongCharField("nom")
    type = models.CharField("type", max_length=20, choices=SiteType.choices)
    commune = models.CharField("commune (code INSEE)", max_length=5, blank=True, null=True)

    class Meta:
        verbose_name = "site"
        verbose_name_plural = "sites"
        ordering = ["nom"]
        constraints = [StructureOwned.unique_ext_id("site")]

    def __str__(self) -> str:
        return self.nom


class Qpv(models.Model):
    """A priority neighbourhood (quartier prioritaire de la politique de la ville), national
    reference list, dated so that several generations (2015, 2024) can coexist. Codes are
    imported by staff from the ANCT list; none is invented here."""

    code = models.CharField("code", max_length=20)
    nom = models.CharField("nom", max_length=200)
    commune = models.CharField("commune (code INSEE)", max_length=5, blank=True)
    valid_from = models.DateField("en vigueur depuis", null=True, blank=True)
    valid_to = models.DateField("en vigueur jusqu'au", null=True, blank=True)

    class Meta:
        verbose_name = "quartier prioritaire (QPV)"
        verbose_name_plural = "quartiers prioritaires (QPV)"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="qpv_unique_code_generation")]

    def __str__(self) -> str:
        return f"{self.nom} ({self.code})"


class CommuneFrance(models.Model):
    """A commune of the national list (COG 2026: current communes and the municipal districts of
    Paris, Lyon and Marseille), loaded from `structures/data/communes-france-2026.csv` by a data
    migration (docs/workspace.md, "Contact details"). Reference data shared by every Mission
    Locale: the address of a young person living outside the territory still gets a name and a
    postcode, never a bare INSEE code."""

    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    # The name as the type-ahead compares it: " " + normalised words ("saint vit"), so that a
    # prefix of the name is an index range scan and a prefix of any word a " word" substring.
    nom_recherche = models.CharField("nom normalisé", max_length=120, db_index=True)
    codes_postaux = models.CharField("codes postaux", max_length=400, blank=True, help_text="Séparés par |")
    departement = models.CharField("département", max_length=3)

    class Meta:
        verbose_name = "commune de France"
        verbose_name_plural = "communes de France"
        ordering = ["nom", "code"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.postcode_label()})"

    @property
    def postcodes(self) -> list[str]:
        return [c for c in self.codes_postaux.split("|") if c]

    def postcode_label(self, code_postal: str | None = None) -> str:
        """"25000"; the address's own postcode when it is one of the commune's; "25290, 25620"
        for a commune with two or three, "69001 à 69009" beyond; the department when it has none."""
        codes = self.postcodes
        if code_postal and code_postal in codes:
            return code_postal
        if not codes:
            return self.departement
        if len(codes) <= 3:
            return ", ".join(codes)
        return f"{min(codes)} à {max(codes)}"
