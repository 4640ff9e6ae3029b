"""The actions of a young person's file: programmes, situations, help, transfer.

Each writes to the tables the importer fills (dispositifs.Inscription, situations.Situation,
aides.Aide, jeunes.Jeune), so the report's engine counts it like imported data; new rows get an
application identifier (`web-…`). The rules are plain functions (dispositifs/rules.py, and the
caps here); the views only check access and call these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from trajectoires.aides.enums import DISPOSITIF_DE_L_ALLOCATION, PublicBareme
from trajectoires.aides.models import Aide, PlafondAide
from trajectoires.dispositifs.models import Inscription
from trajectoires.dispositifs.rules import (
    NOMS,
    Periode,
    add_months,
    age_on,
    entry_errors,
    exit_errors,
    fin_prevue_errors,
    fin_prevue_par_defaut,
    open_enrolment,
)
from trajectoires.jeunes.models import DemandeTransfert, Jeune, Transfert
from trajectoires.rapports import blocs
from trajectoires.situations.models import Situation
from trajectoires.workspace.contacts import new_ext_id
from trajectoires.workspace.dossier import bump_version


if TYPE_CHECKING:
    from trajectoires.accounts.models import Conseiller, User


def periodes(jeune: Jeune) -> list[Periode]:
    return [
        Periode(d, e, s) for d, e, s in jeune.inscriptions.values_list("dispositif", "date_entree", "date_sortie")
    ]


# --- Programmes ------------------------------------------------------------------------------
def check_entry(jeune: Jeune, code: str, entree: dt.date, today: dt.date) -> list[str]:
    return entry_errors(
        code, entree, date_naissance=jeune.date_naissance, rqth=jeune.rqth, existing=periodes(jeune), today=today
    )


def _lock(jeune: Jeune) -> None:
    """Hold the young person's row until the end of the transaction: the rules are checked and
    the row written with no other action of the same file in between (PostgreSQL; SQLite
    serialises writers)."""
    Jeune.objects.select_for_update().filter(pk=jeune.pk).values_list("pk", flat=True).first()


@transaction.atomic
def enter_programme(
    jeune: Jeune, code: str, entree: dt.date, today: dt.date, fin_prevue: dt.date | None = None
) -> tuple[Inscription | None, list[str]]:
    """The entry, or the rules it breaks (checked again here, inside the lock). Without a
    planned end, the rules' default (PACEA 24 months, CEJ 12 months, none otherwise)."""
    _lock(jeune)
    errors = check_entry(jeune, code, entree, today)
    if fin_prevue is not None:
        errors += fin_prevue_errors(code, entree, fin_prevue)
    if errors:
        return None, errors
    inscription = Inscription.objects.create(
        structure_id=jeune.structure_id, ext_id=new_ext_id(), jeune=jeune, dispositif=code, date_entree=entree,
        date_fin_prevue=fin_prevue or fin_prevue_par_defaut(code, entree),
    )
    return inscription, []


def set_fin_prevue(inscription: Inscription, fin: dt.date | None, prolongation: bool = False) -> list[str]:
    """Change the planned end of an enrolment (empty: none), within the programme's rules."""
    errors = fin_prevue_errors(inscription.dispositif, inscription.date_entree, fin, prolongation) if fin else []
    if not errors:
        Inscription.objects.filter(pk=inscription.pk).update(date_fin_prevue=fin)
        inscription.date_fin_prevue = fin
    return errors


def check_exit(inscription: Inscription, sortie: dt.date, motif: str, today: dt.date, prolongation: bool) -> list[str]:
    return exit_errors(
        inscription.dispositif, inscription.date_entree, sortie, motif, today=today, prolongation=prolongation
    )


@transaction.atomic
def exit_programme(inscription: Inscription, sortie: dt.date, motif: str) -> Inscription:
    # Only an open enrolment is closed: two people closing it at once cannot both succeed.
    done = Inscription.objects.filter(pk=inscription.pk, date_sortie__isnull=True).update(
        date_sortie=sortie, motif_sortie=motif
    )
    if done != 1:
        raise ValueError("Cette inscription a déjà une date de sortie : rechargez le dossier.")
    blocs.refresh(inscription.structure_id, [inscription.jeune_id])  # update() sends no signal: the report's copy
    inscription.refresh_from_db()
    return inscription


