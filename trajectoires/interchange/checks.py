"""Cell checks of the interchange format, one per column kind (schema.Kind).

A check takes a non-empty cell and returns None when it is valid, or the reason it is not, in
French, saying what to do. Checks are built once per column and called for every cell, so the
hot ones (dates, codes) are dictionary or set look-ups.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from trajectoires.entreprises.siret import luhn_ok
from trajectoires.interchange.schema import MAX_CELL_LENGTH, MAX_ID_LENGTH, Column, DateRule, Kind


Check = Callable[[str], "str | None"]

MIN_DATE = date(1990, 1, 1)
# Dates up to this many years after the import day are looked up in a table; later ones
# (end dates may lie in the future) are parsed.
_DATE_TABLE_YEARS_AHEAD = 15

_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DECIMAL_SHAPE = re.compile(r"([0-9]+)(?:\.([0-9]+))?")
_INSEE_SHAPE = re.compile(r"(?:[0-9]{5}|2[AB][0-9]{3})")
_SIRET_SHAPE = re.compile(r"[0-9]{14}")

# ISO 3166-1 alpha-2 officially assigned codes, plus XK (Kosovo, in common use).
COUNTRIES = frozenset(
    [
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB",
        "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY",
        "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX",
        "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK",
        "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
        "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR",
        "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA",
        "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
        "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE",
        "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
        "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG",
        "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF",
        "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY",
        "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW", "XK",
    ]
)


def date_number(value: str) -> int:
    """A valid YYYY-MM-DD date as the integer YYYYMMDD (ages: (later - earlier) // 10000)."""
    return int(value[:4]) * 10000 + int(value[5:7]) * 100 + int(value[8:10])


def date_table(today: date) -> dict[str, int]:
    """Every date from 1990-01-01 to some years after `today`, as text -> YYYYMMDD."""
    table: dict[str, int] = {}
    day = MIN_DATE
    last = date(today.year + _DATE_TABLE_YEARS_AHEAD, 12, 31)
    one = timedelta(days=1)
    while day <= last:
        table[day.isoformat()] = day.year * 10000 + day.month * 100 + day.day
        day += one
    return table


def parse_date(value: str) -> date | None:
    """A strict YYYY-MM-DD date, or None."""
    if not _DATE_SHAPE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def date_check(rule: DateRule, today: date, table: dict[str, int]) -> Check:
    today_number = today.year * 10000 + today.month * 100 + today.day
    today_text = today.isoformat()

    def slow(value: str) -> str | None:
        parsed = parse_date(value)
        if parsed is None:
            return "date invalide : écrivez-la AAAA-MM-JJ avec une date qui existe (par exemple 2024-03-15)"
        if rule is DateRule.BIRTH:
            return None
        if parsed < MIN_DATE:
            return "date antérieure au 1990-01-01, hors de la plage plausible : vérifiez l'année"
        if rule is DateRule.PAST and parsed > today:
            return (
                f"date postérieure au jour de l'import ({today_text}) : "
                "un fait passé ne peut pas être daté dans le futur"
            )
        return None

    if rule is DateRule.PAST:

        def check(value: str) -> str | None:
            number = table.get(value)
            if number is None or number > today_number:
                return slow(value)
            return None

    else:

        def check(value: str) -> str | None:
            if value in table:
                return None
            return slow(value)

    return check


def text_limit(field: models.Field) -> int:
    """The longest text a column takes: its field's max_length, at most MAX_CELL_LENGTH."""
    limit = MAX_CELL_LENGTH
    if getattr(field, "max_length", None):
        limit = min(limit, field.max_length)
    return limit


def text_check(column: Column, field: models.Field) -> Check:
    limit = text_limit(field)
    required = column.required

    def check(value: str) -> str | None:
        if len(value) > limit:
            return f"texte trop long ({len(value)} caractères, {limit} au plus) : raccourcissez-le"
        if "\x00" in value:
            return "caractère nul (\\0) interdit : retirez-le"
        if required and value.isspace():
            return "valeur obligatoire manquante (seulement des espaces) : renseignez cette colonne"
        return None

    return check


def id_check(value: str) -> str | None:
    if len(value) > MAX_ID_LENGTH:
        return f"identifiant trop long ({len(value)} caractères, {MAX_ID_LENGTH} au plus) : raccourcissez-le"
    if "\x00" in value:
        return "caractère nul (\\0) interdit dans un identifiant : retirez-le"
    return None


def code_check(choices: tuple[str, ...]) -> Check:
    allowed = frozenset(choices)
    listed = ", ".join(choices)

    def check(value: str) -> str | None:
        if value in allowed:
            return None
        if value.lower() in allowed or value.strip() in allowed:
            return (
                f"code mal écrit : les codes s'écrivent exactement comme listés, en minuscules, sans espace ({listed})"
            )
        return f"code inconnu : utilisez l'un des codes {listed}"

    return check


def codes_check(choices: tuple[str, ...]) -> Check:
    one = code_check(choices)
    seen_valid: set[str] = set()  # the few combinations met, remembered (bounded below)

    def check(value: str) -> str | None:
        if value in seen_valid:
            return None
        reason = check_list(value)
        if reason is None and len(seen_valid) < 10_000:
            seen_valid.add(value)
        return reason

    def check_list(value: str) -> str | None:
        items = value.split("|")
        for item in items:
            if not item:
                return "liste mal formée (élément vide) : séparez les codes par un seul |"
            reason = one(item)
            if reason:
                return f"« {item} » : {reason}"
        if len(set(items)) != len(items):
            return "code répété dans la liste : citez chaque code une seule fois"
        return None

    return check


def bool_check(value: str) -> str | None:
    if value == "0" or value == "1":
        return None
    return "booléen invalide : écrivez 1 pour oui, 0 pour non, ou laissez vide si inconnu"


def int_check(field: models.Field) -> Check:
    # The portable bounds (PostgreSQL's), also on SQLite whose integers are 64-bit.
    _, maximum = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]

    def check(value: str) -> str | None:
        if not (value.isascii() and value.isdigit()):
            if value.startswith("-") and value[1:].isascii() and value[1:].isdigit():
                return "nombre négatif : un nombre entier positif ou nul est attendu"
            return "nombre entier invalide : écrivez un entier positif ou nul, en chiffres (par exemple 3)"
        if maximum is not None and int(value) > maximum:
            return f"nombre trop grand ({maximum} au plus) : vérifiez la valeur"
        return None

    return check


