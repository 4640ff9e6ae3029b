"""Every path that writes (each POST of the access matrix, each command that writes) leaves the
derived stores true (issue 16):

- **report**: the report after the write equals the report after a full rebuild of its packed
  copies (events, enrolments, situations, help);
- **journal**: the audit journal holds the change (a new entry of creation, change or deletion,
  or the import's / the token's entry);
- **data date**: "Données arrêtées au …" is not older than the change, for writes of the
  report's data (`edition.datadate.DATA_APPS`).

Each writing URL and command declares which of these apply (`URL_CHECKS`, `COMMAND_CHECKS`),
with the reason when one does not; a POST of the matrix or a command without a declaration
fails `test_every_write_path_is_declared`, so a new write path cannot be added without its guard.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

import trajectoires
from tests.bourse import access as bourse_access
from tests.workspace.test_access_matrix import CODES, MATRIX, OBJECTS, _request
from trajectoires.accounts.enums import Role
from trajectoires.edition.models import DataStamp
from trajectoires.rapports import blocs, evenements
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period
from trajectoires.rgpd.models import AuditEntry


R, J, D = "report", "journal", "datadate"
ALL = frozenset({R, J, D})
PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 12, 31))

# url name -> the stores it must keep true (report always: no write may leave it stale).
URL_CHECKS: dict[str, frozenset[str]] = {
    "workspace:jeune_nouveau": ALL,
    "workspace:profil": ALL,
    "workspace:dispositif_entree": ALL,
    "workspace:dispositif_sortie": ALL,
    "workspace:dispositif_fin_prevue": ALL,
    "workspace:situation_debut": ALL,
    "workspace:situation_fin": ALL,
    "workspace:aide": ALL,
    "workspace:transfert": ALL,
    "workspace:transfert_decision": ALL,
    "workspace:contact": ALL,
    # The merge of two files: every row of the duplicate moves, one journal entry (docs/doublons.md).
    "workspace:fusion": ALL,
    # Job offers name nobody (no journal entry) but are report data (the employers' section);
    # matches, the hire's situation and the wished jobs are about a young person (docs/offres.md).
    "workspace:offre_nouvelle": frozenset({R, D}),
    "workspace:offre_modifier": frozenset({R, D}),
    "workspace:offre_publier": frozenset({R, D}),
    "workspace:offre_cloturer": frozenset({R, D}),
    "workspace:offre_mise_en_relation": ALL,
    "workspace:mise_en_relation": ALL,
    "workspace:metiers_recherches": ALL,
    # The agenda's and the walk-in queue's rows are personal data (journal), not report data
    # (no data date), except when they record a contact.
    "agenda:rdv_create": frozenset({R, J}),
    "agenda:rdv": ALL,  # marked "present": a contact
    "agenda:cej": frozenset({R, J}),
    "agenda:session_inscrire": frozenset({R, J}),
    "agenda:session_emargement": ALL,
    # A collective session names nobody: no journal entry, no report data.
    "agenda:session_create": frozenset({R}),
    "accueil:arrivee": frozenset({R, J}),
    "accueil:suivant": frozenset({R, J}),
    "accueil:prendre": frozenset({R, J}),
    "accueil:entretien": ALL,
    "accueil:rattacher": frozenset({R, J}),
    "accueil:parti": frozenset({R, J}),
    "accueil:orienter": frozenset({R, J}),
    # Editions and free pages: the Mission Locale's documents, no personal data, not report data.
    "edition:edition_generate": frozenset({R}),
    "edition:page_create": frozenset({R}),
    "edition:page_edit": frozenset({R}),
    "edition:page_delete": frozenset({R}),
    # A PMSMP convention records (a renewal extends) the file's situation (docs/immersions.md).
    "immersions:nouvelle": ALL,
    "immersions:renouveler": ALL,
    # Forums: the event's counts are report data (data date), the event names nobody (no journal)…
    "manifestations:nouvelle": frozenset({R, D}),
    "manifestations:modifier": frozenset({R, D}),
    "manifestations:employeur": frozenset({R, D}),
    # … but a young person marked present is: registered, and a contact on the file.
    "manifestations:jeune": ALL,
    # The employers' file (issue 13): report data (the report counts employers in contact and new
    # ones), so the data date follows; no young person's data, so no journal entry.
    "workspace:employeur_nouveau": frozenset({R, D}),
    "workspace:employeur_modifier": frozenset({R, D}),
    "workspace:interlocuteur_nouveau": frozenset({R, D}),
    "workspace:interlocuteur": frozenset({R, D}),
    "workspace:employeur_contact": frozenset({R, D}),
    # The job board (docs/bourse.md). Attaching an employer's account may create its employer
    # file (report data) and changes the account (journal); linking a young person's account is
    # in the journal; publishing changes an offer (report data, no personal data); a match is
    # all three.
    "bourse_equipe:compte_employeur": ALL,
    "bourse_equipe:compte_jeune": frozenset({R, J}),
    "bourse_equipe:offre": frozenset({R, D}),
    "bourse_equipe:mise_en_relation": ALL,
    # Public pages: a board account (journal: the accounts table), its confirmation, login and
    # logout (nothing of the report); made by a board account (bourse_access.BOARD_WRITERS): an
    # offer posted (report data), an application (the board's own table).
    "bourse:inscription_employeur": frozenset({R, J}),
    "bourse:inscription_jeune": frozenset({R, J}),
    "bourse:confirmer": frozenset({R, J}),
    "bourse:connexion": frozenset({R}),
    "bourse:deconnexion": frozenset({R}),
    "bourse:offre_nouvelle": frozenset({R, D}),
    "bourse:postuler": frozenset({R}),
    # Mentoring (issue 14, docs/parrainage.md): mentors, pairings, meetings (the pairing's count of
    # meetings, which the report sums), worries; mentors' records and logins are journaled.
    "parrainage:parrain_nouveau": ALL,
    "parrainage:parrain_modifier": ALL,
    "parrainage:parrain_compte": ALL,
    "parrainage:parrainage_nouveau": ALL,
    "parrainage:parrainage_modifier": ALL,
    "parrainage:rencontre": ALL,
    "parrainage:inquietude": ALL,
    "parrainage:inquietude_lue": ALL,
}

# Data that differs from the matrix's (which checks access, not content): attendance that
# records a contact, a walk-in to take.
OVERRIDES = {
    "agenda:rdv": {"presence": "present"},
}
# Who writes, when the matrix's first success writes nothing (the matrix's session already
# holds `portefeuille`).
WRITERS = {"agenda:session_inscrire": (Role.DIRECTION, "suivi")}


def _setup(world, name: str) -> None:  # type: ignore[no-untyped-def]
    """What a write needs that the matrix does not create: someone waiting to be taken."""
    if name == "accueil:suivant":
        from trajectoires.accueil.models import Arrivee

        Arrivee.objects.create(structure=world.structure, ext_id="a-attente", arrivee_le=timezone.now(), nom="Sam")


def _report(structure) -> dict:  # type: ignore[no-untyped-def]
    return build_report(structure, PERIOD, None).data


def _rebuilt_report(structure) -> dict:  # type: ignore[no-untyped-def]
    blocs.build(structure)
    evenements.build(structure)
    return _report(structure)


def _journal_count(structure) -> int:  # type: ignore[no-untyped-def]
    return AuditEntry.objects.filter(structure_ref=structure.pk).exclude(action=AuditEntry.Action.ACCESS).count()


def _assert_stores_follow(structure, checks: frozenset[str], before: dict, started: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    incremental = _report(structure)
    assert incremental == _rebuilt_report(structure), "le rapport après l'écriture diffère du rapport reconstruit"
    if J in checks:
        assert _journal_count(structure) > before["journal"], "le journal n'a pas reçu l'écriture"
    if D in checks:
        stamp = DataStamp.objects.filter(structure=structure).first()
        assert stamp is not None and stamp.as_of >= started, "la date des données est plus ancienne que l'écriture"


def _writer(name: str) -> tuple[Role, str | None]:
    """The first role and object for which the matrix expects the write to succeed (302)."""
    if name in WRITERS:
        return WRITERS[name]
    for role, codes in MATRIX[(name, "POST")].items():
        if len(codes) == 1:
            if codes == "R":
                return role, None
            continue
        for obj, code in zip(OBJECTS, codes, strict=True):
            if code == "R":
                return role, obj
    raise AssertionError(f"{name}: aucun rôle ne réussit cette écriture dans la matrice")


def test_every_write_path_is_declared():
    posts = {name for name, method in MATRIX if method == "POST"}
    assert posts == set(URL_CHECKS), (
        f"Écritures sans contrôle déclaré : {sorted(posts - set(URL_CHECKS))} ; "
        f"déclarées mais absentes de la matrice : {sorted(set(URL_CHECKS) - posts)}"
    )
    root = Path(trajectoires.__file__).parent
    commands = {p.stem for p in root.glob("*/management/commands/*.py") if p.stem != "__init__"}
    assert commands == set(COMMAND_CHECKS) | set(READ_ONLY_COMMANDS), (
        f"Commandes sans contrôle déclaré : {sorted(commands - set(COMMAND_CHECKS) - set(READ_ONLY_COMMANDS))}"
    )


@pytest.mark.parametrize("name", sorted(URL_CHECKS))
def test_a_writing_url_keeps_the_derived_stores_true(client, world, name, monkeypatch):
    from tests.workspace import test_access_matrix as matrix

    role, obj = _writer(name)
    if name in OVERRIDES:
        monkeypatch.setitem(matrix.POST_DATA, name, lambda w, j, data=OVERRIDES[name]: data)
    structure = world.structure
    _setup(world, name)
    _report(structure)  # the packed copies built, as in use
    before = {"journal": _journal_count(structure)}
    started = timezone.now()
    if name in bourse_access.BOARD_WRITERS:
        response = bourse_access.board_request(client, world, name)
    else:
        response = _request(client, world, name, "POST", role, obj)
    assert response.status_code == CODES["R"], response.content.decode()[:2000]
    _assert_stores_follow(structure, URL_CHECKS[name], before, started)


# --- Commands ---------------------------------------------------------------------------------
READ_ONLY_COMMANDS = {
    "export_data": "reads",
    "report": "reads",
    "index_recherche": "rewrites the search keys only (a derived store)",
    "generate_editions": "writes editions only (the Mission Locale's documents)",
    "create_structure": "a new, empty Mission Locale",
}


def _import_data(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "jeu"
    folder.mkdir()
    (folder / "jeunes.csv").write_text("id;nom;prenom;sexe;date_naissance\nJ9;Nouveau;Léa;f;2004-05-06\n")
    (folder / "evenements.csv").write_text(
        "id;jeune_id;date;nature;honore;site_id;conseiller_id;themes\nE9;J9;2025-02-03;entretien_individuel;1;;;\n"
    )
    call_command("import_data", str(folder), "--structure", world.structure.code, verbosity=0)


def _retention(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import EvenementFactory, JeuneFactory

    old = JeuneFactory(structure=world.structure, nom="Ancien")
    EvenementFactory(jeune=old, date=dt.date(2015, 1, 5))
    call_command("retention", "--structure", world.structure.code, "--appliquer", verbosity=0)


def _jeton_api(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    call_command("jeton_api", world.user(Role.DIRECTION).username, "--nom", "script", verbosity=0)


def _administrateur_reseau(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    user = world.user(Role.ADMINISTRATEUR)
    user.structure = None
    user.save()
    call_command("administrateur_reseau", user.username, verbosity=0)


def _import_communes(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    call_command("import_communes", "--structure", world.structure.code, verbosity=0)


def _import_qpv(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "qpv.csv"
    path.write_text("code;nom;commune;valid_from;valid_to\nQN02501M;Planoise;25056;2024-01-01;\n")
    call_command("import_qpv", str(path), verbosity=0)


def _demo(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    call_command("demo", "--jeunes", "30", "--structure-code", world.structure.code, verbosity=0)


# command -> (how to run it in the world, the stores it must keep true)
COMMAND_CHECKS = {
    "import_data": (_import_data, ALL),
    "retention": (_retention, frozenset({R, J})),
    "jeton_api": (_jeton_api, frozenset({R, J})),
    "administrateur_reseau": (_administrateur_reseau, frozenset({R, J})),
    # The territory's communes and the QPV list: reference data (no personal data).
    "import_communes": (_import_communes, frozenset({R, D})),
    "import_qpv": (_import_qpv, frozenset({R})),
    "demo": (_demo, ALL),
}


@pytest.mark.parametrize("name", sorted(COMMAND_CHECKS))
def test_a_writing_command_keeps_the_derived_stores_true(world, tmp_path, name):
    run, checks = COMMAND_CHECKS[name]
    structure = world.structure
    _report(structure)
    before = {"journal": _journal_count(structure)}
    started = timezone.now()
    run(world, tmp_path)
    if J in checks and name in ("jeton_api", "administrateur_reseau"):
        # Entries about accounts and tokens: the journal of the account's Mission Locale, or the network's.
        assert AuditEntry.objects.filter(timestamp__gte=started).exclude(action=AuditEntry.Action.ACCESS).exists()
        checks = checks - {J}
    _assert_stores_follow(structure, checks, before, started)
