"""The young person's file as read by one user: profile rows and the merged timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from trajectoires.accompagnement.enums import Theme
from trajectoires.accounts.perms import (
    CONTACT_FIELDS,
    can_read_note,
    can_read_notes,
    can_see_sensitive,
    is_sensitive_dispositif,
    profile_fields,
)
from trajectoires.dispositifs.enums import CATALOGUE
from trajectoires.dispositifs.models import Dispositif
from trajectoires.jeunes.adresses import address_lines
from trajectoires.structures import communes
from trajectoires.structures.communes import normalise
from trajectoires.utils.phones import format_phone, tel_uri


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
    href: str = ""  # tel: or mailto: link of a contact detail
    lines: tuple[str, ...] = ()  # a postal address, one line each


def _yes_no(value: bool | None) -> str:
    return NON_RENSEIGNE if value is None else "Oui" if value else "Non"


# Shown in the "Coordonnées" card (`contact_rows`), not among the profile's rows. The commune of
# residence stays in the profile too (the report and the employer relations read it).
_CONTACT_CARD = frozenset(CONTACT_FIELDS) - {"commune"}


# Labels of the file that differ from the model's (which speak of codes the user never sees).
LABELS = {"commune": "Commune de résidence", "nationalite": "Nationalité"}


def profile_rows(user: User, jeune: Jeune) -> list[ProfileRow]:
    """The profile fields the user may read, with French labels and display values."""
    rows = []
    for name in profile_fields(user, jeune):
        if name in _CONTACT_CARD:
            continue
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
            value = communes.label(raw, jeune.code_postal, jeune.structure_id)
        else:
            value = str(raw)
        if name == "date_naissance" and raw is not None:
            value = f"{value} ({age(raw)} ans)"
        label = LABELS.get(name) or str(model_field.verbose_name)
        rows.append(ProfileRow(name, label[:1].upper() + label[1:], value, sensitive=name == "rqth"))
    return rows


def _consent(value: bool | None, day: dt.date | None) -> str:
    if value is None:
        return NON_RENSEIGNE
    return ("Oui" if value else "Non") + (f" (réponse du {day:%d/%m/%Y})" if day else "")


def contact_rows(user: User, jeune: Jeune) -> list[ProfileRow]:
    """The "Coordonnées" card: phone and e-mail with their consents, postal address, and the
    legal representative (shown for a minor, or when filled in), as the user's field set allows."""
    fields = set(profile_fields(user, jeune))
    rows = []
    if "telephone" in fields:
        rows.append(ProfileRow("telephone", "Téléphone", format_phone(jeune.telephone) or NON_RENSEIGNE,
                               href=tel_uri(jeune.telephone)))
    if "consentement_sms" in fields:
        rows.append(ProfileRow("consentement_sms", "Accepte les SMS",
                               _consent(jeune.consentement_sms, jeune.consentement_sms_date)))
    if "email" in fields:
        rows.append(ProfileRow("email", "Adresse électronique", jeune.email or NON_RENSEIGNE,
                               href=f"mailto:{jeune.email}" if jeune.email else ""))
    if "consentement_email" in fields:
        rows.append(ProfileRow("consentement_email", "Accepte les courriels",
                               _consent(jeune.consentement_email, jeune.consentement_email_date)))
    if "adresse" in fields:
        lines = address_lines(jeune)
        rows.append(ProfileRow("adresse", "Adresse postale", NON_RENSEIGNE if not lines else "", lines=lines))
    if "representant_legal_nom" in fields and (
        age(jeune.date_naissance) < 18 or jeune.representant_legal_nom or jeune.representant_legal_telephone
    ):
        rows.append(ProfileRow("representant_legal_nom", "Représentant légal",
                               jeune.representant_legal_nom or NON_RENSEIGNE))
        rows.append(ProfileRow("representant_legal_telephone", "Téléphone du représentant légal",
                               format_phone(jeune.representant_legal_telephone) or NON_RENSEIGNE,
                               href=tel_uri(jeune.representant_legal_telephone)))
    return rows


