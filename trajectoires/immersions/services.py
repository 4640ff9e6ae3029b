"""The door of PMSMP conventions (`ConventionImmersion`): the legal rules checked (rules.py)
under a lock of the young person's file, then the convention and its situation written through
`save()` (the situation by the situations door, so the report counts it: `immersions_pmsmp`).

A renewal is a second convention linked to the first (`renouvellement_de`); it extends the end
of the first's situation (one immersion, one situation: the report counts it once, from its
start). docs/immersions.md."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from trajectoires.accounts.models import Conseiller
from trajectoires.entreprises.models import Employeur
from trajectoires.immersions import rules
from trajectoires.immersions.models import ConventionImmersion
from trajectoires.jeunes.models import Jeune
from trajectoires.situations import services as situations
from trajectoires.situations.enums import Categorie, TypeSituation
from trajectoires.utils.ids import new_ext_id


FIELDS = ("objectif", "metier", "tuteur_nom", "tuteur_fonction", "tuteur_telephone", "horaires", "duree_heures")


def _others(jeune: Jeune, employeur: Employeur, exclude: int | None = None) -> list[rules.Period]:
    rows = ConventionImmersion.objects.filter(jeune=jeune, employeur=employeur)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return [rules.Period(d, f) for d, f in rows.values_list("date_debut", "date_fin")]


def check(jeune: Jeune, employeur: Employeur, debut: dt.date, fin: dt.date,
          renewal_of: ConventionImmersion | None = None) -> list[str]:
    """Every rule a new convention breaks, in French with its source (empty: none)."""
    if employeur.structure_id != jeune.structure_id:
        return [
            "Cette structure d'accueil n'est pas un employeur de votre Mission Locale : choisissez-la dans la liste."
        ]
    if renewal_of is not None and (renewal_of.jeune_id != jeune.pk or renewal_of.employeur_id != employeur.pk):
        return ["Un renouvellement se fait avec le même jeune et la même structure d'accueil que la convention."]
    errors = rules.check_dates(debut, fin)
    if errors:
        return errors
    if renewal_of is not None:
        errors = rules.check_renewal(
            renewal_of.date_debut, renewal_of.date_fin, renewal_of.renouvellement_de_id is not None,
            renewal_of.renouvellements.count(), debut,
        )
        if errors:
            return errors
    return rules.check_cumul(_others(jeune, employeur), rules.Period(debut, fin), employeur.raison_sociale)


def _lock(jeune: Jeune) -> Jeune:
    """Two conventions of one young person saved at once are checked one after the other."""
    return Jeune.objects.select_for_update().get(pk=jeune.pk)


@transaction.atomic
def create_convention(jeune: Jeune, employeur: Employeur, debut: dt.date, fin: dt.date, data: dict[str, Any],
                      conseiller: Conseiller | None = None) -> ConventionImmersion:
    """A new convention and its `immersion`/`pmsmp` situation; `ValidationError` (French, with
    the law cited) when a rule is broken, and then nothing is written."""
    jeune = _lock(jeune)
    errors = check(jeune, employeur, debut, fin)
    if errors:
        raise ValidationError(errors)
    situation = situations.start_situation(jeune, Categorie.IMMERSION, TypeSituation.PMSMP, debut, fin, employeur)
    return ConventionImmersion.objects.create(
        structure_id=jeune.structure_id, ext_id=new_ext_id(), jeune=jeune, employeur=employeur, situation=situation,
        conseiller=conseiller, date_debut=debut, date_fin=fin, **{k: data.get(k) for k in FIELDS},
    )


@transaction.atomic
def renew_convention(first: ConventionImmersion, debut: dt.date, fin: dt.date, data: dict[str, Any],
                     conseiller: Conseiller | None = None) -> ConventionImmersion:
    """The renewal of `first` (once): a second convention linked to it, whose end becomes the end
    of the first's situation."""
    jeune = _lock(first.jeune)
    first = ConventionImmersion.objects.select_related("employeur", "situation").get(pk=first.pk)
    errors = check(jeune, first.employeur, debut, fin, renewal_of=first)
    if errors:
        raise ValidationError(errors)
    situation = first.situation
    if situation is None:  # its situation was deleted: the renewal records one again
        situation = situations.start_situation(
            jeune, Categorie.IMMERSION, TypeSituation.PMSMP, debut, fin, first.employeur
        )
    else:
        situation = situations.end_situation(situation, fin)
    return ConventionImmersion.objects.create(
        structure_id=jeune.structure_id, ext_id=new_ext_id(), jeune=jeune, employeur=first.employeur,
        situation=situation, renouvellement_de=first, conseiller=conseiller, date_debut=debut, date_fin=fin,
        **{k: data.get(k) for k in FIELDS},
    )
