"""factory_boy factories for every model, shared by all test packages.

Every business row belongs to a structure: a child row takes the structure of the row it
hangs on (`JeuneFactory(structure=s)`, then `EvenementFactory(jeune=j)` is in `s`). Pass
`structure=` explicitly for rows that hang on nothing (sites, employers, mentors, …) when a
test already has a structure; otherwise a new one is created."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from trajectoires.accompagnement.models import Evenement
from trajectoires.accounts.models import Conseiller, User
from trajectoires.aides.models import Aide
from trajectoires.dispositifs.models import Dispositif, Inscription
from trajectoires.entreprises.models import ContactEmployeur, Employeur, MiseEnRelation, Offre
from trajectoires.jeunes.models import Jeune
from trajectoires.manifestations.models import Manifestation
from trajectoires.obligation_formation.models import Signalement
from trajectoires.parrainage.models import Parrain, Parrainage
from trajectoires.reperage.models import ActionReperage, Repere
from trajectoires.satisfaction.models import ReponseSatisfaction
from trajectoires.situations.models import Situation
from trajectoires.structures.models import Commune, Qpv, Site, Structure


def _same_structure(attr: str) -> factory.LazyAttribute:
    return factory.LazyAttribute(lambda o: getattr(o, attr).structure)


class StructureFactory(DjangoModelFactory):
    class Meta:
        model = Structure
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ML{n:06d}")
    nom = factory.Sequence(lambda n: f"Mission Locale n° {n}")


class StructureOwnedFactory(DjangoModelFactory):
    class Meta:
        abstract = True

    structure = factory.SubFactory(StructureFactory)


class CommuneFactory(StructureOwnedFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("structure", "ext_id")

    ext_id = factory.Sequence(lambda n: f"{25000 + n % 1000:05d}")
    nom = factory.Sequence(lambda n: f"Commune {n}")
    epci = "Grand Besançon Métropole"
    secteur = "Siège"
    zrr = False


class SiteFactory(StructureOwnedFactory):
    class Meta:
        model = Site

    ext_id = factory.Sequence(lambda n: f"site{n}")
    nom = factory.Sequence(lambda n: f"Site {n}")
    type = "site"
    commune = None


class QpvFactory(DjangoModelFactory):
    class Meta:
        model = Qpv

    code = factory.Sequence(lambda n: f"QN-FICTIF-{n:04d}")
    nom = factory.Sequence(lambda n: f"Quartier fictif {n}")
    commune = "25056"
    valid_from = dt.date(2024, 1, 1)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Agent{n}")
    structure = factory.SubFactory(StructureFactory)
    password = factory.django.Password("un-mot-de-passe-solide")


class ConseillerFactory(StructureOwnedFactory):
    class Meta:
        model = Conseiller

    ext_id = factory.Sequence(lambda n: f"c{n}")
    nom = factory.Sequence(lambda n: f"Conseiller{n}")
    prenom = "Dominique"
    site = None
    actif = True


class JeuneFactory(StructureOwnedFactory):
    class Meta:
        model = Jeune

    ext_id = factory.Sequence(lambda n: f"j{n}")
    nom = factory.Sequence(lambda n: f"Nom{n}")
    prenom = "Alex"
    sexe = "f"
    date_naissance = dt.date(2004, 6, 15)
    commune = None
    qpv = None
    niveau = None
    diplome = None
    hebergement = None
    permis_b = None
    vehicule = None
    enfants = None
    rqth = None
    nationalite = None
    origine = None
    conseiller = None
    site = None


class EvenementFactory(DjangoModelFactory):
    class Meta:
        model = Evenement

    jeune = factory.SubFactory(JeuneFactory)
    structure = _same_structure("jeune")
    ext_id = factory.Sequence(lambda n: f"e{n}")
    date = dt.date(2024, 3, 15)
    nature = "entretien_individuel"
    honore = None
    site = None
    conseiller = None
    themes = ""


class DispositifFactory(StructureOwnedFactory):
    class Meta:
        model = Dispositif

    ext_id = factory.Sequence(lambda n: f"local{n}")
    nom = factory.Sequence(lambda n: f"Dispositif local {n}")
    echelon = "local"
    date_debut = dt.date(2020, 1, 1)
    date_fin = None


class InscriptionFactory(DjangoModelFactory):
    class Meta:
        model = Inscription

    jeune = factory.SubFactory(JeuneFactory)
    structure = _same_structure("jeune")
    ext_id = factory.Sequence(lambda n: f"i{n}")
    dispositif = "cej"
    date_entree = dt.date(2024, 3, 1)
    date_sortie = None
    motif_sortie = factory.LazyAttribute(lambda o: "autre" if o.date_sortie else None)


class EmployeurFactory(StructureOwnedFactory):
    class Meta:
        model = Employeur

    ext_id = factory.Sequence(lambda n: f"emp{n}")
    raison_sociale = factory.Sequence(lambda n: f"Entreprise {n}")
    siret = None
    commune = None
    naf = None


class ContactEmployeurFactory(DjangoModelFactory):
    class Meta:
        model = ContactEmployeur

    employeur = factory.SubFactory(EmployeurFactory)
    structure = _same_structure("employeur")
    ext_id = factory.Sequence(lambda n: f"ce{n}")
    date = dt.date(2024, 3, 15)
    nature = "visite"
    conseiller = None


class OffreFactory(DjangoModelFactory):
    class Meta:
        model = Offre

    employeur = factory.SubFactory(EmployeurFactory)
    structure = _same_structure("employeur")
    ext_id = factory.Sequence(lambda n: f"off{n}")
    intitule = "Employé polyvalent"
    type_contrat = "cdd"
    date_publication = dt.date(2024, 3, 1)
    date_cloture = None
    postes = None


class MiseEnRelationFactory(DjangoModelFactory):
    class Meta:
        model = MiseEnRelation

    offre = factory.SubFactory(OffreFactory)
    jeune = factory.SubFactory(JeuneFactory, structure=factory.SelfAttribute("..offre.structure"))
    structure = _same_structure("offre")
    ext_id = factory.Sequence(lambda n: f"mer{n}")
    date = dt.date(2024, 3, 20)
    resultat = "en_cours"


class SituationFactory(DjangoModelFactory):
    class Meta:
        model = Situation

    jeune = factory.SubFactory(JeuneFactory)
    structure = _same_structure("jeune")
    ext_id = factory.Sequence(lambda n: f"s{n}")
    categorie = "emploi"
    type = "cdd"
    date_debut = dt.date(2024, 4, 1)
    date_fin = None
    employeur = None


class AideFactory(DjangoModelFactory):
    class Meta:
        model = Aide

    jeune = factory.SubFactory(JeuneFactory)
    structure = _same_structure("jeune")
    ext_id = factory.Sequence(lambda n: f"a{n}")
    type = "allocation_pacea"
    date = dt.date(2024, 5, 1)
    montant = Decimal("100.00")


class ParrainFactory(StructureOwnedFactory):
    class Meta:
        model = Parrain

    ext_id = factory.Sequence(lambda n: f"p{n}")
    nom = factory.Sequence(lambda n: f"Parrain{n}")
    prenom = "Claude"
    statut = "retraite"
    date_entree = dt.date(2020, 1, 1)
    date_sortie = None


class ParrainageFactory(DjangoModelFactory):
    class Meta:
        model = Parrainage

    jeune = factory.SubFactory(JeuneFactory)
    structure = _same_structure("jeune")
    parrain = factory.SubFactory(ParrainFactory, structure=factory.SelfAttribute("..jeune.structure"))
    ext_id = factory.Sequence(lambda n: f"pg{n}")
    date_debut = dt.date(2024, 2, 1)
    date_fin = None
    issue = None
    entretiens = None


class ActionReperageFactory(StructureOwnedFactory):
    class Meta:
        model = ActionReperage

    ext_id = factory.Sequence(lambda n: f"ar{n}")
    date = dt.date(2024, 6, 1)
    canal = "maraude"
    lieu = None
    heures = None
    personnes_rencontrees = None
    jeunes_contactes = None


class RepereFactory(DjangoModelFactory):
    class Meta:
        model = Repere

    action = factory.SubFactory(ActionReperageFactory)
    structure = _same_structure("action")
    ext_id = factory.Sequence(lambda n: f"r{n}")
    date = factory.SelfAttribute("action.date")
    sexe = "h"
    date_naissance = None
    commune = None
    jeune = None


class SignalementFactory(StructureOwnedFactory):
    class Meta:
        model = Signalement

    ext_id = factory.Sequence(lambda n: f"of{n}")
    jeune = None
    nom = factory.Sequence(lambda n: f"Signalé{n}")
    prenom = "Sam"
    date_naissance = dt.date(2008, 1, 1)
    date_signalement = dt.date(2024, 9, 15)
    source = "rio"
    statut = "a_contacter"
    date_statut = factory.SelfAttribute("date_signalement")


class ManifestationFactory(StructureOwnedFactory):
    class Meta:
        model = Manifestation

    ext_id = factory.Sequence(lambda n: f"m{n}")
    date = dt.date(2024, 10, 1)
    titre = factory.Sequence(lambda n: f"Forum {n}")
    type = "forum"
    jeunes = None
    partenaires = None


class ReponseSatisfactionFactory(StructureOwnedFactory):
    class Meta:
        model = ReponseSatisfaction

    ext_id = factory.Sequence(lambda n: f"q{n}")
    repondant = factory.Sequence(lambda n: f"rep{n}")
    public = "jeune"
    date = dt.date(2024, 11, 1)
    question = "Accueil"
    reponse = 4
