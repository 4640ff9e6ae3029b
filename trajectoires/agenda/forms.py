"""Forms of the agenda, collective sessions and CEJ hours. Messages say what to do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from trajectoires.accompagnement.enums import Nature
from trajectoires.accounts.models import Conseiller
from trajectoires.agenda.enums import NATURES_RENDEZ_VOUS, Presence, ThemeCej, TypeSession
from trajectoires.agenda.models import Salle
from trajectoires.structures.models import Site
from trajectoires.workspace.forms import date_field


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


def _date_field(label: str) -> forms.DateField:
    return date_field(label, required_message="Indiquez la date (JJ/MM/AAAA).")


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=TimeInput(),
        input_formats=["%H:%M", "%Hh%M", "%H h %M"],
        error_messages={
            "required": "Indiquez l'heure (HH:MM).",
            "invalid": "Cette heure n'est pas valide : saisissez-la au format HH:MM, par exemple 14:30.",
        },
    )


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    """A Europe/Paris wall-clock time as an aware instant."""
    return dt.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())


class _WhenMixin:
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        if data.get("date") and data.get("heure"):
            data["debut"] = _aware(data["date"], data["heure"])
        return data


def salles_of(structure_id: int):  # type: ignore[no-untyped-def]
    """The active rooms of the Mission Locale, by site then name."""
    return Salle.objects.filter(structure_id=structure_id, actif=True).select_related("site").order_by(
        "site__nom", "nom"
    )


class SalleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Salle) -> str:
        return f"{obj.nom} ({obj.site.nom})"


class RendezVousForm(_WhenMixin, forms.Form):
    date = _date_field("Date du rendez-vous")
    heure = _time_field("Heure")
    duree = forms.IntegerField(
        label="Durée (minutes)", min_value=5, max_value=480, initial=30,
        error_messages={
            "min_value": "La durée est d'au moins 5 minutes.",
            "max_value": "La durée est d'au plus 8 heures.",
            "required": "Indiquez la durée en minutes.",
            "invalid": "Indiquez la durée en minutes, par exemple 30.",
        },
    )
    nature = forms.ChoiceField(
        label="Nature", choices=[(n.value, n.label) for n in NATURES_RENDEZ_VOUS], initial=Nature.ENTRETIEN_INDIVIDUEL,
        error_messages={"invalid_choice": "Choisissez une nature de rendez-vous dans la liste."},
    )
    conseiller = forms.ModelChoiceField(
        label="Conseiller ou conseillère", queryset=Conseiller.objects.none(), empty_label="— Choisissez —",
        error_messages={"required": "Choisissez le conseiller ou la conseillère qui reçoit le jeune.",
                        "invalid_choice": "Choisissez un conseiller de votre Mission Locale dans la liste."},
    )
    site = forms.ModelChoiceField(
        label="Site", queryset=Site.objects.none(), required=False, empty_label="— Aucun —",
        error_messages={"invalid_choice": "Choisissez un site de votre Mission Locale dans la liste."},
    )
    salle = SalleChoiceField(
        label="Salle", queryset=Salle.objects.none(), required=False, empty_label="— Aucune —",
        error_messages={"invalid_choice": "Choisissez une salle de votre Mission Locale dans la liste."},
    )
    objet = forms.CharField(label="Objet", required=False, max_length=500)

    def __init__(self, *args: Any, structure_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conseiller"].queryset = Conseiller.objects.filter(structure_id=structure_id, actif=True)
        self.fields["site"].queryset = Site.objects.filter(structure_id=structure_id)
        self.fields["salle"].queryset = salles_of(structure_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        salle, site = data.get("salle"), data.get("site")
        if salle is not None and site is not None and salle.site_id != site.pk:
            self.add_error(
                "salle",
                f"La salle « {salle.nom} » est sur le site « {salle.site.nom} » : choisissez ce site, ou une salle "
                f"du site « {site.nom} ».",
            )
        elif salle is not None and site is None:
            data["site"] = salle.site  # a room says where
        return data


class ConfirmationForm(forms.Form):
    """Shown with the conflicts of a booking: without it ticked, the booking is refused."""

    confirmer = forms.BooleanField(label="Confirmer malgré le conflit", required=False)


class PresenceForm(forms.Form):
    presence = forms.ChoiceField(
        label="Présence",
        choices=[(p.value, p.label) for p in Presence if p != Presence.PREVU],
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez présent(e), absent(e), excusé(e) ou annulé.",
                        "invalid_choice": "Choisissez présent(e), absent(e), excusé(e) ou annulé."},
    )


class SessionForm(_WhenMixin, forms.Form):
    type = forms.ChoiceField(label="Type de session", choices=TypeSession.choices,
                             error_messages={"invalid_choice": "Choisissez atelier ou information collective."})
    theme = forms.CharField(label="Thème", max_length=300,
                            error_messages={"required": "Indiquez le thème de la session."})
    date = _date_field("Date")
    heure = _time_field("Heure de début")
    duree = forms.IntegerField(label="Durée (minutes)", min_value=15, max_value=480, initial=120,
                               error_messages={"min_value": "La durée est d'au moins 15 minutes.",
                                               "max_value": "La durée est d'au plus 8 heures."})
    site = forms.ModelChoiceField(label="Site", queryset=Site.objects.none(), empty_label="— Choisissez —",
                                  error_messages={"required": "Choisissez le site où la session a lieu.",
                                                  "invalid_choice": "Choisissez un site de votre Mission Locale."})
    capacite = forms.IntegerField(label="Nombre de places", min_value=1, max_value=500,
                                  error_messages={"required": "Indiquez le nombre de places.",
                                                  "min_value": "Une session a au moins une place."})
    animateur = forms.ModelChoiceField(label="Animée par", queryset=Conseiller.objects.none(), required=False,
                                       empty_label="— Non précisé —")

    def __init__(self, *args: Any, structure_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(structure_id=structure_id)
        self.fields["animateur"].queryset = Conseiller.objects.filter(structure_id=structure_id, actif=True)


class ActiviteCejForm(forms.Form):
    date = _date_field("Date de l'activité")
    theme = forms.ChoiceField(label="Thème", choices=[("", "— Choisissez —"), *ThemeCej.choices],
                              error_messages={"required": "Choisissez le thème de l'activité.",
                                              "invalid_choice": "Choisissez un thème dans la liste."})
    heures = forms.DecimalField(
        label="Heures", min_value=Decimal("0.25"), max_value=Decimal(24), decimal_places=2, max_digits=4,
        localize=True,
        error_messages={"required": "Indiquez le nombre d'heures, par exemple 3 ou 1,5.",
                        "invalid": "Indiquez un nombre d'heures, par exemple 3 ou 1,5.",
                        "min_value": "Une activité dure au moins un quart d'heure (0,25).",
                        "max_value": "Une activité d'une journée compte au plus 24 heures.",
                        "max_decimal_places": "Indiquez au plus deux décimales."},
    )
    libelle = forms.CharField(label="Activité (précision)", required=False, max_length=300)

    def clean_date(self) -> dt.date:
        date: dt.date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("Cette date est dans le futur : on enregistre une activité réalisée.")
        return date
