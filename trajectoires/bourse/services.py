"""The doors of the job board (docs/bourse.md): every write of its accounts, posted offers and
applications, and the two writes it makes in `entreprises` (an offer posted by an employer,
awaiting moderation; a match made from an application). Views stay thin and call these.

The offers and matches doors of `entreprises` (issue 13 part 2) may replace `_create_offre`,
`_publish` and `_create_mise_en_relation` below: they are the only places here that write those
models."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from trajectoires.bourse import cv as cv_files
from trajectoires.bourse.auth import set_password
from trajectoires.bourse.enums import Decision, StatutCandidature, StatutCompte, TypeCompte
from trajectoires.bourse.models import Candidature, Compte, DepotOffre
from trajectoires.entreprises import offres, services as employeurs
from trajectoires.entreprises.enums import OrigineOffre, StatutOffre
from trajectoires.entreprises.models import Employeur, MiseEnRelation, Offre
from trajectoires.entreprises.siret import normalise, siret_error


if TYPE_CHECKING:
    from trajectoires.accounts.models import Conseiller, User
    from trajectoires.jeunes.models import Jeune
    from trajectoires.structures.models import Structure


# --- What the public sees -------------------------------------------------------------------
def offres_visibles(structure_id: int, today: dt.date | None = None) -> QuerySet[Offre]:
    """The offers anyone sees on the board: published, diffused (`publique`), not past their
    closing date."""
    today = today or timezone.localdate()
    return Offre.objects.filter(
        Q(date_cloture__isnull=True) | Q(date_cloture__gte=today),
        structure_id=structure_id, statut=StatutOffre.PUBLIEE, publique=True,
    )


FACETS_SECONDS = 60
PAGE_SECONDS = 30


def page_key(structure_id: int, today: dt.date, path: str) -> str:
    """The cache key of the board's list as an anonymous visitor sees it at `path`: it changes
    with the day (closing dates) and with the board's version (bumped by `forget_pages`)."""
    version = cache.get_or_set(f"bourse-version:{structure_id}", 1, None)
    return f"bourse-page:{structure_id}:{today.isoformat()}:{version}:{path}"


def forget_pages(structure_id: int) -> None:
    """The lists and filter options already rendered are forgotten (an offer was published)."""
    try:
        cache.incr(f"bourse-version:{structure_id}")
    except ValueError:
        cache.set(f"bourse-version:{structure_id}", 2, None)
    cache.delete(_facets_key(structure_id, timezone.localdate()))


def _facets_key(structure_id: int, today: dt.date) -> str:
    return f"bourse-facettes:{structure_id}:{today.isoformat()}"


def facettes(structure_id: int, today: dt.date | None = None) -> dict:
    """What the board's filters offer: the contract types, communes (code -> name) and job
    families of the visible offers. Kept `FACETS_SECONDS` in the cache (per process), forgotten
    when an offer is published here."""
    from trajectoires.bourse.rome import domaines as rome_domaines
    from trajectoires.situations.enums import TypeSituation
    from trajectoires.structures.models import Commune, CommuneFrance

    today = today or timezone.localdate()
    key = _facets_key(structure_id, today)
    cached = cache.get(key)
    if cached is not None:
        return cached
    rows = list(offres_visibles(structure_id, today).order_by().values_list("commune", "rome", "type_contrat")
                .distinct())
    codes = {c for c, _, _ in rows if c}
    names = dict(CommuneFrance.objects.filter(code__in=codes).values_list("code", "nom"))
    names.update(Commune.objects.filter(structure_id=structure_id, ext_id__in=codes).values_list("ext_id", "nom"))
    labels, domaines = dict(TypeSituation.choices), rome_domaines()
    letters = {(r or "")[:1].upper() for _, r, _ in rows} & set(domaines)
    result = {
        "communes": {c: names.get(c, c) for c in codes},
        "contrats": sorted({(t, str(labels.get(t, t))) for _, _, t in rows}, key=lambda x: x[1]),
        "domaines": sorted((letter, domaines[letter]) for letter in letters),
    }
    cache.set(key, result, FACETS_SECONDS)
    return result


# --- Accounts ---------------------------------------------------------------------------------
@transaction.atomic
def create_compte(structure: Structure, type_: str, data: dict, password: str) -> Compte:
    """A new board account, its e-mail not confirmed yet. French `ValidationError` for an e-mail
    already used in the Mission Locale, a SIRET that is not one, or a password the staff's
    validators refuse."""
    email = data["email"].strip().lower()
    if Compte.objects.filter(structure=structure, email=email).exists():
        raise ValidationError(
            "Un compte existe déjà avec cette adresse électronique : connectez-vous, ou utilisez une autre adresse."
        )
    compte = Compte(
        structure=structure, type=type_, email=email, nom=data["nom"].strip(), prenom=data["prenom"].strip(),
        telephone=(data.get("telephone") or "").strip(),
    )
    if type_ == TypeCompte.EMPLOYEUR:
        siret = normalise(data.get("siret") or "")
        error = siret_error(siret) if siret else "Indiquez le SIRET de l'établissement (14 chiffres)."
        if error:
            raise ValidationError(error)
        compte.siret = siret
        compte.raison_sociale = data["raison_sociale"].strip()
    else:
        compte.date_naissance = data.get("date_naissance")
    set_password(compte, password)
    compte.save()
    return compte


