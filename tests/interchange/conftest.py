"""Datasets as small CSV folders written in tmp_path, exactly as a sender would write them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from trajectoires.interchange.importer import import_dataset
from trajectoires.interchange.report import ImportResult
from trajectoires.structures.models import Structure


TODAY = date(2026, 1, 15)  # the import day of most tests

# Every file and every column of the format, with valid rows (and awkward but valid cells).
FULL: dict[str, str] = {
    "territoire.csv": (
        "id;nom;epci;secteur;zrr\n"
        "25056;Besançon;Grand Besançon Métropole;Siège;0\n"
        '2A004;Ajaccio;CA du Pays Ajaccien;"Hors ""Besançon""";1\n'
    ),
    "sites.csv": "id;nom;type;commune\nS1;Siège;siege;25056\nS2;Ornans;antenne;\n",
    "conseillers.csv": "id;nom;prenom;site_id;actif\nC1;Durand;Marie;S1;1\nC2;Petit;Jean;;0\n",
    "jeunes.csv": (
        "id;nom;prenom;sexe;date_naissance;commune;qpv;niveau;diplome;hebergement;permis_b;vehicule;enfants;"
        "rqth;nationalite;origine;conseiller_id;site_id\n"
        "J1;Dupont;Ana;f;2004-05-06;25056;QN02501M;iv;1;parents;0;aucun;0;0;FR;entourage;C1;S1\n"
        'J2;Martin;"Léo\nJunior";h;2003-01-01;;;;;;;;;;;;;\n'
    ),
    "dispositifs.csv": (
        "id;nom;echelon;date_debut;date_fin\n"
        "local_mobilite;Aide locale mobilité;local;2020-01-01;2030-12-31\n"
        "local2;Autre;regional;2021-01-01;\n"
    ),
    "employeurs.csv": (
        "id;raison_sociale;siret;commune;naf\nEMP1;Boulangerie; SARL;73282932000074;25056;1071C\nEMP2;Garage;;;\n"
    ).replace("Boulangerie; SARL", '"Boulangerie; SARL"'),
    "contacts_employeurs.csv": (
        "id;employeur_id;date;nature;conseiller_id\nCE1;EMP1;2024-02-01;visite;C1\nCE2;EMP2;2024-02-02;mail;\n"
    ),
    "offres.csv": (
        "id;employeur_id;intitule;type_contrat;date_publication;date_cloture;postes\n"
        "O1;EMP1;Vendeur;cdd;2024-01-10;2024-03-01;2\nO2;EMP1;Apprenti;apprentissage;2024-01-11;;\n"
    ),
    "evenements.csv": (
        "id;jeune_id;date;nature;honore;site_id;conseiller_id;themes\n"
        "E1;J1;2024-01-15;entretien_individuel;1;S1;C1;emploi|formation\n"
        "E2;J1;2024-01-20;telephone;0;;;\n"
        "E3;J2;2023-06-01;atelier;;S2;C2;sante\n"
    ),
    "inscriptions.csv": (
        "id;jeune_id;dispositif;date_entree;date_sortie;motif_sortie\n"
        "I1;J1;cej;2024-01-15;2024-07-15;emploi_durable\nI2;J2;local_mobilite;2023-06-01;;\n"
    ),
    "situations.csv": (
        "id;jeune_id;categorie;type;date_debut;date_fin;employeur_id\n"
        "SI1;J1;emploi;cdd;2024-08-01;2026-06-30;EMP1\nSI2;J2;formation;qualifiante;2023-09-01;;\n"
    ),
    "aides.csv": (
        "id;jeune_id;type;date;montant\n"
        "A1;J1;fdaj;2024-02-01;150.5\nA2;J1;aide_permis;2024-03-01;\nA3;J2;autre;2024-03-02;0.05\n"
        "A4;J2;titre_transport;2024-03-03;12\n"
    ),
    "mises_en_relation.csv": "id;offre_id;jeune_id;date;resultat\nM1;O1;J1;2024-01-12;retenu\n",
    "parrains.csv": (
        "id;nom;prenom;statut;date_entree;date_sortie\nP1;Bernard;Luc;retraite;2015-01-01;\n"
        "P2;Roux;Ève;actif;2018-05-05;2023-12-31\n"
    ),
    "parrainages.csv": (
        "id;jeune_id;parrain_id;date_debut;date_fin;issue;entretiens\n"
        "PA1;J1;P1;2024-01-01;2024-06-30;solution;6\nPA2;J2;P2;2023-01-01;;;\n"
    ),
    "actions_reperage.csv": (
        "id;date;canal;lieu;heures;personnes_rencontrees;jeunes_contactes\n"
        "AR1;2024-04-01;maraude;pied_immeuble;3.5;40;12\nAR2;2024-04-02;en_ligne;;;;\n"
    ),
    "reperes.csv": (
        "id;action_id;date;sexe;date_naissance;commune;jeune_id\n"
        "R1;AR1;2024-04-01;h;2005-02-02;25056;J2\nR2;AR2;2024-04-02;f;;;\n"
    ),
    "obligation_formation.csv": (
        "id;jeune_id;nom;prenom;date_naissance;date_signalement;source;statut;date_statut\n"
        "OF1;J2;Martin;Léo;2008-01-01;2024-05-01;rio;contacte;2024-05-10\n"
        "OF2;;Nom;Prénom;2009-03-03;2024-05-02;cio;a_contacter;2027-01-01\n"
    ),
    "manifestations.csv": (
        "id;date;titre;type;jeunes;partenaires\nMA1;2024-03-15;Forum de l'emploi;forum;120;15\n"
        "MA2;2024-03-16;Visite;visite_entreprise;;\n"
    ),
    "satisfaction.csv": (
        "id;repondant;public;date;question;reponse\nSA1;R-1;jeune;2024-06-01;Êtes-vous satisfait de l'accueil ?;4\n"
        "SA2;R-1;jeune;2024-06-01;Conseil;1\n"
    ),
}

JEUNES_HEADER = "id;nom;prenom;sexe;date_naissance\n"
JEUNE_ROW = "J1;Dupont;Ana;f;2004-05-06\n"


def write_files(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture
def dataset(tmp_path: Path):  # type: ignore[no-untyped-def]
    """dataset({"jeunes.csv": "..."}) -> a new folder holding these files."""
    counter = iter(range(1000))

    def make(files: dict[str, str | bytes]) -> Path:
        return write_files(tmp_path / f"jeu{next(counter)}", files)

    return make


@pytest.fixture
def run_import(structure: Structure):  # type: ignore[no-untyped-def]
    def run(source: Path, target: Structure | None = None, today: date = TODAY) -> ImportResult:
        return import_dataset(source, target or structure, today=today)

    return run
