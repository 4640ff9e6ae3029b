"""The packed enrolments, situations and help (rapports/blocs.py) the report reads instead of
the three tables: never stale, whichever way a row is written (the workspace functions,
including their QuerySet.update() calls, an ORM save or delete, a cascade, an import), and
always exactly the tables' content; a fresh rebuild gives the same report."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AideFactory, InscriptionFactory, JeuneFactory, SituationFactory
from tests.rapports.conftest import Y2024, d, report, run
from trajectoires.aides import services as aides
from trajectoires.aides.models import Aide
from trajectoires.dispositifs import services as dispositifs
from trajectoires.dispositifs.models import Inscription
from trajectoires.rapports import blocs
from trajectoires.rapports.models import FaitsBloc, FaitsStructure
from trajectoires.rapports.periods import Period
from trajectoires.situations import services as situations
from trajectoires.situations.models import Situation


EPOCH = dt.date(1970, 1, 1)
TODAY = dt.date(2024, 12, 1)


def _day(day: dt.date | None) -> int | None:
    return None if day is None else (day - EPOCH).days


def _from_tables(structure) -> dict[str, list[tuple]]:
    """What the blocks must hold, straight from the three tables through the ORM."""
    return {
        "inscriptions": sorted(
            (i.jeune_id, _day(i.date_entree), _day(i.date_sortie), i.dispositif, i.motif_sortie)
            for i in Inscription.objects.filter(structure=structure)
        ),
        "situations": sorted(
            (s.jeune_id, _day(s.date_debut), s.categorie, s.type)
            for s in Situation.objects.filter(structure=structure)
        ),
        "aides": sorted(
            (a.jeune_id, _day(a.date), a.type, int((a.montant or Decimal(0)) * 100))
            for a in Aide.objects.filter(structure=structure)
        ),
    }


def _packed(structure) -> dict[str, list[tuple]]:
    f = blocs.load(structure)
    labels = f.libelles

    def text(column):
        return [labels[i] for i in column.tolist()]

    i, s, a = f.inscriptions, f.situations, f.aides
    sortie = [None if v == blocs.NO_DAY else v for v in i["sortie"].tolist()]
    return {
        "inscriptions": sorted(
            zip(
                i["jeune"].tolist(), i["entree"].tolist(), sortie, text(i["dispositif"]), text(i["motif"]), strict=True
            )
        ),
        "situations": sorted(
            zip(s["jeune"].tolist(), s["debut"].tolist(), text(s["categorie"]), text(s["type"]), strict=True)
        ),
        "aides": sorted(
            zip(a["jeune"].tolist(), a["date"].tolist(), text(a["type"]), a["cents"].tolist(), strict=True)
        ),
    }


def assert_fresh(structure, *periods: Period) -> None:
    """The blocks hold the tables' rows, and a rebuild from scratch changes no figure."""
    assert _packed(structure) == _from_tables(structure)
    before = [report(structure, p).data for p in periods or (Y2024,)]
    blocs.build(structure)
    assert _packed(structure) == _from_tables(structure)
    assert [report(structure, p).data for p in periods or (Y2024,)] == before


