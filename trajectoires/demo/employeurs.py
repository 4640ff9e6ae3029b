"""The demo's employers' file (issue 13): people to talk to, notes and call-back dates.

They are not in the interchange format, so the demo adds them after the import, from the
imported employers and contacts, through this bulk door (tests/test_doors.py: `demo/`). Nothing
here changes a report figure: the report counts employers by the dates of their contacts
(`acteurs_economiques_contact`, `acteurs_economiques_nouveaux`), which are left as imported.
People get a name, a function and an e-mail under the reserved `.example` domain (RFC 2606),
never a phone number (a made-up number could be someone's)."""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata

from faker import Faker

from trajectoires.entreprises.models import ContactEmployeur, Employeur, Interlocuteur
from trajectoires.structures.models import Structure


FONCTIONS = ("Gérant(e)", "Responsable des ressources humaines", "Chef(fe) d'équipe", "Directeur(rice) d'agence",
             "Tuteur(rice) des apprentis", "Responsable du recrutement", "Assistant(e) de direction")
NOTES = (
    "Recherche un(e) apprenti(e) pour la rentrée ; prêt(e) à recevoir des jeunes en immersion avant.",
    "Besoin de renfort pour la saison : deux postes en CDD, débutants acceptés.",
    "Satisfait du dernier jeune accueilli ; propose un entretien pour un second poste.",
    "Pas de recrutement prévu ce trimestre ; accepte de participer au prochain forum.",
    "Offre transmise par téléphone, fiche de poste à recevoir par courriel.",
    "Visite de l'atelier : conditions de travail présentées, horaires en décalé.",
    "Intéressé par une PMSMP pour tester un candidat avant embauche.",
)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40] or "entreprise"


def populate_employeurs(structure: Structure, today: dt.date, seed: int = 0) -> dict[str, int]:
    """People to talk to for about two employers in three with a contact, a note on half of the
    contacts of the last twelve months (naming the person met), and a call-back date on the
    latest contact of half the employers met in the last three months (some due)."""
    rng = random.Random(seed)
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    # A demo re-run replaces its own people (rows created in the application are left alone).
    Interlocuteur.objects.filter(structure=structure, ext_id__startswith="demo-int-").delete()
    employeurs = list(
        Employeur.objects.filter(structure=structure, contacts__isnull=False).distinct().order_by("ext_id")
        .values_list("pk", "raison_sociale")
    )
    people: list[Interlocuteur] = []
    for pk, raison_sociale in employeurs:
        if rng.random() >= 0.7:
            continue
        for k in range(1 + (rng.random() < 0.3)):
            prenom, nom = fake.first_name(), fake.last_name()
            people.append(Interlocuteur(
                structure=structure, ext_id=f"demo-int-{pk}-{k}", employeur_id=pk, prenom=prenom, nom=nom,
                fonction=rng.choice(FONCTIONS),
                email=f"{_slug(prenom)}.{_slug(nom)}@{_slug(raison_sociale)}.example",
            ))
    Interlocuteur.objects.bulk_create(people, batch_size=1000)
    by_employer: dict[int, list[int]] = {}
    for pk, employeur_id in Interlocuteur.objects.filter(structure=structure, ext_id__startswith="demo-int-") \
            .values_list("pk", "employeur_id"):
        by_employer.setdefault(employeur_id, []).append(pk)

    recent = list(
        ContactEmployeur.objects.filter(structure=structure, date__gt=today - dt.timedelta(days=365))
        .order_by("employeur_id", "-date", "-pk").values_list("pk", "employeur_id", "date")
    )
    notes = 0
    rappels = 0
    seen: set[int] = set()
    changed: list[ContactEmployeur] = []
    for pk, employeur_id, date in recent:
        fields: dict = {}
        if rng.random() < 0.5:
            fields["note"] = rng.choice(NOTES)
            if by_employer.get(employeur_id):
                fields["interlocuteur_id"] = rng.choice(by_employer[employeur_id])
            notes += 1
        latest = employeur_id not in seen
        seen.add(employeur_id)
        if latest and date > today - dt.timedelta(days=90) and rng.random() < 0.5:
            fields["a_rappeler_le"] = date + dt.timedelta(days=rng.randint(7, 45))
            rappels += 1
        if fields:  # imported contacts have no note, person nor call-back: the others stay empty
            changed.append(ContactEmployeur(pk=pk, note=fields.get("note", ""),
                                            interlocuteur_id=fields.get("interlocuteur_id"),
                                            a_rappeler_le=fields.get("a_rappeler_le")))
    ContactEmployeur.objects.bulk_update(changed, ["note", "interlocuteur", "a_rappeler_le"], batch_size=1000)
    return {"interlocuteurs": len(people), "notes": notes, "rappels": rappels}
