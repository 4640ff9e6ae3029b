"""Board account × URL: the job board's own accounts (docs/bourse.md) and anonymous visitors
over every board URL, and a sample of staff pages and API endpoints, which a board account never
reaches (it is not a staff session: 302 to the staff login, 401 from the API). Codes as in the
staff matrix: A = 200, R = 302, F = 403, N = 404, U = 401.

Who: `anonyme`; `employeur` (attached to its employer file, posted `offre`); `attente` (an
employer's account not checked yet); `jeune` (linked to a file, applied to `offre`);
`libre` (a young person's account not linked yet); `ailleurs` (a young person's account of
the other Mission Locale, on this Mission Locale's board)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.bourse.access import URLCONFS
from tests.bourse.helpers import login_compte, make_board
from tests.test_doors import fact_models
from trajectoires.bourse import urls as bourse_urls


WHO = ("anonyme", "employeur", "attente", "jeune", "libre", "ailleurs")
CODES = {"A": 200, "R": 302, "F": 403, "N": 404, "U": 401}

# (case, url name, method) -> one code per account of WHO. Cases name the object when a URL is
# played on several.
MATRIX: dict[tuple[str, str, str], str] = {
    ("", "bourse:accueil", "GET"): "AAAAAA",
    ("", "bourse:offres", "GET"): "AAAAAA",
    ("publiee", "bourse:offre", "GET"): "AAAAAA",
    ("a_valider", "bourse:offre", "GET"): "NNNNNN",  # not published: exists for nobody
    ("", "bourse:inscription_employeur", "GET"): "AAAAAA",
    ("", "bourse:inscription_jeune", "GET"): "AAAAAA",
    ("", "bourse:inscription_envoyee", "GET"): "AAAAAA",
    ("", "bourse:confirmer", "GET"): "AAAAAA",
    ("", "bourse:connexion", "GET"): "AAAAAA",
    ("", "bourse:deconnexion", "POST"): "RRRRRR",
    ("", "bourse:espace", "GET"): "RAAAAN",
    ("", "bourse:offre_nouvelle", "GET"): "RAFNNN",
    ("", "bourse:offre_nouvelle", "POST"): "RRFNNN",
    ("sienne", "bourse:candidatures", "GET"): "RANNNN",
    ("autre_employeur", "bourse:candidatures", "GET"): "RNNNNN",
    ("sienne", "bourse:cv", "GET"): "RAN" "ANN",  # the employer of the offer, the young person who sent it
    ("autre_jeune", "bourse:cv", "GET"): "RANNNN",  # another young person's CV: not for `jeune`
    ("", "bourse:postuler", "GET"): "RNNAAN",
    ("", "bourse:postuler", "POST"): "RNNRRN",
    # Staff pages and the API: never for a board account.
    ("", "workspace:search", "GET"): "RRRRRR",
    ("", "workspace:jeune", "GET"): "RRRRRR",
    ("", "home", "GET"): "RRRRRR",
    ("", "edition:report", "GET"): "RRRRRR",
    ("", "bourse_equipe:tableau", "GET"): "RRRRRR",
    ("", "bourse_equipe:offre", "GET"): "RRRRRR",
    ("", "bourse_equipe:cv", "GET"): "RRRRRR",
    ("", "bourse_equipe:mise_en_relation", "POST"): "RRRRRR",
    ("", "bourse_equipe:compte_jeune", "POST"): "RRRRRR",
    ("", "api:jeunes", "GET"): "UUUUUU",
    ("", "api:jeune", "GET"): "UUUUUU",
}


# The POSTs that succeed (and write); any other POST of the matrix writes nothing.
WRITES = {("bourse:offre_nouvelle", "employeur"), ("bourse:postuler", "jeune"), ("bourse:postuler", "libre")}


def _url(world, b, case: str, name: str) -> str:  # type: ignore[no-untyped-def]
    from django.core import signing

    code = world.structure.code
    by_name = {
        "bourse:accueil": lambda: reverse(name),
        "bourse:offre": lambda: reverse(
            name, args=[code, (b.offre if case == "publiee" else b.depot_attente.offre).pk]),
        "bourse:confirmer": lambda: reverse(name, args=[code, signing.dumps(b.jeune_libre.pk,
                                                                             salt="trajectoires.bourse.confirmation")]),
        "bourse:candidatures": lambda: reverse(
            name, args=[code, (b.offre if case == "sienne" else b.offre_autre_employeur).pk]),
        "bourse:cv": lambda: reverse(name, args=[code, (b.candidature if case == "sienne" else
                                                        b.autre_candidature).pk]),
        "bourse:postuler": lambda: reverse(name, args=[code, b.offre_autre_employeur.pk]),
        "workspace:jeune": lambda: reverse(name, args=[b.jeune.jeune_id]),
        "bourse_equipe:offre": lambda: reverse(name, args=[b.offre.pk]),
        "bourse_equipe:cv": lambda: reverse(name, args=[b.candidature.pk]),
        "bourse_equipe:mise_en_relation": lambda: reverse(name, args=[b.candidature.pk]),
        "bourse_equipe:compte_jeune": lambda: reverse(name, args=[b.jeune_libre.pk]),
        "api:jeune": lambda: reverse(name, args=[b.jeune.jeune.ext_id]),
    }
    if name in by_name:
        return by_name[name]()
    if name.startswith("bourse:"):
        return reverse(name, args=[code])
    return reverse(name)


def _data(world, name: str) -> dict:  # type: ignore[no-untyped-def]
    from tests.bourse.access import offre_data, postuler_data

    if name == "bourse:offre_nouvelle":
        return offre_data(world)
    if name == "bourse:postuler":
        return postuler_data()
    if name == "bourse_equipe:compte_jeune":
        return {"jeune": str(world.jeunes["portefeuille"].pk)}
    return {}


def _written() -> tuple[int, ...]:
    from trajectoires.bourse.models import Candidature, DepotOffre

    return tuple(m._default_manager.count() for m in (*fact_models(), Candidature, DepotOffre))


def _cases() -> list:
    return [
        pytest.param(case, name, method, who, code, id=f"{name}-{case or '_'}-{method}-{who}")
        for (case, name, method), codes in MATRIX.items()
        for who, code in zip(WHO, codes, strict=True)
    ]


def test_every_board_url_has_its_rows():
    names = {f"bourse:{p.name}" for p in bourse_urls.urlpatterns}
    assert names <= {name for _, name, _ in MATRIX}, sorted(names - {name for _, name, _ in MATRIX})
    staff = {f"{u.app_name}:{p.name}" for u in URLCONFS for p in u.urlpatterns} - names
    assert staff & {name for _, name, _ in MATRIX}, "aucune page de l'équipe dans la matrice des comptes"


@pytest.mark.parametrize(("case", "name", "method", "who", "code"), _cases())
def test_board_access(client, world, case, name, method, who, code):
    b = make_board(world)
    if who != "anonyme":
        login_compte(client, {"employeur": b.employeur, "attente": b.employeur_attente, "jeune": b.jeune,
                              "libre": b.jeune_libre, "ailleurs": b.ailleurs}[who])
    url = _url(world, b, case, name)
    if method == "POST":
        data = _data(world, name)
        before = _written()
        response = client.post(url, data)
        if (name, who) in WRITES:
            assert _written() != before, "une écriture acceptée n'a rien écrit"
        elif name != "bourse:deconnexion":
            assert _written() == before, "une écriture refusée a laissé des traces"
    else:
        response = client.get(url)
    assert response.status_code == CODES[code], response.content.decode()[:500]
    if code == "R" and not name.startswith("bourse:"):
        assert response["Location"].startswith(reverse("login")), "une page de l'équipe doit renvoyer à sa connexion"
    if code == "A":
        body = response.content.decode() if response["Content-Type"].startswith("text/html") else ""
        assert "Rechercher un jeune" not in body, "la navigation de l'équipe apparaît sur la bourse"


def test_a_board_account_never_becomes_a_staff_user(client, world):
    b = make_board(world)
    login_compte(client, b.jeune)
    response = client.get(reverse("bourse:espace", args=[world.structure.code]))
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_public_pages_show_no_personal_data(client, world):
    b = make_board(world)
    code = world.structure.code
    for url in (reverse("bourse:offres", args=[code]), reverse("bourse:offre", args=[code, b.offre.pk])):
        body = client.get(url).content.decode()
        for secret in ("Léa", "lea@exemple.fr", "Noa", "0601020304", "Test Portefeuille"):
            assert secret not in body


def test_an_application_is_made_by_a_young_persons_account(client, world):
    b = make_board(world)
    from trajectoires.bourse.models import Candidature

    login_compte(client, b.jeune_libre)
    from tests.bourse.access import postuler_data

    url = reverse("bourse:postuler", args=[world.structure.code, b.offre_autre_employeur.pk])
    assert client.post(url, postuler_data()).status_code == 302
    assert Candidature.objects.filter(compte=b.jeune_libre, offre=b.offre_autre_employeur).count() == 1
