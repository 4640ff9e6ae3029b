"""Forms of mentoring: the coordinator's (mentor, pairing) and the mentor's (meeting, worry)."""

from __future__ import annotations

from django import forms

from trajectoires.parrainage.enums import Issue, StatutParrain
from trajectoires.utils.phones import InvalidPhone, parse_phone


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(format="%Y-%m-%d", **kwargs)


class RuleErrorsMixin:
    def add_rule_errors(self, errors: list[str]) -> None:
        for message in errors:
            self.add_error(None, message)  # type: ignore[attr-defined]


class ParrainForm(RuleErrorsMixin, forms.Form):
    prenom = forms.CharField(label="Prénom", max_length=150)
    nom = forms.CharField(label="Nom", max_length=150)
    statut = forms.ChoiceField(label="Statut", choices=StatutParrain.choices, widget=forms.RadioSelect)
    profession = forms.CharField(label="Profession (ou ancienne profession)", max_length=200, required=False)
    disponibilites = forms.CharField(
        label="Disponibilités", max_length=500, required=False,
        help_text="Par exemple « le mardi après-midi, 2 heures par semaine ».",
    )
    telephone = forms.CharField(
        label="Téléphone", max_length=30, required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label="Adresse e-mail", required=False)
    date_entree = forms.DateField(label="Entrée dans le réseau", widget=DateInput())
    date_sortie = forms.DateField(
        label="Sortie du réseau", required=False, widget=DateInput(),
        help_text="À remplir quand le parrain quitte le réseau : son compte est alors fermé.",
    )

    groups_spec = (
        ("Identité", ("prenom", "nom", "statut", "profession")),
        ("Joindre le parrain", ("telephone", "email", "disponibilites")),
        ("Dates dans le réseau", ("date_entree", "date_sortie")),
    )

    @property
    def groups(self):  # type: ignore[no-untyped-def]
        return [(legend, [self[name] for name in names]) for legend, names in self.groups_spec]

    def clean_telephone(self) -> str:
        try:
            return parse_phone(self.cleaned_data.get("telephone") or "")
        except InvalidPhone as e:
            raise forms.ValidationError(str(e)) from None

    def clean_email(self) -> str:
        return (self.cleaned_data.get("email") or "").strip().lower()


class PartageMixin(forms.Form):
    partage_telephone = forms.BooleanField(
        label="Le jeune accepte que son parrain ait son numéro de téléphone", required=False
    )
    partage_email = forms.BooleanField(label="Le jeune accepte que son parrain ait son adresse e-mail", required=False)


class ParrainageForm(RuleErrorsMixin, PartageMixin):
    """A new pairing; the young person is picked by the search above the form (`jeune`)."""

    jeune = forms.IntegerField(widget=forms.HiddenInput)
    parrain = forms.ModelChoiceField(label="Parrain ou marraine", queryset=None, empty_label="— choisir —")
    date_debut = forms.DateField(label="Début", widget=DateInput())
    date_fin_prevue = forms.DateField(label="Fin prévue", required=False, widget=DateInput())

    field_order = ["jeune", "parrain", "date_debut", "date_fin_prevue", "partage_telephone", "partage_email"]

    def __init__(self, *args, parrains=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["parrain"].queryset = parrains


class ParrainageEditForm(RuleErrorsMixin, PartageMixin):
    date_fin_prevue = forms.DateField(label="Fin prévue", required=False, widget=DateInput())
    date_fin = forms.DateField(
        label="Fin du parrainage", required=False, widget=DateInput(),
        help_text="Seulement pour terminer le parrainage, avec son issue.",
    )
    issue = forms.ChoiceField(label="Issue", choices=[("", "—"), *Issue.choices], required=False)

    field_order = ["date_fin_prevue", "partage_telephone", "partage_email", "date_fin", "issue"]


DUREES = [(15, "15 minutes"), (30, "30 minutes"), (45, "45 minutes"), (60, "1 heure"), (90, "1 h 30"),
          (120, "2 heures"), (180, "3 heures")]


class RencontreForm(RuleErrorsMixin, forms.Form):
    date = forms.DateField(label="Date de la rencontre", widget=DateInput())
    duree = forms.TypedChoiceField(label="Durée", choices=DUREES, coerce=int, initial=60)
    note = forms.CharField(
        label="Note pour le conseiller référent (facultatif)", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce que vous souhaitez partager avec le conseiller. Le jeune n'y a pas accès ; restez factuel.",
    )


class InquietudeForm(forms.Form):
    texte = forms.CharField(
        label="Votre inquiétude", max_length=1000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Quelques mots suffisent : le conseiller référent vous rappellera si besoin. "
        "En cas d'urgence, appelez le 15, le 17 ou le 112.",
    )
