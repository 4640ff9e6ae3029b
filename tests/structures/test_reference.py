from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from trajectoires.structures.models import Commune, Qpv


def test_import_communes_loads_the_real_territory(structure):
    call_command("import_communes")
    assert Commune.objects.filter(structure=structure).count() == 324
    besancon = Commune.objects.get(structure=structure, ext_id="25056")
    assert besancon.nom == "Besançon"
    assert besancon.epci == "CU Grand Besançon Métropole"
    assert besancon.zrr is False


def test_import_communes_keeps_the_zrr_flag_set_by_staff(structure):
    call_command("import_communes")
    Commune.objects.filter(structure=structure, ext_id="25377").update(zrr=True)
    call_command("import_communes")
    assert Commune.objects.get(structure=structure, ext_id="25377").zrr is True
    assert Commune.objects.filter(structure=structure).count() == 324


def test_import_qpv_upserts_by_code_and_generation(tmp_path, db):
    f = tmp_path / "qpv.csv"
    f.write_text("code;nom;commune;valid_from;valid_to\nQP-TEST-1;Quartier A;25056;2024-01-01;\n", encoding="utf-8")
    call_command("import_qpv", str(f))
    call_command("import_qpv", str(f))
    assert Qpv.objects.get(code="QP-TEST-1").nom == "Quartier A"
    assert Qpv.objects.count() == 1


def test_import_qpv_says_what_is_wrong(tmp_path, db):
    f = tmp_path / "qpv.csv"
    f.write_text("code;nom;valid_from\nQP-1;A;01/01/2024\n", encoding="utf-8")
    with pytest.raises(CommandError, match="date « 01/01/2024 » invalide"):
        call_command("import_qpv", str(f))
    assert Qpv.objects.count() == 0