# --- Situations ------------------------------------------------------------------------------
@transaction.atomic
def start_situation(  # type: ignore[no-untyped-def]
    jeune: Jeune, categorie: str, type_: str, debut: dt.date, fin: dt.date | None, employeur=None
) -> Situation:
    return Situation.objects.create(
        structure_id=jeune.structure_id, ext_id=new_ext_id(), jeune=jeune, categorie=categorie, type=type_,
        date_debut=debut, date_fin=fin, employeur=employeur,
    )


@transaction.atomic
def end_situation(situation: Situation, fin: dt.date) -> Situation:
    Situation.objects.filter(pk=situation.pk).update(date_fin=fin)
    situation.refresh_from_db()
    return situation


# --- Help and allowances ---------------------------------------------------------------------
@dataclass(frozen=True)
class Plafond:
    row: PlafondAide
    public: str


def public_for(jeune: Jeune, type_aide: str, day: dt.date, foyer: str | None) -> str:
    """Whose amount applies: the CEJ's depends on age and tax household; others have one amount."""
    if type_aide != "allocation_cej":
        return PublicBareme.TOUS
    if age_on(jeune.date_naissance, day) < 18:
        return PublicBareme.MINEUR
    return foyer or PublicBareme.MAJEUR_NON_IMPOSABLE


def plafond_for(type_aide: str, public: str, day: dt.date) -> PlafondAide | None:
    """The cap in force on `day` (the latest row started on or before it, not ended before it)."""
    return (
        PlafondAide.objects.filter(type=type_aide, public=public, date_debut__lte=day)
        .filter(Q(date_fin__isnull=True) | Q(date_fin__gte=day))
        .order_by("-date_debut")
        .first()
    )