def age(born: dt.date, on: dt.date | None = None) -> int:
    from django.utils import timezone

    on = on or timezone.localdate()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


KINDS: dict[str, str] = {
    "contact": "Contacts",
    "dispositif": "Dispositifs",
    "situation": "Situations",
    "aide": "Aides",
    "transfert": "Transferts",
}
PAGE_SIZE = 50


@dataclass(frozen=True)
class TimelineItem:
    date: dt.date
    kind: str  # contact, dispositif, situation, aide, transfert (a future appointment: contact)
    kind_label: str
    title: str
    details: tuple[str, ...] = ()
    sensitive: bool = False
    missed: bool = False
    order: int = 0  # tie-breaker within a day: higher first
    # A contact's interview (issue 12): shown only if the user may read it (perms.can_read_note).
    note: str = ""
    prochaines_etapes: str = ""
    note_hidden: bool = False  # a note exists that this user may not read (marked sensitive)
    note_sensitive: bool = False  # the note shown is marked sensitive
    heure: str = ""  # a future appointment's time, "14:30"


@dataclass
class Timeline:
    items: list[TimelineItem] = field(default_factory=list)  # past facts, newest first
    a_venir: list[TimelineItem] = field(default_factory=list)  # planned dates, soonest first
    hidden_sensitive: int = 0
    notes_shown: bool = False  # the page shows the text of at least one note (read-logged as such)
    sensitive_notes_shown: bool = False
    kind: str = ""  # the filter applied ("" for every kind)
    query: str = ""  # the search in the notes ("" for none)


def _themes(codes: str) -> str:
    labels = []
    for code in filter(None, (c.strip() for c in codes.split("|"))):
        labels.append(Theme(code).label if code in Theme.values else code)
    return ", ".join(labels)


