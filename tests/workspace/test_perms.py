"""The permission module itself, beyond the page matrix."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.factories import ConseillerFactory, EvenementFactory, JeuneFactory
from trajectoires.accounts import perms
from trajectoires.accounts.enums import Role
from trajectoires.accounts.perms import (
    ROLE_RULES,
    Cap,
    can_write_jeune,
    conseiller_of,
    get_jeune_for_user,
    jeunes_visible_to,
    jeunes_writable_by,
)


def test_every_role_has_a_rule():
    assert set(ROLE_RULES) == set(Role)


def test_visible_sets_per_role(world):
    expected = {
        Role.DIRECTION: {"portefeuille", "suivi", "autre", "filleul", "repere", "candidat"},
        Role.CONSEILLER: {"portefeuille", "suivi", "autre", "filleul", "repere", "candidat"},
        Role.ACCUEIL: {"portefeuille", "suivi", "autre", "filleul", "repere", "candidat"},
        Role.RELATIONS_ENTREPRISES: {"candidat"},
        Role.REPERAGE: {"repere"},
        Role.PARRAIN: {"filleul"},
        Role.ADMINISTRATEUR: set(),
    }
    for role, keys in expected.items():
        assert set(jeunes_visible_to(world.user(role)).values_list("ext_id", flat=True)) == keys, role


def test_writable_sets(world, settings):
    claire = world.user(Role.CONSEILLER)
    assert set(jeunes_writable_by(claire).values_list("ext_id", flat=True)) == {"portefeuille", "suivi"}
    settings.TRAJECTOIRES_CONSEILLER_ECRITURE = "structure"
    assert jeunes_writable_by(claire).count() == 6
    for role in (Role.ACCUEIL, Role.PARRAIN, Role.REPERAGE, Role.RELATIONS_ENTREPRISES, Role.ADMINISTRATEUR):
        assert not jeunes_writable_by(world.user(role)).exists()


def test_a_misspelt_write_scope_says_what_to_write(world, settings):
    settings.TRAJECTOIRES_CONSEILLER_ECRITURE = "tout"
    with pytest.raises(ValueError, match="choisissez « portefeuille » ou « structure »"):
        jeunes_writable_by(world.user(Role.CONSEILLER))


def test_a_contact_recorded_in_another_mission_locale_gives_no_write_access(world):
    claire = world.user(Role.CONSEILLER)
    assert not can_write_jeune(claire, world.jeunes["autre"])
    EvenementFactory(jeune=world.jeunes["autre"], conseiller=ConseillerFactory(structure=world.structure))
    assert not can_write_jeune(claire, world.jeunes["autre"])
    EvenementFactory(jeune=world.jeunes["autre"], conseiller=claire.conseiller)
    assert can_write_jeune(claire, world.jeunes["autre"])


def test_a_counsellor_row_of_another_structure_is_ignored(world):
    user = world.user(Role.CONSEILLER)
    row = user.conseiller
    row.structure = world.other_structure
    row.save()
    user.refresh_from_db()
    assert conseiller_of(user) is None
    assert not jeunes_writable_by(user).exists()


def test_get_jeune_for_user(world):
    claire = world.user(Role.CONSEILLER)
    assert get_jeune_for_user(claire, world.jeunes["autre"].pk) == world.jeunes["autre"]
    assert get_jeune_for_user(claire, str(world.jeunes["portefeuille"].pk), write=True)
    with pytest.raises(PermissionDenied):
        get_jeune_for_user(claire, world.jeunes["autre"].pk, write=True)
    for bad in (world.jeunes["ailleurs"].pk, "abc", None, 0):
        with pytest.raises(Http404):
            get_jeune_for_user(claire, bad)


def test_an_inactive_user_sees_nothing(world):
    user = world.user(Role.DIRECTION)
    user.is_active = False
    assert not jeunes_visible_to(user).exists()
    assert not perms.can(user, Cap.SEARCH)


def test_a_new_jeune_of_another_structure_never_leaks(world):
    JeuneFactory(structure=world.other_structure, ext_id="portefeuille")  # same identifier elsewhere
    assert jeunes_visible_to(world.user(Role.DIRECTION)).filter(ext_id="portefeuille").count() == 1