def test_built_on_first_report_then_kept_by_orm_writes(structure):
    x = JeuneFactory(structure=structure)
    InscriptionFactory(jeune=x, dispositif="cej", date_entree=d("2024-03-01"))
    assert not FaitsStructure.objects.filter(structure=structure).exists()
    assert run(structure)["dispositifs"]["cej"]["beneficiaires"] == 1
    assert FaitsStructure.objects.filter(structure=structure).exists()

    y = JeuneFactory(structure=structure)
    ins = InscriptionFactory(jeune=y, dispositif="pacea", date_entree=d("2024-05-01"))
    sit = SituationFactory(jeune=y, categorie="emploi", type="cdi", date_debut=d("2024-06-01"))
    aide = AideFactory(jeune=y, type="fdaj", date=d("2024-07-01"), montant=Decimal("80.10"))
    data = run(structure)
    assert data["dispositifs"]["pacea"]["beneficiaires"] == 1
    assert data["indicateurs"]["entrees_emploi"] == 1
    assert data["indicateurs"]["aides.fdaj.montant"] == 80.10
    assert_fresh(structure)

    # changed in place
    ins.date_sortie, ins.motif_sortie = d("2024-06-15"), "emploi_durable"
    ins.save()
    sit.date_debut = d("2023-06-01")
    sit.save()
    aide.montant = Decimal("12.34")
    aide.save()
    data = run(structure)
    assert data["suivi_dispositifs"]["pacea"]["periode"]["sorties_positives"] == 1
    assert data["indicateurs"]["entrees_emploi"] == 0
    assert data["indicateurs"]["aides.fdaj.montant"] == 12.34
    assert_fresh(structure, Y2024, Y2024.previous())

    # moved to another young person, then deleted
    for row in (ins, sit, aide):
        row.jeune = x
        row.save()
    assert report(structure).jeunes_for("aides.fdaj.jeunes") == {x.pk}
    assert_fresh(structure)
    for row in (ins, sit, aide):
        row.delete()
    data = run(structure)
    assert "pacea" not in data["dispositifs"]
    assert data["indicateurs"]["aides.fdaj.nombre"] == 0
    assert_fresh(structure)


def test_row_moved_to_a_young_person_of_another_block_and_structure(structure, other_structure):
    x = JeuneFactory(structure=structure)
    far = JeuneFactory(structure=structure, pk=x.pk + 5 * (1 << blocs.BLOC_BITS))
    elsewhere = JeuneFactory(structure=other_structure)
    assert blocs.bloc_of(far.pk) != blocs.bloc_of(x.pk)
    aide = AideFactory(jeune=x, type="titre_transport", date=d("2024-02-01"))
    run(structure), run(other_structure)  # both built
    aide.jeune = far
    aide.save()
    assert report(structure).jeunes_for("aides.titre_transport.jeunes") == {far.pk}
    assert_fresh(structure)
    aide.jeune, aide.structure = elsewhere, other_structure
    aide.save()
    assert report(structure).jeunes_for("aides.titre_transport.jeunes") == set()
    assert report(other_structure).jeunes_for("aides.titre_transport.jeunes") == {elsewhere.pk}
    assert_fresh(structure)
    assert_fresh(other_structure)


def test_the_doors_of_enrolments_situations_and_help(structure):
    x = JeuneFactory(structure=structure, date_naissance=d("2004-06-15"))
    run(structure)  # built
    inscription, errors = dispositifs.enter_programme(x, "cej", d("2024-02-01"), TODAY)
    assert errors == []
    assert report(structure).jeunes_for("dispositifs.cej.presents_fin_periode") == {x.pk}

    # The exit: the blocks follow (the young person is no longer present)
    dispositifs.exit_programme(inscription, d("2024-10-01"), "emploi_durable")
    data = run(structure)
    assert data["dispositifs"]["cej"]["presents_fin_periode"] == 0
    assert data["suivi_dispositifs"]["cej"]["periode"]["sorties_positives"] == 1
    assert_fresh(structure)

    # Columns the report does not read: nothing to follow, still exact
    before = run(structure)
    assert dispositifs.set_fin_prevue(inscription, d("2024-12-31")) == []
    situation = situations.start_situation(x, "emploi", "cdi", d("2024-10-02"), None)
    after = run(structure)
    assert after["indicateurs"]["entrees_emploi"] == before["indicateurs"]["entrees_emploi"] + 1
    assert after["suivi_dispositifs"]["cej"]["periode"]["part_sorties_avec_situation"] == 0.0  # after the exit
    situations.end_situation(situation, d("2024-11-30"))
    assert run(structure) == after
    assert_fresh(structure)

    aide, errors = aides.grant_aide(x, "titre_transport", d("2024-11-02"), Decimal("20.00"), None, TODAY)
    assert errors == [], errors
    assert run(structure)["indicateurs"]["aides.titre_transport.montant"] == 20.0
    assert_fresh(structure)


