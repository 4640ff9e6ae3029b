"""The interchange format (../shared/spec/interchange.md), declared once.

Importer, exporter and demo generator all read this module: a file is a `FileSpec`, a column
a `Column` with its kind, whether it is required, the model field it fills and, for codes and
references, what it may hold. Files are listed in dependency order (a file only refers to
files above it), which is the order of import.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.db import models

from trajectoires.accompagnement.enums import Nature, Theme
from trajectoires.aides.enums import TypeAide
from trajectoires.dispositifs.enums import Echelon, MotifSortie
from trajectoires.entreprises.enums import NatureContact, Resultat
from trajectoires.jeunes.enums import Hebergement, Niveau, Origine, Sexe, Vehicule
from trajectoires.manifestations.enums import TypeManifestation
from trajectoires.obligation_formation.enums import Source, Statut
from trajectoires.parrainage.enums import Issue, StatutParrain
from trajectoires.reperage.enums import Canal, Lieu
from trajectoires.satisfaction.enums import Public
from trajectoires.situations.enums import Categorie, TypeSituation
from trajectoires.structures.enums import SiteType


class Kind(enum.Enum):
    ID = "id"  # the row's identifier, unique within its file (-> ext_id)
    TEXT = "text"  # free text
    DATE = "date"  # YYYY-MM-DD
    BOOL = "bool"  # 0 / 1
    INT = "int"  # non-negative integer
    DECIMAL = "decimal"  # non-negative, '.' as decimal mark, at most 2 decimals (euros, hours)
    CODE = "code"  # one of `choices`
    CODES = "codes"  # '|'-separated list of `choices`
    REF = "ref"  # the id of a row of `ref` (in the dataset or already in the database)
    DISPOSITIF = "dispositif"  # a programme code: built-in catalogue, dispositifs.csv or database
    INSEE = "insee"  # 5 characters: 5 digits, or 2A/2B and 3 digits
    SIRET = "siret"  # 14 digits, Luhn checksum
    COUNTRY = "country"  # ISO 3166-1 alpha-2, upper case
    SATISFACTION = "satisfaction"  # integer 1..4


class DateRule(enum.Enum):
    PAST = "past"  # a past fact: 1990-01-01 <= d <= import day
    FUTURE_OK = "future_ok"  # an end date: 1990-01-01 <= d (may be in the future)
    BIRTH = "birth"  # date_naissance: checked by the age-at-first-event rule only


MAX_ID_LENGTH = 100
MAX_CELL_LENGTH = 10_000
END_DATE_COLUMNS = frozenset({"date_fin", "date_sortie", "date_cloture", "date_statut"})


def _values(choices: type[models.Choices]) -> tuple[str, ...]:
    return tuple(str(v) for v in choices.values)


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False
    choices: tuple[str, ...] = ()
    ref: str = ""  # target file name for Kind.REF
    field: str = ""  # model field; default: the column name ("id" -> "ext_id", "x_id" refs -> "x")

    @property
    def model_field(self) -> str:
        if self.field:
            return self.field
        if self.kind is Kind.ID:
            return "ext_id"
        if self.kind is Kind.REF and self.name.endswith("_id"):
            return self.name[: -len("_id")]
        return self.name

    @property
    def date_rule(self) -> DateRule:
        if self.name == "date_naissance":
            return DateRule.BIRTH
        if self.name in END_DATE_COLUMNS:
            return DateRule.FUTURE_OK
        return DateRule.PAST


@dataclass(frozen=True)
class FileSpec:
    name: str  # "jeunes.csv"
    model_label: str  # "jeunes.Jeune"
    columns: tuple[Column, ...]
    # (start column, end column): end must not be before start
    periods: tuple[tuple[str, str], ...] = ()
    required_file: bool = False

    @cached_property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @cached_property
    def by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def stem(self) -> str:
        return self.name.removesuffix(".csv")


def C(name: str, kind: Kind = Kind.TEXT, required: bool = False, **kw) -> Column:  # noqa: N802
    return Column(name, kind, required, **kw)


ID = C("id", Kind.ID, True)

FILES: tuple[FileSpec, ...] = (
    FileSpec(
        "territoire.csv",
        "structures.Commune",
        (
            C("id", Kind.INSEE, True, field="ext_id"),
            C("nom", required=True),
            C("epci", required=True),
            C("secteur", required=True),
            C("zrr", Kind.BOOL, True),
        ),
    ),
    FileSpec(
        "sites.csv",
        "structures.Site",
        (ID, C("nom", required=True), C("type", Kind.CODE, True, choices=_values(SiteType)), C("commune", Kind.INSEE)),
    ),
    FileSpec(
        "conseillers.csv",
        "accounts.Conseiller",
        (
            ID,
            C("nom", required=True),
            C("prenom", required=True),
            C("site_id", Kind.REF, ref="sites.csv"),
            C("actif", Kind.BOOL, True),
        ),
    ),
    FileSpec(
        "jeunes.csv",
        "jeunes.Jeune",
        (
            ID,
            C("nom", required=True),
            C("prenom", required=True),
            C("sexe", Kind.CODE, True, choices=_values(Sexe)),
            C("date_naissance", Kind.DATE, True),
            C("commune", Kind.INSEE),
            C("qpv"),
            C("niveau", Kind.CODE, choices=_values(Niveau)),
            C("diplome", Kind.BOOL),
            C("hebergement", Kind.CODE, choices=_values(Hebergement)),
            C("permis_b", Kind.BOOL),
            C("vehicule", Kind.CODE, choices=_values(Vehicule)),
            C("enfants", Kind.INT),
            C("rqth", Kind.BOOL),
            C("nationalite", Kind.COUNTRY),
            C("origine", Kind.CODE, choices=_values(Origine)),
            C("conseiller_id", Kind.REF, ref="conseillers.csv"),
            C("site_id", Kind.REF, ref="sites.csv"),
        ),
        required_file=True,
    ),
    FileSpec(
        "dispositifs.csv",
        "dispositifs.Dispositif",
        (
            ID,
            C("nom", required=True),
            C("echelon", Kind.CODE, True, choices=_values(Echelon)),
            C("date_debut", Kind.DATE, True),
            C("date_fin", Kind.DATE),
        ),
        periods=(("date_debut", "date_fin"),),
    ),
    FileSpec(
        "employeurs.csv",
        "entreprises.Employeur",
        (ID, C("raison_sociale", required=True), C("siret", Kind.SIRET), C("commune", Kind.INSEE), C("naf")),
    ),
    FileSpec(
        "contacts_employeurs.csv",
        "entreprises.ContactEmployeur",
        (
            ID,
            C("employeur_id", Kind.REF, True, ref="employeurs.csv"),
            C("date", Kind.DATE, True),
            C("nature", Kind.CODE, True, choices=_values(NatureContact)),
            C("conseiller_id", Kind.REF, ref="conseillers.csv"),
        ),
    ),
    FileSpec(
        "offres.csv",
        "entreprises.Offre",
        (
            ID,
            C("employeur_id", Kind.REF, True, ref="employeurs.csv"),
            C("intitule", required=True),
            C("type_contrat", Kind.CODE, True, choices=_values(TypeSituation)),
            C("date_publication", Kind.DATE, True),
            C("date_cloture", Kind.DATE),
            C("postes", Kind.INT),
        ),
        periods=(("date_publication", "date_cloture"),),
    ),
    FileSpec(
        "evenements.csv",
        "accompagnement.Evenement",
        (
            ID,
            C("jeune_id", Kind.REF, True, ref="jeunes.csv"),
            C("date", Kind.DATE, True),
            C("nature", Kind.CODE, True, choices=_values(Nature)),
            C("honore", Kind.BOOL),
            C("site_id", Kind.REF, ref="sites.csv"),
            C("conseiller_id", Kind.REF, ref="conseillers.csv"),
            C("themes", Kind.CODES, choices=_values(Theme)),
        ),
    ),
    FileSpec(
        "inscriptions.csv",
        "dispositifs.Inscription",
        (
            ID,
            C("jeune_id", Kind.REF, True, ref="jeunes.csv"),
            C("dispositif", Kind.DISPOSITIF, True),
            C("date_entree", Kind.DATE, True),
            C("date_sortie", Kind.DATE),
            C("motif_sortie", Kind.CODE, choices=_values(MotifSortie)),
        ),
        periods=(("date_entree", "date_sortie"),),
    ),
    FileSpec(
        "situations.csv",
        "situations.Situation",
        (
            ID,
            C("jeune_id", Kind.REF, True, ref="jeunes.csv"),
            C("categorie", Kind.CODE, True, choices=_values(Categorie)),
            C("type", Kind.CODE, True, choices=_values(TypeSituation)),  # further checked against categorie
            C("date_debut", Kind.DATE, True),
            C("date_fin", Kind.DATE),
            C("employeur_id", Kind.REF, ref="employeurs.csv"),
        ),
        periods=(("date_debut", "date_fin"),),
    ),
    FileSpec(
        "aides.csv",
        "aides.Aide",
        (
            ID,
            C("jeune_id", Kind.REF, True, ref="jeunes.csv"),
            C("type", Kind.CODE, True, choices=_values(TypeAide)),
            C("date", Kind.DATE, True),
            C("montant", Kind.DECIMAL),
        ),
    ),
    FileSpec(
        "mises_en_relation.csv",
        "entreprises.MiseEnRelation",
        (
            ID,
            C("offre_id", Kind.REF, True, ref="offres.csv"),
            C("jeune_id", Kind.REF, True, ref="jeunes.csv"),
            C("date", Kind.DATE, True),
            C("resultat", Kind.CODE, True, choices=_values(Resultat)),
        ),
    ),
    FileSpec(
        "parrains.csv",
        "parrainage.Parrain",
        (
            ID,
            C("nom", required=True),
            C("prenom", required=True),
            C("statut", Kind.CODE, True, choices=_values(StatutParrain)),
            C("date_entree", Kind.DATE, True),
            C("date_sortie", Kind.DATE),
        ),
        periods=(("date_entree", "date_sortie"),),
    ),
    FileSpec(
        "parrainages.csv",
        "parrainage.Parrainage",
        (
            ID,
            C("jeune_id", Kind.REF, True, ref="jeunes.csv"),
            C("parrain_id", Kind.REF, True, ref="parrains.csv"),
            C("date_debut", Kind.DATE, True),
            C("date_fin", Kind.DATE),
            C("issue", Kind.CODE, choices=_values(Issue)),
            C("entretiens", Kind.INT),
        ),
        periods=(("date_debut", "date_fin"),),
    ),
    FileSpec(
        "actions_reperage.csv",
        "reperage.ActionReperage",
        (
            ID,
            C("date", Kind.DATE, True),
            C("canal", Kind.CODE, True, choices=_values(Canal)),
            C("lieu", Kind.CODE, choices=_values(Lieu)),
            C("heures", Kind.DECIMAL),
            C("personnes_rencontrees", Kind.INT),
            C("jeunes_contactes", Kind.INT),
        ),
    ),
    FileSpec(
        "reperes.csv",
        "reperage.Repere",
        (
            ID,
            C("action_id", Kind.REF, True, ref="actions_reperage.csv"),
            C("date", Kind.DATE, True),
            C("sexe", Kind.CODE, True, choices=_values(Sexe)),
            C("date_naissance", Kind.DATE),
            C("commune", Kind.INSEE),
            C("jeune_id", Kind.REF, ref="jeunes.csv"),
        ),
    ),
    FileSpec(
        "obligation_formation.csv",
        "obligation_formation.Signalement",
        (
            ID,
            C("jeune_id", Kind.REF, ref="jeunes.csv"),
            C("nom", required=True),
            C("prenom", required=True),
            C("date_naissance", Kind.DATE, True),
            C("date_signalement", Kind.DATE, True),
            C("source", Kind.CODE, True, choices=_values(Source)),
            C("statut", Kind.CODE, True, choices=_values(Statut)),
            C("date_statut", Kind.DATE, True),
        ),
    ),
    FileSpec(
        "manifestations.csv",
        "manifestations.Manifestation",
        (
            ID,
            C("date", Kind.DATE, True),
            C("titre", required=True),
            C("type", Kind.CODE, True, choices=_values(TypeManifestation)),
            C("jeunes", Kind.INT),
            C("partenaires", Kind.INT),
        ),
    ),
    FileSpec(
        "satisfaction.csv",
        "satisfaction.ReponseSatisfaction",
        (
            ID,
            C("repondant", required=True),
            C("public", Kind.CODE, True, choices=_values(Public)),
            C("date", Kind.DATE, True),
            C("question", required=True),
            C("reponse", Kind.SATISFACTION, True),
        ),
    ),
)

BY_NAME: dict[str, FileSpec] = {f.name: f for f in FILES}
