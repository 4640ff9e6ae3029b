"""Role × view × object: every expected answer comes from the one table below.

Each URL name of the workspace must have its rows here (a test fails otherwise), so no view can
be added without deciding who may use it. Codes: A = 200, R = 302 (done, redirected),
F = 403 (in scope, not allowed), N = 404 (out of scope: the object does not exist for the user).
Objects: see tests/workspace/conftest.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.agenda import access as agenda_access
from tests.bourse import access as bourse_access
from tests.edition import access as edition_access
from tests.immersions import access as immersions_access
from tests.parrainage import access as parrainage_access
from tests.workspace import employeurs_access, merge_access, offres_access
from trajectoires.accounts.enums import Role
from trajectoires.rgpd import urls as rgpd_urls
from trajectoires.workspace import urls


OBJECTS = ("portefeuille", "suivi", "autre", "filleul", "repere", "candidat", "ailleurs")
CODES = {"A": 200, "R": 302, "F": 403, "N": 404}

D, C, AC, RE, RP, P, AD = (
    Role.DIRECTION,
    Role.CONSEILLER,
    Role.ACCUEIL,
    Role.RELATIONS_ENTREPRISES,
    Role.REPERAGE,
    Role.PARRAIN,
    Role.ADMINISTRATEUR,
)

# The file's actions (profile, programmes, situations, help, transfer): the write scope, like a contact.
_WRITE_GET = {D: "AAAAAAN", C: "AAFFFFN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}
_WRITE_POST = {D: "RRRRRRN", C: "RRFFFFN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}

# Personal data pages (rgpd): the direction only; 404 out of scope, 403 in scope for other roles.
_AUDIT_OBJECT = {D: "AAAAAAN", C: "FFFFFFN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}

# (url name, method) -> role -> one code per object of OBJECTS, or a single code for views
# without an object.
MATRIX: dict[tuple[str, str], dict[Role, str]] = {
    ("workspace:search", "GET"): {D: "A", C: "A", AC: "A", RE: "A", RP: "A", P: "A", AD: "F"},
    ("workspace:portefeuille", "GET"): {D: "A", C: "A", AC: "F", RE: "F", RP: "F", P: "F", AD: "F"},
    # The communes type-ahead of the profile form (issue 12): whoever creates files or changes
    # profiles (reception creates files with their address).
    # Employer relations use it for the employer's commune (issue 13) and the offer form (docs/offres.md).
    ("workspace:communes", "GET"): {D: "A", C: "A", AC: "A", RE: "A", RP: "F", P: "F", AD: "F"},
    ("workspace:jeune", "GET"): {
        D: "AAAAAAN",
        C: "AAAAAAN",
        AC: "AAAAAAN",
        RE: "NNNNNAN",
        RP: "NNNNANN",
        P: "NNNANNN",
        AD: "NNNNNNN",
    },
    # Creating a file and changing its profile (docs/workspace.md, "The file's actions").
    ("workspace:jeune_nouveau", "GET"): {D: "A", C: "A", AC: "A", RE: "F", RP: "F", P: "F", AD: "F"},
    ("workspace:jeune_nouveau", "POST"): {D: "R", C: "R", AC: "R", RE: "F", RP: "F", P: "F", AD: "F"},
    ("workspace:profil", "GET"): _WRITE_GET,
    ("workspace:profil", "POST"): _WRITE_POST,
    ("workspace:dispositif_entree", "GET"): _WRITE_GET,
    ("workspace:dispositif_entree", "POST"): _WRITE_POST,
    ("workspace:dispositif_sortie", "GET"): _WRITE_GET,
    ("workspace:dispositif_sortie", "POST"): _WRITE_POST,
    ("workspace:dispositif_fin_prevue", "GET"): _WRITE_GET,
    ("workspace:dispositif_fin_prevue", "POST"): _WRITE_POST,
    ("workspace:situation_debut", "GET"): _WRITE_GET,
    ("workspace:situation_debut", "POST"): _WRITE_POST,
    ("workspace:situation_fin", "GET"): _WRITE_GET,
    ("workspace:situation_fin", "POST"): _WRITE_POST,
    ("workspace:aide", "GET"): _WRITE_GET,
    ("workspace:aide", "POST"): _WRITE_POST,
    # Transfer: the referent and the direction transfer; any other counsellor asks (a request the
    # referent or the direction decides), whether or not the file is in their write scope.
    ("workspace:transfert", "GET"): {**_WRITE_GET, C: "AAAAAAN"},
    ("workspace:transfert", "POST"): {**_WRITE_POST, C: "RRRRRRN"},
    # Deciding a pending request on the object's file: its referent (Claire for `portefeuille`)
    # and the direction.
    ("workspace:transfert_decision", "POST"): {
        D: "RRRRRRN", C: "RFFFFFN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN",
    },
    # The employers' type-ahead of the situation form (no object: the Mission Locale's employers).
    # Also for the employers present at a forum (`MANIFESTATIONS`: employer relations too) and
    # the offer form (`MANAGE_OFFRES`, docs/offres.md).
    ("workspace:employeurs_suggestions", "GET"): {D: "A", C: "A", AC: "F", RE: "A", RP: "F", P: "F", AD: "F"},
    ("workspace:contact", "GET"): {
        D: "AAAAAAN",
        C: "AAFFFFN",
        AC: "FFFFFFN",
        RE: "NNNNNFN",
        RP: "NNNNFNN",
        P: "NNNFNNN",
        AD: "NNNNNNN",
    },
    ("workspace:contact", "POST"): {
        D: "RRRRRRN",
        C: "RRFFFFN",
        AC: "FFFFFFN",
        RE: "NNNNNFN",
        RP: "NNNNFNN",
        P: "NNNFNNN",
        AD: "NNNNNNN",
    },
    ("rgpd:journal", "GET"): {D: "A", C: "F", AC: "F", RE: "F", RP: "F", P: "F", AD: "F"},
    ("rgpd:acces", "GET"): _AUDIT_OBJECT,
    ("rgpd:acces_csv", "GET"): _AUDIT_OBJECT,
    ("rgpd:export", "GET"): _AUDIT_OBJECT,
}

# With TRAJECTOIRES_CONSEILLER_ECRITURE = "structure", a counsellor writes to every file of
# their Mission Locale; only these rows change.
MATRIX_ECRITURE_STRUCTURE: dict[tuple[str, str], dict[Role, str]] = {
    ("workspace:contact", "GET"): {C: "AAAAAAN"},
    ("workspace:contact", "POST"): {C: "RRRRRRN"},
    ("workspace:profil", "GET"): {C: "AAAAAAN"},
    ("workspace:profil", "POST"): {C: "RRRRRRN"},
    ("workspace:dispositif_entree", "GET"): {C: "AAAAAAN"},
    ("workspace:dispositif_entree", "POST"): {C: "RRRRRRN"},
    ("workspace:dispositif_sortie", "GET"): {C: "AAAAAAN"},
    ("workspace:dispositif_sortie", "POST"): {C: "RRRRRRN"},
    ("workspace:dispositif_fin_prevue", "GET"): {C: "AAAAAAN"},
    ("workspace:dispositif_fin_prevue", "POST"): {C: "RRRRRRN"},
    ("workspace:situation_debut", "GET"): {C: "AAAAAAN"},
    ("workspace:situation_debut", "POST"): {C: "RRRRRRN"},
    ("workspace:situation_fin", "GET"): {C: "AAAAAAN"},
    ("workspace:situation_fin", "POST"): {C: "RRRRRRN"},
    ("workspace:aide", "GET"): {C: "AAAAAAN"},
    ("workspace:aide", "POST"): {C: "RRRRRRN"},
    ("workspace:transfert", "GET"): {C: "AAAAAAN"},
    ("workspace:transfert", "POST"): {C: "RRRRRRN"},
    ("workspace:transfert_decision", "POST"): {C: "RFFFFFN"},
}

# Agenda and walk-in queue: their rows and objects are in tests/agenda/access.py.
MATRIX.update(agenda_access.MATRIX)
MATRIX.update(edition_access.MATRIX)
MATRIX.update(merge_access.MATRIX)  # the duplicates (docs/doublons.md)
MATRIX.update(offres_access.MATRIX)  # job offers and matching (docs/offres.md)
MATRIX.update(immersions_access.MATRIX)  # immersions (PMSMP) and forums (docs/immersions.md)
MATRIX.update(employeurs_access.MATRIX)  # the employers' file (docs/employeurs.md)
MATRIX.update(bourse_access.MATRIX)  # the job board, staff and public pages (docs/bourse.md)
MATRIX.update(parrainage_access.MATRIX)  # mentoring (issue 14, docs/parrainage.md)
MATRIX_ECRITURE_STRUCTURE.update(agenda_access.MATRIX_ECRITURE_STRUCTURE)
MATRIX_ECRITURE_STRUCTURE.update(immersions_access.MATRIX_ECRITURE_STRUCTURE)


def _cases(matrix: dict[tuple[str, str], dict[Role, str]]) -> list:
    cases = []
    for (name, method), by_role in matrix.items():
        for role, codes in by_role.items():
            if len(codes) == 1:
                cases.append(pytest.param(name, method, role, None, codes, id=f"{name}-{method}-{role}"))
            else:
                assert len(codes) == len(OBJECTS), (name, method, role)
                for obj, code in zip(OBJECTS, codes, strict=True):
                    cases.append(pytest.param(name, method, role, obj, code, id=f"{name}-{method}-{role}-{obj}"))
    return cases


def _contact_data() -> dict[str, str]:
    return {"date": dt.date(2025, 3, 3).isoformat(), "nature": "entretien_individuel", "honore": "oui"}


def _profil_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from trajectoires.jeunes.services import PROFILE_EDITABLE, snapshot
    from trajectoires.workspace.dossier import make_token

    return {**snapshot(jeune, PROFILE_EDITABLE), "jeton": make_token(jeune, PROFILE_EDITABLE), "hebergement": "amis"}


def _nouveau_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    born = dt.date.today() - dt.timedelta(days=20 * 365)
    return {"nom": "Nouveau", "prenom": "Jeune", "sexe": "h", "date_naissance": born.isoformat()}


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def _sortie_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from tests.factories import InscriptionFactory

    inscription = InscriptionFactory(jeune=jeune, dispositif="ppae", date_entree=dt.date(2025, 1, 6))
    return {"inscription": str(inscription.pk), "date_sortie": _today(), "motif_sortie": "autre"}


def _fin_prevue_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from tests.factories import InscriptionFactory

    inscription = InscriptionFactory(jeune=jeune, dispositif="ppae", date_entree=dt.date(2025, 1, 6))
    return {"inscription": str(inscription.pk), "date_fin_prevue": "2026-01-05"}


def _situation_fin_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from tests.factories import SituationFactory

    return {"situation": str(SituationFactory(jeune=jeune).pk), "date_fin": _today()}


def _transfert_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from trajectoires.accounts.models import Conseiller

    other = Conseiller.objects.filter(structure=world.structure).exclude(pk=jeune.conseiller_id).first()
    return {"nouveau": str(other.pk)}


# POST data of the file's actions (url name -> builder(world, jeune)); a contact otherwise.
POST_DATA = {
    "workspace:jeune_nouveau": _nouveau_data,
    "workspace:profil": _profil_data,
    "workspace:dispositif_entree": lambda world, jeune: {"dispositif": "ppae", "date_entree": _today()},
    "workspace:dispositif_sortie": _sortie_data,
    "workspace:dispositif_fin_prevue": _fin_prevue_data,
    "workspace:situation_debut": lambda world, jeune: {"categorie": "emploi", "type": "cdd", "date_debut": _today()},
    "workspace:situation_fin": _situation_fin_data,
    "workspace:aide": lambda world, jeune: {"type": "fdaj", "date": _today(), "montant": "50"},
    "workspace:transfert": _transfert_data,
    "workspace:transfert_decision": lambda world, jeune: {"decision": "accepter"},
    **agenda_access.POST_DATA,
    **edition_access.POST_DATA,
    **merge_access.POST_DATA,
    **offres_access.POST_DATA,
    **immersions_access.POST_DATA,
    **employeurs_access.POST_DATA,
    **bourse_access.POST_DATA,
    **parrainage_access.POST_DATA,
}


def _demande_url(world, name: str, obj: str | None) -> str | None:  # type: ignore[no-untyped-def]
    """A pending transfer request on the object's file, asked by a colleague."""
    if name != "workspace:transfert_decision":
        return None
    from trajectoires.accounts.models import Conseiller
    from trajectoires.jeunes.models import DemandeTransfert

    jeune = world.jeunes[obj]
    nouveau = Conseiller.objects.filter(structure_id=jeune.structure_id).exclude(pk=jeune.conseiller_id).first()
    if nouveau is None:
        from tests.factories import ConseillerFactory

        nouveau = ConseillerFactory(structure_id=jeune.structure_id)
    demande = DemandeTransfert.objects.create(structure_id=jeune.structure_id, jeune=jeune, nouveau=nouveau)
    return reverse(name, args=[demande.pk])


