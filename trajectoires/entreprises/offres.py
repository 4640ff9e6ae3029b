"""The doors of job offers (`Offre`), of matches (`MiseEnRelation`) and of the jobs a young
person looks for (`MetierRecherche`), issue 13 part 2 (docs/offres.md).

Every write goes through `save()`/`create()`/`delete()` inside a transaction, so that the
receivers keep the audit journal (matches and wished jobs are about a young person), the data
date and the report's packed copies true. Rules are checked here and refused with a French
`ValidationError`; the forms check the shape of each field.

An offer's life: `brouillon` (created by the team) → `publiee` (`publish_offre`) → `cloturee`
(`close_offre`); an offer posted on the job board by an employer arrives `a_valider` and staff
publish or refuse it (the job board's pages). Imported offers are `publiee`. An offer is
**open** while `publiee` and its closing date, if any, is not past (`open_offres`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from trajectoires.entreprises import rome
from trajectoires.entreprises.enums import OrigineOffre, Resultat, StatutOffre
from trajectoires.entreprises.models import Employeur, MetierRecherche, MiseEnRelation, Offre
from trajectoires.jeunes.models import Jeune
from trajectoires.situations import services as situations
from trajectoires.situations.enums import TYPES_PAR_CATEGORIE, Categorie, TypeSituation
from trajectoires.utils.ids import new_ext_id


# Contract types an offer may have: employment and work-study (a training, an immersion or a
# volunteering is not a job offer; PMSMP have their own conventions).
TYPES_CONTRAT = (
    TypeSituation.CDI, TypeSituation.CDD, TypeSituation.INTERIM, TypeSituation.PEC, TypeSituation.CIE,
    TypeSituation.IAE, TypeSituation.APPRENTISSAGE, TypeSituation.PROFESSIONNALISATION,
)
# The fields `create_offre` / `update_offre` take.
OFFRE_FIELDS = (
    "employeur", "intitule", "rome", "type_contrat", "heures_hebdo", "commune", "lieu", "date_debut", "postes",
    "date_cloture", "description", "niveau_requis", "permis_requis", "publique",
)
MAX_METIERS = 5  # jobs a young person looks for, at most


def open_offres(structure_id: int, today: dt.date) -> QuerySet[Offre]:
    """The offers a young person can be put forward on: published, not past their closing date."""
    return Offre.objects.filter(structure_id=structure_id, statut=StatutOffre.PUBLIEE).filter(
        Q(date_cloture__isnull=True) | Q(date_cloture__gte=today)
    )


def is_open(offre: Offre, today: dt.date) -> bool:
    return offre.statut == StatutOffre.PUBLIEE and (offre.date_cloture is None or offre.date_cloture >= today)


def _check(structure_id: int, data: dict[str, Any], publication: dt.date) -> None:
    employeur = data.get("employeur")
    if not isinstance(employeur, Employeur) or employeur.structure_id != structure_id:
        raise ValidationError("Choisissez un employeur de votre Mission Locale.")
    if not (data.get("intitule") or "").strip():
        raise ValidationError("Indiquez l'intitulé du poste.")
    code = data.get("rome") or ""
    if code and not rome.is_code(code):
        raise ValidationError(
            f"Le code ROME « {code} » n'est pas une fiche métier du ROME 4.0 : choisissez-le dans la liste."
        )
    if data.get("type_contrat") not in TYPES_CONTRAT:
        raise ValidationError("Choisissez le type de contrat dans la liste.")
    cloture = data.get("date_cloture")
    if cloture is not None and cloture < publication:
        raise ValidationError(
            f"La date de clôture ({cloture:%d/%m/%Y}) précède la date de publication ({publication:%d/%m/%Y})."
        )


@transaction.atomic
def create_offre(
    structure_id: int, data: dict[str, Any], today: dt.date, *, origine: str = OrigineOffre.EQUIPE
) -> Offre:
    """A draft offer of the team (`brouillon`), dated today until it is published; an offer an
    employer posts on the job board (`origine=bourse`) awaits the staff's validation instead
    (`a_valider`, not diffused: bourse.services.post_offre)."""
    _check(structure_id, data, today)
    values = {name: data.get(name) for name in OFFRE_FIELDS if name in data}
    for name in ("rome", "lieu", "description"):
        values[name] = (values.get(name) or "").strip()
    values["intitule"] = values["intitule"].strip()
    values["permis_requis"] = bool(values.get("permis_requis"))
    values["publique"] = bool(values.get("publique")) and origine == OrigineOffre.EQUIPE
    statut = StatutOffre.A_VALIDER if origine == OrigineOffre.BOURSE else StatutOffre.BROUILLON
    return Offre.objects.create(
        structure_id=structure_id, ext_id=new_ext_id(), statut=statut, origine=origine,
        date_publication=today, **values,
    )


@transaction.atomic
def update_offre(offre: Offre, data: dict[str, Any]) -> Offre:
    """Change an offer's fields (any status: a published offer corrected stays published)."""
    current = Offre.objects.select_for_update().get(pk=offre.pk)
    _check(current.structure_id, data, current.date_publication)
    changed = []
    for name in OFFRE_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in ("rome", "lieu", "description", "intitule"):
            value = (value or "").strip()
        if name in ("permis_requis", "publique"):
            value = bool(value)
        if getattr(current, name) != value:
            setattr(current, name, value)
            changed.append(name)
    if changed:
        current.save(update_fields=changed)
    return current


