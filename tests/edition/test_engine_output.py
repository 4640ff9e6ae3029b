"""The renderers on the engine's own output (not a hand-made dict)."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from pypdf import PdfReader

from tests.edition.test_render import _display
from trajectoires.edition.services import render_report
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period


@pytest.mark.slow  # WeasyPrint: about 10 to 20 s
def test_pdf_and_xlsx_show_the_engine_figures(structure, dataset):
    report = build_report(structure, Period.year(2024))
    pdf = render_report(report, "pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
    assert structure.nom in text
    for key in (
        "jeunes_en_contact",
        "jeunes_accompagnes",
        "jeunes_premier_accueil",
        "part_accompagnes_contact",
        "entrees_emploi",
        "aides.allocation_pacea.montant",
        "aides.allocation_pacea.moyenne",
    ):
        value = report.data["indicateurs"][key]
        assert _display(key, value).replace("\u00a0", " ") in text, key
    assert "501 €" in text  # 2 × 250,50 € of PACEA allocation
    # Section 10: the report restricted to each sector of the territory.
    assert re.search(r"Indicateur Besançon Hors Besançon", text)

    wb = openpyxl.load_workbook(io.BytesIO(render_report(report, "xlsx")))
    numbers = {
        c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float))
    }
    for key, value in report.data["indicateurs"].items():
        if value is not None:
            assert any(abs(n - value) < 1e-9 for n in numbers), key
    html = render_report(report, "html")
    assert isinstance(html, str) and "Synthèse" in html