def _request(client, world, name: str, method: str, role: Role, obj: str | None, before_post=None):  # type: ignore[no-untyped-def]
    """The request of one matrix cell; `before_post()` is called once the objects and the data
    are built, right before a POST (to take a snapshot of what is written)."""
    client.force_login(world.user(role))
    url = (
        _demande_url(world, name, obj)
        or agenda_access.url_for(world, name, obj)
        or edition_access.url_for(world, name, obj)
        or merge_access.url_for(world, name, obj)
        or offres_access.url_for(world, name, obj)
        or immersions_access.url_for(world, name, obj)
        or employeurs_access.url_for(world, name, obj)
        or bourse_access.url_for(world, name, obj)
        or parrainage_access.url_for(world, name, obj)
        or (reverse(name, args=[world.jeunes[obj].pk]) if obj else reverse(name))
    )
    if method == "POST":
        builder = POST_DATA.get(name)
        data = builder(world, world.jeunes[obj] if obj else None) if builder else _contact_data()
        if before_post is not None:
            before_post()
        return client.post(url, data)
    return client.get(url)


def written() -> tuple[int, ...]:
    """What a write leaves: the row count of every fact model and the journal's change entries
    (a change of an existing row is a journal entry)."""
    from tests.test_doors import fact_models
    from trajectoires.agenda.models import SessionCollective
    from trajectoires.edition.models import Edition, PageLibre
    from trajectoires.rgpd.models import AuditEntry

    others = (SessionCollective, Edition, PageLibre)  # no one's personal data: not in the journal
    counts = [model._default_manager.count() for model in (*fact_models(), *others)]
    return (*counts, AuditEntry.objects.exclude(action=AuditEntry.Action.ACCESS).count())


