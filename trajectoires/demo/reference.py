"""Static material for the demo Mission Locale: territory rules, sites, names, sectors, titles.

Everything here is demo material. The communes and EPCIs are real (BANATIC 2024 extract shipped
in `trajectoires/structures/data`); QPV codes are fictitious (`QPV-DEMO-…`) and the ZRR flags are
a plausible rule, not the official list, except Mésandans (25377), which the 2021 report names
as a ZRR commune.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from trajectoires.structures.reference import BESANCON_TERRITORY_CSV


STRUCTURE_CODE = "25056S00"
STRUCTURE_NOM = "Mission Locale du bassin d'emploi de Besançon"

BESANCON = "25056"
MESANDANS = "25377"

# EPCI name (as in the BANATIC file) -> the Mission Locale's own sector label, after the
# territory pages of the 2024 report ("Com com Doubs Baumois + Sancey", "Loue Lison").
SECTEURS_EPCI = {
    "CU Grand Besançon Métropole": "Grand Besançon (hors Besançon)",
    "CC Loue-Lison": "Loue-Lison",
    "CC du Doubs Baumois": "Doubs Baumois et Sancey",
    "CC du Pays de Sancey-Belleherbe": "Doubs Baumois et Sancey",
    "CC des Deux Vallées Vertes": "Deux Vallées Vertes",
    "CC du Val Marnaysien": "Val Marnaysien",
}
SECTEUR_BESANCON = "Besançon"

# Fictitious ZRR rule (the official list is not available offline): the small communes of the
# rural EPCIs, thresholds chosen so that about 41 % of the young people of the Doubs Baumois
# and Sancey sector live in a ZRR, as in the 2024 report.
ZRR_POPULATION_MAX = {
    "CC du Pays de Sancey-Belleherbe": 1000,
    "CC des Deux Vallées Vertes": 120,
    "CC du Doubs Baumois": 250,
    "CC Loue-Lison": 100,
}


@dataclass(frozen=True)
class Commune:
    insee: str
    nom: str
    epci: str
    secteur: str
    zrr: bool
    population: int


def load_communes(path: Path = BESANCON_TERRITORY_CSV) -> list[Commune]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    communes = []
    for row in sorted(rows, key=lambda r: r["insee_commune"]):
        insee, epci, pop = row["insee_commune"].strip(), row["epci"].strip(), int(row["pmun_2024"] or 0)
        secteur = SECTEUR_BESANCON if insee == BESANCON else SECTEURS_EPCI[epci]
        zrr = insee == MESANDANS or pop < ZRR_POPULATION_MAX.get(epci, 0)
        communes.append(Commune(insee, row["nom_commune"].strip(), epci, secteur, zrr, pop))
    return communes


# Communes outside the territory where a few young people live (real INSEE codes).
HORS_TERRITOIRE = ("25388", "25462", "70550", "39198", "21231", "69123")

# Fictitious QPV codes (the 2024 list of Besançon's six QPV, codes unknown here), with the
# share of QPV residents in each.
QPV_DEMO = (
    ("QPV-DEMO-PLANOISE", 0.46),
    ("QPV-DEMO-PALENTE", 0.14),
    ("QPV-DEMO-MONTRAPON", 0.12),
    ("QPV-DEMO-CLAIRS-SOL", 0.12),
    ("QPV-DEMO-BATTANT", 0.10),
    ("QPV-DEMO-ST-CLAUDE", 0.06),
)
QPV_NOMS = {
    "QPV-DEMO-PLANOISE": "Planoise",
    "QPV-DEMO-PALENTE": "Orchamps-Palente",
    "QPV-DEMO-MONTRAPON": "Montrapon",
    "QPV-DEMO-CLAIRS-SOL": "Clairs-Soleils",
    "QPV-DEMO-BATTANT": "Battant",
    "QPV-DEMO-ST-CLAUDE": "Hauts de Saint-Claude",
}


@dataclass(frozen=True)
class SiteDef:
    id: str
    nom: str
    type: str
    commune: str
    team: str  # the staff team that serves it (a site id with its own counsellors)
    opened: str = ""  # ISO date of opening when after the start of history


# After the 2021 report: siège rue Midol, second site rue Marmier, antennes Ornans and
# Baume-les-Dames, permanences Amancey, Quingey, Saint-Vit, Sancey, Saône (opened in 2022).
# Planoise (quartier) and Marnay (permanence) are demo additions.
SITES = (
    SiteDef("S01", "Siège (rue Midol)", "siege", BESANCON, "S01"),
    SiteDef("S02", "Site Marmier", "site", BESANCON, "S02"),
    SiteDef("S03", "Planoise", "quartier", BESANCON, "S03"),
    SiteDef("S04", "Ornans", "antenne", "25434", "S04"),
    SiteDef("S05", "Baume-les-Dames", "antenne", "25047", "S05"),
    SiteDef("S06", "Saint-Vit", "permanence", "25527", "S01"),
    SiteDef("S07", "Quingey", "permanence", "25475", "S04"),
    SiteDef("S08", "Amancey", "permanence", "25015", "S04"),
    SiteDef("S09", "Sancey", "permanence", "25529", "S05"),
    SiteDef("S10", "Saône", "permanence", "25532", "S01", opened="2022-01-03"),
    SiteDef("S11", "Marnay", "permanence", "70334", "S01"),
)

# Staff posts per team for the default demo (about 45 people meeting young people at a time):
# accompaniment counsellors, plus employer-relations (cre) and outreach (rep) staff at the siège.
POSTES = {"S01": 18, "S02": 10, "S03": 3, "S04": 3, "S05": 4}
POSTES_CRE = 4
POSTES_REPERAGE = 3

# Residence sector -> [(site id, weight)] for the site a young person is attached to.
SITE_PAR_SECTEUR = {
    "qpv": (("S01", 0.45), ("S03", 0.40), ("S02", 0.15)),
    SECTEUR_BESANCON: (("S01", 0.78), ("S02", 0.22)),
    "Grand Besançon (hors Besançon)": (("S01", 0.74), ("S06", 0.16), ("S10", 0.10)),
    "Loue-Lison": (("S04", 0.55), ("S07", 0.20), ("S08", 0.15), ("S01", 0.10)),
    "Doubs Baumois et Sancey": (("S05", 0.72), ("S09", 0.20), ("S01", 0.08)),
    "Deux Vallées Vertes": (("S05", 0.70), ("S01", 0.30)),
    "Val Marnaysien": (("S11", 0.55), ("S01", 0.45)),
    "": (("S01", 1.0),),
}

# First names usual among people born 1995-2010 (demo list), mixed with Faker's.
PRENOMS_F = (
    "Emma Léa Chloé Manon Inès Camille Jade Sarah Lina Océane Clara Maëlys Lola Louna Anaïs Zoé Yasmine Lou "
    "Julie Marie Laura Pauline Mathilde Justine Morgane Émilie Margaux Alicia Mélissa Amandine Célia Nour "
    "Maïssa Salomé Elsa Romane Eva Noémie Ambre Juliette Ilona Kenza Assia Aya Fatoumata Aminata Naïma "
    "Marie-Lou Anne-Sophie Léna Lilou Maëva Charlotte Agathe Louise Héloïse Cassandra Jessica Coralie "
    "Maélie Shaïna Ophélie Élodie Wendy Alexia Kelly Lucie Capucine Mélanie Sonia Rania Hawa"
).split()
PRENOMS_H = (
    "Lucas Enzo Hugo Nathan Théo Mathis Louis Clément Maxime Thomas Yanis Rayan Kylian Mohamed Adam Noah "
    "Ethan Axel Tom Léo Jules Gabriel Raphaël Baptiste Quentin Antoine Alexandre Romain Kevin Dylan Bryan "
    "Florian Valentin Corentin Killian Anthony Jordan Mehdi Bilal Ilyes Sofiane Amine Ibrahim Moussa Mamadou "
    "Jean-Baptiste Pierre-Louis Aurélien Jérémy Loïc Gaëtan Noé Timéo Evan Nolan Sacha Anis Wassim Ayoub "
    "Matéo Lenny Logan Steven Samuel Elias Younès Idriss Souleymane Aliou Tristan Benoît Jérôme"
).split()
# A few surnames with apostrophes or particles, so that names exercise every path.
NOMS_PARTICULIERS = (
    "N'Diaye", "D'Almeida", "D'Angelo", "L'Hermite", "N'Guessan", "De La Fontaine", "Le Goff",
    "Ben Saïd", "Da Silva", "O'Neill", "Saint-Hilaire", "Lefèvre-Dupré", "Mbappé", "Émery", "Noël",
)

NATIONALITES = (
    ("FR", 0.845), ("MA", 0.02), ("DZ", 0.02), ("TN", 0.01), ("TR", 0.01), ("AF", 0.012), ("SD", 0.008),
    ("ER", 0.005), ("GN", 0.01), ("CI", 0.008), ("SN", 0.005), ("CD", 0.006), ("SY", 0.005), ("UA", 0.006),
    ("PT", 0.006), ("IT", 0.004), ("RO", 0.005), ("AL", 0.004), ("", 0.009),
)
EU = frozenset({"FR", "PT", "IT", "RO"})


@dataclass(frozen=True)
class Secteur:
    """An economic sector: employer name patterns, NAF-like code, job titles."""

    noms: tuple[str, ...]
    naf: tuple[str, ...]
    metiers: tuple[str, ...]
    poids: float


SECTEURS_ECO = (
    Secteur(
        ("Restaurant {N}", "Brasserie du {L}", "Le Comptoir {N}"),
        ("56.10A", "56.30Z"),
        (
            "Serveur / serveuse",
            "Commis de cuisine",
            "Plongeur / plongeuse",
            "Employé(e) polyvalent(e) de restauration",
        ),
        0.13,
    ),
    Secteur(
        ("Boulangerie {N}", "Pâtisserie {N}", "Boucherie {N}"),
        ("10.71C", "47.22Z", "10.71D"),
        ("Vendeur / vendeuse en boulangerie", "Boulanger / boulangère", "Apprenti(e) boucher"),
        0.07,
    ),
    Secteur(
        ("{N} Intérim", "Travail Temporaire {L}", "Intérim {N} Franche-Comté"),
        ("78.20Z",),
        (
            "Préparateur / préparatrice de commandes",
            "Manutentionnaire",
            "Opérateur / opératrice de production",
            "Cariste",
        ),
        0.10,
    ),
    Secteur(
        ("Supermarché du {L}", "Épicerie {N}", "{N} Distribution"),
        ("47.11D", "47.11F", "46.39B"),
        ("Employé(e) de libre-service", "Hôte / hôtesse de caisse", "Vendeur / vendeuse"),
        0.10,
    ),
    Secteur(
        ("EHPAD Les {A}", "{N} Aide à domicile", "Association {A} Services"),
        ("87.10A", "88.10A", "86.10Z"),
        ("Aide à domicile", "Agent(e) de service hospitalier", "Aide-soignant(e)", "Auxiliaire de vie"),
        0.11,
    ),
    Secteur(
        ("{N} Bâtiment", "Maçonnerie {N}", "{N} Électricité", "Plomberie {N}"),
        ("43.99C", "43.21A", "43.22A", "41.20B"),
        ("Maçon / maçonne", "Électricien / électricienne", "Plombier / plombière", "Manœuvre bâtiment"),
        0.12,
    ),
    Secteur(
        ("Garage {N}", "{N} Automobiles", "Carrosserie du {L}"),
        ("45.20A", "45.11Z"),
        (
            "Mécanicien / mécanicienne automobile",
            "Carrossier / carrossière",
            "Préparateur / préparatrice de véhicules",
        ),
        0.06,
    ),
    Secteur(
        ("Transports {N}", "{N} Logistique"),
        ("49.41A", "52.29A", "53.20Z"),
        ("Chauffeur-livreur / chauffeuse-livreuse", "Agent(e) logistique", "Magasinier / magasinière"),
        0.07,
    ),
    Secteur(
        ("{N} Propreté", "Nettoyage {L}"), ("81.21Z", "81.22Z"), ("Agent(e) d'entretien", "Agent(e) de propreté"), 0.06
    ),
    Secteur(
        ("{N} Mécanique de précision", "Décolletage {N}", "Microtechniques {N}"),
        ("25.62B", "26.52Z", "29.32Z"),
        ("Opérateur / opératrice sur commande numérique", "Décolleteur / décolleteuse", "Horloger / horlogère"),
        0.07,
    ),
    Secteur(
        ("Coiffure {N}", "Institut {A}"),
        ("96.02A", "96.02B"),
        ("Coiffeur / coiffeuse", "Esthéticien / esthéticienne"),
        0.03,
    ),
    Secteur(
        ("Commune de {L}", "Association {A}"),
        ("84.11Z", "94.99Z"),
        ("Agent(e) des espaces verts", "Animateur / animatrice", "Agent(e) technique"),
        0.05,
    ),
    Secteur(
        ("Hôtel {A}", "Camping du {L}"), ("55.10Z", "55.30Z"), ("Réceptionniste", "Femme / valet de chambre"), 0.03
    ),
)
LIEUX_DITS = ("Doubs", "Lac", "Pont", "Château", "Moulin", "Marché", "Centre", "Quai", "Parc", "Val")
ARBRES = ("Tilleuls", "Acacias", "Glycines", "Cèdres", "Lilas", "Peupliers", "Charmilles", "Bruyères")

THEMES_POIDS = (
    ("emploi", 0.33), ("formation", 0.18), ("projet_pro", 0.22), ("sante", 0.05), ("logement", 0.06),
    ("mobilite", 0.06), ("citoyennete", 0.03), ("loisirs_culture", 0.02), ("ressources", 0.05),
)

# Collective events of the year (after the 2021 and 2024 reports' event pages): (month, day,
# title, type, young people, partners) for the default scale.
MANIFESTATIONS = (
    (1, 26, "Regards de rue – exposition", "evenement", 60, 4),
    (2, 23, "Journée mobilité internationale", "evenement", 45, 6),
    (3, 8, "Forum de la mixité des formations", "forum", 90, 15),
    (3, 26, "Salon des recruteurs et de l'apprentissage", "salon", 400, 45),
    (3, 28, "Santé et bien-être à la Mission Locale", "evenement", 200, 14),
    (4, 11, "Job run – escape game", "evenement", 35, 5),
    (4, 22, "À la découverte des métiers qui recrutent à Baume-les-Dames", "forum", 55, 12),
    (5, 7, "Salon de l'alternance", "salon", 850, 80),
    (5, 15, "Visite du CFPPA", "visite_entreprise", 12, 1),
    (6, 4, "Forum multisecteurs à Ornans", "forum", 70, 20),
    (6, 19, "Arbre à palabres à Planoise", "atelier_partenaire", 25, 3),
    (7, 3, "Visite d'un centre de maintenance de bus", "visite_entreprise", 10, 1),
    (7, 8, "Visite de la Saline royale d'Arc-et-Senans", "evenement", 18, 1),
    (9, 10, "Forum emploi des Deux Vallées Vertes", "forum", 40, 18),
    (9, 20, "Forum du service civique", "forum", 120, 25),
    (9, 26, "Salon CAP vers l'emploi", "salon", 300, 50),
    (10, 18, "Journée mobilité internationale d'automne", "evenement", 40, 5),
    (10, 31, "Visite d'entreprise – secteur Baume-les-Dames", "visite_entreprise", 14, 1),
    (11, 7, "Forum de l'emploi à Baume-les-Dames", "forum", 110, 30),
    (11, 14, "Forum des créateurs à Planoise", "forum", 50, 12),
    (11, 20, "Duoday", "evenement", 30, 25),
    (11, 27, "Escape game égalité filles-garçons", "atelier_partenaire", 46, 5),
    (12, 13, "Milo food week – café rencontres cultures", "atelier_partenaire", 20, 4),
)

QUESTIONS_JEUNES = (
    "Accueil à la Mission Locale",
    "Écoute de votre conseiller ou conseillère",
    "Réponses apportées à vos besoins",
    "Délai pour obtenir un rendez-vous",
    "Utilité de l'accompagnement pour votre projet",
    "Recommanderiez-vous la Mission Locale à un ami ?",
)
QUESTIONS_EMPLOYEURS = (
    "Adéquation des candidatures proposées",
    "Réactivité de la Mission Locale",
    "Suivi du jeune dans l'entreprise",
    "Connaissance de vos besoins de recrutement",
    "Satisfaction globale du partenariat",
)
