"""The PMSMP convention form: the situation form's employer picker (type-ahead of the Mission
Locale's employers, or a new one created on the spot), the dates, tutor, objective and hours.
The legal rules are the door's (services.check), shown as form errors by the view."""

from __future__ import annotations

from typing import Any

from django import forms

from trajectoires.immersions.enums import Objectif
from trajectoires.utils.phones import InvalidPhone, parse_phone
from trajectoires.workspace.action_forms import SituationDebutForm
from trajectoires.workspace.dossier_forms import mark_errors
from trajectoires.workspace.forms import date_field


class ConventionForm(SituationDebutForm):
    date_debut = date_field("Date de début")
    date_fin = date_field("Date de fin", help_text="Au plus un mois de date à date : du 3 mars au 2 avril inclus.")
    objectif = forms.ChoiceField(
        label="Objectif de la période", choices=Objectif.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choisissez l'objectif de la période.",
                        "invalid_choice": "Choisissez l'un des trois objectifs."},
    )
    metier = forms.CharField(label="Métier ou poste observé", required=False, max_length=300)
    tuteur_nom = forms.CharField(label="Tuteur : nom et prénom", max_length=300,
                                 error_messages={"required": "Indiquez le nom du tuteur dans la structure d'accueil."})
    tuteur_fonction = forms.CharField(label="Tuteur : fonction", max_length=300,
                                      error_messages={"required": "Indiquez la fonction du tuteur."})
    tuteur_telephone = forms.CharField(label="Tuteur : téléphone", max_length=30,
                                       error_messages={"required": "Indiquez le téléphone du tuteur."})
    horaires = forms.CharField(
        label="Horaires", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Par exemple : du lundi au vendredi, 9 h – 12 h et 14 h – 17 h.",
    )
    duree_heures = forms.IntegerField(
        label="Durée totale (heures)", required=False, min_value=1, max_value=744,
        error_messages={"min_value": "La durée est d'au moins une heure.",
                        "max_value": "Une période d'un mois compte au plus 744 heures : vérifiez la durée.",
                        "invalid": "Indiquez un nombre d'heures entier."},
    )

    MAIN_FIELDS = ("date_debut", "date_fin", "objectif", "metier")
    TUTOR_FIELDS = ("tuteur_nom", "tuteur_fonction", "tuteur_telephone")
    HOURS_FIELDS = ("horaires", "duree_heures")

    def __init__(self, *args: Any, renewal: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("categorie", "type"):
            del self.fields[name]
        if renewal:  # same host: the employer fields go
            for name in ("employeur_recherche", "employeur", "nouvel_employeur", "nouvel_siret", "nouvelle_commune"):
                del self.fields[name]
        self.renewal = renewal

    def tutor_fields(self) -> list:  # type: ignore[type-arg]
        return [self[name] for name in self.TUTOR_FIELDS]

    def hours_fields(self) -> list:  # type: ignore[type-arg]
        return [self[name] for name in self.HOURS_FIELDS]

    def clean_tuteur_telephone(self) -> str:
        try:
            return parse_phone(self.cleaned_data.get("tuteur_telephone") or "")
        except InvalidPhone as e:
            raise forms.ValidationError(str(e)) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not (cleaned.get("horaires") or "").strip() and not cleaned.get("duree_heures") \
                and "duree_heures" not in self.errors:
            self.add_error("horaires", "Indiquez les horaires de la semaine ou la durée totale en heures.")
        if not self.renewal and "employeur" not in self.errors and "nouvel_employeur" not in self.errors \
                and cleaned.get("employeur") is None and not (cleaned.get("nouvel_employeur") or "").strip():
            self.add_error("employeur", "Choisissez la structure d'accueil dans la liste, ou créez-la.")
        mark_errors(self)
        return cleaned