def confirm_email(compte: Compte) -> Compte:
    if compte.email_confirme_le is None:
        compte.email_confirme_le = timezone.now()
        compte.save(update_fields=["email_confirme_le"])
    return compte


def record_login(compte: Compte) -> None:
    compte.derniere_connexion = timezone.now()
    compte.save(update_fields=["derniere_connexion"])


def employeurs_same_siret(compte: Compte) -> QuerySet[Employeur]:
    return Employeur.objects.filter(structure_id=compte.structure_id, siret=compte.siret)


@transaction.atomic
def attach_employeur(compte: Compte, employeur: Employeur | None, user: User) -> Compte:
    """Staff attach an employer's account to the employer file of the Mission Locale with its
    SIRET (`employeur`), or to a new file created from the account (`employeur` None: the SIRET
    is checked unique there)."""
    compte = Compte.objects.select_for_update().get(pk=compte.pk)
    if compte.type != TypeCompte.EMPLOYEUR:
        raise ValidationError("Ce compte n'est pas un compte employeur.")
    if not compte.confirme:
        raise ValidationError("L'adresse électronique de ce compte n'est pas encore confirmée.")
    if employeur is None:
        employeur = employeurs.create_employeur(compte.structure_id, compte.raison_sociale, compte.siret)
    if employeur.structure_id != compte.structure_id:
        raise ValidationError("Cette fiche employeur n'est pas de votre Mission Locale.")
    if employeur.siret != compte.siret:
        raise ValidationError(
            "Le SIRET de cette fiche employeur n'est pas celui du compte : vérifiez l'établissement."
        )
    compte.employeur, compte.statut, compte.verifie_par = employeur, StatutCompte.RATTACHE, user
    compte.motif_refus = ""
    compte.save()
    return compte


@transaction.atomic
def refuse_compte(compte: Compte, motif: str, user: User) -> Compte:
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError("Indiquez le motif du refus : il est montré au titulaire du compte.")
    compte = Compte.objects.select_for_update().get(pk=compte.pk)
    compte.statut, compte.motif_refus, compte.verifie_par = StatutCompte.REFUSE, motif, user
    compte.employeur = None
    compte.save()
    return compte


@transaction.atomic
def link_jeune(compte: Compte, jeune: Jeune, user: User) -> Compte:
    """A counsellor links a young person's account to their file, after checking who they are
    (never done automatically)."""
    compte = Compte.objects.select_for_update().get(pk=compte.pk)
    if compte.type != TypeCompte.JEUNE:
        raise ValidationError("Ce compte n'est pas un compte de jeune.")
    if jeune.structure_id != compte.structure_id:
        raise ValidationError("Ce dossier n'est pas de la Mission Locale du compte.")
    other = Compte.objects.filter(jeune=jeune).exclude(pk=compte.pk).first()
    if other is not None:
        raise ValidationError(f"Ce dossier est déjà lié au compte de {other}.")
    compte.jeune, compte.statut, compte.verifie_par = jeune, StatutCompte.RATTACHE, user
    compte.save()
    return compte


# --- Offers posted by employers -----------------------------------------------------------------
@transaction.atomic
def post_offre(compte: Compte, data: dict) -> DepotOffre:
    """An attached employer posts an offer: `a_valider`, origine `bourse`, not diffused until
    staff publish it."""
    if compte.type != TypeCompte.EMPLOYEUR or compte.statut != StatutCompte.RATTACHE or compte.employeur is None:
        raise ValidationError(
            "Votre compte doit d'abord être vérifié par la Mission Locale avant de déposer une offre."
        )
    offre = offres.create_offre(
        compte.structure_id, {**data, "employeur": compte.employeur}, timezone.localdate(), origine=OrigineOffre.BOURSE
    )
    return DepotOffre.objects.create(structure_id=compte.structure_id, offre=offre, compte=compte)


@transaction.atomic
def publish_depot(depot: DepotOffre, user: User) -> DepotOffre:
    depot = DepotOffre.objects.select_for_update().select_related("offre").get(pk=depot.pk)
    if depot.decision != Decision.A_VALIDER:
        raise ValidationError("Cette offre a déjà été modérée.")
    offres.publish_offre(depot.offre, timezone.localdate(), diffuser=True)
    forget_pages(depot.structure_id)
    depot.decision, depot.decide_le, depot.decide_par = Decision.PUBLIEE, timezone.now(), user
    depot.save()
    return depot


