"""The one permission check: who may see and change which young person's file, and which parts.

Every view, export, API endpoint and report drill-down asks these functions; none re-implements
a rule. The rules are one table (`ROLE_RULES`, documented in docs/permissions.md):

- a **scope** per role says which young people exist for the user at all. Anything outside it,
  and anything of another Mission Locale, is answered with 404: the user cannot even learn
  that it exists;
- **capabilities** say what the role may do with a young person in scope (see the profile, the
  timeline, record a contact…). Lacking one on a file in scope gives 403;
- **field sets** say which parts of the profile the role reads;
- **sensitive** items (justice and health programmes, RQTH) are shown only to the direction and
  to the young person's referent counsellor, and flagged in the UI.

The write scope of counsellors is a setting, `TRAJECTOIRES_CONSEILLER_ECRITURE`:
"portefeuille" (default: their portfolio and the files where they recorded an individual contact) or
"structure" (every file of their Mission Locale).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from trajectoires.accounts.enums import Role


if TYPE_CHECKING:
    from trajectoires.accounts.models import Conseiller, User
    from trajectoires.jeunes.models import Jeune


class Scope(StrEnum):
    """Which young people of the user's Mission Locale the role knows about."""

    STRUCTURE = "structure"  # every young person of the Mission Locale
    MATCHES = "matches"  # put forward on an offer (mise en relation), in a PMSMP, or placed with an employer
    REPERES = "reperes"  # young people identified by outreach (repérés)
    MENTEES = "mentees"  # the mentor's own mentees, pairing not ended
    NONE = "none"  # nobody


class Cap(StrEnum):
    """What a role may do. `*_FILE` capabilities apply to a young person in scope."""

    SEARCH = "search"  # search young people (results limited to the scope)
    VIEW_FILE = "view_file"  # open a young person's file (which fields: see FieldSet)
    TIMELINE = "timeline"  # contacts, programmes, situations and help of the file
    MENTORING = "mentoring"  # the pairings (parrainages) of the file
    MATCHES = "matches"  # the matches (mises en relation) of the file
    RECORD_CONTACT = "record_contact"  # record a contact, within the write scope
    PORTFOLIO = "portfolio"  # a portfolio of young people as referent
    SENSITIVE = "sensitive"  # sensitive items: all of them (direction) or as referent (conseiller)
    REPORT = "report"  # the activity report's figures (no young person named)
    REPORT_JEUNES = "report_jeunes"  # the young people behind a figure (drill-down, CSV), within the scope
    EDITIONS = "editions"  # generate frozen editions of the report, write its free pages
    CREATE_FILE = "create_file"  # create a young person's file (the fields of the role's field set)
    EDIT_PROFILE = "edit_profile"  # change the profile of a file, within the write scope
    PROGRAMMES = "programmes"  # enter a programme or exit it, within the write scope
    SITUATIONS = "situations"  # start or end a situation (job, training…), within the write scope
    AIDES = "aides"  # grant a help or an allowance within its cap, within the write scope
    TRANSFER = "transfer"  # change the referent counsellor, within the write scope
    AGENDA = "agenda"  # agendas and collective sessions of the Mission Locale: read, book, register, convocations
    ATTENDANCE = "attendance"  # mark attendance (appointments, sign-in sheets), create sessions: records contacts
    WALKIN = "walkin"  # the walk-in queue: see it, register an arrival
    WALKIN_TAKE = "walkin_take"  # take someone from the queue and record the first interview
    KEY_FIGURES = "key_figures"  # the key figures of the year on the home page
    MERGE = "merge"  # list likely duplicate files and merge two of them (docs/doublons.md)
    OFFRES = "offres"  # read the job offers of the Mission Locale (list, offer's page) (docs/offres.md)
    MANAGE_OFFRES = "manage_offres"  # create, change, publish and close job offers
    IMMERSIONS = "immersions"  # the list of PMSMP conventions, a convention and its PDF (docs/immersions.md)
    MANIFESTATIONS = "manifestations"  # forums and fairs: list, create, edit, who came (docs/immersions.md)
    EMPLOYERS = "employers"  # the employers' file: list, search, read an employer (docs/employeurs.md)
    EMPLOYERS_WRITE = "employers_write"  # create or change an employer and its people to talk to
    EMPLOYER_CONTACT = "employer_contact"  # record a contact with an employer (counted by the report)
    EMPLOYER_FOLLOWUP = "employer_followup"  # the employer relations home: call-backs, offers, immersions, hires
    # The public job board (docs/bourse.md): moderate it (attach or refuse employer accounts,
    # publish or refuse the offers employers post), link a young person's board account to their
    # file, see the applications and turn one into a match.
    BOURSE_MODERATION = "bourse_moderation"
    BOURSE_LIER_JEUNE = "bourse_lier_jeune"
    BOURSE_CANDIDATURES = "bourse_candidatures"
    # --- Mentoring (issue 14, docs/parrainage.md) ---
    MENTORING_ADMIN = "mentoring_admin"  # the mentors, pairings, mentors' logins; meetings and worries read
    MENTOR_SPACE = "mentor_space"  # a mentor's own space: current mentees, record a meeting, flag a worry


class FieldSet(StrEnum):
    NONE = "none"
    IDENTITY = "identity"
    OUTREACH = "outreach"
    MENTORING = "mentoring"
    MATCH = "match"
    FULL = "full"


