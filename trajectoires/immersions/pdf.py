"""The PMSMP convention as a PDF (WeasyPrint, tagged, as the agenda's convocations)."""

from __future__ import annotations

import logging

from django.template.loader import render_to_string
from django.utils import timezone

from trajectoires.immersions.models import ConventionImmersion
from trajectoires.immersions.rules import SOURCE
from trajectoires.structures.models import CommuneFrance
from trajectoires.utils.phones import format_phone


def render_convention(convention: ConventionImmersion) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    html = render_to_string("immersions/convention_pdf.html", {
        "c": convention,
        "structure": convention.structure,
        "commune": commune_name(convention.employeur.commune),
        "tuteur_telephone": format_phone(convention.tuteur_telephone),
        "source": SOURCE,
        "aujourdhui": timezone.localdate(),
    })
    return HTML(string=html).write_pdf(pdf_tags=True)


def commune_name(code: str | None) -> str:
    """The commune's name for its INSEE code (never the raw code when a name exists)."""
    if not code:
        return ""
    row = CommuneFrance.objects.filter(code=code).values_list("nom", flat=True).first()
    return row or ""
