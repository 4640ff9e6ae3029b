"""The event form: date, title, kind, place, and the young people and partners counted beyond
the lists (the report adds them to the lists: services.py)."""

from __future__ import annotations

from typing import Any

from django import forms

from trajectoires.manifestations.enums import TypeManifestation
from trajectoires.workspace.dossier_forms import mark_errors
from trajectoires.workspace.forms import date_field


# The kinds of the interchange format (the report's rows), with what they cover in the form.
TYPE_CHOICES = [
    (TypeManifestation.FORUM.value, "Forum, job dating"),
    (TypeManifestation.SALON.value, "Salon (dont salon de l'apprentissage)"),
    (TypeManifestation.VISITE_ENTREPRISE.value, "Visite d'entreprise"),
    (TypeManifestation.ATELIER_PARTENAIRE.value, "Atelier avec un partenaire"),
    (TypeManifestation.EVENEMENT.value, "Événement"),
    (TypeManifestation.AUTRE.value, "Autre"),
]


class ManifestationForm(forms.Form):
    date = date_field("Date")
    titre = forms.CharField(label="Titre", max_length=300,
                            error_messages={"required": "Indiquez le titre de la manifestation."})
    type = forms.ChoiceField(
        label="Type", choices=[("", "— Choisissez —"), *TYPE_CHOICES],
        error_messages={"required": "Choisissez le type de manifestation.",
                        "invalid_choice": "Choisissez un type dans la liste."},
    )
    lieu = forms.CharField(label="Lieu", required=False, max_length=300)
    autres_jeunes = forms.IntegerField(
        label="Autres jeunes présents (sans dossier)", required=False, min_value=0, max_value=100000,
        help_text="Venus sans être inscrits ici : ils s'ajoutent aux jeunes notés présents. Vide : inconnu.",
        error_messages={"min_value": "Indiquez un nombre positif.", "invalid": "Indiquez un nombre entier."},
    )
    autres_partenaires = forms.IntegerField(
        label="Autres partenaires présents", required=False, min_value=0, max_value=100000,
        help_text="Organismes (centres de formation, services publics…) en plus des employeurs de la liste.",
        error_messages={"min_value": "Indiquez un nombre positif.", "invalid": "Indiquez un nombre entier."},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        mark_errors(self)
        return cleaned
