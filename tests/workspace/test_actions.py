"""The file's actions through their pages: each one shows in the timeline and moves the report's
figure (the one engine, `build_report`, before and after)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AideFactory, EvenementFactory, InscriptionFactory, SituationFactory
from trajectoires.accounts.enums import Role
from trajectoires.aides.models import Aide, PlafondAide
from trajectoires.dispositifs.models import Inscription
from trajectoires.jeunes.models import Transfert
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period
from trajectoires.situations.models import Situation


def today() -> dt.date:
    return timezone.localdate()


def report(world, filtre=None):  # type: ignore[no-untyped-def]
    return build_report(world.structure, Period.year(today().year), filtre).data


def post(client, world, name: str, data: dict, key: str = "portefeuille", role: Role = Role.CONSEILLER):  # type: ignore[no-untyped-def]
    client.force_login(world.user(role))
    return client.post(reverse(name, args=[world.jeunes[key].pk]), data)


def journal(client, world, key: str = "portefeuille") -> str:  # type: ignore[no-untyped-def]
    return unescape(client.get(reverse("workspace:jeune", args=[world.jeunes[key].pk])).content.decode())


def test_the_file_page_lists_the_actions(client, world):
    client.force_login(world.user(Role.CONSEILLER))
    page = journal(client, world)
    for label in (
        "Modifier le profil",
        "Entrer dans un dispositif",
        "Sortir d'un dispositif",
        "Commencer une situation",
        "Terminer une situation",
        "Accorder une aide",
        "Transférer le dossier",
    ):
        assert label in page
    assert "Entrer dans un dispositif" not in journal(client, world, "autre")  # outside her write scope


def test_entering_pacea_moves_the_programme_figures(client, world):
    before = report(world)
    response = post(
        client, world, "workspace:dispositif_entree", {"dispositif": "pacea", "date_entree": today().isoformat()}
    )
    assert response.status_code == 302
    inscription = Inscription.objects.get(jeune=world.jeunes["portefeuille"])
    assert inscription.ext_id.startswith("web-") and inscription.structure == world.structure
    after = report(world)
    assert after["indicateurs"]["jeunes_entres_dispositif"] == before["indicateurs"]["jeunes_entres_dispositif"] + 1
    assert (after["suivi_dispositifs"]["pacea"]["periode"]["entrees"]
            == before["suivi_dispositifs"]["pacea"]["periode"]["entrees"] + 1)
    assert "Entrée : PACEA" in journal(client, world)


def test_entering_cej_during_a_pacea_is_refused_with_the_reason(client, world):
    InscriptionFactory(
        jeune=world.jeunes["portefeuille"], dispositif="pacea", date_entree=today() - dt.timedelta(days=40)
    )
    response = post(
        client, world, "workspace:dispositif_entree", {"dispositif": "cej", "date_entree": today().isoformat()}
    )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Rien n'est enregistré" in html and "Un PACEA et un CEJ ne peuvent pas se dérouler en même temps" in html
    assert 'aria-describedby="id_dispositif-erreur"' in html
    assert not Inscription.objects.filter(dispositif="cej").exists()


def test_garantie_jeunes_after_february_2022_is_refused(client, world):
    response = post(client, world, "workspace:dispositif_entree",
                    {"dispositif": "garantie_jeunes", "date_entree": "2022-03-01"})
    assert "a pris fin le 28/02/2022" in unescape(response.content.decode())
    assert not Inscription.objects.exists()


def test_exiting_a_programme_with_its_motive_counts_a_positive_exit(client, world):
    inscription = InscriptionFactory(
        jeune=world.jeunes["portefeuille"], dispositif="pacea", date_entree=today() - dt.timedelta(days=60)
    )
    before = report(world)["suivi_dispositifs"]["pacea"]["periode"]
    response = post(client, world, "workspace:dispositif_sortie", {
        "inscription": inscription.pk, "date_sortie": today().isoformat(), "motif_sortie": "emploi_durable",
    })
    assert response.status_code == 302
    inscription.refresh_from_db()
    assert (inscription.date_sortie, inscription.motif_sortie) == (today(), "emploi_durable")
    after = report(world)["suivi_dispositifs"]["pacea"]["periode"]
    assert after["sorties"] == before["sorties"] + 1
    assert after["sorties_positives"] == before["sorties_positives"] + 1
    assert "Sortie : PACEA" in journal(client, world) and "Motif : Emploi durable" in journal(client, world)
    # closed: it is no longer offered
    again = post(client, world, "workspace:dispositif_sortie", {
        "inscription": inscription.pk, "date_sortie": today().isoformat(), "motif_sortie": "autre",
    })
    assert again.status_code == 200 and "Choisissez un dispositif en cours" in unescape(again.content.decode())
    inscription.refresh_from_db()
    assert inscription.motif_sortie == "emploi_durable"  # the first exit stands


def test_a_pacea_exit_after_24_months_is_refused(client, world):
    entree = today().replace(year=today().year - 3)
    inscription = InscriptionFactory(jeune=world.jeunes["portefeuille"], dispositif="pacea", date_entree=entree)
    response = post(client, world, "workspace:dispositif_sortie", {
        "inscription": inscription.pk, "date_sortie": today().isoformat(), "motif_sortie": "fin_de_parcours",
    })
    assert response.status_code == 200 and "au plus 24 mois" in unescape(response.content.decode())
    inscription.refresh_from_db()
    assert inscription.date_sortie is None


def test_starting_a_job_moves_the_job_figures(client, world):
    before = report(world)["indicateurs"]
    response = post(client, world, "workspace:situation_debut", {
        "categorie": "emploi", "type": "cdi", "date_debut": today().isoformat(), "date_fin": "",
    })
    assert response.status_code == 302
    assert Situation.objects.get(jeune=world.jeunes["portefeuille"]).ext_id.startswith("web-")
    after = report(world)["indicateurs"]
    assert after["entrees_emploi"] == before["entrees_emploi"] + 1
    assert after["contrats_emploi_classique"] == before["contrats_emploi_classique"] + 1
    assert "Début : CDI (emploi)" in journal(client, world)


def test_a_type_must_belong_to_its_category(client, world):
    response = post(client, world, "workspace:situation_debut", {
        "categorie": "immersion", "type": "cdi", "date_debut": today().isoformat(),
    })
    assert response.status_code == 200
    assert "choisissez parmi : PMSMP, Stage, Autre" in unescape(response.content.decode())
    assert not Situation.objects.exists()


def test_ending_a_situation(client, world):
    situation = SituationFactory(jeune=world.jeunes["portefeuille"], categorie="immersion", type="pmsmp",
                                 date_debut=today() - dt.timedelta(days=10))
    response = post(
        client, world, "workspace:situation_fin", {"situation": situation.pk, "date_fin": today().isoformat()}
    )
    assert response.status_code == 302
    situation.refresh_from_db()
    assert situation.date_fin == today()
    assert "Fin : PMSMP (immersion en entreprise)" in journal(client, world)


def _pacea_cap() -> PlafondAide:
    return PlafondAide.objects.filter(type="allocation_pacea", date_debut__lte=today()).order_by("-date_debut").first()


def test_granting_a_pacea_allowance_within_its_cap_moves_the_amount(client, world):
    cap = _pacea_cap()
    assert cap is not None and "décret n° 2020-1783" in cap.source  # seeded by the data migration, with its source
    InscriptionFactory(
        jeune=world.jeunes["portefeuille"], dispositif="pacea", date_entree=today() - dt.timedelta(days=40)
    )
    before = report(world)["indicateurs"]
    response = post(
        client, world, "workspace:aide", {"type": "allocation_pacea", "date": today().isoformat(), "montant": "150,00"}
    )
    assert response.status_code == 302
    assert Aide.objects.get(jeune=world.jeunes["portefeuille"]).montant == Decimal("150.00")
    after = report(world)["indicateurs"]
    assert (
        Decimal(str(after["aides.allocation_pacea.montant"]))
        == Decimal(str(before["aides.allocation_pacea.montant"])) + 150
    )
    assert after["aides.allocation_pacea.jeunes"] == before["aides.allocation_pacea.jeunes"] + 1
    assert "Allocation PACEA" in journal(client, world) and "Montant : 150,00 €" in journal(client, world)


def test_the_monthly_cap_is_enforced(client, world):
    cap = _pacea_cap()
    jeune = world.jeunes["portefeuille"]
    InscriptionFactory(jeune=jeune, dispositif="pacea", date_entree=today() - dt.timedelta(days=40))
    AideFactory(jeune=jeune, type="allocation_pacea", date=today(), montant=Decimal("100.00"))
    over = cap.plafond_mensuel - Decimal("100.00") + Decimal("0.01")
    response = post(
        client,
        world,
        "workspace:aide",
        {"type": "allocation_pacea", "date": today().isoformat(), "montant": str(over)},
    )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "par mois" in html and "vous pouvez accorder au plus" in html
    assert Aide.objects.filter(jeune=jeune).count() == 1


def test_the_twelve_month_cap_is_enforced(world):
    from trajectoires.aides.services import check_aide

    cap = _pacea_cap()
    jeune = world.jeunes["portefeuille"]
    InscriptionFactory(jeune=jeune, dispositif="pacea", date_entree=today() - dt.timedelta(days=400))
    for months_ago in range(1, 7):  # six full months already paid in the last 12 months
        day = today() - dt.timedelta(days=31 * months_ago)
        AideFactory(jeune=jeune, type="allocation_pacea", date=day, montant=cap.plafond_12_mois / 6)
    errors = check_aide(jeune, "allocation_pacea", today(), Decimal("10.00"), None, today())
    assert any("sur 12 mois" in e for e in errors)


def test_a_programme_allowance_needs_the_programme(client, world):
    response = post(
        client, world, "workspace:aide", {"type": "allocation_cej", "date": today().isoformat(), "montant": "100"}
    )
    assert "le jeune n'y est pas inscrit" in unescape(response.content.decode())


def test_the_cej_amount_depends_on_age_and_household(world):
    from trajectoires.aides.services import check_aide

    jeune = world.jeunes["portefeuille"]  # 22 years old
    InscriptionFactory(jeune=jeune, dispositif="cej", date_entree=dt.date(2024, 9, 2))
    day = dt.date(2024, 10, 1)
    # D5131-19 amounts from 1 April 2024: 552,29 € (non-taxable household), 331,37 € (first bracket)
    assert check_aide(jeune, "allocation_cej", day, Decimal("552.29"), "majeur_non_imposable", today()) == []
    assert check_aide(jeune, "allocation_cej", day, Decimal("552.29"), "majeur_1re_tranche", today())
    assert check_aide(jeune, "allocation_cej", day, Decimal("331.37"), "majeur_1re_tranche", today()) == []


def test_a_help_without_a_cap_row_has_no_cap(client, world):
    response = post(client, world, "workspace:aide", {"type": "fdaj", "date": today().isoformat(), "montant": "800"})
    assert response.status_code == 302
    aide = Aide.objects.get(jeune=world.jeunes["portefeuille"])
    assert (aide.type, aide.date, aide.montant) == ("fdaj", today(), Decimal("800"))


def test_a_transfer_changes_the_referent_and_the_counsellor_filter_of_the_report(client, world):
    jeune = world.jeunes["portefeuille"]
    claire = world.user(Role.CONSEILLER).conseiller
    collegue = world.jeunes["suivi"].conseiller
    EvenementFactory(jeune=jeune, date=today(), nature="entretien_individuel", conseiller=claire)
    before = report(world, ("conseiller", collegue.ext_id))["indicateurs"]["jeunes_accompagnes"]
    response = post(client, world, "workspace:transfert", {"nouveau": collegue.pk, "motif": "Changement de secteur"})
    assert response.status_code == 302
    jeune.refresh_from_db()
    assert jeune.conseiller == collegue and jeune.version == 2
    t = Transfert.objects.get(jeune=jeune)
    assert (t.ancien, t.nouveau, t.auteur) == (claire, collegue, world.user(Role.CONSEILLER))
    after = report(world, ("conseiller", collegue.ext_id))["indicateurs"]["jeunes_accompagnes"]
    assert after == before + 1
    client.force_login(world.user(Role.DIRECTION))
    page = journal(client, world)
    assert (
        f"Changement de conseiller référent : {claire} → {collegue}" in page
        and "Motif : Changement de secteur" in page
    )


def test_the_current_referent_is_not_offered(client, world):
    client.force_login(world.user(Role.CONSEILLER))
    response = client.get(reverse("workspace:transfert", args=[world.jeunes["portefeuille"].pk]))
    choices = [str(c) for _, c in response.context["form"].fields["nouveau"].choices]
    assert str(world.user(Role.CONSEILLER).conseiller) not in choices


@pytest.mark.parametrize("sensitive", ["jsmj_mo", "sante"])
def test_sensitive_programmes_are_offered_to_those_who_see_them_only(client, world, sensitive):
    client.force_login(world.user(Role.CONSEILLER))
    mine = client.get(reverse("workspace:dispositif_entree", args=[world.jeunes["portefeuille"].pk]))
    assert sensitive in dict(mine.context["form"].fields["dispositif"].choices)
    other = client.get(reverse("workspace:dispositif_entree", args=[world.jeunes["suivi"].pk]))  # not her referent
    assert sensitive not in dict(other.context["form"].fields["dispositif"].choices)


def test_an_entry_gets_its_planned_end_from_the_rules_or_the_form(client, world):
    start = today() - dt.timedelta(days=10)
    post(client, world, "workspace:dispositif_entree", {"dispositif": "cej", "date_entree": start.isoformat()})
    cej = Inscription.objects.get(jeune=world.jeunes["portefeuille"], dispositif="cej")
    from trajectoires.dispositifs.rules import last_day

    assert cej.date_fin_prevue == last_day(start, 12)
    assert f"Fin prévue le {last_day(start, 12):%d/%m/%Y}" in journal(client, world)
    # Typed at entry: within 6–12 months for a CEJ, else refused with the reason and nothing saved.
    response = post(client, world, "workspace:dispositif_entree", {
        "dispositif": "pacea", "date_entree": start.isoformat(),
        "date_fin_prevue": (start + dt.timedelta(days=800)).isoformat()}, key="suivi", role=Role.DIRECTION)
    assert "Le PACEA dure au plus 24 mois" in unescape(response.content.decode())
    assert not Inscription.objects.filter(dispositif="pacea").exists()
    fin = start + dt.timedelta(days=300)
    response = post(client, world, "workspace:dispositif_entree", {
        "dispositif": "pacea", "date_entree": start.isoformat(), "date_fin_prevue": fin.isoformat()},
        key="suivi", role=Role.DIRECTION)
    assert response.status_code == 302
    assert Inscription.objects.get(dispositif="pacea").date_fin_prevue == fin


def test_the_planned_end_is_editable_within_the_rules_and_drives_the_alert(client, world):
    from trajectoires.agenda.alertes import fin_de_programme

    jeune = world.jeunes["portefeuille"]
    start = today() - dt.timedelta(days=200)
    inscription = InscriptionFactory(jeune=jeune, dispositif="cej", date_entree=start)
    assert jeune.pk not in fin_de_programme([jeune.pk], today())  # legal end in about 5 months
    response = post(client, world, "workspace:dispositif_fin_prevue", {
        "inscription": inscription.pk, "date_fin_prevue": start.isoformat()})
    assert "Un CEJ dure au moins 6 mois" in unescape(response.content.decode())
    assert Inscription.objects.get(pk=inscription.pk).date_fin_prevue == inscription.date_fin_prevue  # unchanged
    soon = today() + dt.timedelta(days=20)
    response = post(client, world, "workspace:dispositif_fin_prevue", {
        "inscription": inscription.pk, "date_fin_prevue": soon.isoformat()})
    assert response.status_code == 302
    inscription.refresh_from_db()
    assert inscription.date_fin_prevue == soon
    assert fin_de_programme([jeune.pk], today())[jeune.pk] == f"CEJ : fin prévue le {soon:%d/%m/%Y}"
