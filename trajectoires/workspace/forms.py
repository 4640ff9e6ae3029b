"""Forms of the workspace. Messages say what to do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from trajectoires.accompagnement.enums import Nature, Theme
from trajectoires.agenda.enums import NATURES_RENDEZ_VOUS
from trajectoires.jeunes.models import Jeune
from trajectoires.structures.models import Site


NOTE_MAX = 10_000  # a few paragraphs (the interchange format's cell limit)
ETAPES_MAX = 2_000

HONORE_CHOICES = [
    ("", "Non précisé"),
    ("oui", "Oui, le contact a eu lieu"),
    ("non", "Non, rendez-vous manqué"),
]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


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

    duree = forms.IntegerField(
        label="Durée (minutes)",
        required=False,
        min_value=1,
        max_value=480,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Indiquez la durée en minutes, par exemple 45.",
            "min_value": "La durée est d'au moins une minute.",
            "max_value": "La durée est d'au plus 8 heures (480 minutes).",
        },
    )
    note = forms.CharField(
        label="Note d'entretien",
        required=False,
        max_length=NOTE_MAX,
        strip=True,
        help_text="Texte simple : les retours à la ligne sont gardés. Lue par la direction et les conseillers.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": f"La note dépasse {NOTE_MAX} caractères : résumez-la."},
    )
    note_sensible = forms.BooleanField(
        label="Note sensible (santé, justice) : lue seulement par la direction et le conseiller référent",
        required=False,
    )
    prochaines_etapes = forms.CharField(
        label="Prochaines étapes convenues",
        required=False,
        max_length=ETAPES_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Les prochaines étapes dépassent {ETAPES_MAX} caractères : résumez-les."},
    )
    rdv_date = date_field("Date du prochain rendez-vous", required=False, example="15/03/2026")
    rdv_heure = forms.TimeField(
        label="Heure",
        required=False,
        widget=TimeInput(),
        input_formats=["%H:%M", "%Hh%M", "%H h %M"],
        error_messages={"invalid": "Cette heure n'est pas valide : saisissez-la au format HH:MM, par exemple 14:30."},
    )
    rdv_nature = forms.ChoiceField(
        label="Nature du rendez-vous",
        choices=[(n.value, n.label) for n in NATURES_RENDEZ_VOUS],
        initial=Nature.ENTRETIEN_INDIVIDUEL,
        required=False,
        error_messages={"invalid_choice": "Choisissez une nature de rendez-vous dans la liste."},
    )

    def __init__(self, *args: Any, jeune: Jeune, conseiller: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.jeune = jeune
        self.conseiller = conseiller
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
        self._check_rendez_vous(cleaned)
        for name in self.errors:  # screen readers announce the field as wrong, with its message
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"id_{name}-erreur"}
                )
        return cleaned

    def _check_rendez_vous(self, cleaned: dict[str, Any]) -> None:
        """The next appointment, booked in the same gesture: a date and a time to come, with
        the user as its counsellor."""
        day, time = cleaned.get("rdv_date"), cleaned.get("rdv_heure")
        if day is None and time is None:
            if not self.has_error("rdv_date") and not self.has_error("rdv_heure"):
                cleaned["rdv_debut"] = None
            return
        if day is None and not self.has_error("rdv_date"):
            self.add_error("rdv_date", "Indiquez aussi la date du prochain rendez-vous (JJ/MM/AAAA).")
        if time is None and not self.has_error("rdv_heure"):
            self.add_error("rdv_heure", "Indiquez aussi l'heure du prochain rendez-vous (HH:MM).")
        if day is None or time is None:
            return
        debut = dt.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())
        if debut <= timezone.now():
            self.add_error("rdv_date", "Le prochain rendez-vous doit être à venir : choisissez une date et une "
                                       "heure après maintenant.")
            return
        if self.conseiller is None:
            self.add_error("rdv_date", "Vous n'avez pas de fiche conseiller à votre nom : prenez ce rendez-vous "
                                       "depuis l'agenda en choisissant le conseiller qui recevra le jeune.")
            return
        cleaned["rdv_debut"] = debut
        cleaned["rdv_nature"] = cleaned.get("rdv_nature") or Nature.ENTRETIEN_INDIVIDUEL

    def clean_honore(self) -> bool | None:
        return {"oui": True, "non": False}.get(self.cleaned_data.get("honore") or "")