# Reaching the young person (issue 12, docs/permissions.md "Contact details"): by phone or
# e-mail with their consents, by post, and a minor's legal representative.
PHONE_EMAIL_FIELDS = (
    "telephone", "consentement_sms", "consentement_sms_date", "email", "consentement_email",
    "consentement_email_date",
)
ADDRESS_FIELDS = ("adresse", "complement_adresse", "code_postal", "commune")
REPRESENTATIVE_FIELDS = ("representant_legal_nom", "representant_legal_telephone")
CONTACT_FIELDS = PHONE_EMAIL_FIELDS + ADDRESS_FIELDS + REPRESENTATIVE_FIELDS
# Read, never typed: the door dates a consent when its answer changes (jeunes/services.py).
AUTOMATIC_FIELDS = ("consentement_sms_date", "consentement_email_date")

_IDENTITY = ("ext_id", "nom", "prenom", "sexe", "date_naissance", "conseiller", "site")

# Profile fields of `Jeune` each field set shows, in display order. RQTH is sensitive: it is
# added for users who may see the file's sensitive items, whatever the field set.
PROFILE_FIELDS: dict[FieldSet, tuple[str, ...]] = {
    FieldSet.NONE: (),
    # Reception: identity, and what it takes to call, write to or convene the young person (the
    # convocation letters carry the postal address) or their legal representative.
    FieldSet.IDENTITY: _IDENTITY + CONTACT_FIELDS,
    # Outreach: identity, and the phone and e-mail to reach again the young people they met.
    FieldSet.OUTREACH: _IDENTITY + PHONE_EMAIL_FIELDS,
    # Mentors: no contact details yet: the young person will choose what a mentor sees (issue 14).
    FieldSet.MENTORING: ("nom", "prenom", "date_naissance", "conseiller"),
    # Employer relations: the phone and e-mail to arrange an interview with an employer; the
    # commune, not the street.
    FieldSet.MATCH: (
        "ext_id", "nom", "prenom", "date_naissance", "conseiller", "commune", "niveau", "diplome", "permis_b",
        "vehicule", *PHONE_EMAIL_FIELDS,
    ),
    FieldSet.FULL: (
        "ext_id", "nom", "prenom", "sexe", "date_naissance", "conseiller", "site", *CONTACT_FIELDS, "qpv", "niveau",
        "diplome", "hebergement", "permis_b", "vehicule", "enfants", "nationalite", "origine",
    ),
}
SENSITIVE_FIELDS = ("rqth",)

# Programmes whose mere mention is sensitive: justice (young people under court supervision,
# closed or open setting), psychologist and health.
SENSITIVE_DISPOSITIFS = frozenset({"jsmj_mf", "jsmj_mo", "psychologue", "sante"})


@dataclass(frozen=True)
class RoleRule:
    scope: Scope
    fields: FieldSet
    caps: frozenset[Cap]


_C = Cap
# What the direction and counsellors may do from a file (counsellors within their write scope).
_FILE_ACTIONS = (_C.CREATE_FILE, _C.EDIT_PROFILE, _C.PROGRAMMES, _C.SITUATIONS, _C.AIDES, _C.TRANSFER)
ROLE_RULES: dict[Role, RoleRule] = {
    Role.DIRECTION: RoleRule(
        Scope.STRUCTURE,
        FieldSet.FULL,
        frozenset({_C.SEARCH, _C.VIEW_FILE, _C.TIMELINE, _C.MENTORING, _C.MATCHES, _C.RECORD_CONTACT, _C.PORTFOLIO,
                   _C.SENSITIVE, _C.REPORT, _C.REPORT_JEUNES, _C.EDITIONS, _C.AGENDA, _C.ATTENDANCE, _C.WALKIN,
                   _C.WALKIN_TAKE, _C.KEY_FIGURES, _C.MERGE, _C.IMMERSIONS, _C.MANIFESTATIONS, _C.EMPLOYERS,
                   _C.EMPLOYERS_WRITE, _C.EMPLOYER_CONTACT, _C.OFFRES, _C.MANAGE_OFFRES, _C.BOURSE_MODERATION,
                   _C.BOURSE_LIER_JEUNE, _C.BOURSE_CANDIDATURES, _C.MENTORING_ADMIN, *_FILE_ACTIONS}),
    ),
    Role.CONSEILLER: RoleRule(
        Scope.STRUCTURE,
        FieldSet.FULL,
        frozenset({_C.SEARCH, _C.VIEW_FILE, _C.TIMELINE, _C.MENTORING, _C.MATCHES, _C.RECORD_CONTACT, _C.PORTFOLIO,
                   _C.SENSITIVE, _C.REPORT, _C.REPORT_JEUNES, _C.AGENDA, _C.ATTENDANCE, _C.WALKIN, _C.WALKIN_TAKE,
                   _C.IMMERSIONS, _C.MANIFESTATIONS, _C.EMPLOYERS, _C.EMPLOYER_CONTACT, _C.OFFRES,
                   _C.BOURSE_LIER_JEUNE, _C.BOURSE_CANDIDATURES, _C.MENTORING_ADMIN, *_FILE_ACTIONS}),
    ),
    Role.ACCUEIL: RoleRule(
        Scope.STRUCTURE,
        FieldSet.IDENTITY,
        frozenset({_C.SEARCH, _C.VIEW_FILE, _C.REPORT, _C.AGENDA, _C.WALKIN, _C.CREATE_FILE}),
    ),
    Role.RELATIONS_ENTREPRISES: RoleRule(
        Scope.MATCHES,
        FieldSet.MATCH,
        frozenset({_C.SEARCH, _C.VIEW_FILE, _C.MATCHES, _C.REPORT, _C.IMMERSIONS, _C.MANIFESTATIONS, _C.EMPLOYERS,
                   _C.EMPLOYERS_WRITE, _C.EMPLOYER_CONTACT, _C.EMPLOYER_FOLLOWUP, _C.OFFRES, _C.MANAGE_OFFRES,
                   _C.BOURSE_MODERATION, _C.BOURSE_CANDIDATURES}),
    ),
    Role.REPERAGE: RoleRule(Scope.REPERES, FieldSet.OUTREACH, frozenset({_C.SEARCH, _C.VIEW_FILE, _C.REPORT})),
    Role.PARRAIN: RoleRule(
        Scope.MENTEES, FieldSet.MENTORING, frozenset({_C.SEARCH, _C.VIEW_FILE, _C.MENTORING, _C.MENTOR_SPACE})
    ),
    Role.ADMINISTRATEUR: RoleRule(Scope.NONE, FieldSet.NONE, frozenset({_C.REPORT, _C.EDITIONS})),
}

