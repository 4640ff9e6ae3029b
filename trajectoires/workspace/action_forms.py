"""Small forms of the file's actions. Field checks here; the programme rules and the caps are
checked by the domain doors (dispositifs/aides services.py, inside a lock) and added as form errors by the views."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from trajectoires.accounts.models import Conseiller
from trajectoires.accounts.perms import is_sensitive_dispositif
from trajectoires.aides.enums import PublicBareme, TypeAide
from trajectoires.dispositifs.enums import CATALOGUE, MotifSortie
from trajectoires.dispositifs.models import Dispositif, Inscription
from trajectoires.entreprises.models import Employeur
from trajectoires.entreprises.siret import normalise as siret_normalise, siret_error
from trajectoires.jeunes.models import Jeune
from trajectoires.situations.enums import TYPES_PAR_CATEGORIE, Categorie, TypeSituation
from trajectoires.situations.models import Situation
from trajectoires.structures.models import Commune
from trajectoires.workspace.dossier_forms import mark_errors
from trajectoires.workspace.forms import date_field


class ActionForm(forms.Form):
    def __init__(self, *args: Any, jeune: Jeune, sensitive_ok: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.jeune = jeune
        self.sensitive_ok = sensitive_ok

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        mark_errors(self)
        return cleaned

    def add_rule_errors(self, field: str | None, errors: list[str]) -> None:
        for error in errors:
            self.add_error(field, error)
        mark_errors(self)


class EntreeDispositifForm(ActionForm):
    dispositif = forms.ChoiceField(
        label="Dispositif",
        error_messages={
            "required": "Choisissez le dispositif.",
            "invalid_choice": "Choisissez un dispositif dans la liste.",
        },
    )
    date_entree = date_field("Date d'entrée")
    date_fin_prevue = date_field(
        "Date de fin prévue",
        required=False,
        help_text="Facultative. Vide : PACEA 24 mois, CEJ 12 mois (de 6 à 12 mois), aucune pour les autres.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("date_entree", timezone.localdate())
        choices = [(code, name) for code, (name, _) in CATALOGUE.items()]
        local = Dispositif.objects.filter(structure_id=self.jeune.structure_id).exclude(ext_id__in=list(CATALOGUE))
        choices += [(d.ext_id, d.nom) for d in local]
        if not self.sensitive_ok:
            choices = [(c, n) for c, n in choices if not is_sensitive_dispositif(c)]
        self.fields["dispositif"].choices = [("", "— Choisissez —"), *choices]


def open_inscription_field(required_message: str) -> forms.ModelChoiceField:
    """The choice of one of the file's open enrolments (its queryset is set by the form, from
    `open_inscriptions`)."""
    return forms.ModelChoiceField(
        label="Dispositif en cours",
        queryset=Inscription.objects.none(),
        empty_label="— Choisissez —",
        error_messages={
            "required": required_message,
            "invalid_choice": "Choisissez un dispositif en cours dans la liste (il a peut-être déjà une sortie).",
        },
    )


class FinPrevueForm(ActionForm):
    inscription = open_inscription_field("Choisissez le dispositif dont la fin prévue change.")
    date_fin_prevue = date_field(
        "Date de fin prévue", required=False, help_text="Vide : pas de fin prévue.", example="31/12/2025"
    )
    prolongation = forms.BooleanField(
        label="CEJ : prolongation exceptionnelle accordée (durée jusqu'à 18 mois)", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inscription"].queryset = open_inscriptions(self.jeune, self.sensitive_ok)
        self.fields["inscription"].label_from_instance = _with_planned_end


def _with_planned_end(inscription: Inscription) -> str:
    fin = inscription.date_fin_prevue
    return f"{inscription} (fin prévue : {fin:%d/%m/%Y})" if fin else f"{inscription} (pas de fin prévue)"


def open_inscriptions(jeune: Jeune, sensitive_ok: bool):  # type: ignore[no-untyped-def]
    open_ones = jeune.inscriptions.filter(date_sortie__isnull=True).order_by("-date_entree")
    if not sensitive_ok:
        open_ones = open_ones.exclude(dispositif__in=[c for c in CATALOGUE if is_sensitive_dispositif(c)])
    return open_ones


class SortieDispositifForm(ActionForm):
    inscription = open_inscription_field("Choisissez le dispositif dont le jeune sort.")
    date_sortie = date_field("Date de sortie")
    motif_sortie = forms.ChoiceField(
        label="Motif de sortie",
        choices=[("", "— Choisissez —"), *MotifSortie.choices],
        error_messages={
            "required": "Choisissez le motif de sortie.",
            "invalid_choice": "Choisissez un motif de sortie dans la liste.",
        },
    )
    prolongation = forms.BooleanField(
        label="CEJ : prolongation exceptionnelle accordée (durée jusqu'à 18 mois)", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("date_sortie", timezone.localdate())
        self.fields["inscription"].queryset = open_inscriptions(self.jeune, self.sensitive_ok)
        self.fields["inscription"].label_from_instance = lambda i: (
            f"{Dispositif.label(i.dispositif, self.jeune.structure)} depuis le {i.date_entree:%d/%m/%Y}"
        )


class SituationDebutForm(ActionForm):
    """A situation starts (or is signed and starts later: a planned situation, counted by the
    report from its start date). Its employer or training body is picked among the Mission
    Locale's employers (type-ahead) or created on the spot (`entreprises.services.create_employeur`)."""

    MAX_AVANCE_JOURS = 366  # a contract signed today may start up to a year later

    categorie = forms.ChoiceField(
        label="Catégorie",
        choices=[("", "— Choisissez —"), *Categorie.choices],
        error_messages={"required": "Choisissez la catégorie (emploi, formation…).",
                        "invalid_choice": "Choisissez une catégorie dans la liste."},
    )
    type = forms.ChoiceField(
        label="Type",
        choices=[("", "— Choisissez —"), *TypeSituation.choices],
        error_messages={"required": "Choisissez le type (CDI, PMSMP…).",
                        "invalid_choice": "Choisissez un type dans la liste."},
    )
    date_debut = date_field(
        "Date de début", help_text="Elle peut être à venir (contrat signé) : la situation est alors prévue."
    )
    date_fin = date_field("Date de fin prévue", required=False, help_text="Facultative ; elle peut être à venir.")
    employeur_recherche = forms.CharField(
        label="Rechercher l'employeur ou l'organisme de formation", required=False, max_length=200,
        help_text="Raison sociale ou début du SIRET ; choisissez-le ensuite dans la liste.",
    )
    employeur = forms.CharField(required=False, widget=forms.Select)
    nouvel_employeur = forms.CharField(label="Raison sociale", required=False, max_length=300)
    nouvel_siret = forms.CharField(label="SIRET", required=False, max_length=20, help_text="14 chiffres, facultatif.")
    nouvelle_commune = forms.ChoiceField(label="Commune", required=False)

    MAIN_FIELDS = ("categorie", "type", "date_debut", "date_fin")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("date_debut", timezone.localdate())
        communes = Commune.objects.filter(structure_id=self.jeune.structure_id).order_by("nom")
        self.fields["nouvelle_commune"].choices = [("", "— Choisissez —")] + [(c.ext_id, c.nom) for c in communes]
        self.chosen_employeur: Employeur | None = None

    def main_fields(self) -> list:  # type: ignore[type-arg]
        return [self[name] for name in self.MAIN_FIELDS]

    def new_employer_fields(self) -> list:  # type: ignore[type-arg]
        return [self[name] for name in ("nouvel_employeur", "nouvel_siret", "nouvelle_commune")]

    def employeur_choices(self) -> list[Employeur]:
        """The options of the employer list: the one chosen (a form shown again), else none until a search."""
        return [self.chosen_employeur] if self.chosen_employeur is not None else []

    def clean_date_debut(self) -> dt.date:
        debut: dt.date = self.cleaned_data["date_debut"]
        if debut > timezone.localdate() + dt.timedelta(days=self.MAX_AVANCE_JOURS):
            raise forms.ValidationError(
                "La date de début est à plus d'un an : vérifiez l'année, ou enregistrez la situation plus tard."
            )
        if debut < self.jeune.date_naissance:
            raise forms.ValidationError("La date de début précède la naissance du jeune : vérifiez l'année.")
        return debut

    def clean_employeur(self) -> Employeur | None:
        raw = (self.cleaned_data.get("employeur") or "").strip()
        if not raw:
            return None
        employeur = None
        if raw.isdigit():
            employeur = Employeur.objects.filter(structure_id=self.jeune.structure_id, pk=int(raw)).first()
        if employeur is None:
            raise forms.ValidationError("Choisissez un employeur de votre Mission Locale dans la liste.")
        self.chosen_employeur = employeur
        return employeur

    def clean_nouvel_siret(self) -> str:
        value = siret_normalise(self.cleaned_data.get("nouvel_siret") or "")
        if value:
            error = siret_error(value)
            if error:
                raise forms.ValidationError(error)
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        categorie, type_ = cleaned.get("categorie"), cleaned.get("type")
        if categorie and type_ and type_ not in TYPES_PAR_CATEGORIE[categorie]:
            allowed = ", ".join(TypeSituation(t).label for t in TYPES_PAR_CATEGORIE[categorie])
            label = Categorie(categorie).label
            self.add_error("type", f"Pour la catégorie « {label} », choisissez parmi : {allowed}.")
        debut, fin = cleaned.get("date_debut"), cleaned.get("date_fin")
        if debut and fin and fin < debut:
            self.add_error("date_fin", "La date de fin précède la date de début : vérifiez les dates.")
        nouveau = (cleaned.get("nouvel_employeur") or "").strip()
        if cleaned.get("employeur") is not None and nouveau:
            self.add_error(
                "nouvel_employeur",
                "Vous avez choisi un employeur dans la liste et saisi un nouvel employeur : gardez l'un des deux.",
            )
        if not nouveau and (cleaned.get("nouvel_siret") or cleaned.get("nouvelle_commune")):
            self.add_error("nouvel_employeur", "Indiquez la raison sociale du nouvel employeur.")
        mark_errors(self)
        return cleaned