def test_young_person_deleted_cascades(structure):
    x, y = JeuneFactory(structure=structure), JeuneFactory(structure=structure)
    for j in (x, y):
        InscriptionFactory(jeune=j, date_entree=d("2024-01-10"))
        SituationFactory(jeune=j, date_debut=d("2024-04-01"))
        AideFactory(jeune=j, date=d("2024-05-01"))
    assert run(structure)["dispositifs"]["cej"]["beneficiaires"] == 2
    x.delete()
    data = run(structure)
    assert data["dispositifs"]["cej"]["beneficiaires"] == 1
    assert data["indicateurs"]["aides.allocation_pacea.jeunes"] == 1
    assert_fresh(structure)


def test_save_of_an_unpacked_field_only_leaves_the_block_alone(structure):
    x = JeuneFactory(structure=structure)
    ins = InscriptionFactory(jeune=x)
    run(structure)
    ins.date_fin_prevue = d("2025-03-01")
    with CaptureQueriesContext(connection) as queries:
        ins.save(update_fields=["date_fin_prevue"])
    assert queries.captured_queries
    assert not [q for q in queries.captured_queries if FaitsBloc._meta.db_table in q["sql"]]
    ins.date_entree = d("2024-02-01")
    with CaptureQueriesContext(connection) as queries:
        ins.save(update_fields=["date_entree"])
    assert [q for q in queries.captured_queries if FaitsBloc._meta.db_table in q["sql"]]
    assert_fresh(structure)


def test_blocks_written_at_different_times_have_their_own_labels(structure):
    x = JeuneFactory(structure=structure)
    far = JeuneFactory(structure=structure, pk=x.pk + 3 * (1 << blocs.BLOC_BITS))
    InscriptionFactory(jeune=x, dispositif="cej", date_entree=d("2024-01-10"))
    run(structure)  # built with the labels of that day
    InscriptionFactory(jeune=far, dispositif="local_nouveau", date_entree=d("2024-02-10"))
    SituationFactory(jeune=far, categorie="formation", type="qualifiante", date_debut=d("2024-03-01"))
    labels = set(FaitsBloc.objects.filter(structure=structure).values_list("libelles", flat=True))
    assert len(labels) == 2
    data = run(structure)
    assert data["dispositifs"]["local_nouveau"]["beneficiaires"] == 1
    assert data["dispositifs"]["cej"]["beneficiaires"] == 1
    assert data["indicateurs"]["entrees_formation"] == 1
    assert_fresh(structure)


def _blocks_decoded(structure) -> dict[int, dict[str, list[tuple]]]:
    """Each block's records with their texts resolved through its own `libelles`, sorted (the
    order of records of one young person follows the label numbering)."""
    out = {}
    for bloc, libelles, *blobs in FaitsBloc.objects.filter(structure=structure).values_list(
        "bloc", "libelles", *blocs.KINDS
    ):
        labels = json.loads(libelles)
        out[bloc] = {}
        for kind, blob in zip(blocs.KINDS, blobs, strict=True):
            records = np.frombuffer(bytes(blob), dtype=blocs.DTYPES[kind])
            assert list(records["jeune"]) == sorted(records["jeune"])  # sorted by young person
            texts = blocs.TEXTS[kind]
            out[bloc][kind] = sorted(
                tuple(
                    labels[v] if name in texts else v
                    for name, v in zip(records.dtype.names, record.tolist(), strict=True)
                )
                for record in records
            )
    return out