# Contacts that do not open a counsellor's write scope: a workshop's or an information session's
# sign-in sheet records a contact by its animator for every participant, whoever registered them.
COLLECTIVE_NATURES = frozenset({"atelier", "information_collective"})

WRITE_SCOPE_PORTEFEUILLE = "portefeuille"
WRITE_SCOPE_STRUCTURE = "structure"


def rule_for(user: User) -> RoleRule:
    if not user.is_authenticated or not user.is_active:
        return RoleRule(Scope.NONE, FieldSet.NONE, frozenset())
    return ROLE_RULES.get(Role(user.role), ROLE_RULES[Role.ADMINISTRATEUR])


def can(user: User, cap: Cap) -> bool:
    """May the user do `cap` at all (on the young people in their scope)?"""
    return user.is_authenticated and user.structure_id is not None and cap in rule_for(user).caps


def require(user: User, cap: Cap) -> None:
    if not can(user, cap):
        raise PermissionDenied("Votre rôle ne donne pas accès à cette page.")


def conseiller_of(user: User) -> Conseiller | None:
    """The user's counsellor row (same Mission Locale), if any."""
    from trajectoires.accounts.models import Conseiller

    if not user.is_authenticated or user.structure_id is None:
        return None
    try:
        conseiller = user.conseiller
    except Conseiller.DoesNotExist:
        return None
    return conseiller if conseiller.structure_id == user.structure_id else None


def jeunes_visible_to(user: User) -> QuerySet[Jeune]:
    """Every young person the user may know exists. Anything else is a 404."""
    from trajectoires.entreprises.models import MiseEnRelation
    from trajectoires.immersions.models import ConventionImmersion
    from trajectoires.jeunes.models import Jeune
    from trajectoires.parrainage.models import Parrainage
    from trajectoires.reperage.models import Repere
    from trajectoires.situations.models import Situation

    scope = rule_for(user).scope
    if not user.is_authenticated or user.structure_id is None or scope is Scope.NONE:
        return Jeune.objects.none()
    mine = Jeune.objects.filter(structure_id=user.structure_id)
    if scope is Scope.STRUCTURE:
        return mine
    if scope is Scope.MATCHES:
        # Employer relations: the young people put forward on an offer, those in a PMSMP, and those
        # placed with an employer of the Mission Locale (a job, work-study or immersion with its
        # employer), whom they follow in the company (issue 13, docs/permissions.md).
        ids = MiseEnRelation.objects.filter(structure_id=user.structure_id).values("jeune_id")
        immersions = ConventionImmersion.objects.filter(structure_id=user.structure_id).values("jeune_id")
        placed = Situation.objects.filter(structure_id=user.structure_id, employeur__isnull=False).values("jeune_id")
        return mine.filter(Q(pk__in=ids) | Q(pk__in=immersions) | Q(pk__in=placed))
    if scope is Scope.REPERES:
        ids = Repere.objects.filter(structure_id=user.structure_id, jeune__isnull=False).values("jeune_id")
        return mine.filter(pk__in=ids)
    if scope is Scope.MENTEES:
        today = timezone.localdate()
        ids = Parrainage.objects.filter(
            Q(date_fin__isnull=True) | Q(date_fin__gte=today),
            structure_id=user.structure_id,
            parrain__user=user,
        ).values("jeune_id")
        return mine.filter(pk__in=ids)
    raise AssertionError(scope)  # pragma: no cover


def write_scope() -> str:
    value = getattr(settings, "TRAJECTOIRES_CONSEILLER_ECRITURE", WRITE_SCOPE_PORTEFEUILLE)
    if value not in (WRITE_SCOPE_PORTEFEUILLE, WRITE_SCOPE_STRUCTURE):
        raise ValueError(
            f"TRAJECTOIRES_CONSEILLER_ECRITURE vaut « {value} » : choisissez « portefeuille » ou « structure »."
        )
    return value


def jeunes_writable_by(user: User) -> QuerySet[Jeune]:
    """The young people whose file the user may add to (record a contact…)."""
    from trajectoires.accompagnement.models import Evenement

    visible = jeunes_visible_to(user)
    if not can(user, Cap.RECORD_CONTACT):
        return visible.none()
    if Role(user.role) is Role.DIRECTION or write_scope() == WRITE_SCOPE_STRUCTURE:
        return visible
    conseiller = conseiller_of(user)
    if conseiller is None:
        return visible.none()
    acted_on = (
        Evenement.objects.filter(structure_id=user.structure_id, conseiller=conseiller)
        .exclude(nature__in=COLLECTIVE_NATURES)
        .values("jeune_id")
    )
    return visible.filter(Q(conseiller=conseiller) | Q(pk__in=acted_on))