@transaction.atomic
def publish_offre(offre: Offre, today: dt.date, *, diffuser: bool = False) -> Offre:
    """Publish a draft, an offer awaiting validation, a refused or closed one: dated today; with
    `diffuser`, on the job board too (the moderation of an offer an employer posted)."""
    current = Offre.objects.select_for_update().get(pk=offre.pk)
    if current.statut == StatutOffre.PUBLIEE:
        raise ValidationError("Cette offre est déjà publiée.")
    if current.date_cloture is not None and current.date_cloture < today:
        raise ValidationError(
            f"La date de clôture ({current.date_cloture:%d/%m/%Y}) est passée : changez-la avant de publier l'offre."
        )
    current.statut = StatutOffre.PUBLIEE
    current.date_publication = today
    fields = ["statut", "date_publication"]
    if diffuser:
        current.publique = True
        fields.append("publique")
    current.save(update_fields=fields)
    return current


@transaction.atomic
def refuse_offre(offre: Offre) -> Offre:
    """Refuse an offer an employer posted on the job board (its moderation): not published, not
    diffused."""
    current = Offre.objects.select_for_update().get(pk=offre.pk)
    if current.statut != StatutOffre.A_VALIDER:
        raise ValidationError("Cette offre n'attend pas de validation.")
    current.statut, current.publique = StatutOffre.REFUSEE, False
    current.save(update_fields=["statut", "publique"])
    return current


@transaction.atomic
def close_offre(offre: Offre, today: dt.date) -> Offre:
    """Close a published offer (positions filled or given up): closing date today, or earlier if
    it already had one in the past."""
    current = Offre.objects.select_for_update().get(pk=offre.pk)
    if current.statut == StatutOffre.CLOTUREE:
        raise ValidationError("Cette offre est déjà clôturée.")
    current.statut = StatutOffre.CLOTUREE
    fields = ["statut"]
    if current.date_cloture is None or current.date_cloture > today:
        current.date_cloture = max(today, current.date_publication)
        fields.append("date_cloture")
    current.save(update_fields=fields)
    return current


@transaction.atomic
def put_forward(  # type: ignore[no-untyped-def]
    offre: Offre, jeune: Jeune, date: dt.date, today: dt.date, conseiller=None, note: str = ""
) -> MiseEnRelation:
    """Put a young person forward on an offer (mise en relation), result "en cours"."""
    if jeune.structure_id != offre.structure_id:
        raise ValidationError("Ce jeune n'est pas suivi par la Mission Locale de l'offre.")
    if not is_open(offre, today):
        raise ValidationError("Cette offre n'est pas ouverte (publiée et non clôturée) : publiez-la d'abord.")
    if date > today:
        raise ValidationError("La date de la mise en relation ne peut pas être dans le futur.")
    if MiseEnRelation.objects.filter(offre=offre, jeune=jeune).exists():
        raise ValidationError(f"{jeune.prenom} {jeune.nom} est déjà mis(e) en relation sur cette offre.")
    return MiseEnRelation.objects.create(
        structure_id=offre.structure_id, ext_id=new_ext_id(), offre=offre, jeune=jeune, date=date,
        resultat=Resultat.EN_COURS, conseiller=conseiller, note=(note or "").strip(),
    )