def test_build_by_chunks_packs_what_one_pass_packs(structure, other_structure, monkeypatch):
    """build() reads the structure by chunks of young people (CHUNK_JEUNES, lowered here):
    the blocks hold the same records as when the whole structure is read at once, up to the
    numbering of the labels, and every block ends with the same (final) `libelles`, so the
    report's reader takes its fast path. The structures' ids are interleaved, labels first met
    in later chunks, and a row of the structure about another structure's young person."""
    first = JeuneFactory(structure=structure)
    step = 1 << blocs.BLOC_BITS
    base = (blocs.bloc_of(first.pk) + 1) * step  # the first id of the next block
    for k in range(6):
        for offset in (1, 2, 200):
            x = JeuneFactory(structure=structure, pk=base + k * step + offset)
            InscriptionFactory(jeune=x, dispositif=f"local_{k}", date_entree=d("2024-02-01"),
                               date_sortie=d("2024-05-31") if offset == 2 else None)
            SituationFactory(jeune=x, categorie="emploi", type="cdi" if k % 2 else f"type_{k}",
                             date_debut=d("2024-06-01"))
            AideFactory(jeune=x, type=f"aide_{k}", date=d("2024-03-01"), montant=Decimal(k) + Decimal("0.25"))
        # interleaved: the other structure's young people between ours
        y = JeuneFactory(structure=other_structure, pk=base + k * step + 100)
        InscriptionFactory(jeune=y, dispositif="cej", date_entree=d("2024-02-01"))
    InscriptionFactory(jeune=first, dispositif="cej", date_entree=d("2024-01-15"))
    SituationFactory(jeune=y, structure=structure, categorie="formation", type="qualifiante",
                     date_debut=d("2024-07-01"))  # about the other structure's young person

    monkeypatch.setattr(blocs, "CHUNK_JEUNES", 10**9)
    assert len(blocs._chunks(structure.pk)) == 1  # the whole structure at once, as before chunks
    blocs.build(structure)
    whole, loaded, data = _blocks_decoded(structure), _packed(structure), run(structure)
    assert loaded == _from_tables(structure)
    for size in (1, 4):
        monkeypatch.setattr(blocs, "CHUNK_JEUNES", size)
        assert len(blocs._chunks(structure.pk)) == (7 if size == 1 else 4)
        assert blocs.build(structure) == len(whole)
        assert _blocks_decoded(structure) == whole
        assert len(set(FaitsBloc.objects.filter(structure=structure).values_list("libelles", flat=True))) == 1
        assert _packed(structure) == loaded
        assert run(structure) == data
        assert_fresh(structure)


def test_edge_values(structure):
    x = JeuneFactory(structure=structure, date_naissance=d("1950-01-01"))
    InscriptionFactory(jeune=x, dispositif="ppae", date_entree=d("1969-12-31"), date_sortie=d("2099-12-31"))
    AideFactory(jeune=x, type="autre", date=d("2024-03-01"), montant=None)  # an empty amount counts 0
    AideFactory(jeune=x, type="autre", date=d("2024-03-02"), montant=Decimal("0.05"))
    AideFactory(jeune=x, type="hors_catalogue", date=d("2024-03-03"), montant=Decimal("9.99"))
    data = run(structure)
    assert data["indicateurs"]["aides.autre.nombre"] == 2
    assert data["indicateurs"]["aides.autre.montant"] == 0.05
    assert data["dispositifs"]["ppae"]["presents_fin_periode"] == 1
    packed = _packed(structure)
    assert packed["inscriptions"] == [(x.pk, -1, _day(d("2099-12-31")), "ppae", "autre")]
    assert_fresh(structure)


