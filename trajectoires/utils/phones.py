"""Phone numbers, French and international, with `phonenumbers` (Google's libphonenumber).

Stored in E.164 ("+33612345678"), shown in the national format for a French number
("06 12 34 56 78") and in the international format otherwise ("+44 20 7946 0958")."""

from __future__ import annotations

import phonenumbers


DEFAULT_REGION = "FR"
# Overseas departments and territories share the French numbering plan's national format.
FRENCH_REGIONS = frozenset({"FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF"})


class InvalidPhone(ValueError):
    """The French message says what to type."""


def parse_phone(text: str) -> str:
    """The number typed (spaces, dots, dashes, "+33", "0033" accepted) in E.164; "" for empty."""
    text = (text or "").strip()
    if not text:
        return ""
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise InvalidPhone(
            f"« {text} » n'est pas un numéro de téléphone : saisissez par exemple 06 12 34 56 78, ou +44 20 7946 0958 "
            "pour un numéro étranger."
        ) from None
    if not phonenumbers.is_valid_number(number):
        where = phonenumbers.region_code_for_number(number)
        hint = (
            "un numéro français a 10 chiffres, par exemple 06 12 34 56 78"
            if where in (None, "ZZ", *FRENCH_REGIONS) and number.country_code == 33
            else "vérifiez l'indicatif du pays et le nombre de chiffres"
        )
        raise InvalidPhone(f"« {text} » n'est pas un numéro de téléphone valide : {hint}.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str | None) -> str:
    """"+33612345678" -> "06 12 34 56 78"; "+442079460958" -> "+44 20 7946 0958". A stored value
    that does not parse is shown as it is."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return e164
    region = phonenumbers.region_code_for_number(number)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if region in FRENCH_REGIONS and number.country_code == 33
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def tel_uri(e164: str | None) -> str:
    """For a `tel:` link."""
    return f"tel:{e164}" if e164 else ""
