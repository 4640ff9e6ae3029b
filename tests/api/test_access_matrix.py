"""Role × API endpoint × object: every expected answer comes from the one table below, like
tests/workspace/test_access_matrix.py (same objects, same codes: A = 200, F = 403 in scope but
not allowed, N = 404 out of scope). Every URL of the API must have its rows (a test fails
otherwise), so no endpoint can be added without deciding who may use it. The table is played
with a personal token; a sample is replayed with the browser session."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.api.conftest import bearer
from tests.workspace.test_access_matrix import CODES, OBJECTS
from trajectoires.accounts.enums import Role
from trajectoires.api import endpoints


D, C, AC, RE, RP, P, AD = (
    Role.DIRECTION,
    Role.CONSEILLER,
    Role.ACCUEIL,
    Role.RELATIONS_ENTREPRISES,
    Role.REPERAGE,
    Role.PARRAIN,
    Role.ADMINISTRATEUR,
)

# The file's timeline (contacts, programmes, situations): the TIMELINE capability.
_TIMELINE = {D: "AAAAAAN", C: "AAAAAAN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}

# url name -> role -> one code per object of OBJECTS, or a single code for URLs without an object.
API_MATRIX: dict[str, dict[Role, str]] = {
    "api:jeunes": {D: "A", C: "A", AC: "A", RE: "A", RP: "A", P: "A", AD: "F"},
    "api:jeune": {
        D: "AAAAAAN", C: "AAAAAAN", AC: "AAAAAAN", RE: "NNNNNAN", RP: "NNNNANN", P: "NNNANNN", AD: "NNNNNNN",
    },
    "api:contacts": _TIMELINE,
    "api:dispositifs": _TIMELINE,
    "api:situations": _TIMELINE,
    "api:rapport": {D: "A", C: "A", AC: "A", RE: "A", RP: "A", P: "F", AD: "A"},
    # The schema and its documentation page: staff roles only (not volunteer mentors).
    "api:openapi-json": {D: "A", C: "A", AC: "A", RE: "A", RP: "A", P: "F", AD: "A"},
    "api:openapi-view": {D: "A", C: "A", AC: "A", RE: "A", RP: "A", P: "F", AD: "A"},
    # ninja's root (it only names the prefix): nothing there.
    "api:api-root": {D: "N", C: "N", AC: "N", RE: "N", RP: "N", P: "N", AD: "N"},
}
QUERY = {"api:rapport": "?debut=2025-01-01&fin=2025-12-31"}
# The report restricted to a justice or health programme (security issue 18, finding 4): only
# the roles that see sensitive items (accounts/perms.py, `require_report_filter`).
API_FILTRE_SENSIBLE: dict[str, dict[Role, str]] = {
    "api:rapport": {D: "A", C: "A", AC: "F", RE: "F", RP: "F", P: "F", AD: "F"},
}
SENSITIVE_FILTERS = ("dispositif:jsmj_mf", "dispositif:jsmj_mo", "dispositif:psychologue", "dispositif:sante")


def _cases() -> list:
    cases = []
    for name, by_role in API_MATRIX.items():
        for role, codes in by_role.items():
            if len(codes) == 1:
                cases.append(pytest.param(name, role, None, codes, id=f"{name}-{role}"))
            else:
                assert len(codes) == len(OBJECTS), (name, role)
                for obj, code in zip(OBJECTS, codes, strict=True):
                    cases.append(pytest.param(name, role, obj, code, id=f"{name}-{role}-{obj}"))
    return cases


def _url(world, name: str, obj: str | None) -> str:  # type: ignore[no-untyped-def]
    url = reverse(name, kwargs={"jeune_id": world.jeunes[obj].pk}) if obj else reverse(name)
    return url + QUERY.get(name, "")


def test_every_api_url_has_its_rows():
    patterns, _, _ = endpoints.api.urls
    names = {f"api:{p.name}" for p in patterns}
    assert names == set(API_MATRIX), f"URL de l'API sans ligne dans la matrice : {sorted(names - set(API_MATRIX))}"
    for name, by_role in API_MATRIX.items():
        assert set(by_role) == set(Role), f"{name} : il manque les rôles {set(Role) - set(by_role)}"


@pytest.mark.parametrize(("name", "role", "obj", "code"), _cases())
def test_api_access_with_a_token(client, world, tokens, name, role, obj, code):
    response = client.get(_url(world, name, obj), **bearer(tokens[role]))
    assert response.status_code == CODES[code], response.content[:300]
    if code != "A" and "openapi" not in name and name != "api:api-root":
        assert response.json()["detail"]  # a French sentence, not an HTML page


@pytest.mark.parametrize("filtre", SENSITIVE_FILTERS)
@pytest.mark.parametrize(("name", "role", "code"), [
    pytest.param(name, role, code, id=f"{name}-{role}") for name, by_role in API_FILTRE_SENSIBLE.items()
    for role, code in by_role.items()
])
def test_api_report_with_a_sensitive_filter(client, world, tokens, name, role, code, filtre):
    response = client.get(f"{_url(world, name, None)}&filtre={filtre}", **bearer(tokens[role]))
    assert response.status_code == CODES[code], response.content[:300]
    if code != "A":  # a French sentence; the mentor does not read the report at all
        expected = "Votre rôle" if role is P else "réservé à la direction et aux conseillers"
        assert expected in response.json()["detail"]


def test_every_report_endpoint_has_its_sensitive_filter_rows():
    for name, by_role in API_FILTRE_SENSIBLE.items():
        assert name in API_MATRIX and set(by_role) == set(Role)


@pytest.mark.parametrize(
    ("name", "role", "obj"),
    [("api:jeune", P, "filleul"), ("api:jeune", P, "autre"), ("api:contacts", AC, "suivi"), ("api:jeunes", AD, None),
     ("api:situations", C, "ailleurs"), ("api:openapi-view", RE, None), ("api:openapi-view", P, None)],
)
def test_the_session_gives_the_same_answers(client, world, name, role, obj):
    client.force_login(world.user(role))
    code = API_MATRIX[name][role] if obj is None else API_MATRIX[name][role][OBJECTS.index(obj)]
    assert client.get(_url(world, name, obj)).status_code == CODES[code]


@pytest.mark.parametrize("name", ["api:jeunes", "api:rapport", "api:openapi-json"])
def test_anonymous_requests_are_refused(client, world, name):
    response = client.get(_url(world, name, None))
    if name == "api:openapi-json":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 401
        assert "Authentification requise" in response.json()["detail"]
