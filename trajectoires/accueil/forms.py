from __future__ import annotations

from typing import Any

from django import forms

from trajectoires.accompagnement.enums import Theme
from trajectoires.structures.models import Site


class NouvelleArriveeForm(forms.Form):
    """A person without a file (or not found): their name is enough to queue them."""

    nom = forms.CharField(label="Nom", max_length=200, error_messages={"required": "Indiquez le nom de la personne."})
    prenom = forms.CharField(label="Prénom", max_length=200, required=False)
    site = forms.ModelChoiceField(
        label="Site", queryset=Site.objects.none(), required=False, empty_label="— Non précisé —"
    )
    motif = forms.CharField(label="Motif de la venue", max_length=300, required=False)

    def __init__(self, *args: Any, structure_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(structure_id=structure_id)


class EntretienForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label="Thèmes abordés", choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choisissez les thèmes dans la liste."},
    )