# Successful POSTs (302) that write nothing in the matrix's world, and why.
NO_OP_WRITES = {
    ("agenda:session_inscrire", "portefeuille"): "already registered to the matrix's session: refused in French",
    ("accueil:suivant", None): "nobody waiting in the matrix's world: 'la file est vide'",
    ("edition:page_edit", None): "a free page's text changed: no row added, no journal entry (no personal data)",
    # An offer changed, published or closed: no row added, no journal entry (an offer names
    # nobody); what they write is asserted in tests/workspace/test_offres.py.
    **{(name, obj): "an offer's fields change (tests/workspace/test_offres.py)"
       for name in ("workspace:offre_modifier", "workspace:offre_publier", "workspace:offre_cloturer")
       for obj in OBJECTS},
    **immersions_access.NO_OP_WRITES,
    # An employer's or a person's details changed: no row added, no journal entry (no young
    # person's data); what is written is asserted in tests/workspace/test_employeurs.py.
    **{(name, obj): "an employer's details changed (tests/workspace/test_employeurs.py)"
       for name in ("workspace:employeur_modifier", "workspace:interlocuteur") for obj in OBJECTS},
    **bourse_access.NO_OP_WRITES,
}


def test_every_workspace_url_has_its_rows():
    names = {f"{u.app_name}:{p.name}" for u in (urls, rgpd_urls) for p in u.urlpatterns}
    names |= {f"{u.app_name}:{p.name}" for u in agenda_access.URLCONFS for p in u.urlpatterns}
    names |= {f"{u.app_name}:{p.name}" for u in immersions_access.URLCONFS for p in u.urlpatterns}
    names |= {f"{u.app_name}:{p.name}" for u in bourse_access.URLCONFS for p in u.urlpatterns}
    names |= {f"{u.app_name}:{p.name}" for u in parrainage_access.URLCONFS for p in u.urlpatterns}
    names |= {f"{u.app_name}:{p.name}" if hasattr(u, "app_name") else p.name
              for u in edition_access.URLCONFS for p in u.urlpatterns}
    covered = {name for name, _ in MATRIX}
    assert names == covered, f"Vues sans ligne dans la matrice d'accès : {sorted(names - covered)}"
    for key, by_role in MATRIX.items():
        assert set(by_role) == set(Role), f"{key} : il manque les rôles {set(Role) - set(by_role)}"


