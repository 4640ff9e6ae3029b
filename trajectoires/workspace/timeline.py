"""The young person's file as read by one user: profile rows and the merged timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from trajectoires.accompagnement.enums import Theme
from trajectoires.accounts.perms import can_see_sensitive, is_sensitive_dispositif, profile_fields
from trajectoires.dispositifs.enums import CATALOGUE
from trajectoires.dispositifs.models import Dispositif
from trajectoires.structures.models import Commune


if TYPE_CHECKING:
    from trajectoires.accounts.models import User
    from trajectoires.jeunes.models import Jeune

NON_RENSEIGNE = "Non renseigné"


@dataclass(frozen=True)
class ProfileRow:
    name: str
    label: str
    value: str
    sensitive: bool = False


def _yes_no(value: bool | None) -> str:
    return NON_RENSEIGNE if value is None else "Oui" if value else "Non"


def profile_rows(user: User, jeune: Jeune) -> list[ProfileRow]:
    """The profile fields the user may read, with French labels and display values."""
    rows = []
    for name in profile_fields(user, jeune):
        model_field = jeune._meta.get_field(name)
        raw = getattr(jeune, name)
        if raw is None or raw == "":
            value = NON_RENSEIGNE
        elif model_field.choices:
            value = getattr(jeune, f"get_{name}_display")()
        elif isinstance(raw, bool):
            value = _yes_no(raw)
        elif isinstance(raw, dt.date):
            value = f"{raw:%d/%m/%Y}"
        elif name == "commune":
            nom = Commune.objects.filter(structure_id=jeune.structure_id, ext_id=raw).values_list("nom", flat=True)
            value = f"{nom[0]} ({raw})" if nom else str(raw)
        else:
            value = str(raw)
        if name == "date_naissance" and raw is not None:
            value = f"{value} ({age(raw)} ans)"
        label = str(model_field.verbose_name)
        rows.append(ProfileRow(name, label[:1].upper() + label[1:], value, sensitive=name == "rqth"))
    return rows


def age(born: dt.date, on: dt.date | None = None) -> int:
    from django.utils import timezone

    on = on or timezone.localdate()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@dataclass(frozen=True)
class TimelineItem:
    date: dt.date
    kind: str  # contact, dispositif, situation, aide, transfert
    kind_label: str
    title: str
    details: tuple[str, ...] = ()
    sensitive: bool = False
    missed: bool = False
    order: int = 0  # tie-breaker within a day: higher first


@dataclass
class Timeline:
    items: list[TimelineItem] = field(default_factory=list)
    hidden_sensitive: int = 0


def _themes(codes: str) -> str:
    labels = []
    for code in filter(None, (c.strip() for c in codes.split("|"))):
        labels.append(Theme(code).label if code in Theme.values else code)
    return ", ".join(labels)


def timeline(user: User, jeune: Jeune) -> Timeline:
    """Every contact, programme entry and exit, situation start and end, and help of the file,
    newest first. Sensitive programmes are left out (and counted) for users who may not see them.
    The caller has checked the TIMELINE capability."""
    sensitive_ok = can_see_sensitive(user, jeune)
    result = Timeline()
    items = result.items

    for e in jeune.evenements.select_related("conseiller", "site").order_by("-date", "-pk"):
        details = []
        if e.conseiller:
            details.append(f"Conseiller : {e.conseiller}")
        if e.site:
            details.append(f"Site : {e.site}")
        if e.themes:
            details.append(f"Thèmes : {_themes(e.themes)}")
        title = e.get_nature_display() + (" – rendez-vous manqué" if e.honore is False else "")
        items.append(TimelineItem(e.date, "contact", "Contact", title, tuple(details), missed=e.honore is False,
                                  order=e.pk))

    local_names = dict(Dispositif.objects.filter(structure_id=jeune.structure_id).values_list("ext_id", "nom"))
    for i in jeune.inscriptions.order_by("-date_entree", "-pk"):
        sensitive = is_sensitive_dispositif(i.dispositif)
        if sensitive and not sensitive_ok:
            result.hidden_sensitive += 1
            continue
        name = CATALOGUE[i.dispositif][0] if i.dispositif in CATALOGUE else local_names.get(i.dispositif, i.dispositif)
        prevue = (f"Fin prévue le {i.date_fin_prevue:%d/%m/%Y}",) if i.date_fin_prevue and not i.date_sortie else ()
        items.append(TimelineItem(i.date_entree, "dispositif", "Dispositif", f"Entrée : {name}", prevue,
                                  sensitive=sensitive))
        if i.date_sortie:
            motif = (f"Motif : {i.get_motif_sortie_display()}",) if i.motif_sortie else ()
            items.append(TimelineItem(i.date_sortie, "dispositif", "Dispositif", f"Sortie : {name}", motif,
                                      sensitive=sensitive, order=1))

    for s in jeune.situations.select_related("employeur").order_by("-date_debut", "-pk"):
        details = (f"Employeur : {s.employeur}",) if s.employeur else ()
        title = f"{s.get_type_display()} ({s.get_categorie_display().lower()})"
        items.append(TimelineItem(s.date_debut, "situation", "Situation", f"Début : {title}", details))
        if s.date_fin:
            items.append(TimelineItem(s.date_fin, "situation", "Situation", f"Fin : {title}", details, order=1))

    for a in jeune.aides.order_by("-date", "-pk"):
        details = (f"Montant : {a.montant:.2f} €".replace(".", ","),) if a.montant is not None else ()
        items.append(TimelineItem(a.date, "aide", "Aide", a.get_type_display(), details))

    for t in jeune.transferts.select_related("ancien", "nouveau", "auteur").order_by("-date", "-pk"):
        details = [f"Motif : {t.motif}"] if t.motif else []
        if t.auteur:
            details.append(f"Enregistré par : {t.auteur.get_full_name() or t.auteur.username}")
        title = f"Changement de conseiller référent : {t.ancien or 'aucun'} → {t.nouveau}"
        items.append(TimelineItem(t.date, "transfert", "Transfert", title, tuple(details), order=t.pk))

    items.sort(key=lambda item: (item.date, item.order), reverse=True)
    return result