@pytest.mark.parametrize(
    ("debut", "categorie", "followed"),
    [
        ("2024-02-01", "emploi", True),  # on the entry day
        ("2024-06-30", "alternance", True),  # on the exit day
        ("2024-07-01", "emploi", False),  # the day after the exit
        ("2024-01-31", "formation", False),  # the day before the entry
        ("2024-03-01", "volontariat", False),  # not a category that follows an exit
    ],
)
def test_exit_followed_by_a_situation(structure, other_structure, debut, categorie, followed):
    x = JeuneFactory(structure=structure)
    InscriptionFactory(jeune=x, dispositif="cej", date_entree=d("2024-02-01"), date_sortie=d("2024-06-30"))
    SituationFactory(jeune=x, categorie=categorie, type="autre" if categorie == "volontariat" else "cdd",
                     date_debut=d(debut))
    # a situation of the same young person recorded by another structure does not count
    SituationFactory(jeune=x, structure=other_structure, categorie="emploi", date_debut=d("2024-03-01"))
    part = run(structure)["suivi_dispositifs"]["cej"]["periode"]["part_sorties_avec_situation"]
    assert part == (1.0 if followed else 0.0)
    assert report(structure).jeunes_for("suivi_dispositifs.cej.periode.sorties_avec_situation") == (
        {x.pk} if followed else set()
    )


def test_import_then_reimport(structure, tmp_path):
    from tests.interchange.conftest import FULL, TODAY as IMPORT_DAY, write_files  # noqa: PLC0415
    from trajectoires.interchange.importer import import_dataset  # noqa: PLC0415

    run(structure)  # built (empty) before the import
    assert import_dataset(write_files(tmp_path / "a", FULL), structure, today=IMPORT_DAY).ok
    assert _packed(structure) == _from_tables(structure)
    assert len(_packed(structure)["aides"]) == 4
    assert run(structure)["suivi_dispositifs"]["cej"]["periode"]["sorties_positives"] == 1

    changed = dict(
        FULL,
        **{
            "inscriptions.csv": FULL["inscriptions.csv"].replace("2024-07-15;emploi_durable", "2024-07-15;abandon")
            + "I3;J2;pacea;2024-02-01;;\n",
            "aides.csv": FULL["aides.csv"] + "A5;J2;fdaj;2024-04-01;99.99\n",
        },
    )
    assert import_dataset(write_files(tmp_path / "b", changed), structure, today=IMPORT_DAY).ok
    assert _packed(structure) == _from_tables(structure)
    data = run(structure)
    assert data["suivi_dispositifs"]["cej"]["periode"]["sorties_positives"] == 0
    assert data["dispositifs"]["pacea"]["beneficiaires"] == 1
    assert data["indicateurs"]["aides.fdaj.montant"] == 250.49
    assert_fresh(structure)


def test_exit_followed_by_a_situation_on_extreme_days(structure):
    x, y = JeuneFactory(structure=structure), JeuneFactory(structure=structure)
    InscriptionFactory(jeune=x, dispositif="cej", date_entree=d("0001-01-01"), date_sortie=d("9999-06-30"))
    SituationFactory(jeune=x, categorie="emploi", date_debut=d("9999-06-30"))
    InscriptionFactory(jeune=y, dispositif="cej", date_entree=d("9999-01-01"), date_sortie=d("9999-06-30"))
    SituationFactory(jeune=y, categorie="emploi", date_debut=d("0001-01-02"))  # long before the entry
    r = report(structure, period=Period.year(9999))
    assert r.jeunes_for("suivi_dispositifs.cej.periode.sorties_avec_situation") == {x.pk}
    assert r.data["suivi_dispositifs"]["cej"]["periode"]["part_sorties_avec_situation"] == 0.5
    assert_fresh(structure, Period.year(9999))


# --- The format's version (issue 16) ---------------------------------------------------------------
def test_the_layout_is_pinned_to_the_format_version():
    """Change what a block holds or how, and this fails: bump blocs.FORMAT_VERSION with it (the
    blocks of every structure are then rebuilt by its next report, never read in the old layout)."""
    layout = {
        "dtypes": {kind: blocs.DTYPES[kind].descr for kind in blocs.KINDS},
        "texts": blocs.TEXTS,
        "no_day": int(blocs.NO_DAY),
        "bloc_bits": blocs.BLOC_BITS,
    }
    assert (blocs.FORMAT_VERSION, layout) == (
        1,
        {
            "dtypes": {
                "inscriptions": [("jeune", "<i8"), ("entree", "<i4"), ("sortie", "<i4"), ("dispositif", "<u2"),
                                 ("motif", "<u2")],
                "situations": [("jeune", "<i8"), ("debut", "<i4"), ("categorie", "<u2"), ("type", "<u2")],
                "aides": [("jeune", "<i8"), ("date", "<i4"), ("type", "<u2"), ("cents", "<i8")],
            },
            "texts": {"inscriptions": ("dispositif", "motif"), "situations": ("categorie", "type"),
                      "aides": ("type",)},
            "no_day": 2**31 - 1,
            "bloc_bits": 8,
        },
    )