@pytest.mark.parametrize(("name", "method", "role", "obj", "code"), _cases(MATRIX))
def test_access(client, world, name, method, role, obj, code):
    snapshots: list[tuple[int, ...]] = []
    response = _request(client, world, name, method, role, obj, before_post=lambda: snapshots.append(written()))
    assert response.status_code == CODES[code]
    if method == "POST":
        # A refused write writes nothing; an accepted one writes something (or is a known no-op).
        if code in "FN":
            assert written() == snapshots[0], "une écriture refusée a laissé des traces"
        elif (name, obj) not in NO_OP_WRITES:
            assert written() != snapshots[0], "une écriture acceptée n'a rien écrit"


def test_every_report_view_with_a_filter_has_its_sensitive_filter_rows():
    names = {f"{u.app_name}:{p.name}" if hasattr(u, "app_name") else p.name
             for u in edition_access.URLCONFS for p in u.urlpatterns}
    covered = {name for name, _ in edition_access.MATRIX_FILTRE_SENSIBLE}
    assert names - edition_access.NO_FILTER == covered, (
        f"Vues du rapport sans ligne pour le filtre sensible : {sorted(names - edition_access.NO_FILTER - covered)}"
    )
    for key, by_role in edition_access.MATRIX_FILTRE_SENSIBLE.items():
        assert set(by_role) == set(Role), f"{key} : il manque les rôles {set(Role) - set(by_role)}"


