from __future__ import annotations

from typing import Any

from django import forms

from trajectoires.accompagnement.enums import Theme
from trajectoires.structures.models import Site
from trajectoires.workspace.forms import ContactForm, date_field


# Reasons of a visit most often given at the desk, offered as suggestions (a free text is kept).
MOTIFS = (
    "Première inscription",
    "Rendez-vous avec son conseiller",
    "Recherche d'emploi",
    "Formation",
    "Aide financière",
    "Logement",
    "Santé",
    "Mobilité",
    "Document à déposer",
    "Atelier ou information collective",
)


class NouvelleArriveeForm(forms.Form):
    """A person without a file (or not found): their name is enough to queue them; their birth
    date lets the desk find their file if they have one."""

    nom = forms.CharField(label="Nom", max_length=200, error_messages={"required": "Indiquez le nom de la personne."})
    prenom = forms.CharField(label="Prénom", max_length=200, required=False)
    date_naissance = date_field(
        "Date de naissance", required=False, example="05/03/2006",
        help_text="Facultative : elle permet de retrouver un dossier existant.",
    )
    site = forms.ModelChoiceField(
        label="Site", queryset=Site.objects.none(), required=False, empty_label="— Non précisé —"
    )
    motif = forms.CharField(label="Motif de la venue", max_length=300, required=False)

    def __init__(self, *args: Any, structure_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(structure_id=structure_id)
        self.fields["motif"].widget.attrs["list"] = "motifs"


class ArriveeDossierForm(forms.Form):
    """A person whose file was found (by the search, or offered as a possible duplicate)."""

    jeune = forms.IntegerField(
        min_value=1, error_messages={"required": "Choisissez le dossier de la personne dans la liste."}
    )
    site = forms.ModelChoiceField(
        label="Site", queryset=Site.objects.none(), required=False, empty_label="— Non précisé —"
    )
    motif = forms.CharField(label="Motif de la venue", max_length=300, required=False)

    def __init__(self, *args: Any, structure_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(structure_id=structure_id)
        self.fields["motif"].widget.attrs["list"] = "motifs"


class OrienterForm(forms.Form):
    """Hand a waiting person to a named counsellor. The counsellor list is written by the view
    (hundreds of counsellors: `agenda.agenda.conseiller_options`); the choice is checked here."""

    conseiller = forms.IntegerField(
        label="Conseiller ou conseillère", min_value=1,
        error_messages={"required": "Choisissez le conseiller ou la conseillère qui va recevoir la personne.",
                        "invalid": "Choisissez un conseiller dans la liste."},
    )
    motif = forms.CharField(label="Motif de la venue", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["motif"].widget.attrs["list"] = "motifs"


class EntretienForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label="Thèmes abordés", choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choisissez les thèmes dans la liste."},
    )
    # What was said, as on a contact recorded from the file (the same fields and checks).
    duree = ContactForm.base_fields["duree"]
    note = ContactForm.base_fields["note"]
    note_sensible = ContactForm.base_fields["note_sensible"]
    prochaines_etapes = ContactForm.base_fields["prochaines_etapes"]
