"""CSV for people: spreadsheet-safe cells."""

from __future__ import annotations


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: str) -> str:
    """The cell `value` made inert for a spreadsheet (CSV/formula injection, OWASP).

    A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return may be run as a formula
    when a person opens the file in Excel or LibreOffice (`=cmd|' /C calc'!A0`). Such a cell
    gets a leading `'`, which spreadsheets show as text. Use it for human-facing CSV only
    (lists, statistics exports): the interchange export writes values exactly as stored, since
    `export(import(D))` must hold the rows of D.
    """
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
