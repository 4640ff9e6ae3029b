"""The direction's duplicates: the list of likely duplicate files, and the comparison of two
files, field by field, that merges them (docs/doublons.md). Thin views: access through
accounts/perms.py (`Cap.MERGE`, `get_jeunes_for_merge`), detection in workspace/doublons.py, the
merge in its door, jeunes/merge.py."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods

from trajectoires.accounts.perms import Cap, get_jeunes_for_merge, jeunes_visible_to, profile_fields, require
from trajectoires.jeunes.merge import (
    MERGE_FIELDS,
    MergeRefused,
    check_mergeable,
    consequences,
    counts,
    merge_jeunes,
    overlaps,
    titles,
)
from trajectoires.jeunes.models import Jeune
from trajectoires.rgpd.audit import record_read
from trajectoires.utils.ids import created_in_application
from trajectoires.utils.phones import format_phone
from trajectoires.workspace.doublons import contact_fields, likely_pairs
from trajectoires.workspace.timeline import NON_RENSEIGNE, ProfileRow, contact_rows, profile_rows


PAGE_SIZE = 25
CACHE_SECONDS = 600  # the list is kept 10 minutes per Mission Locale ("Recalculer" recomputes it)


def _cache_key(structure_id: int) -> str:
    return f"workspace:doublons:{structure_id}"


@require_http_methods(["GET"])
def doublons(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, Cap.MERGE)
    key = _cache_key(user.structure_id)
    cached = None if request.GET.get("recalculer") else cache.get(key)
    if cached is None:
        cached = (timezone.now(), likely_pairs(user.structure_id))
        cache.set(key, cached, CACHE_SECONDS)
    computed_at, pairs = cached
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    ids = {pk for pair in page.object_list for pk in (pair.a, pair.b)}
    jeunes = jeunes_visible_to(user).select_related("conseiller").in_bulk(sorted(ids))
    # A pair whose file was merged or deleted since the list was computed is left out.
    rows = [((jeunes[p.a], jeunes[p.b]), p.raisons) for p in page.object_list if p.a in jeunes and p.b in jeunes]
    context = {
        "page": page,
        "rows": rows,
        "total": len(pairs),
        "computed_at": computed_at,
        "contacts": contact_fields(),
        "nav": "search",
    }
    return render(request, "workspace/doublons.html", context)


# --- Comparison and merge ---------------------------------------------------------------------
@dataclass(frozen=True)
class Ligne:
    """One profile field of the comparison: both values as read, and whether they differ."""

    name: str
    label: str
    a: str
    b: str
    differs: bool
    sensitive: bool


def _default_garde(a: Jeune, b: Jeune, sizes: dict[int, int]) -> Jeune:
    """The file kept by default: an imported one (its identifier is the source's: keeping it
    keeps the link with the next imports) before one created in the application, then the one
    with more rows, then the older."""

    def rank(j: Jeune) -> tuple[bool, int, int]:
        return (not created_in_application(j.ext_id), sizes[j.pk], -j.pk)

    return max((a, b), key=rank)


def _values(user, jeune: Jeune) -> dict[str, ProfileRow]:  # type: ignore[no-untyped-def]
    """The file's fields as its page shows them (profile and contact card), by field name."""
    rows = {r.name: r for r in contact_rows(user, jeune)}
    rows.pop("adresse", None)  # the card's address is three fields joined: compared one by one here
    rows.update((r.name, r) for r in profile_rows(user, jeune))
    return rows


def _display(jeune: Jeune, name: str, shown: dict[str, ProfileRow]) -> tuple[str, str]:
    """(label, value) of one field, as the file shows it, or plainly for the fields the file
    shows joined with others (the three parts of the address, the legal representative)."""
    field = Jeune._meta.get_field(name)
    if name in shown:
        return shown[name].label, shown[name].value
    raw = getattr(jeune, name)
    if raw is None or raw == "":
        value = NON_RENSEIGNE
    elif name.endswith("telephone"):
        value = format_phone(raw) or str(raw)
    elif isinstance(raw, bool):
        value = "Oui" if raw else "Non"
    else:
        value = str(raw)
    return capfirst(str(field.verbose_name)), value


