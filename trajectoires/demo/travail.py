"""The demo's open job offers, the jobs young people look for, and the demo mentor's mentees.

The interchange format carries past offers (all closed by the demo's date) and past pairings;
a new user of the demo would find no offer to match, nothing on the job board and a mentor with
no mentee. After the import and the working week (`agenda.py`), this creates, through the
application's doors (`entreprises/offres.py`, `parrainage/services.py`):

- six offers of the territory's employers, published today and open for three to five weeks,
  four of them diffused on the public job board;
- the jobs about a hundred active young people look for (ROME codes of those offers and a few
  others), so that matching has something to say;
- two current pairings for the demo mentor (the young people agreed to share their phone), one
  with a first meeting recorded.

Nothing here changes a figure of a past year: the offers and pairings start today. A second
run of the demo leaves them as they are (an offer with a ROME code — imported offers have
none — or a current mentee already there)."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Q

from trajectoires.entreprises import offres
from trajectoires.entreprises.models import Employeur, MetierRecherche, Offre
from trajectoires.jeunes.models import Jeune
from trajectoires.parrainage import services as mentoring
from trajectoires.parrainage.models import Parrain, Parrainage
from trajectoires.structures.models import Structure


# (title, ROME code of rome-fiches-metiers.csv, contract type, weekly hours, level asked, licence required)
OFFRES = (
    ("Employé(e) de libre-service", "D1507", "cdd", 35, None, False),
    ("Commis de cuisine", "G1602", "cdi", 35, "v", False),
    ("Apprenti(e) maçon", "F1703", "apprentissage", 35, None, False),
    ("Préparateur(rice) de commandes", "N1103", "interim", 35, None, False),
    ("Secrétaire d'accueil", "M1607", "cdd", 28, "iv", False),
    ("Agent(e) d'entretien des espaces verts", "A1203", "pec", 26, None, True),
)
AUTRES_METIERS = ("D1106", "G1603", "H3302", "K1304", "N4105", "J1501")


def populate_offres(structure: Structure, today: dt.date, seed: int = 0) -> dict[str, int]:
    rng = random.Random(seed)
    if Offre.objects.filter(structure=structure).exclude(rome="").exists():  # imported offers have no ROME code
        return {"offres": 0, "diffusees": 0, "metiers": 0}
    employeurs = list(Employeur.objects.filter(structure=structure).order_by("ext_id")[:200])
    if not employeurs:
        return {"offres": 0, "diffusees": 0, "metiers": 0}
    rng.shuffle(employeurs)
    created = diffused = 0
    for k, (intitule, rome, contrat, heures, niveau, permis) in enumerate(OFFRES):
        employeur = employeurs[k % len(employeurs)]
        data = {
            "employeur": employeur, "intitule": intitule, "rome": rome, "type_contrat": contrat,
            "heures_hebdo": heures, "commune": employeur.commune or None, "niveau_requis": niveau,
            "permis_requis": permis, "postes": 1 + (k % 3 == 0), "date_debut": today + dt.timedelta(days=14 + k),
            "date_cloture": today + dt.timedelta(days=21 + 3 * k), "publique": k < 4,
            "description": "Offre de démonstration : poste ouvert aux débutant(e)s, accompagnement possible "
                           "par la Mission Locale pendant les premières semaines.",
        }
        offre = offres.create_offre(structure.pk, data, today)
        offres.publish_offre(offre, today)
        created += 1
        diffused += k < 4
    # The jobs about a hundred young people with a recent contact look for.
    codes = [rome for _, rome, *_ in OFFRES] + list(AUTRES_METIERS)
    recent = (
        Jeune.objects.filter(structure=structure, evenements__date__gte=today - dt.timedelta(days=180))
        .exclude(pk__in=MetierRecherche.objects.filter(structure=structure).values("jeune_id"))
        .distinct().order_by("pk").values_list("pk", flat=True)[:400]
    )
    chosen = sorted(rng.sample(list(recent), min(100, len(recent))))
    metiers = 0
    for jeune in Jeune.objects.filter(pk__in=chosen).order_by("pk"):
        wanted = rng.sample(codes, 1 + (rng.random() < 0.4))
        metiers += len(offres.set_metiers_recherches(jeune, wanted))
    return {"offres": created, "diffusees": diffused, "metiers": metiers}


def populate_mentor(structure: Structure, today: dt.date, seed: int = 0) -> dict[str, int]:
    """Two current mentees for the demo mentor (the `parrain` login's `Parrain` row), unless the
    imported pairings left them some. Returns their current mentees."""
    rng = random.Random(seed)
    parrain = Parrain.objects.filter(structure=structure, user__username="parrain").first()
    if parrain is None:
        return {"filleuls": 0}
    current = Q(date_fin__isnull=True) | Q(date_fin__gte=today)
    if parrain.parrainages.filter(current).exists():  # imported pairings still open: nothing to add
        return {"filleuls": parrain.parrainages.filter(current).count()}
    paired = Parrainage.objects.filter(structure=structure).filter(current).values("jeune_id")
    candidates = list(
        Jeune.objects.filter(structure=structure, conseiller__isnull=False,
                             evenements__date__gte=today - dt.timedelta(days=90))
        .exclude(pk__in=paired).distinct().order_by("pk").values_list("pk", flat=True)[:200]
    )
    made = 0
    for pk in sorted(rng.sample(candidates, min(2, len(candidates)))):
        jeune = Jeune.objects.get(pk=pk)
        debut = max(today - dt.timedelta(days=20 + 10 * made), parrain.date_entree)
        pairing, errors = mentoring.create_parrainage(
            jeune, parrain, debut, debut + dt.timedelta(days=180), True, False, today
        )
        if pairing is None:
            continue
        made += 1
        if made == 1:
            mentoring.record_rencontre(
                pairing, debut + dt.timedelta(days=7), 60,
                "Premier café ensemble : parle d'un projet dans la cuisine, un peu inquiet pour le permis.", None,
                today,
            )
    return {"filleuls": made}
