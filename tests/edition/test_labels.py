"""An indicator's label lives once, in its declaration (rapports/indicators.py): the report's
pages, its annex, the drill-down titles and the direction's home all show that one, and
edition/labels.py holds no label of an indicator (issue 16)."""

from __future__ import annotations

from tests.edition.sample import sample_context, sample_report
from trajectoires.agenda.home import KEY_FIGURES
from trajectoires.edition import labels as L
from trajectoires.edition.document import Kpis, Table, build_document
from trajectoires.edition.views import drill_label
from trajectoires.rapports.engine import definitions
from trajectoires.rapports.indicators import BY_ID, INDICATORS


def test_edition_labels_hold_no_indicator_label():
    for name in dir(L):
        table = getattr(L, name)
        if not isinstance(table, dict) or table is BY_ID or name == "POPULATIONS":
            continue
        assert not set(table) & set(BY_ID), f"edition.labels.{name} labels indicators: {set(table) & set(BY_ID)}"
    assert L.POPULATIONS == {key: BY_ID[key].label for key in L.POPULATIONS}


def test_the_annex_and_the_pages_show_the_declared_label():
    annex = {row["id"]: row["libelle"] for row in definitions() if row["section"] == "indicateurs"}
    assert annex == {i.id: i.label for i in INDICATORS}

    document = build_document(sample_report(), sample_context())
    shown: dict[str, str] = {}  # indicator -> label of a key figure or table row referring to it
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Kpis):
                for kpi in block.items:
                    if kpi.value.ref and kpi.value.ref.startswith("indicateurs."):
                        shown.setdefault(kpi.value.ref.removeprefix("indicateurs."), kpi.label)
    assert len(shown) >= 15
    wording = {"taux_acces_emploi": "Part ayant signé un contrat de travail"}  # section 10's caption
    for key, label in shown.items():
        assert label in (BY_ID[key].label, wording.get(key)), key
    # the section titles of the two detailed populations are their indicators' labels
    titles = [s.title for s in document.sections]
    assert BY_ID["jeunes_premier_accueil"].label in titles and BY_ID["jeunes_accompagnes"].label in titles
    assert any(isinstance(b, Table) for s in document.sections for b in s.blocks)


def test_today_labels_of_the_indicators_edition_used_to_override():
    """The labels the report showed before issue 16 (edition/labels.py's INDICATEURS): the same
    on screen, PDF and XLSX; now also in the annex."""
    assert {k: BY_ID[k].label for k in (
        "jeunes_premier_accueil", "part_entretien_contact", "contrats_emploi_classique", "jeunes_acces_emploi",
        "taux_acces_emploi", "immersions_pmsmp_jeunes", "immersions_total", "volontariat_service_civique_jeunes",
        "acteurs_economiques_nouveaux",
    )} == {
        "jeunes_premier_accueil": "Jeunes reçus pour la première fois",
        "part_entretien_contact": "Part des jeunes reçus en entretien individuel parmi les jeunes en contact",
        "contrats_emploi_classique": "Contrats de travail (hors alternance)",
        "jeunes_acces_emploi": "Jeunes accompagnés ayant accédé à l'emploi",
        "taux_acces_emploi": "Part des jeunes accompagnés ayant accédé à l'emploi",
        "immersions_pmsmp_jeunes": "Jeunes en immersion PMSMP",
        "immersions_total": "Immersions",
        "volontariat_service_civique_jeunes": "Jeunes en service civique",
        "acteurs_economiques_nouveaux": "Nouveaux acteurs économiques en contact",
    }


def test_drill_titles_and_home_use_the_declared_label():
    for indicator in INDICATORS:
        if "." not in indicator.id:
            assert drill_label(f"indicateurs.{indicator.id}") == indicator.label
    for key, label in KEY_FIGURES:
        assert label == BY_ID[key].label[0].lower() + BY_ID[key].label[1:]


def test_a_frozen_edition_keeps_its_annex_and_its_pages_read_the_declarations():
    """An edition frozen before the labels moved holds the engine's definitions of that day
    (here: other labels): its annex shows them as frozen, its pages the declared labels, as the
    pages of a frozen edition always did (they were read from the code, edition/labels.py)."""
    ctx = sample_context()
    ctx.definitions = [
        dict(row, libelle=f"Ancien libellé de {row['id']}") if row["section"] == "indicateurs" else row
        for row in ctx.definitions
    ]
    document = build_document(sample_report(), ctx)
    kpis = {
        kpi.value.ref.removeprefix("indicateurs."): kpi.label
        for section in document.sections[:3]
        for block in section.blocks
        if isinstance(block, Kpis)
        for kpi in block.items
        if kpi.value.ref and kpi.value.ref.startswith("indicateurs.")
    }
    assert kpis and all(label == BY_ID[key].label for key, label in kpis.items())
    annex = {d.id: d.label for d in document.definitions if d.section == "indicateurs"}
    assert annex["jeunes_premier_accueil"] == "Ancien libellé de jeunes_premier_accueil"
