"""The job board's workflow through its doors and pages: staff attach an employer's account,
moderate its offer (publish or refuse with a reason), the young person applies, staff see the
application on the file and on the offer and turn it into a match; the report's bourse_*
figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.bourse.helpers import SIRET, compte, login_compte, make_board, pdf_bytes
from trajectoires.accounts.enums import Role
from trajectoires.bourse import services
from trajectoires.bourse.enums import Decision, StatutCandidature, StatutCompte, TypeCompte
from trajectoires.bourse.models import Candidature, DepotOffre
from trajectoires.entreprises.models import Employeur, MiseEnRelation
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period


def test_staff_attach_an_employer_to_the_file_with_its_siret(client, world):
    fiche = Employeur.objects.create(structure=world.structure, ext_id="e1", raison_sociale="Boulangerie",
                                     siret=SIRET)
    c = compte(world.structure, TypeCompte.EMPLOYEUR, "a@b.fr")
    client.force_login(world.user(Role.RELATIONS_ENTREPRISES))
    page = client.get(reverse("bourse_equipe:compte_employeur", args=[c.pk])).content.decode()
    assert "Boulangerie" in page and SIRET in page
    response = client.post(reverse("bourse_equipe:compte_employeur", args=[c.pk]),
                           {"decision": "rattacher", "employeur": str(fiche.pk)})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.employeur == fiche and c.statut == StatutCompte.RATTACHE
    assert c.verifie_par == world.user(Role.RELATIONS_ENTREPRISES)


def test_an_employer_of_another_structure_cannot_be_attached(world):
    autre = Employeur.objects.create(structure=world.other_structure, ext_id="e2", raison_sociale="Ailleurs",
                                     siret=SIRET)
    c = compte(world.structure, TypeCompte.EMPLOYEUR, "a@b.fr")
    with pytest.raises(ValidationError, match="pas de votre Mission Locale"):
        services.attach_employeur(c, autre, world.user(Role.DIRECTION))
    c.refresh_from_db()
    assert c.employeur is None


def test_refusing_an_account_needs_a_reason_shown_to_the_employer(client, world):
    c = compte(world.structure, TypeCompte.EMPLOYEUR, "a@b.fr")
    client.force_login(world.user(Role.DIRECTION))
    url = reverse("bourse_equipe:compte_employeur", args=[c.pk])
    assert client.post(url, {"decision": "refuser", "motif": ""}).status_code == 200
    assert client.post(url, {"decision": "refuser", "motif": "SIRET d'un autre établissement"}).status_code == 302
    login_compte(client, c)
    page = client.get(reverse("bourse:espace", args=[world.structure.code])).content.decode()
    assert "SIRET d&#x27;un autre établissement" in page


def test_posted_offers_wait_for_moderation_then_are_published_or_refused(client, world):
    b = make_board(world)
    code = world.structure.code
    depot = b.depot_attente
    assert depot.offre.statut == "a_valider" and depot.offre.origine == "bourse" and not depot.offre.publique
    assert client.get(reverse("bourse:offre", args=[code, depot.offre.pk])).status_code == 404
    client.force_login(world.user(Role.CONSEILLER))  # sees it, may not moderate
    assert client.post(reverse("bourse_equipe:offre", args=[depot.offre.pk]), {"decision": "publier"}).status_code \
        == 403
    client.force_login(world.user(Role.RELATIONS_ENTREPRISES))
    assert client.post(reverse("bourse_equipe:offre", args=[depot.offre.pk]), {"decision": "publier"}).status_code \
        == 302
    depot.refresh_from_db()
    depot.offre.refresh_from_db()
    assert depot.decision == Decision.PUBLIEE and depot.offre.statut == "publiee" and depot.offre.publique
    assert client.get(reverse("bourse:offre", args=[code, depot.offre.pk])).status_code == 200
    # Refused: the reason is kept for the employer, the offer stays off the board.
    other = services.post_offre(b.employeur, {"intitule": "Livreur", "type_contrat": "cdd"})
    response = client.post(reverse("bourse_equipe:offre", args=[other.offre.pk]),
                           {"decision": "refuser", "motif": "Offre discriminatoire (âge)."})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.decision == Decision.REFUSEE and other.offre.statut == "refusee" and not other.offre.publique
    login_compte(client, b.employeur)
    assert "Offre discriminatoire" in client.get(reverse("bourse:espace", args=[code])).content.decode()


def test_an_account_not_checked_cannot_post(world):
    b = make_board(world)
    with pytest.raises(ValidationError):
        services.post_offre(b.employeur_attente, {"intitule": "X", "type_contrat": "cdd"})
    assert not DepotOffre.objects.filter(compte=b.employeur_attente).exists()


def test_the_board_lists_only_visible_offers_with_filters(client, world):
    b = make_board(world)
    code = world.structure.code
    closed = services.post_offre(b.employeur, {"intitule": "Offre close", "type_contrat": "cdi"}).offre
    closed.statut, closed.publique = "publiee", True
    closed.date_cloture = closed.date_publication = timezone.localdate() - dt.timedelta(days=3)
    closed.save()
    page = client.get(reverse("bourse:offres", args=[code])).content.decode()
    assert "Vendeur en boulangerie" in page and "Magasinier" in page
    assert "Boulanger<" not in page and "Offre close" not in page  # awaiting moderation, closed
    page = client.get(reverse("bourse:offres", args=[code]), {"domaine": "D"}).content.decode()
    assert "Vendeur en boulangerie" in page and "Magasinier" not in page
    assert "Commerce, vente et grande distribution" in page  # the domain's label, not the letter
    page = client.get(reverse("bourse:offres", args=[code]), {"contrat": "cdi"}).content.decode()
    assert "Vendeur en boulangerie" not in page
    page = client.get(reverse("bourse:offres", args=[code]), {"commune": "25056", "rayon": "departement"})
    assert "Vendeur en boulangerie" in page.content.decode()
    page = client.get(reverse("bourse:offres", args=[code]), {"depuis": "7"}).content.decode()
    assert "Vendeur en boulangerie" in page


def test_the_employer_sees_only_what_the_young_person_shared(client, world):
    b = make_board(world)
    b.autre_candidature.partage_email = False
    b.autre_candidature.save()
    login_compte(client, b.employeur)
    page = client.get(reverse("bourse:candidatures", args=[world.structure.code, b.offre.pk])).content.decode()
    assert "lea@exemple.fr" in page and "noa@exemple.fr" not in page
    assert "0601020304" not in page  # Léa did not tick her phone
    assert b.jeune.jeune.nom.upper() not in page.upper() or "Durand" in page  # the account's name only
    b.candidature.refresh_from_db()
    assert b.candidature.statut == StatutCandidature.CONSULTEE


def test_a_cv_is_served_to_the_allowed_people_never_cached(client, world):
    b = make_board(world)
    login_compte(client, b.employeur)
    response = client.get(reverse("bourse:cv", args=[world.structure.code, b.candidature.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"] and response.content.startswith(b"%PDF-")


def test_staff_see_the_application_on_the_file_and_turn_it_into_a_match(client, world):
    b = make_board(world)
    client.force_login(world.user(Role.CONSEILLER))
    page = client.get(reverse("workspace:jeune", args=[b.jeune.jeune_id])).content.decode()
    assert "Bourse à l'emploi" in page and "Vendeur en boulangerie" in page and "Mettre en relation" in page
    response = client.post(reverse("bourse_equipe:mise_en_relation", args=[b.candidature.pk]), {"retour": "dossier"})
    assert response.status_code == 302 and response["Location"].endswith("#candidatures")
    mer = MiseEnRelation.objects.get(jeune=b.jeune.jeune)
    assert mer.offre == b.offre and mer.resultat == "en_cours" and mer.conseiller.user == world.user("conseiller")
    b.candidature.refresh_from_db()
    assert b.candidature.mise_en_relation == mer and b.candidature.statut == StatutCandidature.MISE_EN_RELATION
    # Once: a second gesture makes no second match.
    client.post(reverse("bourse_equipe:mise_en_relation", args=[b.candidature.pk]))
    assert MiseEnRelation.objects.filter(jeune=b.jeune.jeune).count() == 1
    # The young person follows it.
    login_compte(client, b.jeune)
    page = client.get(reverse("bourse:espace", args=[world.structure.code])).content.decode()
    assert "mise en relation" in page


def test_an_unlinked_account_cannot_be_matched(world):
    b = make_board(world)
    c = services.apply(b.jeune_libre, b.offre, {"message": "Bonjour"}, pdf_bytes(), "cv.pdf")
    with pytest.raises(ValidationError, match="lié à aucun dossier"):
        services.make_match(c, None)


def test_linking_is_a_counsellors_gesture_within_the_write_scope(client, world):
    b = make_board(world)
    url = reverse("bourse_equipe:compte_jeune", args=[b.jeune_libre.pk])
    client.force_login(world.user(Role.CONSEILLER))
    assert client.post(url, {"jeune": world.jeunes["autre"].pk}).status_code == 403  # not in her write scope
    assert client.post(url, {"jeune": world.jeunes["ailleurs"].pk}).status_code == 404
    assert client.post(url, {"jeune": world.jeunes["portefeuille"].pk}).status_code == 302
    b.jeune_libre.refresh_from_db()
    assert b.jeune_libre.jeune == world.jeunes["portefeuille"]
    # A file has one account.
    with pytest.raises(ValidationError, match="déjà lié"):
        services.link_jeune(b.jeune_libre.__class__.objects.get(pk=b.autre_jeune.pk), world.jeunes["portefeuille"],
                            world.user(Role.DIRECTION))


def test_staff_of_another_mission_locale_get_404(client, world):
    from tests.factories import UserFactory

    b = make_board(world)
    other = UserFactory(username="jura", structure=world.other_structure, role=Role.DIRECTION)
    client.force_login(other)
    for url in (reverse("bourse_equipe:compte_employeur", args=[b.employeur_attente.pk]),
                reverse("bourse_equipe:compte_jeune", args=[b.jeune_libre.pk]),
                reverse("bourse_equipe:offre", args=[b.offre.pk]),
                reverse("bourse_equipe:cv", args=[b.candidature.pk])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("bourse_equipe:mise_en_relation", args=[b.candidature.pk])).status_code == 404
    assert not MiseEnRelation.objects.filter(offre=b.offre).exists()


def test_the_report_counts_the_board_for_the_period(world):
    b = make_board(world)
    today = timezone.localdate()
    period = Period(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    ind = build_report(world.structure, period, None).data["indicateurs"]
    # make_board: 4 confirmed young people's accounts (one of the other Mission Locale: not counted
    # here, so 3), 2 employers' accounts, 2 offers posted, 2 applications.
    assert ind["bourse_comptes_jeunes"] == 3
    assert ind["bourse_comptes_employeurs"] == 2
    assert ind["bourse_offres_deposees"] == 2
    assert ind["bourse_candidatures"] == 2
    compte(world.structure, TypeCompte.JEUNE, "pas-confirme@x.fr", email_confirme_le=None)
    Candidature.objects.filter(pk=b.candidature.pk).update(cree_le=timezone.now() - dt.timedelta(days=800))
    ind = build_report(world.structure, period, None).data["indicateurs"]
    assert ind["bourse_comptes_jeunes"] == 3 and ind["bourse_candidatures"] == 1
    restricted = build_report(world.structure, period, ("dispositif", "cej")).data["indicateurs"]
    assert restricted["bourse_candidatures"] == 0  # not computed in a restricted report
    assert build_report(world.other_structure, period, None).data["indicateurs"]["bourse_comptes_jeunes"] == 1


def test_linking_by_the_files_identifier(client, world):
    b = make_board(world)
    url = reverse("bourse_equipe:compte_jeune", args=[b.jeune_libre.pk])
    client.force_login(world.user(Role.DIRECTION))
    response = client.post(url, {"identifiant": "inconnu"}, follow=True)
    assert "Aucun dossier de votre Mission Locale n&#x27;a l&#x27;identifiant" in response.content.decode()
    assert client.post(url, {"identifiant": "ailleurs"}).status_code == 200  # another Mission Locale's: unknown
    assert client.post(url, {"identifiant": "AUTRE"}).status_code == 302
    b.jeune_libre.refresh_from_db()
    assert b.jeune_libre.jeune == world.jeunes["autre"]


def test_the_shared_list_of_anonymous_visitors_follows_a_publication(client, world):
    b = make_board(world)
    url = reverse("bourse:offres", args=[world.structure.code])
    assert "Boulanger<" not in client.get(url).content.decode()  # awaiting moderation; the page is now cached
    services.publish_depot(b.depot_attente, world.user(Role.DIRECTION))
    assert "Boulanger<" in client.get(url).content.decode()
    login_compte(client, b.jeune)  # a board session is never served the anonymous page
    assert "Mon espace" in client.get(url).content.decode()