@transaction.atomic
def refuse_depot(depot: DepotOffre, motif: str, user: User) -> DepotOffre:
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError("Indiquez le motif du refus : il est montré à l'employeur.")
    depot = DepotOffre.objects.select_for_update().select_related("offre").get(pk=depot.pk)
    if depot.decision != Decision.A_VALIDER:
        raise ValidationError("Cette offre a déjà été modérée.")
    offres.refuse_offre(depot.offre)
    depot.decision, depot.motif_refus, depot.decide_le, depot.decide_par = (
        Decision.REFUSEE, motif, timezone.now(), user,
    )
    depot.save()
    return depot


# --- Applications -----------------------------------------------------------------------------
@transaction.atomic
def apply(compte: Compte, offre: Offre, data: dict, cv_data: bytes, cv_nom: str) -> Candidature:
    """A young person's application to a visible offer of their Mission Locale, with a CV already
    checked (`cv.check_cv`)."""
    if compte.type != TypeCompte.JEUNE:
        raise ValidationError("Seul un compte de jeune peut postuler.")
    if not offres_visibles(compte.structure_id).filter(pk=offre.pk).exists():
        raise ValidationError("Cette offre n'est plus ouverte aux candidatures.")
    if Candidature.objects.filter(offre=offre, compte=compte).exists():
        raise ValidationError("Vous avez déjà postulé à cette offre : suivez votre candidature dans votre espace.")
    name = cv_files.store(cv_data)
    telephone = (data.get("telephone") or "").strip()
    if telephone and telephone != compte.telephone:
        compte.telephone = telephone
        compte.save(update_fields=["telephone"])
    return Candidature.objects.create(
        structure_id=compte.structure_id, offre=offre, compte=compte, message=data["message"].strip(), cv=name,
        cv_nom=cv_nom[:200], partage_email=bool(data.get("partage_email")),
        partage_telephone=bool(data.get("partage_telephone")) and bool(compte.telephone),
    )


def mark_seen(candidature: Candidature) -> None:
    """The employer opened the application."""
    if candidature.statut == StatutCandidature.ENVOYEE:
        candidature.statut = StatutCandidature.CONSULTEE
        candidature.save(update_fields=["statut"])


@transaction.atomic
def make_match(candidature: Candidature, conseiller: Conseiller | None) -> MiseEnRelation:
    """Staff turn an application into a match (mise en relation, result pending) in one gesture.
    The young person's account must be linked to their file."""
    candidature = Candidature.objects.select_for_update().select_related("compte", "offre").get(pk=candidature.pk)
    if candidature.mise_en_relation_id is not None:
        raise ValidationError("Cette candidature est déjà une mise en relation.")
    jeune = candidature.compte.jeune
    if jeune is None:
        raise ValidationError(
            "Le compte de ce candidat n'est lié à aucun dossier : un conseiller doit d'abord le lier à son dossier."
        )
    today = timezone.localdate()
    mer = offres.put_forward(candidature.offre, jeune, today, today, conseiller=conseiller)
    candidature.mise_en_relation, candidature.statut = mer, StatutCandidature.MISE_EN_RELATION
    candidature.save()
    return mer


# --- Retention (rgpd/retention.py) ---------------------------------------------------------------
def anonymise_comptes(jeune_ids: list[int]) -> int:
    """The job-board accounts linked to files being anonymised (rgpd.retention.anonymise, inside
    its transaction): the identity cleared (a unique placeholder address under the reserved
    `.invalid` domain, RFC 2606, so that the one-account-per-address rule still holds), the
    password made unusable, and each application's message and CV file removed. The rows stay,
    so the report's board figures of past periods are unchanged. Returns the accounts cleared."""
    comptes = list(Compte.objects.filter(jeune_id__in=jeune_ids).values_list("pk", flat=True))
    if not comptes:
        return 0
    files = list(Candidature.objects.filter(compte_id__in=comptes).exclude(cv="").values_list("cv", flat=True))
    Candidature.objects.filter(compte_id__in=comptes).update(message="", cv="", cv_nom="")
    for pk in comptes:
        # QuerySet.update(): no save signal, so the journal never receives the identity as a
        # "before" value (as for the file itself).
        Compte.objects.filter(pk=pk).update(
            email=f"anonyme-{pk}@compte.invalid", nom="Anonyme", prenom="", telephone="", date_naissance=None,
            password="!",  # unusable: no hash matches it
        )
    transaction.on_commit(lambda: _remove_cv_files(files))
    return len(comptes)


def _remove_cv_files(names: list[str]) -> None:
    for name in names:
        try:
            cv_files.path_of(name).unlink(missing_ok=True)
        except FileNotFoundError:  # a name that is not one of ours: nothing to remove
            continue