def _lignes(user, a: Jeune, b: Jeune) -> list[Ligne]:  # type: ignore[no-untyped-def]
    readable = set(profile_fields(user, a)) & set(profile_fields(user, b))
    shown_a, shown_b = _values(user, a), _values(user, b)
    lignes = []
    for name in MERGE_FIELDS:
        if name not in readable:
            continue
        attname = Jeune._meta.get_field(name).attname
        label, value_a = _display(a, name, shown_a)
        _, value_b = _display(b, name, shown_b)
        differs = getattr(a, attname) != getattr(b, attname)
        lignes.append(Ligne(name, label, value_a, value_b, differs, name == "rqth"))
    return lignes


class FusionForm(forms.Form):
    """Which file is kept, which value of each differing field; the versions the page showed."""

    version_a = forms.IntegerField(widget=forms.HiddenInput)
    version_b = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, a: Jeune, b: Jeune, lignes: list[Ligne], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        choices = [(str(a.pk), "A"), (str(b.pk), "B")]
        self.fields["garder"] = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
        for ligne in lignes:
            if ligne.differs:
                self.fields[f"champ_{ligne.name}"] = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)


def _initial(a: Jeune, b: Jeune, garde: Jeune, lignes: list[Ligne]) -> dict[str, str]:
    """The kept file's value for each differing field, or the other's where it is empty."""
    autre = b if garde is a else a
    initial = {"garder": str(garde.pk), "version_a": a.version, "version_b": b.version}
    for ligne in lignes:
        if not ligne.differs:
            continue
        mine = ligne.a if garde is a else ligne.b
        initial[f"champ_{ligne.name}"] = str(autre.pk if mine == NON_RENSEIGNE else garde.pk)
    return initial


@require_http_methods(["GET", "POST"])
def fusion(request: HttpRequest, pk: int, autre: int) -> HttpResponse:
    user = request.user
    a, b = get_jeunes_for_merge(user, pk, autre)
    lignes = _lignes(user, a, b)
    sizes_a, sizes_b = counts(a), counts(b)
    sizes = {a.pk: sum(sizes_a.values()), b.pk: sum(sizes_b.values())}
    garde = _default_garde(a, b, sizes)
    form = FusionForm(request.POST or None, a=a, b=b, lignes=lignes, initial=_initial(a, b, garde, lignes))
    status = 200
    refused = None
    try:
        check_mergeable(a, b)
    except MergeRefused as error:
        refused = error.message
    if request.method == "POST" and form.is_valid() and refused is None:
        garde_pk = int(form.cleaned_data["garder"])
        doublon = b if garde_pk == a.pk else a
        choix = {ligne.name: int(form.cleaned_data[f"champ_{ligne.name}"]) for ligne in lignes if ligne.differs}
        try:
            result = merge_jeunes(
                garde_pk, doublon.pk, choix, user,
                versions={a.pk: form.cleaned_data["version_a"], b.pk: form.cleaned_data["version_b"]},
                request=request,
            )
        except MergeRefused as error:
            form.add_error(None, error.message)
            status = 409
        else:
            cache.delete(_cache_key(user.structure_id))
            moved = sum(result.deplaces.values())
            messages.success(
                request,
                f"Les deux dossiers sont fusionnés : le dossier {doublon.ext_id} est supprimé et ses {moved} "
                f"élément{'s' if moved > 1 else ''} (contacts, dispositifs, situations, aides, rendez-vous…) sont "
                "rattachés à ce dossier. La fusion est inscrite au journal d'audit.",
            )
            return redirect("workspace:jeune", result.garde.pk)
    elif request.method == "POST":
        status = 400 if refused is None else 409
    if request.method == "GET":
        for jeune in (a, b):
            record_read(user, jeune, request=request, what="Comparaison de dossiers en double")
    names = titles()
    tables = sorted(set(sizes_a) | set(sizes_b), key=lambda label: names.get(label, label))
    def chosen(ligne: Ligne) -> str | None:
        value = form[f"champ_{ligne.name}"].value() if ligne.differs else None
        return None if value is None else str(value)

    context = {
        "a": a,
        "b": b,
        "a_local": created_in_application(a.ext_id),
        "b_local": created_in_application(b.ext_id),
        "form": form,
        "lignes": [(ligne, chosen(ligne)) for ligne in lignes],
        "tables": [(names.get(t, t), sizes_a.get(t, 0), sizes_b.get(t, 0)) for t in tables],
        "chevauchements": overlaps(a, b),
        "consequences": consequences(a, b).lines,
        "refused": refused,
        "selected": str(form["garder"].value()),
        "nav": "search",
    }
    return render(request, "workspace/fusion.html", context, status=status)
