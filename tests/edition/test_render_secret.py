"""The renderers under statistical secrecy (rapports/secret.py): a masked figure is the text
"< 5" in every format, charts do not break on it, masked figures link to no list, and the legend
says what "< 5" means."""

from __future__ import annotations

import io

import openpyxl

from tests.edition.sample import sample_context, sample_report
from trajectoires.edition.charts import render_chart
from trajectoires.edition.document import Chart, build_document
from trajectoires.edition.render import prepare, render_html, render_xlsx
from trajectoires.rapports.secret import mask_report


M = "< 5"


def _masked(filtre: dict[str, str] | None) -> dict:
    report = sample_report()
    report["filtre"] = filtre
    report["dispositifs"]["jsmj_mf"] = {
        "beneficiaires": 3, "femmes": 2, "mineurs": 0, "sans_qualification": 1, "qpv": 0, "zrr": 0,
        "presents_fin_periode": 2,
    }
    report["series"]["jeunes_accompagnes"]["2020"] = 3
    return mask_report(report)


def test_a_report_restricted_to_a_counsellor_renders_with_masked_cells_and_its_legend():
    data, ctx = _masked({"cle": "conseiller", "valeur": "c1"}), sample_context()
    html = render_html(data, ctx.definitions, ctx.structure_name, ctx.data_date, context=ctx)
    assert "&lt; 5" in html and "Secret statistique" in html
    doc = build_document(data, ctx)
    charts = [b for s in doc.sections for b in s.blocks if isinstance(b, Chart)]
    serie = next(c for c in charts if c.key == "jeunes_accompagnes-serie")
    assert M in serie.texts  # the masked year is an empty bar labelled "< 5"
    assert "&lt; 5" in render_chart(serie)


def test_masked_figures_link_to_no_list():
    data, ctx = _masked(None), sample_context()
    doc, _charts = prepare(data, ctx, lambda key: f"/liste?cle={key}")
    table = next(t for s in doc.sections for t in s.tables if t.key == "dispositifs")
    row = next(r for r in table.rows if "milieu fermé" in r.label)
    # Shares of a masked population are masked too (0 women of "< 5" would still say something).
    assert [c.text for c in row.cells] == [M] * 7
    assert all(c.drill_href is None for c in row.cells)  # type: ignore[attr-defined]
    ensemble = next(r for r in table.rows if r.total)
    assert ensemble.cells[0].drill_href  # type: ignore[attr-defined]


def test_the_xlsx_writes_masked_figures_as_text_with_a_legend():
    data, ctx = _masked(None), sample_context()
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(data, ctx.definitions, ctx.structure_name, ctx.data_date,
                                                         context=ctx)))
    sheet = next(ws for ws in book.worksheets if "Dispositifs" in ws.title)
    row = next(r for r in sheet.iter_rows() if r[0].value and "milieu fermé" in str(r[0].value))
    assert row[1].value == M and row[1].data_type == "s"
    definitions = book.worksheets[-1]
    assert any(r[0].value == "Secret statistique" for r in definitions.iter_rows())