class SituationFinForm(ActionForm):
    situation = forms.ModelChoiceField(
        label="Situation en cours",
        queryset=Situation.objects.none(),
        empty_label="— Choisissez —",
        error_messages={"required": "Choisissez la situation qui se termine.",
                        "invalid_choice": "Choisissez une situation en cours dans la liste."},
    )
    date_fin = date_field("Date de fin")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("date_fin", timezone.localdate())
        today = timezone.localdate()
        self.fields["situation"].queryset = self.jeune.situations.filter(
            date_fin__isnull=True
        ) | self.jeune.situations.filter(date_fin__gt=today)
        self.fields["situation"].label_from_instance = lambda s: (
            f"{s.get_type_display()} ({s.get_categorie_display().lower()}) depuis le {s.date_debut:%d/%m/%Y}"
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        situation, fin = cleaned.get("situation"), cleaned.get("date_fin")
        if fin and fin > timezone.localdate():
            self.add_error(
                "date_fin", "La date de fin ne peut pas être dans le futur : enregistrez la fin quand elle a lieu."
            )
        elif situation and fin and fin < situation.date_debut:
            self.add_error(
                "date_fin", f"La date de fin précède le début de la situation ({situation.date_debut:%d/%m/%Y})."
            )
        mark_errors(self)
        return cleaned


FOYER_CHOICES = [
    (PublicBareme.MAJEUR_NON_IMPOSABLE.value, PublicBareme.MAJEUR_NON_IMPOSABLE.label),
    (PublicBareme.MAJEUR_PREMIERE_TRANCHE.value, PublicBareme.MAJEUR_PREMIERE_TRANCHE.label),
]


class AideForm(ActionForm):
    type = forms.ChoiceField(
        label="Type d'aide",
        choices=[("", "— Choisissez —"), *TypeAide.choices],
        error_messages={
            "required": "Choisissez le type d'aide.",
            "invalid_choice": "Choisissez un type d'aide dans la liste.",
        },
    )
    date = date_field("Date de la décision")
    montant = forms.DecimalField(
        label="Montant (€)",
        required=False,
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        help_text="Obligatoire pour une allocation ; par exemple 150,00.",
        localize=True,
        error_messages={
            "invalid": "Indiquez un montant en euros, par exemple 150,00.",
            "min_value": "Le montant doit être positif.",
            "max_decimal_places": "Indiquez le montant au centime près (deux décimales au plus).",
        },
    )
    foyer = forms.ChoiceField(
        label="Allocation CEJ d'un jeune majeur : foyer fiscal",
        choices=FOYER_CHOICES,
        required=False,
        help_text=(
            "Le montant du CEJ dépend de l'âge et du foyer fiscal ; ignoré pour les autres aides et les mineurs."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
            self.initial.setdefault("foyer", PublicBareme.MAJEUR_NON_IMPOSABLE.value)


class TransfertForm(ActionForm):
    nouveau = forms.ModelChoiceField(
        label="Nouveau conseiller référent",
        queryset=Conseiller.objects.none(),
        empty_label="— Choisissez —",
        error_messages={"required": "Choisissez le nouveau conseiller référent.",
                        "invalid_choice": "Choisissez un conseiller actif de votre Mission Locale dans la liste."},
    )
    motif = forms.CharField(label="Motif (facultatif)", required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        conseillers = Conseiller.objects.filter(structure_id=self.jeune.structure_id, actif=True)
        if self.jeune.conseiller_id:
            conseillers = conseillers.exclude(pk=self.jeune.conseiller_id)
        self.fields["nouveau"].queryset = conseillers.order_by("nom", "prenom")
