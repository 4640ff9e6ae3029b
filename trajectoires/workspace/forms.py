"""Forms of the workspace. Messages say what to do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from trajectoires.accompagnement.enums import Nature, Theme
from trajectoires.jeunes.models import Jeune
from trajectoires.structures.models import Site


HONORE_CHOICES = [
    ("", "Non précisé"),
    ("oui", "Oui, le contact a eu lieu"),
    ("non", "Non, rendez-vous manqué"),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def date_field(
    label: str,
    required: bool = True,
    help_text: str = "",
    *,
    required_message: str | None = None,
    example: str = "05/03/2025",
) -> forms.DateField:
    """A date typed in the browser's date picker or as JJ/MM/AAAA, with messages saying what to do."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": required_message or f"Indiquez la {label.lower()} (JJ/MM/AAAA).",
            "invalid": f"Cette date n'est pas valide : saisissez-la au format JJ/MM/AAAA, par exemple {example}.",
        },
    )


class ContactForm(forms.Form):
    date = date_field("Date du contact")
    nature = forms.ChoiceField(
        label="Nature du contact",
        choices=[("", "— Choisissez —"), *Nature.choices],
        error_messages={
            "required": "Choisissez la nature du contact (entretien individuel, téléphone…).",
            "invalid_choice": "Choisissez une nature de contact dans la liste.",
        },
    )
    honore = forms.ChoiceField(
        label="Le contact a-t-il eu lieu ?",
        choices=HONORE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choisissez oui, non ou non précisé."},
    )
    site = forms.ModelChoiceField(
        label="Site",
        queryset=Site.objects.none(),
        required=False,
        empty_label="— Aucun —",
        error_messages={"invalid_choice": "Choisissez un site de votre Mission Locale dans la liste."},
    )
    themes = forms.MultipleChoiceField(
        label="Thèmes abordés",
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choisissez les thèmes dans la liste."},
    )

    def __init__(self, *args: Any, jeune: Jeune, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.jeune = jeune
        self.fields["site"].queryset = Site.objects.filter(structure_id=jeune.structure_id)
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
            if jeune.site_id:
                self.initial.setdefault("site", jeune.site_id)

    def clean_date(self) -> dt.date:
        date: dt.date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(
                "La date ne peut pas être dans le futur : enregistrez le contact le jour où il a eu lieu."
            )
        if date < self.jeune.date_naissance:
            raise forms.ValidationError(
                f"La date est antérieure à la naissance du jeune ({self.jeune.date_naissance:%d/%m/%Y}) : "
                "vérifiez l'année saisie."
            )
        return date

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in self.errors:  # screen readers announce the field as wrong, with its message
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"id_{name}-erreur"}
                )
        return cleaned

    def clean_honore(self) -> bool | None:
        return {"oui": True, "non": False}.get(self.cleaned_data.get("honore") or "")
