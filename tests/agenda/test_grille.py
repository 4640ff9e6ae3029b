"""The calendar grid (docs/agenda.md, "The calendar grid"): placing appointments in rows and
lanes, free slots, the week of a counsellor or a room, the reception's day by counsellor, the
filters, the stylesheet's classes and a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import trajectoires
from tests.factories import ConseillerFactory, JeuneFactory, SiteFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import Conseiller
from trajectoires.agenda import grille
from trajectoires.agenda.enums import Presence
from trajectoires.agenda.grille import Bloc, Filtres, assign_lanes, day_grid, rows_of, week_grid
from trajectoires.agenda.models import RendezVous, Salle, SessionCollective


MONDAY = dt.date(2025, 3, 3)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


# --- Placing ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((8, 0), (8, 30), (1, 1)),
        ((9, 0), (10, 0), (3, 2)),
        ((9, 15), (9, 45), (3, 2)),  # a slot partly taken is taken
        ((18, 30), (19, 30), (22, 1)),  # cut at 19:00
        ((7, 30), (8, 30), (1, 1)),  # cut at 8:00
        ((7, 0), (8, 0), None),  # before the grid
        ((19, 0), (19, 30), None),  # after it
    ],
)
def test_an_item_covers_the_rows_of_its_slots(start, end, expected):
    assert rows_of(MONDAY, at(MONDAY, *start), at(MONDAY, *end)) == expected


def test_overlapping_items_are_put_side_by_side():
    def bloc(row: int, span: int) -> Bloc:
        return Bloc(at(MONDAY, 8), at(MONDAY, 9), row, span)

    a, b, c, d = bloc(3, 2), bloc(4, 2), bloc(6, 1), bloc(3, 1)
    assign_lanes([a, b, c, d])
    # a and d start together; b starts when d ends: it takes d's lane, two lanes are enough.
    assert (a.lanes, b.lanes, d.lanes) == (2, 2, 2)
    assert (a.lane, d.lane, b.lane) == (1, 2, 2)
    assert (c.lane, c.lanes) == (1, 1)  # after the cluster: alone


def test_the_stylesheet_has_every_class_the_grid_emits():
    css = (Path(trajectoires.__file__).parent / "agenda/static/agenda/agenda.css").read_text()
    defined = set(re.findall(r"\.([a-z][a-z0-9-]*)", css))
    needed = {f"c-{i}" for i in range(1, grille.COLONNES_PAR_PAGE + 2)}
    needed |= {f"r-{i}" for i in range(1, grille.LIGNES + 2)} | {f"span-{i}" for i in range(1, grille.LIGNES + 1)}
    needed |= {f"lanes-{n}" for n in range(2, grille.MAX_LANES + 1)}
    needed |= {f"lane-{k}" for k in range(1, grille.MAX_LANES + 1)}
    needed |= {"g-bloc", "g-rdv", "g-session", "g-libre", "g-case", "g-heure", "g-tete", "g-coin", "hors-filtre"}
    assert needed <= defined, sorted(needed - defined)
    assert "style=" not in (Path(trajectoires.__file__).parent / "agenda/grille.py").read_text()


# --- The week -------------------------------------------------------------------------------------
@pytest.fixture
def week(structure):
    site = SiteFactory(structure=structure, nom="Planoise")
    claire = ConseillerFactory(structure=structure, nom="Martin", prenom="Claire", site=site)
    paul = ConseillerFactory(structure=structure, nom="Bernard", prenom="Paul", site=site)
    zoe = JeuneFactory(structure=structure, nom="Lefèvre", prenom="Zoé")
    hugo = JeuneFactory(structure=structure, nom="Lefort", prenom="Hugo")
    bureau = Salle.objects.create(structure=structure, site=site, nom="Bureau 2")
    n = iter(range(1000))

    def rdv(jeune, conseiller, start, duree=30, **kw):  # type: ignore[no-untyped-def]
        return RendezVous.objects.create(structure=structure, ext_id=f"r{next(n)}", jeune=jeune,
                                         conseiller=conseiller, debut=start, duree=duree, site=site, **kw)

    return {"structure": structure, "site": site, "claire": claire, "paul": paul, "zoe": zoe, "hugo": hugo,
            "bureau": bureau, "rdv": rdv}


@pytest.mark.django_db
def test_the_week_of_a_counsellor_places_each_appointment_on_its_day_and_offers_free_slots(week):
    w = week
    tuesday, sunday = MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=6)
    w["rdv"](w["zoe"], w["claire"], at(tuesday, 10), 60)
    w["rdv"](w["hugo"], w["claire"], at(tuesday, 10, 30))  # accepted despite the conflict: side by side
    w["rdv"](w["hugo"], w["claire"], at(MONDAY, 9), presence=Presence.ANNULE)  # freed: not drawn
    w["rdv"](w["hugo"], w["paul"], at(MONDAY, 9))  # someone else's
    early = w["rdv"](w["zoe"], w["claire"], at(MONDAY, 7, 30), 20)  # before 8:00
    on_sunday = w["rdv"](w["zoe"], w["claire"], at(sunday, 10))
    SessionCollective.objects.create(structure=w["structure"], ext_id="s", type="atelier", theme="CV",
                                     debut=at(MONDAY, 14), duree=120, site=w["site"], capacite=8,
                                     animateur=w["claire"])
    now = at(MONDAY, 8, 0) - dt.timedelta(days=7)  # the whole week is to come
    g = week_grid(w["structure"].pk, tuesday, conseiller=w["claire"], now=now)
    assert [c.jour for c in g.colonnes] == [MONDAY + dt.timedelta(days=i) for i in range(6)]
    assert g.colonnes[0].titre == "Lundi 3 mars"
    monday_col, tuesday_col = g.colonnes[0], g.colonnes[1]
    assert [(b.row, b.span) for b in monday_col.blocs] == [(13, 4)]  # the workshop 14:00–16:00
    assert [(b.row, b.span, b.lanes) for b in tuesday_col.blocs] == [(5, 2, 2), (6, 1, 2)]
    assert set(g.hors_plage) == {early, on_sunday}
    # Free: Monday 9:00 (the cancelled appointment, Paul's), not 14:00–16:00; Tuesday not 10:00–11:00.
    assert 3 in monday_col.libres and not set(range(13, 17)) & set(monday_col.libres)
    assert 4 in tuesday_col.libres and not {5, 6} & set(tuesday_col.libres)
    assert len(tuesday_col.libres) == grille.LIGNES - 2


@pytest.mark.django_db
def test_past_slots_are_not_offered(week):
    w = week
    g = week_grid(w["structure"].pk, MONDAY, conseiller=w["claire"], now=at(MONDAY + dt.timedelta(days=1), 12, 10))
    assert g.colonnes[0].libres == []
    assert g.colonnes[1].libres == list(range(10, grille.LIGNES + 1))  # from 12:30
    assert len(g.colonnes[2].libres) == grille.LIGNES


@pytest.mark.django_db
def test_the_week_of_a_room_shows_every_counsellor_and_filters_only_dim(week):
    w = week
    w["rdv"](w["zoe"], w["claire"], at(MONDAY, 10), salle=w["bureau"])
    w["rdv"](w["hugo"], w["paul"], at(MONDAY, 11), salle=w["bureau"])
    w["rdv"](w["hugo"], w["paul"], at(MONDAY, 15))  # no room
    g = week_grid(w["structure"].pk, MONDAY, salle=w["bureau"],
                  filtres=Filtres(conseiller=w["claire"]), now=at(MONDAY, 7))
    blocs = g.colonnes[0].blocs
    assert [(b.rdv.jeune, b.hors_filtre) for b in blocs] == [(w["zoe"], False), (w["hugo"], True)]
    assert 7 not in g.colonnes[0].libres  # Paul's 11:00 is dimmed, its slot stays taken
    assert 15 in g.colonnes[0].libres  # 15:00 is free for the room
    named = week_grid(w["structure"].pk, MONDAY, salle=w["bureau"], filtres=Filtres(tokens=["lefe"]),
                      now=at(MONDAY, 7))
    assert [b.hors_filtre for b in named.colonnes[0].blocs] == [False, True]


# --- The reception's day --------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_reception_day_has_a_column_per_counsellor(week):
    w = week
    w["rdv"](w["zoe"], w["claire"], at(MONDAY, 10))
    w["rdv"](w["hugo"], w["paul"], at(MONDAY, 10))
    ailleurs = ConseillerFactory(structure=w["structure"], nom="Dupont", prenom="Ana")  # no site
    conseillers, page = grille.counsellors_of_day(w["structure"].pk, MONDAY, None, 1)
    assert conseillers == [w["paul"], ailleurs, w["claire"]] and page.total == 3
    conseillers, _ = grille.counsellors_of_day(w["structure"].pk, MONDAY, w["site"], 1)
    assert conseillers == [w["paul"], w["claire"]]
    # A counsellor of no site who receives at this site that day has their column too.
    w["rdv"](w["zoe"], ailleurs, at(MONDAY, 16))
    conseillers, _ = grille.counsellors_of_day(w["structure"].pk, MONDAY, w["site"], 1)
    assert ailleurs in conseillers
    g = day_grid(w["structure"].pk, MONDAY, conseillers, now=at(MONDAY, 7))
    assert {c.conseiller: [b.rdv.jeune for b in c.blocs] for c in g.colonnes} == {
        w["paul"]: [w["hugo"]], w["claire"]: [w["zoe"]], ailleurs: [w["zoe"]],
    }


@pytest.mark.django_db
def test_columns_come_thirty_a_page(structure, monkeypatch):
    for i in range(grille.COLONNES_PAR_PAGE + 2):
        ConseillerFactory(structure=structure, nom=f"C{i:02d}")
    first, page = grille.counsellors_of_day(structure.pk, MONDAY, None, 1)
    second, page2 = grille.counsellors_of_day(structure.pk, MONDAY, None, 2)
    assert (len(first), page.pages, len(second), page2.premier) == (30, 2, 2, 31)


# --- Pages ----------------------------------------------------------------------------------------
def _claire(world) -> Conseiller:  # type: ignore[no-untyped-def]
    return Conseiller.objects.get(user=world.user(Role.CONSEILLER))


def _future_monday() -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)


def test_the_counsellors_week_is_a_grid_whose_free_slots_open_the_booking(client, world):
    claire = _claire(world)
    monday = _future_monday()
    rdv = RendezVous.objects.create(structure=world.structure, ext_id="r1", jeune=world.jeunes["portefeuille"],
                                    conseiller=claire, debut=at(monday, 10))
    client.force_login(world.user(Role.CONSEILLER))
    response = client.get(reverse("agenda:semaine"), {"date": monday.isoformat()})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Claire Martin" in page and 'class="grille"' in page
    assert reverse("agenda:rdv", args=[rdv.pk]) in page and "PORTEFEUILLE Test" in page
    links = re.findall(r'<a class="g-libre c-2 r-(\d+)" href="([^"]+)"', page)
    assert len(links) == grille.LIGNES - 1  # Monday 10:00 is taken
    row, href = links[0]
    url = urlparse(href.replace("&amp;", "&"))
    assert url.path == reverse("agenda:creneau")
    assert parse_qs(url.query) == {"date": [monday.isoformat()], "heure": ["08:00"], "conseiller": [str(claire.pk)]}
    assert "style=" not in page
    # Opened for a young person (from the booking form): the slots go straight to their booking.
    jeune = world.jeunes["suivi"]
    page = client.get(reverse("agenda:semaine"), {"date": monday.isoformat(), "jeune": jeune.pk}).content.decode()
    assert f'href="{reverse("agenda:rdv_create", args=[jeune.pk])}?date={monday.isoformat()}&amp;heure=08%3A00' in page
    assert "Prise de rendez-vous pour" in page and "SUIVI Test" in page
    # A young person out of scope is ignored, not a 404 nor a leak.
    page = client.get(reverse("agenda:semaine"), {"jeune": world.jeunes["ailleurs"].pk}).content.decode()
    assert "AILLEURS" not in page


def test_the_free_slot_page_finds_the_young_person_and_prefills_the_booking(client, world):
    claire = _claire(world)
    monday = _future_monday()
    client.force_login(world.user(Role.ACCUEIL))
    params = {"date": monday.isoformat(), "heure": "10:30", "conseiller": claire.pk}
    page = client.get(reverse("agenda:creneau"), {**params, "q": "portefeuille"}).content.decode()
    assert "Avec Claire Martin." in page
    booking = reverse("agenda:rdv_create", args=[world.jeunes["portefeuille"].pk])
    match = re.search(rf'href="({re.escape(booking)}\?[^"]+)"', page)
    assert match
    form = client.get(match.group(1).replace("&amp;", "&")).content.decode()
    assert f'value="{monday.isoformat()}"' in form and 'value="10:30"' in form
    assert re.search(rf'<option value="{claire.pk}" selected>', form)
    # Nothing outside the scope: a young person of another Mission Locale is not found.
    page = client.get(reverse("agenda:creneau"), {**params, "q": "ailleurs"}).content.decode()
    assert "Aucun dossier ne correspond" in page


def test_the_reception_day_shows_a_column_per_counsellor(client, world):
    claire = _claire(world)
    today = timezone.localdate()
    RendezVous.objects.create(structure=world.structure, ext_id="r1", jeune=world.jeunes["portefeuille"],
                              conseiller=claire, debut=at(today, 10))
    client.force_login(world.user(Role.ACCUEIL))
    page = client.get(reverse("agenda:jour")).content.decode()
    assert re.search(r'<h2 class="g-tete c-2 r-1[^"]*"[^>]*>Paul Bernard</h2>', page)
    assert re.search(r'<h2 class="g-tete c-3 r-1[^"]*"[^>]*>Claire Martin</h2>', page)
    assert "PORTEFEUILLE Test" in page
    # The list is one click away, as before.
    page = client.get(reverse("agenda:jour"), {"affichage": "liste"}).content.decode()
    assert '<table class="agenda">' in page


def test_the_name_filter_keeps_the_matching_appointments_in_the_list(client, world):
    claire = _claire(world)
    today = timezone.localdate()
    for i, key in enumerate(("portefeuille", "suivi")):
        RendezVous.objects.create(structure=world.structure, ext_id=f"r{i}", jeune=world.jeunes[key],
                                  conseiller=claire, debut=at(today, 10 + i))
    client.force_login(world.user(Role.CONSEILLER))
    page = client.get(reverse("agenda:jour"), {"q": "PORTÉ"}).content.decode()
    assert "PORTEFEUILLE Test" in page and "SUIVI Test" not in page


@pytest.mark.parametrize("count", [3, 40])
def test_the_grid_pages_read_a_bounded_number_of_queries(client, world, count, django_assert_max_num_queries):
    """As many queries for 3 appointments as for 40 (a full week): none per appointment, per
    column or per cell."""
    claire = _claire(world)
    monday = _future_monday()
    jeunes = [JeuneFactory(structure=world.structure, conseiller=claire) for _ in range(count)]
    site = SiteFactory(structure=world.structure)
    salle = Salle.objects.create(structure=world.structure, site=site, nom="Bureau")
    for i, jeune in enumerate(jeunes):
        day = monday + dt.timedelta(days=i % 6)
        RendezVous.objects.create(structure=world.structure, ext_id=f"r{i}", jeune=jeune, conseiller=claire,
                                  debut=at(day, 8 + (i // 6) % 10), site=site, salle=salle)
    client.force_login(world.user(Role.CONSEILLER))
    client.get(reverse("agenda:semaine"), {"date": monday.isoformat()})  # session and caches warm
    with django_assert_max_num_queries(12):
        assert client.get(reverse("agenda:semaine"), {"date": monday.isoformat()}).status_code == 200
    with django_assert_max_num_queries(12):
        response = client.get(reverse("agenda:semaine"), {"date": monday.isoformat(), "salle": salle.pk, "q": "nom"})
        assert response.status_code == 200
    client.force_login(world.user(Role.ACCUEIL))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("agenda:jour"), {"date": monday.isoformat()}).status_code == 200


def test_the_number_of_queries_of_the_week_does_not_grow_with_the_appointments(client, world):
    claire = _claire(world)
    monday = _future_monday()
    client.force_login(world.user(Role.CONSEILLER))
    url = reverse("agenda:semaine")
    client.get(url, {"date": monday.isoformat()})

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(url, {"date": monday.isoformat()})
        return len(queries)

    empty = count()
    for i in range(30):
        jeune = JeuneFactory(structure=world.structure)
        RendezVous.objects.create(structure=world.structure, ext_id=f"r{i}", jeune=jeune, conseiller=claire,
                                  debut=at(monday + dt.timedelta(days=i % 6), 9 + i // 6))
    assert count() == empty
