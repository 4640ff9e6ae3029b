"""The guard of the doors (issue 16): no code writes a fact model around its door.

A fact model is a model whose rows the report or the audit journal depends on: every model of
the report's data apps (`edition.datadate.DATA_APPS`) and every model with a foreign key to the
young person (audited by default, `rgpd.audit`). Their derived stores (the journal, the data
date, the report's packed copies, the search keys) follow `save()` and `delete()`; a
`QuerySet.update()`, a `bulk_create()`, a `bulk_update()` or raw SQL would bypass them. This
test reads the source: such a call on a fact model is allowed only in the model's own door and
in the bulk doors (the importer, retention, the demo generator), listed below."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps

import trajectoires
from tests.source import parse
from trajectoires.edition.datadate import DATA_APPS


ROOT = Path(trajectoires.__file__).parent
BULK_WRITES = frozenset({"update", "bulk_create", "bulk_update", "raw", "extra"})
RAW_SQL = frozenset({"cursor", "chunked_cursor", "executemany", "execute"})

# Modules that may write fact models in bulk or by SQL, with the reason.
BULK_DOORS = {
    "interchange/": "the importer: one transaction, keeps the journal, the data date and the packed copies",
    "rgpd/retention.py": "anonymisation by batch (its own journal entries and search keys)",
    "demo/": "the demo generator (writes a dataset, imports it through the importer)",
    "jeunes/merge.py": (
        "the merge of two files: every row of the duplicate moves to the kept file by one update() per table, "
        "in one transaction; it rewrites the packed copies of both files and writes the merge's journal entry"
    ),
}
# Raw SQL readers (no writes to fact tables): the report engine's packed copies and readers.
RAW_SQL_READERS = {"rapports/": "the report engine reads facts and writes only its packed copies"}


def fact_models() -> list[type]:
    """Not the derived stores themselves (search keys, retention notices: `NOT_AUDITED`; the
    report's packed copies: the rapports app), which their own modules write in bulk."""
    from trajectoires.jeunes.models import Jeune
    from trajectoires.rgpd.audit import NOT_AUDITED

    models = [m for m in apps.get_models() if m._meta.app_label in DATA_APPS]
    models += [rel.related_model for rel in Jeune._meta.related_objects]
    return sorted(
        {m for m in models if m._meta.label_lower not in NOT_AUDITED and m._meta.app_label != "rapports"},
        key=lambda m: m._meta.label,
    )


def fact_names() -> tuple[dict[str, str], set[str]]:
    """(class name -> owning app label, related manager names of the young person)."""
    from trajectoires.jeunes.models import Jeune

    names = {m.__name__: m._meta.app_label for m in fact_models()}
    facts = set(fact_models())
    related = {rel.get_accessor_name() for rel in Jeune._meta.related_objects if rel.related_model in facts}
    return names, related


def _chain_names(node: ast.AST) -> list[str]:
    """The names along a call chain's receiver: `Jeune.objects.filter(x).update` -> Jeune, objects, filter."""
    names: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return names


def violations_in(source: str, module: str) -> list[str]:
    """Bulk or raw writes on fact models in `source` (the module's path under trajectoires/)."""
    names, related = fact_names()
    if any(module.startswith(prefix) for prefix in BULK_DOORS):
        return []
    found: list[str] = []
    for node in ast.walk(parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        method = node.func.attr
        receiver = _chain_names(node.func.value)
        if method in RAW_SQL and any(n in ("connection", "connections", "cursor") for n in receiver + [method]):
            if not any(module.startswith(prefix) for prefix in RAW_SQL_READERS):
                found.append(f"{module}:{node.lineno}: SQL brut ({method})")
            continue
        if method not in BULK_WRITES:
            continue
        models = [n for n in receiver if n in names]
        managers = [n for n in receiver if n in related]
        for model in models:
            own_door = module == f"{names[model]}/services.py"
            if not own_door:
                door = f"{names[model]}/services.py"
                found.append(f"{module}:{node.lineno}: {model}.….{method}() hors de sa porte ({door})")
        for manager in managers:
            found.append(f"{module}:{node.lineno}: jeune.{manager}.{method}() hors de la porte de ce fait")
    return found


def test_no_fact_model_is_written_around_its_door():
    problems: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        module = path.relative_to(ROOT).as_posix()
        if "/migrations/" in module:
            continue
        problems += violations_in(path.read_text(encoding="utf-8"), module)
    assert not problems, "Écritures qui contournent les portes (tests/test_doors.py) :\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("def v(request):\n    Jeune.objects.filter(pk=1).update(nom='X')\n", "workspace/views.py"),
        ("def v(j):\n    j.inscriptions.update(date_sortie=None)\n", "workspace/views.py"),
        ("def v():\n    Evenement.objects.bulk_create([])\n", "agenda/services.py"),
        ("def v():\n    Inscription.objects.filter(pk=1).update(motif_sortie='x')\n", "jeunes/services.py"),
        ("from django.db import connection\ndef v():\n    with connection.cursor() as c:\n        c.execute('x')\n",
         "workspace/views.py"),
    ],
)
def test_the_check_catches_a_write_around_a_door(source, module):
    assert violations_in(source, module)


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("def v():\n    Jeune.objects.filter(pk=1).update(version=2)\n", "jeunes/services.py"),
        ("def v(d):\n    d.update({'a': 1})\n", "workspace/views.py"),
        ("def v():\n    Jeune.objects.filter(pk=1).update(nom='X')\n", "interchange/writer.py"),
    ],
)
def test_the_check_lets_the_doors_and_other_updates_be(source, module):
    assert not violations_in(source, module)


def test_the_fact_models_are_the_ones_the_report_and_the_journal_read():
    labels = {m._meta.label for m in fact_models()}
    for label in ("jeunes.Jeune", "accompagnement.Evenement", "dispositifs.Inscription", "situations.Situation",
                  "aides.Aide", "jeunes.Transfert", "jeunes.DemandeTransfert", "agenda.RendezVous",
                  "accueil.Arrivee", "entreprises.MiseEnRelation", "parrainage.Parrainage"):
        assert label in labels
