"""The walk-in queue ("accueil au flux": every afternoon, without appointment).

Taking someone locks the row only if it is still waiting (`statut = attente` in the locking
SELECT's WHERE clause) and saves it: when two counsellors click at the same moment, exactly one
of them changes the row, the other finds none and is told so. Reception may hand a waiting
person to a named counsellor (`hand_over`), who sees them on their home; "Recevoir la personne
suivante" then leaves them to that counsellor. The first interview is an `entretien_individuel`
contact (interchange codes have no "premier accueil" nature: the report counts a young
person's first-ever individual interview as their first reception)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from trajectoires.accompagnement import services as contacts
from trajectoires.accompagnement.enums import Nature
from trajectoires.accompagnement.models import Evenement
from trajectoires.accounts.models import Conseiller, User
from trajectoires.accounts.perms import can_receive_arrivee, get_arrivee_for_user
from trajectoires.accueil.enums import Statut
from trajectoires.accueil.models import Arrivee
from trajectoires.agenda.services import day_bounds
from trajectoires.jeunes.models import Jeune
from trajectoires.utils.ids import new_ext_id
from trajectoires.workspace.dossier import MAX_DOUBLONS, Doublon, find_duplicates
from trajectoires.workspace.search import normalise, search_jeunes


class DejaPris(Exception):
    """Someone else took this person first."""


def queue(structure_id: int, day: dt.date | None = None) -> QuerySet[Arrivee]:
    """Today's arrivals (Europe/Paris) still waiting or in interview, oldest first."""
    start, end = day_bounds(day or timezone.localdate())
    return (
        Arrivee.objects.filter(
            structure_id=structure_id,
            arrivee_le__gte=start,
            arrivee_le__lt=end,
            statut__in=(Statut.ATTENTE, Statut.EN_ENTRETIEN),
        )
        .select_related("jeune", "site", "pris_par", "oriente_vers")
        .order_by("arrivee_le", "pk")
    )


@transaction.atomic
def register_arrival(user: User, *, jeune: Jeune | None = None, data: dict[str, Any]) -> Arrivee:
    """Queue someone: a file found by the search (`jeune`), or a newcomer by name (and birth date,
    when given: what finds their file later). `motif` is the reason of the visit."""
    if jeune is None and not (data.get("nom") or "").strip():
        raise ValidationError("Indiquez au moins le nom de la personne, ou retrouvez son dossier par la recherche.")
    if jeune is not None and queue(jeune.structure_id).filter(jeune=jeune).exists():
        raise ValidationError(f"{jeune.prenom} {jeune.nom.upper()} est déjà dans la file d'attente.")
    return Arrivee.objects.create(
        structure_id=user.structure_id,
        ext_id=new_ext_id(),
        jeune=jeune,
        nom="" if jeune else data["nom"].strip(),
        prenom="" if jeune else (data.get("prenom") or "").strip(),
        date_naissance=None if jeune else data.get("date_naissance"),
        site=data.get("site"),
        motif=(data.get("motif") or "").strip(),
        arrivee_le=timezone.now(),
        enregistree_par=user,
    )


def possible_files(user: User, nom: str, prenom: str, date_naissance: dt.date | None) -> list[Doublon]:
    """Files that may be this newcomer's, offered before queueing them as a new person: with a
    birth date, the file creation's duplicates (`workspace.dossier.find_duplicates`: same name
    and birth date, a close spelling with the same birth date — the search's tolerant match —,
    or the same name with another birth date); without one, the files the search finds for the
    name (close spellings included)."""
    if not nom.strip():
        return []
    if date_naissance is not None:
        return find_duplicates(user, nom, prenom, date_naissance)
    typed = sorted(normalise(f"{nom} {prenom}").split())
    found = search_jeunes(user, f"{nom} {prenom}", limit=MAX_DOUBLONS)
    return [
        Doublon(
            jeune,
            "même nom et même prénom" if sorted(normalise(f"{jeune.nom} {jeune.prenom}").split()) == typed
            else "nom ou prénom d'orthographe proche",
        )
        for jeune in found.jeunes
    ]


@transaction.atomic
def take(arrivee_id: int, conseiller: Conseiller) -> Arrivee:
    """Take this person; raises DejaPris if a colleague was first (or they left). The row is
    locked and read again, then saved (the journal sees the change)."""
    arrivee = (
        Arrivee.objects.select_for_update(of=("self",)).select_related("jeune")
        .filter(pk=arrivee_id, statut=Statut.ATTENTE).first()
    )
    if arrivee is None:
        raise DejaPris
    arrivee.statut = Statut.EN_ENTRETIEN
    arrivee.pris_par = conseiller
    arrivee.pris_le = timezone.now()
    arrivee.save(update_fields=["statut", "pris_par", "pris_le"])
    return arrivee