def euros(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", " ").replace(".", ",") + " €"


def _granted(jeune: Jeune, type_aide: str, debut: dt.date, fin: dt.date) -> Decimal:
    total = jeune.aides.filter(type=type_aide, date__gte=debut, date__lte=fin).aggregate(s=Sum("montant"))["s"]
    return total or Decimal(0)


def check_aide(
    jeune: Jeune, type_aide: str, day: dt.date, montant: Decimal | None, foyer: str | None, today: dt.date
) -> list[str]:
    """Problems with granting this help: a date in the past, the programme the allowance belongs
    to, and the caps in force that day (per calendar month, per rolling 12 months)."""
    errors: list[str] = []
    if day > today:
        errors.append("La date de décision ne peut pas être dans le futur.")
    if day < jeune.date_naissance:
        errors.append("La date de décision précède la naissance du jeune : vérifiez l'année.")
        return errors
    code = DISPOSITIF_DE_L_ALLOCATION.get(type_aide)
    if code and open_enrolment(periodes(jeune), code, day) is None:
        errors.append(
            f"L'allocation {NOMS[code]} est versée à un jeune inscrit en {NOMS[code]} : le jeune n'y est pas "
            f"inscrit le {day:%d/%m/%Y}. Enregistrez d'abord son entrée, ou corrigez la date."
        )
    if code and montant is None:
        errors.append("Indiquez le montant de l'allocation.")
    if montant is None:
        return errors
    public = public_for(jeune, type_aide, day, foyer)
    row = plafond_for(type_aide, public, day)
    if row is None:
        if code:
            errors.append(
                f"Aucun barème de l'allocation {NOMS[code]} n'est en vigueur le {day:%d/%m/%Y} : l'administrateur "
                "peut l'ajouter dans l'administration (plafonds d'aides), avec sa source."
            )
        return errors
    label = dict(PublicBareme.choices)[public].lower() if public != PublicBareme.TOUS else ""
    if row.plafond_mensuel is not None:
        first = day.replace(day=1)
        last = add_months(first, 1) - dt.timedelta(days=1)
        before = _granted(jeune, type_aide, first, last)
        if before + montant > row.plafond_mensuel:
            errors.append(
                f"Le plafond est de {euros(row.plafond_mensuel)} par mois{f' ({label})' if label else ''} au "
                f"{day:%d/%m/%Y}"
                + (f" et {euros(before)} sont déjà accordés ce mois-ci" if before else "")
                + f" : vous pouvez accorder au plus {euros(max(row.plafond_mensuel - before, Decimal(0)))}."
            )
    if row.plafond_12_mois is not None:
        start = add_months(day, -12) + dt.timedelta(days=1)
        before = _granted(jeune, type_aide, start, day)
        if before + montant > row.plafond_12_mois:
            errors.append(
                f"Le plafond est de {euros(row.plafond_12_mois)} sur 12 mois (du {start:%d/%m/%Y} au "
                f"{day:%d/%m/%Y}) et {euros(before)} sont déjà accordés : vous pouvez accorder au plus "
                f"{euros(max(row.plafond_12_mois - before, Decimal(0)))}."
            )
    return errors


@transaction.atomic
def grant_aide(
    jeune: Jeune, type_aide: str, day: dt.date, montant: Decimal | None, foyer: str | None, today: dt.date
) -> tuple[Aide | None, list[str]]:
    """The help, or why it cannot be granted; the caps are checked inside the lock, so two grants
    at once cannot both pass them."""
    _lock(jeune)
    errors = check_aide(jeune, type_aide, day, montant, foyer, today)
    if errors:
        return None, errors
    aide = Aide.objects.create(
        structure_id=jeune.structure_id, ext_id=new_ext_id(), jeune=jeune, type=type_aide, date=day, montant=montant
    )
    return aide, []


# --- Transfer --------------------------------------------------------------------------------
@transaction.atomic
def transfer(jeune: Jeune, nouveau: Conseiller, day: dt.date, motif: str, auteur: User) -> Transfert:
    """The referent becomes `nouveau`; the change is kept (timeline) and edit forms open on the
    file see it (version)."""
    ancien_id = jeune.conseiller_id
    Jeune.objects.filter(pk=jeune.pk).update(conseiller=nouveau)
    bump_version(jeune)
    jeune.conseiller = nouveau
    return Transfert.objects.create(
        structure_id=jeune.structure_id, ext_id=new_ext_id(), jeune=jeune, date=day, ancien_id=ancien_id,
        nouveau=nouveau, motif=motif, auteur=auteur if auteur.is_authenticated else None,
    )


@transaction.atomic
def request_transfer(jeune: Jeune, nouveau: Conseiller, motif: str, demandeur: User) -> DemandeTransfert:
    """A counsellor who is not the referent asks for the file (for themselves or a colleague):
    nothing changes until the direction or the referent accepts. One pending request per file."""
    pending = DemandeTransfert.objects.select_for_update().filter(
        jeune=jeune, statut=DemandeTransfert.Statut.EN_ATTENTE
    )
    if pending.exists():
        raise ValidationError(
            "Une demande de transfert de ce dossier attend déjà la réponse du conseiller référent ou de la direction."
        )
    return DemandeTransfert.objects.create(
        structure_id=jeune.structure_id, jeune=jeune, demandeur=demandeur, nouveau=nouveau, motif=motif
    )


@transaction.atomic
def decide_transfer(demande: DemandeTransfert, accept: bool, decideur: User, day: dt.date) -> Transfert | None:
    """The referent or the direction answers a request; accepted, the transfer is recorded as if
    they had made it (`transfer`, its author the one who accepted)."""
    demande = DemandeTransfert.objects.select_for_update().select_related("jeune", "nouveau").get(pk=demande.pk)
    if demande.statut != DemandeTransfert.Statut.EN_ATTENTE:
        raise ValidationError("Cette demande de transfert a déjà reçu une réponse.")
    demande.statut = DemandeTransfert.Statut.ACCEPTEE if accept else DemandeTransfert.Statut.REFUSEE
    demande.decide_par = decideur
    demande.decide_le = timezone.now()
    demande.save(update_fields=["statut", "decide_par", "decide_le"])
    if not accept:
        return None
    motif = demande.motif or "Demande de transfert acceptée"
    return transfer(demande.jeune, demande.nouveau, day, motif, decideur)


def pending_transfer_requests(user: User):  # type: ignore[no-untyped-def]
    """The requests the user may decide: every pending one of the Mission Locale for the
    direction, those on their referent files for a counsellor."""
    from trajectoires.accounts.enums import Role
    from trajectoires.accounts.perms import Cap, can, conseiller_of

    qs = DemandeTransfert.objects.filter(
        structure_id=user.structure_id, statut=DemandeTransfert.Statut.EN_ATTENTE
    ).select_related("jeune", "nouveau", "demandeur")
    if not can(user, Cap.TRANSFER):
        return qs.none()
    if Role(user.role) is Role.DIRECTION:
        return qs
    mine = conseiller_of(user)
    return qs.filter(jeune__conseiller=mine) if mine is not None else qs.none()