def decimal_check(field: models.Field) -> Check:
    max_integer_digits = field.max_digits - field.decimal_places

    def check(value: str) -> str | None:
        match = _DECIMAL_SHAPE.fullmatch(value)
        if match is None:
            if value.startswith("-"):
                return "nombre négatif : une valeur positive ou nulle est attendue"
            if "," in value:
                return "nombre invalide : utilisez le point comme séparateur décimal (par exemple 12.50)"
            return "nombre invalide : écrivez par exemple 12 ou 12.50 (point décimal, sans espace ni symbole)"
        integer, decimals = match.groups()
        if decimals is not None and len(decimals) > 2:
            return "trop de décimales : deux au plus (les centimes)"
        if len(integer.lstrip("0")) > max_integer_digits:
            return f"nombre trop grand ({max_integer_digits} chiffres avant la virgule au plus) : vérifiez la valeur"
        return None

    return check


def satisfaction_check(value: str) -> str | None:
    if value in ("1", "2", "3", "4"):
        return None
    return "réponse invalide : un entier de 1 (pas du tout satisfait) à 4 (très satisfait) est attendu"


def insee_check(value: str) -> str | None:
    if _INSEE_SHAPE.fullmatch(value):
        return None
    return "code INSEE invalide : 5 caractères, 5 chiffres ou 2A/2B suivi de 3 chiffres (par exemple 25056)"


def siret_check(value: str) -> str | None:
    if not _SIRET_SHAPE.fullmatch(value):
        return "SIRET invalide : 14 chiffres attendus, sans espace"
    if not luhn_ok(value):
        return "SIRET invalide : la clé de contrôle (Luhn) est fausse, vérifiez les chiffres"
    return None


def country_check(value: str) -> str | None:
    if value in COUNTRIES:
        return None
    if value.upper() in COUNTRIES:
        return "code pays à écrire en majuscules (ISO 3166-1 alpha-2, par exemple FR)"
    return "code pays inconnu : code ISO 3166-1 alpha-2 à deux lettres majuscules attendu (par exemple FR)"


def cell_check(column: Column, field: models.Field | None, today: date, table: dict[str, int]) -> Check:
    """The check of one column's non-empty cells."""
    kind = column.kind
    if kind is Kind.ID or kind is Kind.REF or kind is Kind.DISPOSITIF:
        return id_check
    if kind is Kind.TEXT:
        assert field is not None
        return text_check(column, field)
    if kind is Kind.DATE:
        return date_check(column.date_rule, today, table)
    if kind is Kind.BOOL:
        return bool_check
    if kind is Kind.INT:
        assert field is not None
        return int_check(field)
    if kind is Kind.DECIMAL:
        assert field is not None
        return decimal_check(field)
    if kind is Kind.CODE:
        return code_check(column.choices)
    if kind is Kind.CODES:
        return codes_check(column.choices)
    if kind is Kind.INSEE:
        return insee_check
    if kind is Kind.SIRET:
        return siret_check
    if kind is Kind.COUNTRY:
        return country_check
    if kind is Kind.SATISFACTION:
        return satisfaction_check
    raise ValueError(f"unhandled kind {kind}")
