"""The three renderers of the activity report: HTML (screen or standalone file), PDF
(WeasyPrint) and XLSX (XlsxWriter). They lay out the same `Document` (document.py), built
from the engine's report dict; they never compute a figure."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from trajectoires.edition.charts import as_img, render_chart
from trajectoires.edition.document import (
    Chart,
    Document,
    Kpis,
    ReportContext,
    Table,
    Text,
    Value,
    anchor,
    build_document,
)


CSS_DIR = Path(__file__).resolve().parent / "static" / "edition"


def make_context(
    definitions: Iterable[Mapping[str, str]],
    structure_name: str,
    data_date: dt.date | dt.datetime | str,
    context: ReportContext | None = None,
) -> ReportContext:
    ctx = context or ReportContext(structure_name=structure_name, data_date="")
    ctx.structure_name = structure_name
    ctx.data_date = data_date if isinstance(data_date, str) else data_date.isoformat()
    ctx.definitions = [dict(d) for d in definitions]
    return ctx


def prepare(
    report: Mapping[str, Any],
    ctx: ReportContext,
    drill_href: Callable[[str], str | None] | None = None,
) -> tuple[Document, dict[str, str]]:
    """The document and the SVG of each chart; with `drill_href`, figures about young people
    link to the list of those young people (when it returns a URL for the figure's key). A
    figure masked by statistical secrecy ("< 5") links to no list: its length would tell."""
    doc = build_document(report, ctx)
    charts: dict[str, str] = {}
    for section in doc.sections:
        for block in section.blocks:
            if isinstance(block, Chart):
                charts[block.key] = render_chart(block)
            for value in _values(block):
                value.def_href = f"#{anchor(value.ref)}" if value.ref else None  # type: ignore[attr-defined]
                drillable = (
                    drill_href and value.drill and value.kind in ("int", "pct") and value.value is not None
                    and not value.masked
                )
                value.drill_href = drill_href(value.drill) if drillable else None  # type: ignore[attr-defined,misc]
    return doc, charts


def _values(block: object) -> Iterable[Value]:
    if isinstance(block, Kpis):
        for kpi in block.items:
            yield kpi.value
    elif isinstance(block, Chart):
        yield from _values(block.table)
    elif isinstance(block, Table):
        for row in block.rows:
            yield from row.cells


def _css(name: str) -> str:
    return (CSS_DIR / name).read_text(encoding="utf-8")


def body_context(doc: Document, charts: dict[str, str], *, links: bool, pdf: bool = False) -> dict[str, Any]:
    """`links`: the application's pages (under the strict CSP, charts as images); otherwise a file
    (PDF, downloaded HTML) with the SVG inline."""
    if links:
        charts = {k: as_img(v) for k, v in charts.items()}
    return {
        "doc": doc,
        "charts": {k: mark_safe(v) for k, v in charts.items()},  # noqa: S308 - our own matplotlib SVG
        "links": links,
        "pdf": pdf,
    }


def render_html(
    report: Mapping[str, Any],
    definitions: Iterable[Mapping[str, str]],
    structure_name: str,
    data_date: dt.date | dt.datetime | str,
    *,
    context: ReportContext | None = None,
) -> str:
    """A standalone HTML file of the report (its CSS inline, no link to the application)."""
    ctx = make_context(definitions, structure_name, data_date, context)
    doc, charts = prepare(report, ctx)
    return render_to_string(
        "edition/standalone.html",
        body_context(doc, charts, links=False) | {"css": mark_safe(_css("report.css")), "standalone": True},  # noqa: S308
    )


def render_pdf(
    report: Mapping[str, Any],
    definitions: Iterable[Mapping[str, str]],
    structure_name: str,
    data_date: dt.date | dt.datetime | str,
    *,
    context: ReportContext | None = None,
) -> bytes:
    """The printable report: A4, cover, table of contents, one section per page group,
    "Page n / N" in the footer."""
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    # WeasyPrint reports each SVG presentation attribute it reads as an unknown CSS property.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    ctx = make_context(definitions, structure_name, data_date, context)
    doc, charts = prepare(report, ctx)
    html = render_to_string(
        "edition/pdf.html",
        body_context(doc, charts, links=False, pdf=True) | {"css": mark_safe(_css("report.css") + _css("print.css"))},  # noqa: S308
    )
    # Tagged PDF (structure tree, language): screen readers can follow headings and tables.
    return HTML(string=html, base_url=str(CSS_DIR)).write_pdf(pdf_tags=True)


# --- XLSX ------------------------------------------------------------------------------------
_SHEET_FORBIDDEN = set("[]:*?/\\")
# Sheet names are at most 31 characters: short titles for the long section titles.
SHEET_TITLES = {
    "premier-accueil": "Premiers accueils",
    "obligation-formation": "Obligation de formation",
    "satisfaction": "Satisfaction",
    "annexe": "Qualité des données",
}


def _sheet_name(number: int, title: str, used: set[str]) -> str:
    name = "".join(c for c in f"{number}. {title}" if c not in _SHEET_FORBIDDEN)[:31].strip()
    base, i = name, 2
    while name.lower() in used:
        name = f"{base[:28]}~{i}"
        i += 1
    used.add(name.lower())
    return name


def render_xlsx(
    report: Mapping[str, Any],
    definitions: Iterable[Mapping[str, str]],
    structure_name: str,
    data_date: dt.date | dt.datetime | str,
    *,
    context: ReportContext | None = None,
) -> bytes:
    """One sheet per section (cover first), tables as real numbers, shares as numbers with a
    percent format, amounts in euros, and a definitions sheet."""
    import xlsxwriter

    ctx = make_context(definitions, structure_name, data_date, context)
    doc = build_document(report, ctx)
    out = io.BytesIO()
    # Text is never turned into a formula or a link: labels and free pages come from users.
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"title": doc.title, "author": doc.structure_name, "created": dt.datetime(2000, 1, 1)})
    f = {
        "title": wb.add_format({"bold": True, "font_size": 14, "font_color": "#0b5d7a"}),
        "caption": wb.add_format({"bold": True, "font_size": 11}),
        "head": wb.add_format({"bold": True, "bg_color": "#e8eef2", "border": 1, "text_wrap": True, "valign": "top"}),
        "label": wb.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "label_total": wb.add_format({"border": 1, "bold": True}),
        "int": wb.add_format({"border": 1, "num_format": "#,##0"}),
        "pct": wb.add_format({"border": 1, "num_format": "0.0%"}),
        "change": wb.add_format({"border": 1, "num_format": "+0.0%;-0.0%;0.0%"}),
        "eur": wb.add_format({"border": 1, "num_format": '#,##0.00 "€"'}),
        "dec": wb.add_format({"border": 1, "num_format": "0.0"}),
        "text": wb.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "note": wb.add_format({"italic": True, "font_color": "#4a5468", "text_wrap": True}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
    }
    used: set[str] = set()

    cover = wb.add_worksheet(_sheet_name(1, "Couverture", used))
    cover.set_column(0, 0, 90)
    cover.write(0, 0, f"Rapport d'activité – {doc.structure_name}", f["title"])
    cover.write(1, 0, doc.period_label)
    if doc.filter_label:
        cover.write(2, 0, f"Restreint à : {doc.filter_label}")
    cover.write(3, 0, doc.sources)
    cover.write(5, 0, "Une feuille par section du rapport ; les définitions sont dans la dernière feuille.", f["note"])
    if doc.secret_note:  # masked figures are text cells ("< 5"): say what they mean
        cover.write(6, 0, doc.secret_note, f["note"])

    def write_value(ws: Any, row: int, col: int, value: Value) -> None:
        if value.kind == "text" or isinstance(value.value, str):
            ws.write_string(row, col, "" if value.value is None else str(value.value), f["text"])
        elif value.value is None:
            ws.write_blank(row, col, None, f[value.kind])
        else:
            ws.write_number(row, col, float(value.value), f[value.kind])  # type: ignore[arg-type]

    def write_table(ws: Any, row: int, table: Table) -> int:
        ws.write(row, 0, table.caption, f["caption"])
        row += 1
        ws.write(row, 0, table.header, f["head"])
        for c, column in enumerate(table.columns, start=1):
            ws.write(row, c, column, f["head"])
        for r in table.rows:
            row += 1
            ws.write(row, 0, r.label, f["label_total"] if r.total else f["label"])
            for c, cell in enumerate(r.cells, start=1):
                write_value(ws, row, c, cell)
        if table.note:
            row += 1
            ws.write(row, 0, table.note, f["note"])
        return row + 2

    def write_chart(ws: Any, row: int, chart: Chart) -> int:
        """A native Excel chart beside the table (first data row is `row + 2`); its height in rows."""
        n = len(chart.labels)
        if not n:
            return 0
        first, last = row + 2, row + 1 + n
        xl = wb.add_chart({"type": "column" if chart.kind == "column" else "bar"})
        xl.add_series(
            {
                "name": chart.title,
                "categories": [ws.name, first, 0, last, 0],
                "values": [ws.name, first, 1 + chart.value_column, last, 1 + chart.value_column],
                "fill": {"color": "#0b5d7a"},
                "data_labels": {"value": True},
            }
        )
        xl.set_title({"name": chart.title, "name_font": {"size": 11}})
        xl.set_legend({"none": True})
        if chart.kind != "column":
            xl.set_y_axis({"reverse": True})  # categories top-down, in the table's order
        height_rows = max(12, n + 4)
        xl.set_size({"width": 560, "height": height_rows * 20})
        ws.insert_chart(row, 5, xl)
        return height_rows

    for section in doc.sections:
        ws = wb.add_worksheet(_sheet_name(section.number, SHEET_TITLES.get(section.slug, section.title), used))
        ws.set_column(0, 0, 48)
        ws.set_column(1, 12, 16)
        ws.write(0, 0, f"{section.number}. {section.title}", f["title"])
        row = 2
        if section.intro:
            ws.write(row, 0, section.intro, f["note"])
            row += 2
        for block in section.blocks:
            if isinstance(block, Kpis):
                ws.write(row, 0, "Chiffres clés", f["head"])
                ws.write(row, 1, "Valeur", f["head"])
                ws.write(row, 2, "Évolution sur un an", f["head"])
                for kpi in block.items:
                    row += 1
                    ws.write(row, 0, kpi.label, f["label"])
                    write_value(ws, row, 1, kpi.value)
                    if kpi.change is not None:
                        write_value(ws, row, 2, kpi.change)
                row += 2
            elif isinstance(block, Chart):
                start = row
                row = write_table(ws, row, block.table)
                row = max(row, start + write_chart(ws, start, block) + 1)
            elif isinstance(block, Table):
                row = write_table(ws, row, block)
            elif isinstance(block, Text):
                ws.write(row, 0, block.title, f["caption"])
                row += 1
                for paragraph in block.paragraphs:
                    ws.write(row, 0, paragraph, f["wrap"])
                    row += 1
                row += 1
            else:  # Heading
                ws.write(row, 0, block.title, f["caption"])
                row += 1

    ws = wb.add_worksheet(_sheet_name(len(doc.sections) + 2, "Définitions", used))
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 34)
    ws.set_column(2, 2, 40)
    ws.set_column(3, 3, 90)
    for c, head in enumerate(("Rubrique", "Identifiant", "Libellé", "Définition")):
        ws.write(0, c, head, f["head"])
    for r, d in enumerate(doc.definitions, start=1):
        ws.write(r, 0, d.section_label, f["label"])
        ws.write(r, 1, d.id, f["label"])
        ws.write(r, 2, d.label, f["label"])
        ws.write(r, 3, d.definition, f["text"])
    if doc.secret_note:
        r = len(doc.definitions) + 1
        ws.write(r, 0, "Secret statistique", f["label"])
        ws.write(r, 1, "secret_statistique", f["label"])
        ws.write(r, 2, f"« {doc.secret.get('marque')} »" if doc.secret else "", f["label"])
        ws.write(r, 3, doc.secret_note, f["text"])
    wb.close()
    return out.getvalue()
