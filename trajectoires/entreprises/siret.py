"""SIRET numbers (establishment identifiers, INSEE): 14 digits, the SIREN (9) and the NIC (5),
checked by the Luhn key. Exception: La Poste's establishments (SIREN 356 000 000) have a SIRET
whose digits add up to a multiple of 5 instead (INSEE, « Le numéro SIRET de La Poste »)."""

from __future__ import annotations


LA_POSTE_SIREN = "356000000"


def normalise(value: str) -> str:
    """Spaces, dots and dashes removed: « 732 829 320 00074 » -> « 73282932000074 »."""
    return "".join(ch for ch in value if ch not in " .-\u00a0\u202f")


def luhn_ok(digits: str) -> bool:
    """The Luhn key of a string of digits (SIREN, SIRET): the one check of the project (the
    importer's SIRET cells, the demo's generated SIRETs, the application's forms)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def siret_error(value: str) -> str | None:
    """Why `value` is not a SIRET, in French, or None."""
    digits = normalise(value)
    if not digits.isdigit() or len(digits) != 14:
        return "Un SIRET compte 14 chiffres (le SIREN de 9 chiffres puis 5 chiffres) : vérifiez la saisie."
    if digits.startswith(LA_POSTE_SIREN) and digits != LA_POSTE_SIREN + "00000":
        if sum(int(ch) for ch in digits) % 5 == 0:
            return None
    elif luhn_ok(digits):
        return None
    return "Ce SIRET n'est pas valide (sa clé de contrôle ne correspond pas) : vérifiez chaque chiffre."


def format_siret(value: str) -> str:
    """« 732 829 320 00074 »."""
    d = normalise(value)
    return f"{d[:3]} {d[3:6]} {d[6:9]} {d[9:]}" if len(d) == 14 else value