def _facts(structure):
    x, y = JeuneFactory(structure=structure), JeuneFactory(structure=structure)
    InscriptionFactory(jeune=x, dispositif="cej", date_entree=d("2024-02-01"), date_sortie=d("2024-06-30"),
                       motif_sortie="emploi_durable")
    InscriptionFactory(jeune=y, dispositif="pacea", date_entree=d("2024-03-01"))
    SituationFactory(jeune=x, categorie="emploi", type="cdi", date_debut=d("2024-04-01"))
    AideFactory(jeune=y, type="fdaj", date=d("2024-05-01"), montant=Decimal("80.10"))
    return x, y


def _overwrite_blocks(structure, blob) -> None:
    """Every block's columns replaced by `blob(original bytes)`, as a copy in another layout would read."""
    for pk, *columns in FaitsBloc.objects.filter(structure=structure).values_list("pk", *blocs.KINDS):
        replaced = {k: blob(bytes(c)) for k, c in zip(blocs.KINDS, columns, strict=True)}
        FaitsBloc.objects.filter(pk=pk).update(**replaced)


def test_blocks_of_another_format_version_are_rebuilt_never_read(structure):
    _facts(structure)
    data = run(structure)
    assert data["dispositifs"]["cej"]["beneficiaires"] == 1
    assert FaitsStructure.objects.get(structure=structure).version == blocs.FORMAT_VERSION

    # The bytes of another layout, stored as this version's: the report reads them (and is wrong).
    _overwrite_blocks(structure, lambda b: bytes(len(b)))  # same length, every field 0
    assert run(structure) != data

    # The same bytes stored as another version's (a future one, or 0: written before versions):
    # never read, the blocks are rebuilt and the figures are the tables'.
    for version in (blocs.FORMAT_VERSION + 1, 0):
        _overwrite_blocks(structure, lambda b: bytes(len(b)))
        FaitsStructure.objects.filter(structure=structure).update(version=version)
        assert run(structure) == data
        assert FaitsStructure.objects.get(structure=structure).version == blocs.FORMAT_VERSION
        assert _packed(structure) == _from_tables(structure)

    # A copy numpy could not even read (a truncated record), under another version: rebuilt too.
    _overwrite_blocks(structure, lambda b: b[:-1] if b else b"\x01")
    FaitsStructure.objects.filter(structure=structure).update(version=blocs.FORMAT_VERSION + 1)
    assert run(structure) == data
    assert_fresh(structure)


def test_a_save_does_not_rewrite_blocks_of_another_version(structure):
    """A block rewritten in this format among blocks of another would make a mixed copy: the
    receivers leave a copy of another version alone, the next report rebuilds all of it."""
    x, _y = _facts(structure)
    run(structure)
    FaitsStructure.objects.filter(structure=structure).update(version=blocs.FORMAT_VERSION + 1)
    before = list(FaitsBloc.objects.filter(structure=structure).values_list("bloc", "libelles", *blocs.KINDS))
    AideFactory(jeune=x, type="titre_transport", date=d("2024-07-01"), montant=Decimal("20.00"))
    after = list(FaitsBloc.objects.filter(structure=structure).values_list("bloc", "libelles", *blocs.KINDS))
    assert after == before
    assert run(structure)["indicateurs"]["aides.titre_transport.montant"] == 20.0
    assert FaitsStructure.objects.get(structure=structure).version == blocs.FORMAT_VERSION
    assert_fresh(structure)
