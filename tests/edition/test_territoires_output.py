"""Section 10 (one page per sector and one for the QPVs), mentoring by level and zone and
repérage by sex and age, on the engine's own output: the PDF text and the XLSX cells read
back hold the JSON's figures; figures link to their young people on screen."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.edition.conftest import d
from tests.factories import ActionReperageFactory, EvenementFactory, ParrainageFactory, RepereFactory
from trajectoires.edition.formatting import fr_int, fr_percent, share
from trajectoires.edition.labels import category_label
from trajectoires.edition.services import render_report
from trajectoires.rapports.engine import Report, build_report
from trajectoires.rapports.periods import Period


ACC = "jeunes_accompagnes"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def num(value: float | None) -> str:
    return _norm(fr_int(value))


def pct(value: float | None) -> str:
    return _norm(fr_percent(value))


@pytest.fixture
def report(structure, dataset) -> Report:
    jeunes = dataset["jeunes"]
    jeunes[1].qpv = "QN02501M"  # lives in Besançon but in a QPV: counted in the QPV zone
    jeunes[1].save()
    ParrainageFactory(jeune=jeunes[0], date_debut=d("2024-02-01"))
    ParrainageFactory(jeune=jeunes[1], date_debut=d("2023-02-01"), date_fin=d("2024-02-01"))
    ParrainageFactory(jeune=jeunes[3], date_debut=d("2024-05-01"))
    ParrainageFactory(jeune=jeunes[5], date_debut=d("2022-01-01"), date_fin=d("2023-01-01"))  # before
    action = ActionReperageFactory(structure=structure, date=d("2024-04-01"))
    RepereFactory(action=action, date=d("2024-04-01"), sexe="f", date_naissance=d("2008-01-01"))
    RepereFactory(action=action, date=d("2024-04-02"), sexe="h")
    RepereFactory(action=action, date=d("2024-04-03"), sexe="h", jeune=jeunes[4])
    for day in ("2024-05-01", "2024-06-02", "2024-07-03"):
        EvenementFactory(jeune=jeunes[4], date=d(day), nature="atelier")
    return build_report(structure, Period.year(2024))


def _zone_pages(report: Report) -> list[str]:
    return [z for z in report.data["territoires"] if z not in ("hors_territoire", "inconnu")]


def _title(zone: str) -> str:
    label = category_label("zone", zone)
    return label if zone == "qpv" else f"Secteur : {label}"


# --- PDF ------------------------------------------------------------------------------------------
@pytest.mark.slow  # WeasyPrint: about 10 to 20 s
def test_pdf_has_one_page_per_territory_with_the_json_figures(report):
    pdf = render_report(report, "pdf")
    pages = [_norm(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]
    zones = _zone_pages(report)
    assert zones == ["Besançon", "Hors Besançon", "qpv"]
    # each territory starts a new page with its heading, followed by its key figures
    starts = {z: [i for i, p in enumerate(pages) if re.match(rf"{re.escape(_title(z))} \d", p)] for z in zones}
    assert all(len(found) == 1 for found in starts.values()), starts
    bounds = [starts[z][0] for z in zones] + [starts[zones[-1]][0] + 3]
    for k, zone in enumerate(zones):
        t = report.data["territoires"][zone]
        page = " ".join(pages[bounds[k] : bounds[k + 1]])  # the territory's page(s)
        acc = t["indicateurs"][ACC]
        assert f"{num(acc)} Jeunes accompagnés" in page, zone
        assert f"{num(t['indicateurs']['jeunes_premier_accueil'])} Jeunes reçus pour la première fois" in page
        assert f"{num(t['indicateurs']['entretiens_individuels'])} Entretiens individuels" in page
        sexe = t["repartitions"][ACC]["sexe"]
        for code, label in (("f", "Femmes"), ("h", "Hommes")):
            assert f"{label} {num(sexe[code])} {pct(share(sexe[code], acc))}" in page, (zone, code)
        comptes = t["comptes"][ACC]
        infra = comptes["infra_bac"]
        assert (
            f"Niveau inférieur au bac {num(infra)} {pct(share(infra, acc))} "
            f"{num(comptes['inconnus']['infra_bac'])}" in page
        ), zone
    text = " ".join(pages)
    # the comparative table lists every zone
    assert "Indicateur Besançon Hors Besançon Quartiers prioritaires (QPV) Hors territoire Non renseigné" in text
    row = " ".join(num(t["indicateurs"][ACC]) for t in report.data["territoires"].values())
    assert f"Jeunes accompagnés {row}" in text
    # mentoring by level, repérage by sex
    p = report.data["parrainage"]
    v = p["jeunes_par_niveau"]["v"]
    assert f"Niveau V (CAP, BEP) {num(v)} {pct(share(v, p['jeunes']))}" in text
    r = report.data["reperage"]
    h, hr = r["reperes_par_sexe"]["h"], r["remobilises_par_sexe"]["h"]
    assert (
        f"Hommes {num(h)} {pct(share(h, r['reperes']))} {num(hr)} "
        f"{pct(share(hr, r['remobilises']))}" in text
    )


# --- XLSX -----------------------------------------------------------------------------------------
def _tables(ws: Any) -> dict[str, dict[str, list[Any]]]:
    """Each table of a sheet: caption -> {row label: [cell values]} (caption row, header row,
    data rows until an empty first cell)."""
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    out: dict[str, dict[str, list[Any]]] = {}
    i = 0
    while i < len(rows) - 1:
        first, nxt = rows[i], rows[i + 1]
        is_caption = isinstance(first[0], str) and all(v is None for v in first[1:5])
        if is_caption and isinstance(nxt[0], str) and len(nxt) > 1 and isinstance(nxt[1], str):
            table: dict[str, list[Any]] = {}
            j = i + 2
            while j < len(rows) and rows[j][0] is not None and any(v is not None for v in rows[j][1:]):
                table[str(rows[j][0])] = list(rows[j][1:])
                j += 1
            out[first[0]] = table
            i = j
        else:
            i += 1
    return out


def test_xlsx_cells_are_the_json_figures(report):
    wb = openpyxl.load_workbook(io.BytesIO(render_report(report, "xlsx")))
    sheet = next(ws for ws in wb.worksheets if ws.title.startswith("10."))
    tables = _tables(sheet)
    zones = report.data["territoires"]
    compare = tables["Les territoires en chiffres"]
    for i, (zone, t) in enumerate(zones.items()):
        assert compare["Jeunes accompagnés"][i] == t["indicateurs"][ACC], zone
        assert compare["Entretiens individuels"][i] == t["indicateurs"]["entretiens_individuels"], zone
        zrr = share(t["comptes"][ACC]["zrr"], t["indicateurs"][ACC])
        assert compare["Part résidant en ZRR"][i] == (None if zrr is None else pytest.approx(zrr)), zone
    for zone in _zone_pages(report):
        t = zones[zone]
        acc = t["indicateurs"][ACC]
        for axis in ("sexe", "age", "niveau", "hebergement"):
            table = next(
                v
                for c, v in tables.items()
                if c.startswith(f"{_title(zone)} – jeunes accompagnés par") and _axis_of(c) == axis
            )
            for code, count in t["repartitions"][ACC][axis].items():
                cells = table[category_label(axis, code)]
                assert cells[0] == count, (zone, axis, code)
                assert cells[1] == (None if acc == 0 else pytest.approx(count / acc))
        profil = tables[f"{_title(zone)} – profil des jeunes accompagnés"]
        comptes = t["comptes"][ACC]
        assert profil["Possèdent une automobile"][0] == comptes["automobile"]
        assert profil["Au moins un enfant à charge"][2] == comptes["inconnus"]["enfants"]

    parrainage = _tables(next(ws for ws in wb.worksheets if ws.title.startswith("8.")))
    p = report.data["parrainage"]
    for key, caption, axis in (
        ("jeunes_par_niveau", "Jeunes parrainés par niveau de formation", "niveau"),
        ("jeunes_par_zone", "Jeunes parrainés par lieu de résidence", "zone"),
    ):
        assert {label: cells[0] for label, cells in parrainage[caption].items()} == {
            category_label(axis, code): n for code, n in p[key].items()
        }
    reperage = _tables(next(ws for ws in wb.worksheets if ws.title.startswith("11.")))
    r = report.data["reperage"]
    for axis, word in (("sexe", "sexe"), ("age", "âge")):
        table = reperage[f"Jeunes repérés et remobilisés par {word}"]
        assert {label: (c[0], c[2]) for label, c in table.items()} == {
            category_label(axis, code): (n, r[f"remobilises_par_{axis}"][code])
            for code, n in r[f"reperes_par_{axis}"].items()
        }


_AXIS_WORDS = {"sexe": "sexe", "âge": "age", "niveau de formation": "niveau", "hébergement": "hebergement"}


def _axis_of(caption: str) -> str:
    return _AXIS_WORDS.get(caption.rsplit(" par ", 1)[1], "")


def test_xlsx_and_json_agree_on_every_zone_total(report):
    data: Mapping[str, Any] = report.data
    assert sum(t["indicateurs"][ACC] for t in data["territoires"].values()) == data["indicateurs"][ACC]
    assert sum(data["parrainage"]["jeunes_par_niveau"].values()) == data["parrainage"]["jeunes"]
    assert sum(data["reperage"]["reperes_par_age"].values()) == data["reperage"]["reperes"]


# --- Screen: drill-down ---------------------------------------------------------------------------
def test_territory_figures_link_to_their_young_people(client, structure, report, conseiller_user):
    client.force_login(conseiller_user)
    query = "debut=2024-01-01&fin=2024-12-31"
    html = client.get(f"{reverse('edition:report')}?{query}").content.decode()
    assert 'id="territoire-1"' in html and "Secteur : Besançon" in html
    key = "territoires.Hors Besançon.indicateurs.jeunes_accompagnes"
    assert "cle=territoires.Hors+Besan%C3%A7on.indicateurs.jeunes_accompagnes" in html
    response = client.get(reverse("edition:jeunes"), {"debut": "2024-01-01", "fin": "2024-12-31", "cle": key})
    assert response.status_code == 200
    listed = response.context["total"]
    assert listed == report.data["territoires"]["Hors Besançon"]["indicateurs"][ACC]
    assert response.context["title"] == "Secteur « Hors Besançon » – Jeunes accompagnés"
    for key, title in (
        ("parrainage.jeunes_par_niveau.v", "Jeunes parrainés – Niveau V (CAP, BEP)"),
        ("reperage.reperes_par_sexe.h", "Jeunes repérés – Hommes"),
    ):
        assert f"cle={key}" in html, key
        params = {"debut": "2024-01-01", "fin": "2024-12-31", "cle": key}
        response = client.get(reverse("edition:jeunes"), params)
        assert response.status_code == 200 and response.context["title"] == title
        assert response.context["total"] == len(report.jeunes_for(key))
