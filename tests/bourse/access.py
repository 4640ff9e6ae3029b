"""Rows of the staff access matrix (tests/workspace/test_access_matrix.py) for the job board:
its staff pages (`bourse_equipe:*`) and its public pages (`bourse:*`) opened with a staff
session, with the objects each URL needs (tests/bourse/helpers.py `make_board`).

Staff pages act on job-board rows of the users' Mission Locale (one code: 404 only for the
administrator, whose scope is empty), except linking a young person's account, whose object is
the matrix's young person it is linked to (the write scope of the file, like a contact).
Public pages answer every staff role like anyone (200); the board's account pages do not know a
staff session: they send it to the board's login (302) and write nothing. The answers of the
board's own accounts are in tests/bourse/test_board_access.py."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from tests.bourse.helpers import PASSWORD, compte, login_compte, make_board
from trajectoires.accounts.enums import Role
from trajectoires.bourse import staff_urls, urls as bourse_urls
from trajectoires.bourse.enums import TypeCompte
from trajectoires.bourse.models import Compte


URLCONFS = (bourse_urls, staff_urls)

D, C, AC, RE, RP, P, AD = (
    Role.DIRECTION, Role.CONSEILLER, Role.ACCUEIL, Role.RELATIONS_ENTREPRISES, Role.REPERAGE, Role.PARRAIN,
    Role.ADMINISTRATEUR,
)


def _all(code: str) -> dict[Role, str]:
    return {role: code for role in Role}


_MODERATION_GET = {D: "A", C: "F", AC: "F", RE: "A", RP: "F", P: "F", AD: "N"}
_MODERATION_POST = {D: "R", C: "F", AC: "F", RE: "R", RP: "F", P: "F", AD: "N"}
_CANDIDATURES_GET = {D: "A", C: "A", AC: "F", RE: "A", RP: "F", P: "F", AD: "N"}
_CANDIDATURES_POST = {D: "R", C: "R", AC: "F", RE: "R", RP: "F", P: "F", AD: "N"}

MATRIX: dict[tuple[str, str], dict[Role, str]] = {
    # Staff pages.
    ("bourse_equipe:tableau", "GET"): {D: "A", C: "A", AC: "F", RE: "A", RP: "F", P: "F", AD: "F"},
    ("bourse_equipe:compte_employeur", "GET"): _MODERATION_GET,
    ("bourse_equipe:compte_employeur", "POST"): _MODERATION_POST,
    ("bourse_equipe:compte_jeune", "GET"): {D: "A", C: "A", AC: "F", RE: "F", RP: "F", P: "F", AD: "N"},
    # Linking to the object's file: the write scope of that file (Claire: `portefeuille`, `suivi`).
    ("bourse_equipe:compte_jeune", "POST"): {
        D: "RRRRRRN", C: "RRFFFFN", AC: "FFFFFFF", RE: "FFFFFFF", RP: "FFFFFFF", P: "FFFFFFF", AD: "NNNNNNN",
    },
    ("bourse_equipe:offre", "GET"): _CANDIDATURES_GET,
    ("bourse_equipe:offre", "POST"): _MODERATION_POST,  # publish
    ("bourse_equipe:mise_en_relation", "POST"): _CANDIDATURES_POST,
    ("bourse_equipe:cv", "GET"): _CANDIDATURES_GET,
    # Public pages: anyone.
    ("bourse:accueil", "GET"): _all("A"),
    ("bourse:offres", "GET"): _all("A"),
    ("bourse:offre", "GET"): _all("A"),
    ("bourse:inscription_employeur", "GET"): _all("A"),
    ("bourse:inscription_employeur", "POST"): _all("R"),  # a new board account (the session stays staff)
    ("bourse:inscription_jeune", "GET"): _all("A"),
    ("bourse:inscription_jeune", "POST"): _all("R"),
    ("bourse:inscription_envoyee", "GET"): _all("A"),
    ("bourse:confirmer", "GET"): _all("A"),
    ("bourse:confirmer", "POST"): _all("R"),
    ("bourse:connexion", "GET"): _all("A"),
    ("bourse:connexion", "POST"): _all("R"),
    ("bourse:deconnexion", "POST"): _all("R"),
    # Board accounts' pages: a staff session is not a board account.
    ("bourse:espace", "GET"): _all("R"),
    ("bourse:offre_nouvelle", "GET"): _all("R"),
    ("bourse:offre_nouvelle", "POST"): _all("R"),
    ("bourse:candidatures", "GET"): _all("R"),
    ("bourse:cv", "GET"): _all("R"),
    ("bourse:postuler", "GET"): _all("R"),
    ("bourse:postuler", "POST"): _all("R"),
}

# Successful POSTs that write nothing, and why (merged into the matrix's NO_OP_WRITES).
_NOT_A_BOARD_ACCOUNT = "a staff session is not a board account: sent to the board's login, nothing written"
NO_OP_WRITES = {
    ("bourse_equipe:offre", None): "publishing changes the offer's status and its moderation row: no row added, "
                                   "and offers are not in the journal (no personal data)",
    ("bourse:connexion", None): "a board login writes only the account's last login time (not journaled)",
    ("bourse:deconnexion", None): "a logout writes nothing",
    ("bourse:offre_nouvelle", None): _NOT_A_BOARD_ACCOUNT,
    ("bourse:postuler", None): _NOT_A_BOARD_ACCOUNT,
}


def _board(world):  # type: ignore[no-untyped-def]
    cached = getattr(world, "_board", None)
    if cached is None:
        cached = world._board = make_board(world)
    return cached


def _non_confirme(world) -> Compte:  # type: ignore[no-untyped-def]
    return Compte.objects.filter(email="nouveau@exemple.fr").first() or compte(
        world.structure, TypeCompte.JEUNE, "nouveau@exemple.fr", email_confirme_le=None
    )


def url_for(world, name: str, obj: str | None) -> str | None:  # type: ignore[no-untyped-def]
    if not name.startswith(("bourse:", "bourse_equipe:")):
        return None
    b = _board(world)
    code = world.structure.code
    urls = {
        "bourse_equipe:compte_employeur": lambda: reverse(name, args=[b.employeur_attente.pk]),
        "bourse_equipe:compte_jeune": lambda: reverse(name, args=[b.jeune_libre.pk]),
        "bourse_equipe:offre": lambda: reverse(name, args=[b.depot_attente.offre_id]),
        "bourse_equipe:mise_en_relation": lambda: reverse(name, args=[b.candidature.pk]),
        "bourse_equipe:cv": lambda: reverse(name, args=[b.candidature.pk]),
        "bourse:offre": lambda: reverse(name, args=[code, b.offre.pk]),
        "bourse:postuler": lambda: reverse(name, args=[code, b.offre_autre_employeur.pk]),
        "bourse:candidatures": lambda: reverse(name, args=[code, b.offre.pk]),
        "bourse:cv": lambda: reverse(name, args=[code, b.candidature.pk]),
        "bourse:confirmer": lambda: reverse(name, args=[code, signing.dumps(_non_confirme(world).pk,
                                                                             salt="trajectoires.bourse.confirmation")]),
    }
    if name in urls:
        return urls[name]()
    if name in ("bourse:accueil", "bourse_equipe:tableau"):
        return reverse(name)
    return reverse(name, args=[code])


def _inscription(type_: str):  # type: ignore[no-untyped-def]
    def data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
        base = {"prenom": "Camille", "nom": "Roux", "email": f"camille.{type_}@exemple.fr", "telephone": "",
                "password": PASSWORD, "password2": PASSWORD}
        if type_ == TypeCompte.EMPLOYEUR:
            return base | {"raison_sociale": "Menuiserie Roux", "siret": "73282932000074"}
        return base | {"date_naissance": "2005-04-03"}
    return data


POST_DATA = {
    "bourse_equipe:compte_employeur": lambda world, jeune: {"decision": "rattacher", "employeur": "nouveau"},
    "bourse_equipe:compte_jeune": lambda world, jeune: {"jeune": str(jeune.pk)},
    "bourse_equipe:offre": lambda world, jeune: {"decision": "publier"},
    "bourse_equipe:mise_en_relation": lambda world, jeune: {},
    "bourse:inscription_employeur": _inscription(TypeCompte.EMPLOYEUR),
    "bourse:inscription_jeune": _inscription(TypeCompte.JEUNE),
    "bourse:confirmer": lambda world, jeune: {},
    "bourse:connexion": lambda world, jeune: {"email": "lea@exemple.fr", "password": PASSWORD},
    "bourse:deconnexion": lambda world, jeune: {},
    "bourse:offre_nouvelle": lambda world, jeune: offre_data(world),
    "bourse:postuler": lambda world, jeune: postuler_data(),
}


def offre_data(world) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from tests.factories import CommuneFactory
    from trajectoires.structures.models import Commune

    commune = Commune.objects.filter(structure=world.structure).first() or CommuneFactory(
        structure=world.structure, ext_id="25056", nom="Besançon")
    return {"intitule": "Apprenti boulanger", "type_contrat": "apprentissage", "rome": "D1102",
            "description": "Fabrication du pain.", "commune_poste": commune.ext_id, "heures_hebdo": "35"}


def postuler_data() -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.bourse.helpers import pdf_bytes

    return {"message": "Bonjour, je suis intéressé.", "partage_email": "on",
            "cv": SimpleUploadedFile("cv.pdf", pdf_bytes(), content_type="application/pdf")}


# Writes made by a board account in tests/test_write_paths.py (the staff matrix's writer is a
# staff session, which these pages send away): url name -> which account.
BOARD_WRITERS = {"bourse:offre_nouvelle": "employeur", "bourse:postuler": "jeune"}


def board_request(client, world, name: str):  # type: ignore[no-untyped-def]
    """The POST of `name` by the board account that may make it."""
    b = _board(world)
    login_compte(client, getattr(b, BOARD_WRITERS[name]))
    return client.post(url_for(world, name, None), POST_DATA[name](world, None))