def categorie_of(type_contrat: str) -> str:
    """The situation's category of an offer's contract type (work-study or employment)."""
    for categorie in (Categorie.ALTERNANCE, Categorie.EMPLOI):
        if type_contrat in TYPES_PAR_CATEGORIE[categorie]:
            return categorie
    return Categorie.EMPLOI


@transaction.atomic
def record_result(
    mise: MiseEnRelation, resultat: str, today: dt.date, *, date_entretien: dt.date | None = None,
    note: str | None = None, date_embauche: dt.date | None = None,
) -> MiseEnRelation:
    """The result of a match: still going (with the date of a job interview), hired, not
    retained, given up. A hire opens the situation on the file in the same transaction (type from
    the offer's contract, the offer's employer, from `date_embauche`, else the offer's start, else
    today) and links it to the match (`MiseEnRelation.situation`); once opened it stays (ending
    it is the file's action "Fin d'une situation")."""
    current = MiseEnRelation.objects.select_for_update().select_related("offre", "jeune").get(pk=mise.pk)
    if resultat not in Resultat.values:
        raise ValidationError("Choisissez le résultat dans la liste.")
    if current.situation_id is not None and resultat != Resultat.RETENU:
        raise ValidationError(
            "Ce jeune a été embauché sur cette offre et sa situation est ouverte : terminez la situation sur son "
            "dossier plutôt que de changer le résultat."
        )
    if date_entretien is not None and date_entretien < current.date:
        raise ValidationError(
            f"L'entretien d'embauche ({date_entretien:%d/%m/%Y}) précède la mise en relation "
            f"({current.date:%d/%m/%Y})."
        )
    fields = []
    if current.resultat != resultat:
        current.resultat = resultat
        fields.append("resultat")
    if date_entretien != current.date_entretien:
        current.date_entretien = date_entretien
        fields.append("date_entretien")
    if note is not None and note.strip() != current.note:
        current.note = note.strip()
        fields.append("note")
    if resultat == Resultat.RETENU and current.situation_id is None:
        offre = current.offre
        debut = date_embauche or offre.date_debut or today
        if debut < current.date:
            raise ValidationError(
                f"L'embauche ({debut:%d/%m/%Y}) ne peut pas précéder la mise en relation ({current.date:%d/%m/%Y})."
            )
        situation = situations.start_situation(
            current.jeune, categorie_of(offre.type_contrat), offre.type_contrat, debut, None, offre.employeur
        )
        current.situation = situation
        fields.append("situation")
    if fields:
        current.save(update_fields=fields)
    return current


@transaction.atomic
def set_metiers_recherches(jeune: Jeune, codes: list[str]) -> list[MetierRecherche]:
    """The jobs the young person looks for: ROME codes, at most MAX_METIERS, in the given order;
    rows of codes no longer wanted are deleted, new ones created (one journal entry each)."""
    wanted: list[str] = []
    for code in codes:
        code = (code or "").strip().upper()
        if not code or code in wanted:
            continue
        if not rome.is_code(code):
            raise ValidationError(f"Le code ROME « {code} » n'est pas une fiche métier du ROME 4.0.")
        wanted.append(code)
    if len(wanted) > MAX_METIERS:
        raise ValidationError(f"Indiquez au plus {MAX_METIERS} métiers recherchés.")
    Jeune.objects.select_for_update().filter(pk=jeune.pk).first()  # one writer per file at a time
    existing = {m.rome: m for m in MetierRecherche.objects.filter(jeune=jeune)}
    for code, row in existing.items():
        if code not in wanted:
            row.delete()
    for code in wanted:
        if code not in existing:
            MetierRecherche.objects.create(
                structure_id=jeune.structure_id, ext_id=new_ext_id(), jeune=jeune, rome=code
            )
    return list(MetierRecherche.objects.filter(jeune=jeune))
