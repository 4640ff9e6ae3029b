"""Forms of the employers' file (issue 13): the employer, a person to talk to, a contact. They
check the shape of what is typed; the rules (SIRET key and duplicates, NAF and size codes of the
INSEE lists, phone numbers) are the doors' (`entreprises/services.py`), whose French messages the
views put back on the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from trajectoires.entreprises.enums import NatureContact
from trajectoires.entreprises.models import Employeur, Interlocuteur
from trajectoires.entreprises.reference import naf, normalise_naf, tranches
from trajectoires.structures import communes
from trajectoires.structures.models import Commune
from trajectoires.utils.phones import format_phone


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "Saisissez une date valide, par exemple 07/12/2026."}


class EmployeurForm(forms.Form):
    raison_sociale = forms.CharField(
        label="Raison sociale", max_length=300,
        error_messages={"required": "Indiquez la raison sociale de l'employeur."},
    )
    siret = forms.CharField(
        label="SIRET", required=False, max_length=20,
        help_text="14 chiffres, espaces permis : 732 829 320 00074. Sa clé de contrôle est vérifiée.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    commune = forms.CharField(
        label="Commune de l'établissement", required=False, max_length=5, widget=forms.Select,
        help_text=(
            "Cherchez-la par son nom ou son code postal : les communes du territoire d'abord, puis toute la France."
        ),
    )
    adresse = forms.CharField(label="Adresse (numéro et voie)", required=False, max_length=300)
    naf = forms.ChoiceField(
        label="Activité (code NAF)", required=False,
        help_text="Nomenclature NAF rév. 2 de l'INSEE (732 sous-classes) : tapez le début du code, par exemple 56.",
    )
    tranche_effectif = forms.ChoiceField(label="Effectif salarié (tranche INSEE)", required=False)
    telephone = forms.CharField(
        label="Téléphone du standard", required=False, max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label="Courriel", required=False, max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, structure_id: int, employeur: Employeur | None = None, **kwargs: Any) -> None:
        if employeur is not None and not kwargs.get("data") and not (args and args[0]):
            kwargs["initial"] = {
                "raison_sociale": employeur.raison_sociale, "siret": employeur.siret or "",
                "commune": employeur.commune or "", "adresse": employeur.adresse, "naf": employeur.naf or "",
                "tranche_effectif": employeur.tranche_effectif, "telephone": format_phone(employeur.telephone),
                "email": employeur.email,
            }
        super().__init__(*args, **kwargs)
        self.structure_id = structure_id
        self.employeur = employeur
        current_naf = (employeur.naf or "") if employeur else ""
        naf_choices: list = [("", "— Non renseignée —")]
        if current_naf and current_naf not in naf():
            naf_choices.append((current_naf, f"{current_naf} (code hors de la nomenclature)"))
        naf_choices += [(code, f"{code} – {label}") for code, label in naf().items()]
        self.fields["naf"].choices = naf_choices
        self.fields["tranche_effectif"].choices = [("", "— Non renseignée —"), *tranches().items()]
        self.fields["commune"].widget.choices = self._commune_choices()

    def _commune_choices(self) -> list:
        territory = list(Commune.objects.filter(structure_id=self.structure_id).order_by("nom").values_list(
            "ext_id", flat=True))
        current = (self.data.get("commune") if self.is_bound else None) or self.initial.get("commune")
        codes = list(dict.fromkeys([*([current] if current else []), *territory]))
        names = communes.labels(codes, self.structure_id)
        choices: list = [("", "— Non renseignée —")]
        if current and current not in territory:
            choices.append((current, names.get(current, current)))
        if territory:
            choices.append(("Communes du territoire", [(code, names[code]) for code in territory]))
        return choices

    def clean_naf(self) -> str:
        return normalise_naf(self.cleaned_data.get("naf"))

    def clean_commune(self) -> str | None:
        code = (self.cleaned_data.get("commune") or "").strip().upper()
        if not code:
            return None
        if (self.employeur is not None and code == self.employeur.commune) or communes.exists(code, self.structure_id):
            return code
        raise forms.ValidationError(
            "Choisissez la commune dans la liste : tapez le début de son nom ou son code postal pour la trouver."
        )


class InterlocuteurForm(forms.Form):
    prenom = forms.CharField(label="Prénom", required=False, max_length=150)
    nom = forms.CharField(label="Nom", max_length=150, error_messages={"required": "Indiquez le nom de la personne."})
    fonction = forms.CharField(
        label="Fonction", required=False, max_length=200, help_text="Par exemple : gérante, responsable RH, tuteur.",
    )
    telephone = forms.CharField(
        label="Téléphone", required=False, max_length=30, help_text="Par exemple 06 12 34 56 78.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label="Courriel", required=False, max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    actif = forms.BooleanField(label="Toujours dans l'entreprise", required=False, initial=True)

    def __init__(self, *args: Any, interlocuteur: Interlocuteur | None = None, **kwargs: Any) -> None:
        if interlocuteur is not None and not (args and args[0]):
            kwargs["initial"] = {
                "prenom": interlocuteur.prenom, "nom": interlocuteur.nom, "fonction": interlocuteur.fonction,
                "telephone": format_phone(interlocuteur.telephone), "email": interlocuteur.email,
                "actif": interlocuteur.actif,
            }
        super().__init__(*args, **kwargs)
        if interlocuteur is None:
            del self.fields["actif"]


class ContactEmployeurForm(forms.Form):
    date = forms.DateField(label="Date du contact", widget=DATE, error_messages={
        **DATE_ERRORS, "required": "Indiquez la date du contact."})
    nature = forms.ChoiceField(label="Nature", choices=[("", "— Choisir —"), *NatureContact.choices],
                               error_messages={"required": "Choisissez la nature du contact."})
    interlocuteur = forms.ChoiceField(label="Personne rencontrée", required=False)
    note = forms.CharField(
        label="Note", required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Ce qui a été dit, les besoins de recrutement, ce qui est convenu.",
    )
    a_rappeler_le = forms.DateField(
        label="À rappeler le (facultatif)", required=False, widget=DATE, error_messages=DATE_ERRORS,
        help_text="L'employeur apparaîtra dans vos suivis du jour à cette date, jusqu'au prochain contact enregistré.",
    )

    def __init__(self, *args: Any, employeur: Employeur, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.employeur = employeur
        people = list(employeur.interlocuteurs.all())
        self.people = {str(p.pk): p for p in people}
        self.fields["interlocuteur"].choices = [("", "— Personne en particulier —")] + [
            (str(p.pk), f"{p}{f', {p.fonction}' if p.fonction else ''}{'' if p.actif else ' (a quitté l’entreprise)'}")
            for p in people
        ]

    def clean_interlocuteur(self) -> Interlocuteur | None:
        raw = self.cleaned_data.get("interlocuteur") or ""
        return self.people.get(raw) if raw else None

    def add_rule_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