def can_write_jeune(user: User, jeune: Jeune) -> bool:
    """`jeune` is in `jeunes_writable_by(user)`, checked for this one file: the set's subquery
    (every young person the counsellor ever met) read the counsellor's contacts of the whole
    Mission Locale on SQLite (1.2 s at 200,000 young people); here, the file's own contacts."""
    from trajectoires.accompagnement.models import Evenement

    if not can(user, Cap.RECORD_CONTACT) or not jeunes_visible_to(user).filter(pk=jeune.pk).exists():
        return False
    if Role(user.role) is Role.DIRECTION or write_scope() == WRITE_SCOPE_STRUCTURE:
        return True
    conseiller = conseiller_of(user)
    if conseiller is None:
        return False
    # The file is visible, so of the user's Mission Locale, and so are its contacts.
    if jeune.conseiller_id == conseiller.pk:
        return True
    # The file's contacts by its own index, the counsellor compared here: with both filters in
    # SQL, SQLite (no ANALYZE statistics) read the counsellor's index, every contact they ever
    # recorded (3 ms at 200,000 young people), instead of the file's twenty-odd.
    met = Evenement.objects.filter(jeune_id=jeune.pk).values_list("conseiller_id", "nature").distinct()
    return any(c == conseiller.pk and nature not in COLLECTIVE_NATURES for c, nature in met)


# --- Transfers (docs/permissions.md, "Transfers") --------------------------------------------
def can_transfer_directly(user: User, jeune: Jeune) -> bool:
    """Change the referent at once: the direction, or the file's current referent handing it over.
    Anyone else (a counsellor who met the young person, or not) asks: `can_request_transfer`."""
    if not can(user, Cap.TRANSFER) or jeune.structure_id != user.structure_id:
        return False
    if Role(user.role) is Role.DIRECTION:
        return True
    conseiller = conseiller_of(user)
    return conseiller is not None and jeune.conseiller_id == conseiller.pk


def can_request_transfer(user: User, jeune: Jeune) -> bool:
    """Ask for a transfer: a counsellor (with a counsellor row) who sees the file but is not its
    referent. The direction or the referent decides (`can_decide_transfer`)."""
    if not can(user, Cap.TRANSFER) or jeune.structure_id != user.structure_id:
        return False
    return conseiller_of(user) is not None and not can_transfer_directly(user, jeune)


def can_decide_transfer(user: User, demande) -> bool:  # type: ignore[no-untyped-def]
    """Accept or refuse a transfer request: the direction, or the file's current referent."""
    return can_transfer_directly(user, demande.jeune)


def get_demande_transfert_for_user(user: User, pk: int | str):  # type: ignore[no-untyped-def]
    """A transfer request: 404 unless its file is in the user's scope; 403 unless the user may
    decide it."""
    from trajectoires.jeunes.models import DemandeTransfert

    demande = _structure_object(user, DemandeTransfert, pk)
    if not can(user, Cap.VIEW_FILE) or not jeunes_visible_to(user).filter(pk=demande.jeune_id).exists():
        raise Http404("Aucun élément ne correspond.")
    if not can_decide_transfer(user, demande):
        raise PermissionDenied(
            "Seuls le conseiller référent du dossier et la direction acceptent ou refusent une demande de transfert."
        )
    return demande


def can_see_sensitive(user: User, jeune: Jeune) -> bool:
    """Justice and health programmes, RQTH: the direction, and the referent counsellor only."""
    if not can(user, Cap.SENSITIVE) or jeune.structure_id != user.structure_id:
        return False
    if Role(user.role) is Role.DIRECTION:
        return True
    conseiller = conseiller_of(user)
    return conseiller is not None and jeune.conseiller_id == conseiller.pk


# --- Interview notes (issue 12, docs/permissions.md "Interview notes") ------------------------
def can_read_notes(user: User, jeune: Jeune) -> bool:
    """The notes of the file's contacts: the roles that read the timeline (direction,
    counsellors). Reception, employer relations, outreach and mentors never read them."""
    return can(user, Cap.TIMELINE) and jeune.structure_id == user.structure_id


def can_read_note(user: User, jeune: Jeune, sensible: bool) -> bool:
    """One note: a note marked sensitive (health, justice) follows the sensitive rule: the
    direction and the file's referent only; anyone else who reads the timeline sees that a
    confidential note exists, not what it says."""
    return can_read_notes(user, jeune) and (not sensible or can_see_sensitive(user, jeune))


def can_pick_commune(user: User) -> bool:
    """The communes type-ahead of the profile form (whoever creates files or changes profiles)
    of the employer form (whoever changes employers) and of the offer form (whoever manages offers)."""
    return (
        can(user, Cap.CREATE_FILE) or can(user, Cap.EDIT_PROFILE) or can(user, Cap.EMPLOYERS_WRITE)
        or can(user, Cap.MANAGE_OFFRES)
    )


def can_pick_employeur(user: User) -> bool:
    """The employers' type-ahead: the situation and PMSMP forms (`SITUATIONS`), the employers
    present at a forum (`MANIFESTATIONS`) and the offer form (`MANAGE_OFFRES`)."""
    return can(user, Cap.SITUATIONS) or can(user, Cap.MANIFESTATIONS) or can(user, Cap.MANAGE_OFFRES)


def can_pick_rome(user: User) -> bool:
    """The ROME type-ahead: the offer form and the jobs a young person looks for (profile)."""
    return can(user, Cap.MANAGE_OFFRES) or can(user, Cap.EDIT_PROFILE)


# --- Job offers and matching (docs/offres.md, docs/permissions.md "Offers and matching") -------
def get_offre_for_user(user: User, pk: int | str, cap: Cap = Cap.OFFRES):  # type: ignore[no-untyped-def]
    """An offer of the user's Mission Locale (404 otherwise, whatever the reason); 403 without `cap`."""
    from trajectoires.entreprises.models import Offre

    offre = _structure_object(user, Offre, pk)
    require(user, cap)
    return offre


