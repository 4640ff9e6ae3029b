"""The renderers show the dict's figures: PDF read back with pypdf, XLSX with openpyxl."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from pypdf import PdfReader

from tests.edition.sample import sample_context, sample_report
from trajectoires.edition.formatting import fr_change, fr_euros, fr_int, fr_percent, share
from trajectoires.edition.render import render_html, render_pdf, render_xlsx


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


@pytest.fixture(scope="module")
def pdf_text() -> tuple[str, list[str]]:
    report, ctx = sample_report(), sample_context()
    pdf = render_pdf(report, ctx.definitions, ctx.structure_name, ctx.data_date, context=ctx)
    reader = PdfReader(io.BytesIO(pdf))
    pages = [_norm(page.extract_text()) for page in reader.pages]
    return _norm("\n".join(pages)), pages


@pytest.fixture(scope="module")
def workbook() -> openpyxl.Workbook:
    report, ctx = sample_report(), sample_context()
    data = render_xlsx(report, ctx.definitions, ctx.structure_name, ctx.data_date, context=ctx)
    return openpyxl.load_workbook(io.BytesIO(data))


def _display(key: str, value: float) -> str:
    if key.startswith(("part_", "taux_")):
        return fr_percent(value)
    if key.endswith((".montant", ".moyenne")):
        return fr_euros(value)
    return fr_int(value)


def test_french_formatting():
    assert fr_int(1688) == "1\u00a0688"
    assert fr_percent(0.806) == "80,6\u00a0%"
    assert fr_euros(110406.0) == "110\u00a0406\u00a0€"
    assert fr_euros(508.78) == "508,78\u00a0€"
    assert fr_change(0.116) == "+11,6\u00a0%"
    assert fr_change(-0.0795) == "\u22128,0\u00a0%"
    assert fr_percent(None) == "–"
    assert fr_int(-1234567) == "-1\u00a0234\u00a0567"


def test_pdf_cover_and_page_numbers(pdf_text):
    text, pages = pdf_text
    assert "Mission Locale du bassin d'emploi de Besançon" in pages[0]
    assert "Année 2024" in pages[0]
    assert "Données arrêtées au 6 avril 2025" in pages[0]
    assert f"Page 2 / {len(pages)}" in pages[1]
    toc = {m.group(1): int(m.group(2)) for m in re.finditer(r"\d+\. (.+?) \.{3,} (\d+)", pages[1])}
    assert toc["Couverture"] == 1 and toc["Le territoire"] == 3
    assert list(toc.values()) == sorted(toc.values()) and len(toc) == 16
    assert "Annexe : définitions" in pages[toc["Annexe : définitions et qualité des données"] - 1]
    assert f"Page {len(pages)} / {len(pages)}" in pages[-1]


def test_pdf_sections_in_order(pdf_text):
    text, _pages = pdf_text
    titles = [
        "Le territoire",
        "Synthèse",
        "Jeunes reçus pour la première fois",
        "Jeunes accompagnés",
        "Dispositifs et formations",
        "Suivi des dispositifs",
        "Parrainage",
        "Accès à l'emploi",
        "Territoires",
        "Repérage et remobilisation",
        "Obligation de formation",
        "Égalité filles-garçons",
        "Baromètre de satisfaction",
        "Pages libres",
        "Annexe : définitions",
    ]
    positions = [text.index(f"{n} {t}", text.index("Annexe : définitions") + 10) for n, t in enumerate(titles, 2)]
    assert positions == sorted(positions)


def test_pdf_holds_every_indicator_french_formatted(pdf_text):
    text, _pages = pdf_text
    report = sample_report()
    for key, value in report["indicateurs"].items():
        assert _norm(_display(key, value)) in text, key
    for key, value in report["evolutions"].items():
        if value is not None:
            assert _norm(fr_change(value)) in text, key


def test_pdf_holds_breakdowns_counts_and_shares(pdf_text):
    text, _pages = pdf_text
    report = sample_report()
    for pop in ("jeunes_premier_accueil", "jeunes_accompagnes"):
        total = report["indicateurs"][pop]
        for axis in ("sexe", "age", "niveau", "hebergement", "zone"):
            for _cat, count in report["repartitions"][pop][axis].items():
                assert _norm(f"{fr_int(count)} {fr_percent(share(count, total))}") in text, (pop, axis, _cat)
        for key, count in report["comptes"][pop].items():
            if key != "inconnus":
                assert _norm(fr_int(count)) in text
    assert "Amis, famille 566 36,0 %" in text  # origine, with its data table
    assert "CEJ – Contrat d'engagement jeune 531 46,7 %" in text  # programmes table: 248 / 531


def test_pdf_annexes(pdf_text):
    text, _pages = pdf_text
    annex = text[text.rindex("Annexe : définitions") :]
    for definition in sample_context().definitions:
        assert _norm(definition["libelle"]) in annex
        assert _norm(definition["definition"])[:60] in annex.replace("\n", " ")
    assert "Qualité des données" in annex
    assert "Niveau de formation non renseigné(e) 51 3,2 %" in annex
    assert "Résident en ZRR : inconnu 24 1,5 %" in annex


def test_pdf_charts_are_text(pdf_text):
    text, _pages = pdf_text
    assert "842 (53,6 %)" in text  # bar label of the sex chart, kept as text by matplotlib


def _numbers(ws) -> list[float]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float))]


def test_xlsx_one_sheet_per_section_and_definitions(workbook):
    names = workbook.sheetnames
    assert names[0] == "1. Couverture"
    assert names[1] == "2. Le territoire"
    assert names[-2] == "16. Qualité des données"
    assert "4. Premiers accueils" in names and all(len(n) <= 31 for n in names)
    assert names[-1] == "17. Définitions"
    defs = workbook["17. Définitions"]
    assert defs.max_row == len(sample_context().definitions) + 1


def test_xlsx_holds_the_same_numbers(workbook):
    report = sample_report()
    values = [v for ws in workbook.worksheets for v in _numbers(ws)]
    for key, value in report["indicateurs"].items():
        assert any(abs(v - value) < 1e-9 for v in values), key
    synthese = workbook["3. Synthèse"]
    rows = {r[0].value: r for r in synthese.iter_rows() if r[0].value}
    assert rows["Jeunes en contact"][1].value == 4493
    assert rows["Jeunes en contact"][2].value == pytest.approx(0.021)
    part = rows["Part des jeunes accompagnés parmi les jeunes en contact"][1]
    assert part.value == pytest.approx(0.7754) and "%" in part.number_format
    disp = workbook["6. Dispositifs et formations"]
    cej = next(r for r in disp.iter_rows() if r[0].value and str(r[0].value).startswith("CEJ"))
    assert cej[1].value == 531
    assert cej[2].value == pytest.approx(248 / 531) and "%" in cej[2].number_format
    aides = workbook["5. Jeunes accompagnés"]
    pacea = next(r for r in aides.iter_rows() if r[0].value == "Allocation PACEA")
    assert [c.value for c in pacea[1:5]] == [642, 110406.0, 217, 508.78]
    assert "€" in pacea[2].number_format


def test_xlsx_has_native_charts():
    import zipfile

    report, ctx = sample_report(), sample_context()
    data = render_xlsx(report, ctx.definitions, ctx.structure_name, ctx.data_date, context=ctx)
    charts = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 11  # origine, then series + 4 breakdowns for each of the two populations


def test_standalone_html(tmp_path):
    report, ctx = sample_report(), sample_context()
    html = render_html(report, ctx.definitions, ctx.structure_name, ctx.data_date, context=ctx)
    assert html.startswith("<!DOCTYPE html>") or html.lstrip().startswith("<!DOCTYPE html>")
    assert 'lang="fr"' in html
    assert "4\u00a0493" in html
    assert html.count("<svg") >= 10
    assert 'role="img"' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_empty_report_renders():
    ctx = sample_context()
    empty = {"format": "trajectoires-report/1", "periode": {"debut": "2024-01-01", "fin": "2024-06-30"}}
    pdf = render_pdf(empty, ctx.definitions, ctx.structure_name, ctx.data_date, context=ctx)
    text = _norm("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "Du 01/01/2024 au 30/06/2024" in text
    assert render_xlsx(empty, ctx.definitions, ctx.structure_name, ctx.data_date, context=ctx)


def test_chart_text_is_escaped():
    from trajectoires.edition.charts import render_chart
    from trajectoires.edition.document import Chart, Row, Table, Value

    table = Table("xss", '<b>titre</b> & "x"', "Site", ["Jeunes", "Part"],
                  [Row("<script>alert(1)</script>", [Value(3), Value(0.5, "pct")])])  # fmt: skip
    svg = render_chart(Chart("xss", table.caption, "barh", table, 0, 1))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<b>" not in svg


def test_chart_as_image_for_the_pages_keeps_the_svg_and_an_escaped_title():
    import base64

    from trajectoires.edition.charts import as_img, render_chart
    from trajectoires.edition.document import Chart, Row, Table, Value

    table = Table("xss", '<b>titre</b> & "x"', "Site", ["Jeunes", "Part"],
                  [Row("Besançon", [Value(3), Value(0.5, "pct")])])  # fmt: skip
    svg = render_chart(Chart("xss", table.caption, "barh", table, 0, 1))
    img = as_img(svg)
    match = re.fullmatch(
        r'<img class="chart-img" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)">', img
    )
    assert match, img
    assert match.group(2) == "&lt;b>titre&lt;/b> &amp; &quot;x&quot;"  # an attribute, no markup
    decoded = base64.b64decode(match.group(1)).decode("utf-8")
    assert decoded.startswith("<?xml") and "Besançon" in decoded and decoded.rstrip().endswith("</svg>")