@pytest.mark.parametrize(("name", "method", "role", "obj", "code"), _cases(edition_access.MATRIX_FILTRE_SENSIBLE))
def test_access_with_a_sensitive_report_filter(client, world, name, method, role, obj, code):
    """The report restricted to a justice programme (security issue 18, finding 4)."""
    url = edition_access.sensitive_url_for(world, name)
    client.force_login(world.user(role))
    if method == "POST":
        response = client.post(url, edition_access.SENSITIVE_POST_DATA[name])
    else:
        response = client.get(url)
    assert response.status_code == CODES[code]


@override_settings(TRAJECTOIRES_CONSEILLER_ECRITURE="structure")
@pytest.mark.parametrize(("name", "method", "role", "obj", "code"), _cases(MATRIX_ECRITURE_STRUCTURE))
def test_access_when_counsellors_write_to_the_whole_structure(client, world, name, method, role, obj, code):
    snapshots: list[tuple[int, ...]] = []
    response = _request(client, world, name, method, role, obj, before_post=lambda: snapshots.append(written()))
    assert response.status_code == CODES[code]
    if method == "POST" and code in "FN":
        assert written() == snapshots[0], "une écriture refusée a laissé des traces"


@pytest.mark.parametrize("name", ["workspace:search", "workspace:portefeuille"])
def test_anonymous_users_are_sent_to_the_login_page(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_users_cannot_open_a_file(client, world):
    response = client.get(reverse("workspace:jeune", args=[world.jeunes["portefeuille"].pk]))
    assert response.status_code == 302


def test_a_user_without_structure_sees_nothing(client, world):
    user = world.user(Role.DIRECTION)
    user.structure = None
    user.save()
    client.force_login(user)
    assert client.get(reverse("workspace:jeune", args=[world.jeunes["portefeuille"].pk])).status_code == 404
    assert client.get(reverse("workspace:search")).status_code == 403


def test_a_mentor_loses_access_when_the_pairing_ends(client, world):
    pairing = world.jeunes["filleul"].parrainages.get()
    pairing.date_fin = dt.date(2024, 12, 31)
    pairing.issue = "solution"
    pairing.save()
    client.force_login(world.user(Role.PARRAIN))
    assert client.get(reverse("workspace:jeune", args=[world.jeunes["filleul"].pk])).status_code == 404


def test_an_unknown_file_is_a_404(client, world):
    client.force_login(world.user(Role.DIRECTION))
    assert client.get(reverse("workspace:jeune", args=[999_999])).status_code == 404


def test_forbidden_pages_say_why_in_french(client, world):
    client.force_login(world.user(Role.ADMINISTRATEUR))
    response = client.get(reverse("workspace:search"))
    assert response.status_code == 403
    assert "Votre rôle ne donne pas accès à cette page." in response.content.decode()
    client.force_login(world.user(Role.DIRECTION))
    response = client.get(reverse("workspace:jeune", args=[world.jeunes["ailleurs"].pk]))
    assert "ne fait pas partie de ce que votre rôle permet de consulter" in response.content.decode()