def take_next(structure_id: int, conseiller: Conseiller) -> Arrivee | None:
    """The oldest person of today waiting for this counsellor (handed to them by reception),
    else the oldest one waiting for nobody in particular; None when there is none. A person
    handed to a colleague is left to them (a counsellor may still take them by name); a person
    taken by a colleague in between is skipped."""
    waiting = queue(structure_id).filter(statut=Statut.ATTENTE)
    candidates = list(waiting.filter(oriente_vers=conseiller).values_list("pk", flat=True))
    candidates += list(waiting.filter(oriente_vers__isnull=True).values_list("pk", flat=True))
    for arrivee_id in candidates:
        try:
            return take(arrivee_id, conseiller)
        except DejaPris:
            continue
    return None


@transaction.atomic
def mark_left(arrivee: Arrivee) -> Arrivee:
    """The person left without being received (only while still waiting: raises DejaPris once
    someone took them). The time is kept: the waiting time of those who left."""
    current = Arrivee.objects.select_for_update(of=("self",)).filter(pk=arrivee.pk, statut=Statut.ATTENTE).first()
    if current is None:
        raise DejaPris
    current.statut = Statut.PARTI
    current.parti_le = timezone.now()
    current.save(update_fields=["statut", "parti_le"])
    return current


@transaction.atomic
def hand_over(arrivee: Arrivee, conseiller: Conseiller, motif: str | None = None) -> Arrivee:
    """Reception hands a waiting person to a named counsellor ("Orienter vers…"), who sees them
    on their home and gets them first from "Recevoir la personne suivante"; handing again to
    someone else replaces the first choice. `motif`, when given, replaces the reason of the
    visit. Raises DejaPris once the person was taken or left."""
    current = Arrivee.objects.select_for_update(of=("self",)).filter(pk=arrivee.pk, statut=Statut.ATTENTE).first()
    if current is None:
        raise DejaPris
    if conseiller.structure_id != current.structure_id or not conseiller.actif:
        raise ValidationError("Choisissez un conseiller actif de votre Mission Locale.")
    current.oriente_vers = conseiller
    current.oriente_le = timezone.now()
    fields = ["oriente_vers", "oriente_le"]
    if motif is not None:
        current.motif = motif.strip()
        fields.append("motif")
    current.save(update_fields=fields)
    return current


@transaction.atomic
def attach_jeune(arrivee: Arrivee, jeune: Jeune) -> Arrivee:
    """The new person now has a file (created, or found after all)."""
    if jeune.structure_id != arrivee.structure_id:
        raise ValidationError("Ce dossier n'appartient pas à votre Mission Locale.")
    arrivee.jeune = jeune
    arrivee.save(update_fields=["jeune"])
    return arrivee


def arrival_awaiting_file(user: User, raw: str | None) -> Arrivee | None:
    """The arrival a file is being created for (`?arrivee=<pk>` on the creation page, from the
    interview page): one of the user's Mission Locale (404 otherwise), in interview with this
    user (or the direction), with no file yet. None otherwise: the file is then created alone."""
    if not raw or not str(raw).isdigit():
        return None
    arrivee = get_arrivee_for_user(user, raw)
    if arrivee.jeune_id is not None or arrivee.statut != Statut.EN_ENTRETIEN or not can_receive_arrivee(user, arrivee):
        return None
    return arrivee


@transaction.atomic
def record_first_interview(arrivee: Arrivee, conseiller: Conseiller | None, data: dict[str, Any]) -> Evenement:
    arrivee = Arrivee.objects.select_for_update(of=("self",)).select_related("jeune").get(pk=arrivee.pk)
    if arrivee.jeune_id is None:
        raise ValidationError(
            "Cette personne n'a pas encore de dossier : créez-le ou retrouvez-le avant d'enregistrer l'entretien."
        )
    if arrivee.evenement_id is not None:
        raise ValidationError("L'entretien de cette venue est déjà enregistré.")
    evenement = contacts.record_contact(
        arrivee.jeune,
        conseiller,
        {
            "date": timezone.localtime(arrivee.pris_le or timezone.now()).date(),
            "nature": Nature.ENTRETIEN_INDIVIDUEL,
            "honore": True,
            "site": arrivee.site,
            "themes": data.get("themes") or [],
            "duree": data.get("duree"),
            "note": data.get("note"),
            "note_sensible": data.get("note_sensible"),
            "prochaines_etapes": data.get("prochaines_etapes"),
        },
    )
    arrivee.evenement = evenement
    arrivee.statut = Statut.TERMINE
    arrivee.save(update_fields=["evenement", "statut"])
    return evenement
