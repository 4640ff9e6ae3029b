"""Forms: the report's period and filter, and the free pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from trajectoires.edition.models import PageLibre
from trajectoires.rapports.filters import FiltreInvalide, resolve_filtre
from trajectoires.rapports.periods import Period, PeriodeInvalide, check_bounds
from trajectoires.structures.models import Structure


def default_period(today: dt.date | None = None) -> Period:
    """The last full calendar year."""
    today = today or dt.date.today()
    return Period.year(today.year - 1)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportForm(forms.Form):
    debut = forms.DateField(label="Début de la période", widget=DateInput())
    fin = forms.DateField(label="Fin de la période (incluse)", widget=DateInput())
    filtre = forms.ChoiceField(label="Restreindre le rapport à", required=False)

    def __init__(self, *args: Any, structure: Structure, choices: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.structure = structure
        self.fields["filtre"].choices = [("", "Toute la Mission Locale"), *choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        debut, fin = data.get("debut"), data.get("fin")
        if debut and fin:
            try:  # the bounds of every report (rapports/periods.py), before any work
                check_bounds(debut, fin)
            except PeriodeInvalide as exc:
                if exc.champ == "fin" and fin < debut:
                    raise forms.ValidationError(exc.message) from None
                self.add_error(exc.champ, exc.message)
        value = data.get("filtre") or ""
        data["filtre_tuple"] = None
        if value:
            key, _, val = value.partition(":")
            try:
                resolve_filtre(self.structure, key, val)
            except FiltreInvalide as exc:
                self.add_error("filtre", str(exc))
            data["filtre_tuple"] = (key, val)
        return data

    @property
    def periode(self) -> Period:
        return Period(self.cleaned_data["debut"], self.cleaned_data["fin"])

    @property
    def filtre_tuple(self) -> tuple[str, str] | None:
        return self.cleaned_data.get("filtre_tuple")


class PageLibreForm(forms.ModelForm):
    class Meta:
        model = PageLibre
        fields = ["kind", "title", "text", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 14})}