def matching_pool(user: User) -> QuerySet[Jeune]:
    """The young people matching may propose to the user on an offer, and whom the user may put
    forward: every young person of their Mission Locale, for the roles with `Cap.MATCHES`. This
    is wider than the scope of employer relations (`Scope.MATCHES`: the young people already put
    forward): to put someone forward they must be able to find them. What the proposals show of
    a young person is the `FieldSet.MATCH` fields (names, commune, level, licence, vehicle), and
    the link to the file only when the file is in the user's scope; once put forward, the young
    person is in their scope."""
    from trajectoires.jeunes.models import Jeune

    if not can(user, Cap.MATCHES):
        return Jeune.objects.none()
    return Jeune.objects.filter(structure_id=user.structure_id)


def get_jeune_for_matching(user: User, pk: int | str) -> Jeune:
    """A young person to put forward: 404 outside `matching_pool` (another Mission Locale), 403
    in the user's scope without `Cap.MATCHES`."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("Aucun dossier ne correspond.") from None
    jeune = matching_pool(user).filter(pk=pk).first()
    if jeune is None:
        if jeunes_visible_to(user).filter(pk=pk).exists():
            raise PermissionDenied("Votre rôle ne permet pas de mettre un jeune en relation avec un employeur.")
        raise Http404("Aucun dossier ne correspond.")
    return jeune


def get_mise_en_relation_for_user(user: User, pk: int | str):  # type: ignore[no-untyped-def]
    """A match: 404 unless its young person is in the user's scope; 403 without `Cap.MATCHES`."""
    from trajectoires.entreprises.models import MiseEnRelation

    mise = _structure_object(user, MiseEnRelation, pk)
    if not jeunes_visible_to(user).filter(pk=mise.jeune_id).exists():
        raise Http404("Aucun élément ne correspond.")
    if not can(user, Cap.MATCHES):
        raise PermissionDenied("Votre rôle ne permet pas de suivre les mises en relation.")
    return mise


