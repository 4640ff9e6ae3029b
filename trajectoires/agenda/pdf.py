"""Convocation letters of a collective session, as one PDF (one page per young person).

Same approach as `trajectoires/edition/render.py`: an HTML template rendered by WeasyPrint,
tagged PDF (structure tree, language) so that screen readers can follow it."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import timezone

from trajectoires.agenda.models import Participation, SessionCollective
from trajectoires.jeunes.adresses import address_lines, town_names


def render_convocations(session: SessionCollective, participations: Iterable[Participation]) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    participations = list(participations)
    # The address block of each letter (issue 12): street, complement, postcode and commune.
    names = town_names(p.jeune for p in participations)
    for p in participations:
        p.adresse_lignes = address_lines(p.jeune, names, upper=True)
    html = render_to_string(
        "agenda/convocations_pdf.html",
        {
            "session": session,
            "participations": participations,
            "debut": timezone.localtime(session.debut),
            "aujourdhui": timezone.localdate(),
            "structure": session.structure,
        },
    )
    return HTML(string=html).write_pdf(pdf_tags=True)