def _duree(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def timeline(
    user: User, jeune: Jeune, *, kind: str = "", query: str = "", today: dt.date | None = None
) -> Timeline:
    """Every contact (with its note for who may read it), programme entry and exit, situation
    start and end, help and transfer of the file: past facts newest first, and apart, soonest
    first, the planned dates (planned ends, future appointments, ends to come) — a planned end
    is not a past event. Sensitive programmes are left out (and counted) for users who may not
    see them. `kind` keeps one kind; `query` keeps the contacts whose readable note or next
    steps contain the words typed. The caller has checked the TIMELINE capability."""
    from django.utils import timezone

    from trajectoires.agenda.enums import Presence
    from trajectoires.agenda.models import RendezVous

    today = today or timezone.localdate()
    sensitive_ok = can_see_sensitive(user, jeune)
    notes_ok = can_read_notes(user, jeune)
    kind = kind if kind in KINDS else ""
    words = normalise(query).split() if notes_ok else []
    result = Timeline(kind=kind, query=" ".join(query.split()) if words else "")
    items: list[TimelineItem] = []
    planned: list[TimelineItem] = []

    def wanted(k: str) -> bool:
        return (not kind or kind == k) and (not words or k == "contact")

    if wanted("contact"):
        for e in jeune.evenements.select_related("conseiller", "site").order_by("-date", "-pk"):
            readable = notes_ok and (e.note or e.prochaines_etapes) and can_read_note(user, jeune, e.note_sensible)
            if words:
                text = normalise(f"{e.note} {e.prochaines_etapes}") if readable else ""
                if not all(w in text for w in words):
                    continue
            details = []
            if e.conseiller:
                details.append(f"Conseiller : {e.conseiller}")
            if e.site:
                details.append(f"Site : {e.site}")
            if e.duree:
                details.append(f"Durée : {_duree(e.duree)}")
            if e.themes:
                details.append(f"Thèmes : {_themes(e.themes)}")
            title = e.get_nature_display() + (" – rendez-vous manqué" if e.honore is False else "")
            has_note = bool(e.note or e.prochaines_etapes)
            items.append(TimelineItem(
                e.date, "contact", "Contact", title, tuple(details), missed=e.honore is False, order=e.pk,
                note=e.note if readable else "", prochaines_etapes=e.prochaines_etapes if readable else "",
                note_hidden=has_note and not readable, note_sensitive=bool(readable and e.note_sensible),
            ))
            if readable:
                result.notes_shown = True
                result.sensitive_notes_shown |= e.note_sensible
        upcoming = (
            RendezVous.objects.filter(jeune=jeune, debut__gte=timezone.now())
            .exclude(presence__in=(Presence.ANNULE, Presence.EXCUSE))
            .select_related("conseiller", "site")
            .order_by("debut")[:20]
        )
        for r in upcoming:
            start = timezone.localtime(r.debut)
            details = [f"Avec {r.conseiller}"] + ([f"Site : {r.site}"] if r.site else [])
            if r.objet:
                details.append(f"Objet : {r.objet}")
            planned.append(TimelineItem(start.date(), "contact", "Rendez-vous", r.get_nature_display(),
                                        tuple(details), order=-r.pk, heure=f"{start:%H:%M}"))

    if wanted("dispositif"):
        local_names = dict(Dispositif.objects.filter(structure_id=jeune.structure_id).values_list("ext_id", "nom"))
        for i in jeune.inscriptions.order_by("-date_entree", "-pk"):
            sensitive = is_sensitive_dispositif(i.dispositif)
            if sensitive and not sensitive_ok:
                result.hidden_sensitive += 1
                continue
            name = (
                CATALOGUE[i.dispositif][0] if i.dispositif in CATALOGUE
                else local_names.get(i.dispositif, i.dispositif)
            )
            prevue: tuple[str, ...] = ()
            if i.date_fin_prevue and not i.date_sortie:
                late = " (dépassée : enregistrez la sortie)" if i.date_fin_prevue < today else ""
                prevue = (f"Fin prévue le {i.date_fin_prevue:%d/%m/%Y}{late}",)
                if i.date_fin_prevue >= today:
                    planned.append(TimelineItem(i.date_fin_prevue, "dispositif", "Dispositif",
                                                f"Fin prévue : {name}", sensitive=sensitive))
            items.append(TimelineItem(i.date_entree, "dispositif", "Dispositif", f"Entrée : {name}", prevue,
                                      sensitive=sensitive))
            if i.date_sortie:
                motif = (f"Motif : {i.get_motif_sortie_display()}",) if i.motif_sortie else ()
                items.append(TimelineItem(i.date_sortie, "dispositif", "Dispositif", f"Sortie : {name}", motif,
                                          sensitive=sensitive, order=1))

    if wanted("situation"):
        for s in jeune.situations.select_related("employeur").order_by("-date_debut", "-pk"):
            details = (f"Employeur : {s.employeur}",) if s.employeur else ()
            title = f"{s.get_type_display()} ({s.get_categorie_display().lower()})"
            items.append(TimelineItem(s.date_debut, "situation", "Situation", f"Début : {title}", details))
            if s.date_fin:
                items.append(TimelineItem(s.date_fin, "situation", "Situation", f"Fin : {title}", details, order=1))

    if wanted("aide"):
        for a in jeune.aides.order_by("-date", "-pk"):
            details = (f"Montant : {a.montant:.2f} €".replace(".", ","),) if a.montant is not None else ()
            items.append(TimelineItem(a.date, "aide", "Aide", a.get_type_display(), details))

    if wanted("transfert"):
        for t in jeune.transferts.select_related("ancien", "nouveau", "auteur").order_by("-date", "-pk"):
            details = [f"Motif : {t.motif}"] if t.motif else []
            if t.auteur:
                details.append(f"Enregistré par : {t.auteur.get_full_name() or t.auteur.username}")
            title = f"Changement de conseiller référent : {t.ancien or 'aucun'} → {t.nouveau}"
            items.append(TimelineItem(t.date, "transfert", "Transfert", title, tuple(details), order=t.pk))

    # A fact dated after today (a situation's end to come, say) is a planned date too.
    planned += [item for item in items if item.date > today]
    result.items = [item for item in items if item.date <= today]
    result.items.sort(key=lambda item: (item.date, item.order), reverse=True)
    planned.sort(key=lambda item: (item.date, item.heure, -item.order))
    result.a_venir = planned
    return result
