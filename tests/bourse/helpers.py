"""Job-board objects for tests: accounts (confirmed; attached or linked), a published board
offer, an offer awaiting moderation and an application with a real PDF CV."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from tests.factories import EmployeurFactory, JeuneFactory, OffreFactory
from trajectoires.bourse import cv as cv_files
from trajectoires.bourse.auth import SESSION_AT, SESSION_HASH, SESSION_KEY, SESSION_SEEN, _hash
from trajectoires.bourse.enums import Decision, StatutCompte, TypeCompte
from trajectoires.bourse.models import Candidature, Compte, DepotOffre


PASSWORD = "Un-mot-de-passe-solide-42"
SIRET = "55210055400021"


def pdf_bytes(text: str = "CV") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def compte(structure, type_: str, email: str, **kwargs) -> Compte:  # type: ignore[no-untyped-def]
    defaults = {
        "nom": "Durand", "prenom": "Alex", "password": make_password(PASSWORD),
        "email_confirme_le": timezone.now(),
    }
    if type_ == TypeCompte.EMPLOYEUR:
        defaults |= {"raison_sociale": "Boulangerie du Doubs", "siret": SIRET}
    defaults |= kwargs
    return Compte.objects.create(structure=structure, type=type_, email=email, **defaults)


def login_compte(client, compte: Compte) -> None:  # type: ignore[no-untyped-def]
    import time

    session = client.session
    now = int(time.time())
    session[SESSION_KEY] = compte.pk
    session[SESSION_HASH] = _hash(compte)
    session[SESSION_AT] = now
    session[SESSION_SEEN] = now
    session.save()


@dataclass
class Board:
    employeur: Compte  # attached to an employer file
    employeur_attente: Compte  # confirmed, awaiting staff
    jeune: Compte  # linked to Léa's file (referent: Claire)
    jeune_libre: Compte  # not linked yet
    autre_jeune: Compte  # another young person (linked to Noa's file)
    ailleurs: Compte  # a young person's account of the other Mission Locale
    offre: object  # published, diffused
    depot_attente: DepotOffre  # posted by `employeur`, awaiting moderation
    depot_publie: DepotOffre  # posted by `employeur`, published (the `offre`)
    candidature: Candidature  # `jeune` to `offre`
    autre_candidature: Candidature  # `autre_jeune` to `offre`
    offre_autre_employeur: object  # published offer of another employer (not `employeur`'s)


def make_board(world) -> Board:  # type: ignore[no-untyped-def]
    ml = world.structure
    fiche = EmployeurFactory(structure=ml, raison_sociale="Boulangerie du Doubs", siret=SIRET)
    employeur = compte(ml, TypeCompte.EMPLOYEUR, "recrute@boulangerie.fr", statut=StatutCompte.RATTACHE,
                       employeur=fiche)
    employeur_attente = compte(ml, TypeCompte.EMPLOYEUR, "rh@garage.fr", raison_sociale="Garage",
                               siret="73282932000074")
    from trajectoires.accounts.models import Conseiller

    claire = Conseiller.objects.filter(user=world.user("conseiller")).first()
    # Files of their own (the matrix's young people stay free to link): Léa's referent is Claire.
    lea = JeuneFactory(structure=ml, ext_id="lea", nom="Durand", prenom="Léa", conseiller=claire)
    noa = JeuneFactory(structure=ml, ext_id="noa", nom="Durand", prenom="Noa")
    jeune = compte(ml, TypeCompte.JEUNE, "lea@exemple.fr", prenom="Léa", statut=StatutCompte.RATTACHE,
                   jeune=lea, telephone="0601020304")
    jeune_libre = compte(ml, TypeCompte.JEUNE, "sam@exemple.fr", prenom="Sam")
    autre_jeune = compte(ml, TypeCompte.JEUNE, "noa@exemple.fr", prenom="Noa", statut=StatutCompte.RATTACHE,
                         jeune=noa)
    ailleurs = compte(world.other_structure, TypeCompte.JEUNE, "lea@exemple.fr", prenom="Léa")
    today = timezone.localdate()
    offre = OffreFactory(employeur=fiche, intitule="Vendeur en boulangerie", statut="publiee", publique=True,
                         origine="bourse", date_publication=today, commune="25056", rome="D1102")
    depot_publie = DepotOffre.objects.create(structure=ml, offre=offre, compte=employeur, decision=Decision.PUBLIEE)
    attente = OffreFactory(employeur=fiche, intitule="Boulanger", statut="a_valider", publique=False,
                           origine="bourse", date_publication=today)
    depot_attente = DepotOffre.objects.create(structure=ml, offre=attente, compte=employeur)
    other = OffreFactory(structure=ml, employeur__structure=ml, intitule="Magasinier", statut="publiee",
                         publique=True, date_publication=today)
    candidatures = [
        Candidature.objects.create(structure=ml, offre=offre, compte=c, message="Bonjour, je suis motivé.",
                                   cv=cv_files.store(pdf_bytes()), cv_nom="cv.pdf", partage_email=True)
        for c in (jeune, autre_jeune)
    ]
    return Board(employeur, employeur_attente, jeune, jeune_libre, autre_jeune, ailleurs, offre, depot_attente,
                 depot_publie, candidatures[0], candidatures[1], other)
