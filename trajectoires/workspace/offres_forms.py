"""Forms of the job offers, the matches and the jobs a young person looks for (docs/offres.md).
The shape of each field is checked here; the rules by the doors (`entreprises/offres.py`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from trajectoires.entreprises import rome
from trajectoires.entreprises.enums import Resultat, StatutOffre
from trajectoires.entreprises.models import Employeur, Offre
from trajectoires.entreprises.offres import MAX_METIERS, TYPES_CONTRAT
from trajectoires.jeunes.enums import Niveau
from trajectoires.situations.enums import TypeSituation
from trajectoires.structures import communes
from trajectoires.workspace.dossier_forms import mark_errors
from trajectoires.workspace.forms import date_field


def _rome_choices(code: str | None) -> list[tuple[str, str]]:
    """The select of a ROME code: the current one only; the type-ahead fills the rest."""
    if code and rome.is_code(code):
        return [("", "— Aucun —"), (code, rome.display(code))]
    return [("", "— Tapez dans la recherche —")]


def _clean_rome(value: str) -> str:
    code = (value or "").strip().upper()
    if code and not rome.is_code(code):
        raise forms.ValidationError("Choisissez le métier dans la liste : tapez le début de son nom ou son code ROME.")
    return code


class OffreForm(forms.Form):
    """Create or change an offer. The employer, the ROME code and the commune are selects filled
    by their type-aheads (htmx), each keeping the current choice."""

    intitule = forms.CharField(
        label="Intitulé du poste", max_length=300,
        error_messages={"required": "Indiquez l'intitulé du poste (par exemple « Secrétaire médicale »)."},
    )
    employeur_recherche = forms.CharField(
        label="Rechercher l'employeur", required=False, max_length=200,
        help_text="Raison sociale ou début du SIRET ; choisissez-le ensuite dans la liste.",
    )
    employeur = forms.CharField(label="Employeur", widget=forms.Select,
                                error_messages={"required": "Choisissez l'employeur dans la liste."})
    rome_recherche = forms.CharField(label="Rechercher le métier (ROME)", required=False, max_length=100,
                                     help_text="Début du nom du métier ou code ROME (par exemple M1607).")
    rome = forms.CharField(label="Métier (fiche ROME)", required=False, widget=forms.Select)
    type_contrat = forms.ChoiceField(
        label="Type de contrat", choices=[("", "— Choisissez —")] + [(t.value, t.label) for t in TYPES_CONTRAT],
        error_messages={"required": "Choisissez le type de contrat.",
                        "invalid_choice": "Choisissez un type dans la liste."},
    )
    heures_hebdo = forms.DecimalField(
        label="Heures par semaine", required=False, min_value=Decimal("1"), max_value=Decimal("48"), decimal_places=1,
        help_text="De 1 à 48 heures (durée maximale hebdomadaire du travail).",
        error_messages={"invalid": "Indiquez un nombre d'heures, par exemple 35 ou 24,5."},
        localize=True,
    )
    commune_recherche = forms.CharField(label="Rechercher la commune du poste", required=False, max_length=100)
    commune = forms.CharField(label="Commune du poste", required=False, widget=forms.Select)
    lieu = forms.CharField(label="Lieu de travail (précisions)", required=False, max_length=300,
                           help_text="Facultatif : adresse, zone d'activité, plusieurs sites…")
    date_debut = date_field("Date de début du contrat", required=False, help_text="Facultative.")
    postes = forms.IntegerField(label="Nombre de postes", required=False, min_value=1, max_value=500,
                                help_text="Vide : 1 poste.")
    date_cloture = date_field("Date de clôture", required=False,
                              help_text="Facultative : après cette date l'offre n'est plus proposée.")
    description = forms.CharField(label="Description du poste", required=False, max_length=10_000,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    niveau_requis = forms.ChoiceField(label="Niveau de formation demandé", required=False,
                                      choices=[("", "— Aucun niveau exigé —"), *Niveau.choices])
    permis_requis = forms.BooleanField(label="Permis B exigé", required=False)
    publique = forms.BooleanField(
        label="Diffuser sur la bourse à l'emploi", required=False,
        help_text="Une fois publiée, l'offre est visible de tous sur la bourse à l'emploi, sans donnée personnelle.",
    )

    def __init__(self, *args: Any, structure_id: int, offre: Offre | None = None, **kwargs: Any) -> None:
        if offre is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(offre, name) for name in (
                "intitule", "rome", "type_contrat", "heures_hebdo", "commune", "lieu", "date_debut", "postes",
                "date_cloture", "description", "niveau_requis", "permis_requis", "publique")}
            kwargs["initial"]["employeur"] = offre.employeur_id
        super().__init__(*args, **kwargs)
        self.structure_id = structure_id
        self.offre = offre
        self.chosen_employeur: Employeur | None = offre.employeur if offre is not None else None
        current_rome = self.data.get("rome") if self.is_bound else self.initial.get("rome")
        self.fields["rome"].widget.choices = _rome_choices(current_rome)
        current_commune = (self.data.get("commune") if self.is_bound else self.initial.get("commune")) or ""
        self.fields["commune"].widget.choices = self._commune_choices(current_commune)
        if offre is not None and offre.type_contrat not in TYPES_CONTRAT:  # an imported offer's other type
            self.fields["type_contrat"].choices += [(offre.type_contrat, TypeSituation(offre.type_contrat).label)]

    def _commune_choices(self, current: str) -> list[tuple[str, str]]:
        choices = [("", "— Non renseignée —")]
        if current:
            choices.append((current, communes.label(current, structure_id=self.structure_id)))
        return choices

    def employeur_choices(self) -> list[Employeur]:
        return [self.chosen_employeur] if self.chosen_employeur is not None else []

    def clean_employeur(self) -> Employeur:
        raw = (self.cleaned_data.get("employeur") or "").strip()
        employeur = None
        if raw.isdigit():
            employeur = Employeur.objects.filter(structure_id=self.structure_id, pk=int(raw)).first()
        if employeur is None:
            raise forms.ValidationError("Choisissez un employeur de votre Mission Locale dans la liste.")
        self.chosen_employeur = employeur
        return employeur

    def clean_rome(self) -> str:
        return _clean_rome(self.cleaned_data.get("rome") or "")

    def clean_commune(self) -> str | None:
        code = (self.cleaned_data.get("commune") or "").strip().upper()
        if not code:
            return None
        if (self.offre is not None and code == self.offre.commune) or communes.exists(code, self.structure_id):
            return code
        raise forms.ValidationError(
            "Choisissez la commune dans la liste : tapez le début de son nom ou son code postal."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        debut, cloture = cleaned.get("date_debut"), cleaned.get("date_cloture")
        publication = self.offre.date_publication if self.offre is not None else timezone.localdate()
        if cloture and cloture < publication:
            self.add_error("date_cloture", f"La date de clôture précède la publication ({publication:%d/%m/%Y}).")
        if debut and cloture and debut < cloture - dt.timedelta(days=366):
            self.add_error("date_debut", "Le contrat commencerait plus d'un an avant la clôture : vérifiez les dates.")
        for name in ("niveau_requis",):
            cleaned[name] = cleaned.get(name) or None
        mark_errors(self)
        return cleaned

    def data_for_door(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in (
            "employeur", "intitule", "rome", "type_contrat", "heures_hebdo", "commune", "lieu", "date_debut",
            "postes", "date_cloture", "description", "niveau_requis", "permis_requis", "publique")}


class FiltreOffres(forms.Form):
    """The filters of the offers list (GET)."""

    statut = forms.ChoiceField(label="Statut", required=False,
                               choices=[("", "Tous"), ("ouvertes", "Ouvertes (publiées, non clôturées)"),
                                        *StatutOffre.choices])
    contrat = forms.ChoiceField(label="Contrat", required=False,
                                choices=[("", "Tous")] + [(t.value, t.label) for t in TYPES_CONTRAT])
    employeur = forms.CharField(label="Employeur", required=False, max_length=100,
                                help_text="Début de la raison sociale.")
    rome = forms.CharField(label="Métier ou code ROME", required=False, max_length=100)
    cloture_proche = forms.BooleanField(label="Clôture dans les 7 jours", required=False)


class MiseEnRelationForm(forms.Form):
    """Put a young person forward (from the proposals or the file)."""

    jeune = forms.IntegerField(widget=forms.HiddenInput)
    date = date_field("Date de la mise en relation", required=False, help_text="Vide : aujourd'hui.")
    note = forms.CharField(label="Note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ResultatForm(forms.Form):
    """The result of a match; "Retenu" opens the situation on the file."""

    resultat = forms.ChoiceField(label="Résultat", choices=Resultat.choices)
    date_entretien = date_field("Date de l'entretien d'embauche", required=False,
                                help_text="Facultative : le jour où l'employeur reçoit le jeune.")
    date_embauche = date_field(
        "Date d'embauche", required=False,
        help_text="Pour « Retenu » : début de la situation. Vide : début du contrat de l'offre, sinon aujourd'hui.",
    )
    note = forms.CharField(label="Note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        mark_errors(self)
        return cleaned


class MetiersForm(forms.Form):
    """The jobs a young person looks for: up to MAX_METIERS ROME codes, each a select filled by
    the ROME type-ahead."""

    def __init__(self, *args: Any, codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(MAX_METIERS):
            name = f"metier_{i}"
            current = self.data.get(name) if self.is_bound else (codes[i] if i < len(codes) else "")
            self.fields[f"recherche_{i}"] = forms.CharField(
                label=f"Rechercher le métier n° {i + 1}", required=False, max_length=100)
            self.fields[name] = forms.CharField(label=f"Métier recherché n° {i + 1}", required=False,
                                                widget=forms.Select(choices=_rome_choices(current)))
            if not self.is_bound:
                self.initial[name] = current

    def rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"recherche_{i}"], self[f"metier_{i}"]) for i in range(MAX_METIERS)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for i in range(MAX_METIERS):
            try:
                cleaned[f"metier_{i}"] = _clean_rome(cleaned.get(f"metier_{i}") or "")
            except forms.ValidationError as error:
                self.add_error(f"metier_{i}", error)
        mark_errors(self)
        return cleaned

    def codes(self) -> list[str]:
        return [self.cleaned_data[f"metier_{i}"] for i in range(MAX_METIERS) if self.cleaned_data.get(f"metier_{i}")]