def get_jeune_for_user(user: User, pk: int | str, *, write: bool = False, cap: Cap | None = None) -> Jeune:
    """The young person `pk` if the user may see it (404 otherwise, whatever the reason).
    With `write=True`, a file in scope the user may not change gives 403; with `cap`, so does a
    role without that capability (an action of the file: EDIT_PROFILE, PROGRAMMES…)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("Aucun dossier ne correspond.") from None
    jeune = jeunes_visible_to(user).select_related("conseiller", "site", "structure").filter(pk=pk).first()
    if jeune is None or not can(user, Cap.VIEW_FILE):
        raise Http404("Aucun dossier ne correspond.")
    if cap is not None and not can(user, cap):
        raise PermissionDenied("Votre rôle ne permet pas cette action sur un dossier.")
    if write and not can_write_jeune(user, jeune):
        raise PermissionDenied(
            "Vous pouvez consulter ce dossier mais pas y écrire : seuls son conseiller référent, les conseillers "
            "qui l'ont déjà reçu et la direction le peuvent. Demandez un transfert au conseiller référent."
        )
    return jeune


def get_jeunes_for_merge(user: User, pk: int | str, autre: int | str) -> tuple[Jeune, Jeune]:
    """Two files to compare and merge (docs/doublons.md): 404 unless both are in the user's scope
    (and distinct), whatever the role; then 403 without `Cap.MERGE` (the direction)."""
    try:
        pks = (int(pk), int(autre))
    except (TypeError, ValueError):
        raise Http404("Aucun dossier ne correspond.") from None
    if pks[0] == pks[1] or not can(user, Cap.VIEW_FILE):
        raise Http404("Aucun dossier ne correspond.")
    found = jeunes_visible_to(user).select_related("conseiller", "site", "structure").in_bulk(pks)
    if len(found) != 2:
        raise Http404("Aucun dossier ne correspond.")
    if not can(user, Cap.MERGE):
        raise PermissionDenied(
            "Seule la direction compare et fusionne les dossiers en double : signalez-lui ces deux dossiers."
        )
    return found[pks[0]], found[pks[1]]


def profile_fields(user: User, jeune: Jeune) -> tuple[str, ...]:
    """The profile fields the user reads on this file, in display order."""
    fields = PROFILE_FIELDS[rule_for(user).fields]
    if fields and can_see_sensitive(user, jeune):
        fields = fields + SENSITIVE_FIELDS
    return fields


def creatable_profile_fields(user: User) -> tuple[str, ...]:
    """The profile fields the user fills in when creating a file: those of their field set, RQTH
    if the role sees sensitive items (a counsellor becomes the new file's referent), and the
    referent counsellor for the direction (a counsellor is the referent; reception leaves it)."""
    if not can(user, Cap.CREATE_FILE):
        return ()
    fields = tuple(
        f for f in PROFILE_FIELDS[rule_for(user).fields] if f not in ("ext_id", "conseiller", *AUTOMATIC_FIELDS)
    )
    if can(user, Cap.SENSITIVE):
        fields = fields + SENSITIVE_FIELDS
    if Role(user.role) is Role.DIRECTION:
        fields = fields + ("conseiller",)
    return fields


def editable_profile_fields(user: User, jeune: Jeune) -> tuple[str, ...]:
    """The profile fields the user may change on this file: those they read, except the
    identifier and the referent (changed by a transfer). The caller checked the write scope."""
    if not can(user, Cap.EDIT_PROFILE):
        return ()
    return tuple(f for f in profile_fields(user, jeune) if f not in ("ext_id", "conseiller", *AUTOMATIC_FIELDS))


def is_sensitive_dispositif(code: str) -> bool:
    return code in SENSITIVE_DISPOSITIFS


# --- The activity report (edition app) -------------------------------------------------------
def can_view_report(user: User) -> bool:
    return can(user, Cap.REPORT)


def can_see_report_jeunes(user: User) -> bool:
    return can(user, Cap.REPORT_JEUNES)


def sensitive_report_key(key: str, filtre: tuple[str, str] | None = None) -> bool:
    """Does a list of the report reveal a justice or health follow-up? Its figure names a
    sensitive programme (`dispositifs.jsmj_mf.entrees`), or the whole report is restricted to one."""
    if filtre is not None and filtre[0] == "dispositif" and is_sensitive_dispositif(filtre[1]):
        return True
    return any(is_sensitive_dispositif(part) for part in key.replace(":", ".").split("."))


def report_filter_parts(filtre: tuple[str, str] | str | None) -> tuple[str, str] | None:
    """A report filter as (key, value), normalised as `rapports.filters.resolve_filtre` reads it
    (key lower-cased, both stripped), from a pair or from its `cle:valeur` text; None if empty."""
    if not filtre:
        return None
    if isinstance(filtre, str):
        key, _, value = filtre.partition(":")
    else:
        key, value = filtre
    key, value = key.strip().lower(), value.strip()
    return (key, value) if key or value else None


def is_sensitive_report_filter(filtre: tuple[str, str] | str | None) -> bool:
    """Is the report restricted to a justice or health programme (`dispositif:jsmj_mf`…)?"""
    parts = report_filter_parts(filtre)
    return parts is not None and parts[0] == "dispositif" and is_sensitive_dispositif(parts[1])


def can_filter_report(user: User, filtre: tuple[str, str] | str | None) -> bool:
    """May the user restrict the report with this filter? Restricting it to a justice or health
    programme is for the roles that see sensitive items (direction, counsellors); any other
    filter for whoever reads the report."""
    if not can_view_report(user):
        return False
    return not is_sensitive_report_filter(filtre) or can(user, Cap.SENSITIVE)


def require_report_filter(user: User, filtre: tuple[str, str] | str | None) -> None:
    """403 (French message) for a filter the user may not use: the report page, its downloads,
    its lists of young people, edition generation and `/api/rapport` all ask this."""
    if not can_filter_report(user, filtre):
        raise PermissionDenied(
            "Restreindre le rapport à un dispositif de justice ou de santé est réservé à la direction et aux "
            "conseillers : choisissez un autre filtre ou toute la Mission Locale."
        )


def report_exact_figures(user: User) -> bool:
    """Does the user read the live report's exact figures? The direction only; every other role
    reads them under statistical secrecy (`rapports/secret.py`: small cells about a justice or
    health programme, or of a report restricted to one counsellor, shown as "< 5"). Frozen
    editions are published documents: masked for everyone, the direction included."""
    return can_view_report(user) and Role(user.role) is Role.DIRECTION


def report_jeunes_visible_to(user: User, queryset: QuerySet[Jeune], sensitive: bool) -> QuerySet[Jeune]:
    """The young people of a report list the user may see: those of their scope and, when the
    list is sensitive, only those whose sensitive items they may see (the direction: all; a
    counsellor: their own referent files), as on the young person's file."""
    queryset = queryset.filter(pk__in=jeunes_visible_to(user).values("pk"))
    if not sensitive or Role(user.role) is Role.DIRECTION:
        return queryset
    conseiller = conseiller_of(user)
    if not can(user, Cap.SENSITIVE) or conseiller is None:
        return queryset.none()
    return queryset.filter(conseiller=conseiller)


def can_manage_editions(user: User) -> bool:
    return can(user, Cap.EDITIONS)


# --- Agenda, collective sessions, walk-in queue (agenda and accueil apps) --------------------
def _structure_object(user: User, model, pk: int | str):  # type: ignore[no-untyped-def]
    """A row of the user's Mission Locale (404 otherwise, whatever the reason)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("Aucun élément ne correspond.") from None
    if not user.is_authenticated or user.structure_id is None or rule_for(user).scope is Scope.NONE:
        raise Http404("Aucun élément ne correspond.")
    obj = model.objects.filter(structure_id=user.structure_id, pk=pk).first()
    if obj is None:
        raise Http404("Aucun élément ne correspond.")
    return obj


def get_rendez_vous_for_user(user: User, pk: int | str, *, mark: bool = False):  # type: ignore[no-untyped-def]
    """An appointment: 404 unless its young person is in the user's scope; 403 without the
    agenda (or, with `mark`, without the right to mark attendance on it)."""
    from trajectoires.agenda.models import RendezVous

    rdv = _structure_object(user, RendezVous, pk)
    if not jeunes_visible_to(user).filter(pk=rdv.jeune_id).exists():
        raise Http404("Aucun élément ne correspond.")
    require(user, Cap.AGENDA)
    if mark and not can_mark_rendez_vous(user, rdv):
        raise PermissionDenied(
            "Seuls les conseillers qui peuvent écrire dans ce dossier (son référent, ceux qui ont déjà reçu le jeune "
            "en entretien) et la direction notent la présence. Demandez au conseiller référent de la noter, ou un "
            "transfert du dossier."
        )
    return rdv


def can_mark_rendez_vous(user: User, rdv) -> bool:  # type: ignore[no-untyped-def]
    """Attendance records a contact: whoever may write to the file (its referent, a counsellor
    who already met the young person individually, the direction). Being the appointment's
    counsellor is not enough: an appointment anyone may book would otherwise open the file's
    write scope (and then a transfer) to its author."""
    if not can(user, Cap.ATTENDANCE) or rdv.structure_id != user.structure_id:
        return False
    return can_write_jeune(user, rdv.jeune)


def get_session_for_user(user: User, pk: int | str, cap: Cap = Cap.AGENDA):  # type: ignore[no-untyped-def]
    """A collective session of the user's Mission Locale (404 otherwise), 403 without `cap`."""
    from trajectoires.agenda.models import SessionCollective

    session = _structure_object(user, SessionCollective, pk)
    require(user, cap)
    return session


def get_arrivee_for_user(user: User, pk: int | str, cap: Cap = Cap.WALKIN):  # type: ignore[no-untyped-def]
    """A walk-in arrival of the user's Mission Locale (404 otherwise), 403 without `cap`."""
    from trajectoires.accueil.models import Arrivee

    arrivee = _structure_object(user, Arrivee, pk)
    require(user, cap)
    return arrivee


def can_receive_arrivee(user: User, arrivee) -> bool:  # type: ignore[no-untyped-def]
    """Who records a walk-in's interview and attaches (or creates) their file: the counsellor
    who took the person, or the direction."""
    if not can(user, Cap.WALKIN_TAKE) or arrivee.structure_id != user.structure_id:
        return False
    if Role(user.role) is Role.DIRECTION:
        return True
    mine = conseiller_of(user)
    return mine is not None and arrivee.pris_par_id == mine.pk


# --- Immersions (PMSMP) and forums (immersions and manifestations apps, docs/immersions.md) ----
def get_convention_for_user(user: User, pk: int | str):  # type: ignore[no-untyped-def]
    """A PMSMP convention: 404 unless of the user's Mission Locale and its young person in their
    scope; 403 without `Cap.IMMERSIONS`."""
    from trajectoires.immersions.models import ConventionImmersion

    convention = _structure_object(user, ConventionImmersion, pk)
    if not jeunes_visible_to(user).filter(pk=convention.jeune_id).exists():
        raise Http404("Aucun élément ne correspond.")
    require(user, Cap.IMMERSIONS)
    return convention


def get_manifestation_for_user(user: User, pk: int | str):  # type: ignore[no-untyped-def]
    """A forum, fair or visit of the user's Mission Locale (404 otherwise), 403 without `Cap.MANIFESTATIONS`."""
    from trajectoires.manifestations.models import Manifestation

    manifestation = _structure_object(user, Manifestation, pk)
    require(user, Cap.MANIFESTATIONS)
    return manifestation
# --- The employers' file (issue 13, docs/employeurs.md) ---------------------------------------
def get_employeur_for_user(user: User, pk: int | str, cap: Cap | None = None):  # type: ignore[no-untyped-def]
    """An employer of the user's Mission Locale (404 otherwise, whatever the reason; the
    administrator's empty scope too); 403 without `Cap.EMPLOYERS`, or without `cap` (a write)."""
    from trajectoires.entreprises.models import Employeur

    employeur = _structure_object(user, Employeur, pk)
    require(user, Cap.EMPLOYERS)
    if cap is not None and not can(user, cap):
        raise PermissionDenied(
            "Votre rôle permet de consulter les employeurs, pas de les modifier : demandez au chargé de relations "
            "entreprises ou à la direction."
        )
    return employeur


def get_interlocuteur_for_user(user: User, pk: int | str, cap: Cap = Cap.EMPLOYERS_WRITE):  # type: ignore[no-untyped-def]
    """A person to talk to at an employer of the user's Mission Locale (404 otherwise); 403 as
    `get_employeur_for_user`."""
    from trajectoires.entreprises.models import Interlocuteur

    interlocuteur = _structure_object(user, Interlocuteur, pk)
    get_employeur_for_user(user, interlocuteur.employeur_id, cap)
    return interlocuteur


# --- Mentoring: mentors, pairings, meetings, worries (parrainage app, issue 14) ---------------
def current_pairings_q() -> Q:
    """A pairing not ended: no end date, or one not yet passed (a mentor keeps their mentee
    until the evening of the end date, like `Scope.MENTEES`)."""
    return Q(date_fin__isnull=True) | Q(date_fin__gte=timezone.localdate())


def get_parrain_for_user(user: User, pk: int | str):  # type: ignore[no-untyped-def]
    """A mentor of the user's Mission Locale (404 otherwise), 403 without `MENTORING_ADMIN`."""
    from trajectoires.parrainage.models import Parrain

    parrain = _structure_object(user, Parrain, pk)
    require(user, Cap.MENTORING_ADMIN)
    return parrain


def get_parrainage_for_user(user: User, pk: int | str):  # type: ignore[no-untyped-def]
    """A pairing, for the coordinator: of the user's Mission Locale and its young person in the
    user's scope (404 otherwise), 403 without `MENTORING_ADMIN`. A mentor asking for one of their
    own current pairings gets 403 (it exists for them), any other pairing 404."""
    from trajectoires.parrainage.models import Parrainage

    parrainage = _structure_object(user, Parrainage, pk)
    if not jeunes_visible_to(user).filter(pk=parrainage.jeune_id).exists():
        raise Http404("Aucun élément ne correspond.")
    require(user, Cap.MENTORING_ADMIN)
    return parrainage


def mentor_pairings(user: User):  # type: ignore[no-untyped-def]
    """The mentor's current pairings (their `Parrain` row's, not ended), nothing for anyone else."""
    from trajectoires.parrainage.models import Parrainage

    if not can(user, Cap.MENTOR_SPACE):
        return Parrainage.objects.none()
    return Parrainage.objects.filter(current_pairings_q(), structure_id=user.structure_id, parrain__user=user)


def get_mentor_pairing_for_user(user: User, pk: int | str):  # type: ignore[no-untyped-def]
    """One of the mentor's current pairings (404 for any other: ended, another mentor's, another
    Mission Locale's); 403 for a role without `MENTOR_SPACE` on a pairing it may see."""
    from trajectoires.parrainage.models import Parrainage

    parrainage = _structure_object(user, Parrainage, pk)
    if can(user, Cap.MENTOR_SPACE):
        if not mentor_pairings(user).filter(pk=parrainage.pk).exists():
            raise Http404("Aucun élément ne correspond.")
        return parrainage
    if not jeunes_visible_to(user).filter(pk=parrainage.jeune_id).exists():
        raise Http404("Aucun élément ne correspond.")
    raise PermissionDenied("Seul le parrain ou la marraine du jeune enregistre ses rencontres et inquiétudes.")


def can_mark_inquietude_read(user: User, inquietude) -> bool:  # type: ignore[no-untyped-def]
    """The worry's counsellor (the referent it was sent to) or the direction."""
    if not can(user, Cap.MENTORING_ADMIN) or inquietude.structure_id != user.structure_id:
        return False
    if Role(user.role) is Role.DIRECTION:
        return True
    mine = conseiller_of(user)
    return mine is not None and inquietude.conseiller_id == mine.pk


def get_inquietude_for_user(user: User, pk: int | str):  # type: ignore[no-untyped-def]
    """A worry to mark read: 404 unless of the user's Mission Locale with its young person in
    scope (a mentor: 404, they never see worries once sent), 403 unless `can_mark_inquietude_read`."""
    from trajectoires.parrainage.models import Inquietude

    inquietude = _structure_object(user, Inquietude, pk)
    if can(user, Cap.MENTOR_SPACE) or not jeunes_visible_to(user).filter(pk=inquietude.jeune_id).exists():
        raise Http404("Aucun élément ne correspond.")
    if not can_mark_inquietude_read(user, inquietude):
        raise PermissionDenied(
            "Seuls le conseiller référent à qui l'inquiétude a été adressée et la direction la marquent comme lue."
        )
    return inquietude


# --- Personal data: audit journal, access report, subject access export (rgpd app) -------------
# Roles that read the audit journal and answer subject access requests: the direction only.
AUDIT_ROLES = frozenset({Role.DIRECTION})


def can_read_audit(user: User) -> bool:
    return (
        user.is_authenticated and user.is_active and user.structure_id is not None and Role(user.role) in AUDIT_ROLES
    )


def require_audit(user: User) -> None:
    if not can_read_audit(user):
        raise PermissionDenied("Le journal d'audit et les demandes d'accès aux données sont réservés à la direction.")


def get_jeune_for_audit(user: User, pk: int | str) -> Jeune:
    """A young person's file for their access report or data export: 404 out of the user's
    scope, 403 in scope without the right."""
    jeune = get_jeune_for_user(user, pk)
    require_audit(user)
    return jeune


# --- Hardening and the REST API (docs/securite.md) --------------------------------------------
# Roles of the Mission Locale's employees ("staff"): two-factor authentication is required for
# them when TRAJECTOIRES_2FA_OBLIGATOIRE is on, and they may read the API's documentation page.
# Volunteer mentors are not employees; they see only their mentees' few fields.
STAFF_ROLES = frozenset(set(Role) - {Role.PARRAIN})


def is_staff_member(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or user.is_superuser or Role(user.role) in STAFF_ROLES


def requires_two_factor(user: User) -> bool:
    return is_staff_member(user)


def can_read_api_docs(user: User) -> bool:
    return is_staff_member(user)


# --- The admin site (docs/securite.md, "Le site d'administration") ----------------------------
# Two kinds of administrators, both of role `administrateur` with `is_staff`:
# - a structure administrator (`user.structure` set) manages their own Mission Locale only;
# - the network administrator (`user.administrateur_reseau`) sees every Mission Locale. The flag
#   is set by another network administrator or by `trajectoires administrateur_reseau`.
# `is_superuser` gives nothing: the role and these two functions decide.
def _admin_role(user: User) -> bool:
    return (
        user.is_authenticated and user.is_active and user.is_staff and user.role == Role.ADMINISTRATEUR
    )


def is_network_admin(user: User) -> bool:
    """The network administrator: every Mission Locale in the admin site."""
    return _admin_role(user) and bool(getattr(user, "administrateur_reseau", False))


def admin_structure_id(user: User) -> int | None:
    """The Mission Locale a structure administrator manages in the admin site (None: not one)."""
    if not _admin_role(user) or is_network_admin(user):
        return None
    return user.structure_id


def can_use_admin(user: User) -> bool:
    """May the user enter the admin site at all? Anyone else is sent to its login page."""
    return is_network_admin(user) or admin_structure_id(user) is not None


# --- The public job board (bourse app, docs/bourse.md) -----------------------------------------
def get_bourse_object_for_user(user: User, model, pk: int | str, cap: Cap):  # type: ignore[no-untyped-def]
    """A row of the job board (account, posted offer, application) of the user's Mission Locale:
    404 otherwise (another Mission Locale, or a role whose scope is empty); 403 without `cap`."""
    obj = _structure_object(user, model, pk)
    require(user, cap)
    return obj


def can_use_api(user: User) -> bool:
    """May the user hold a personal API token (does the API answer them anything)?"""
    return user.is_authenticated and user.is_active and (can(user, Cap.SEARCH) or can(user, Cap.REPORT))
