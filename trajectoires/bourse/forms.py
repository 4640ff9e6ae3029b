"""Forms of the job board (public side and staff side). Messages say what to do, in French."""

from __future__ import annotations

from django import forms

from trajectoires.bourse.auth import check_password_rules
from trajectoires.bourse.models import Compte
from trajectoires.entreprises.siret import normalise, siret_error
from trajectoires.jeunes.enums import Niveau
from trajectoires.situations.enums import TypeSituation


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": f"Indiquez la {label.lower()}.", "invalid": "Saisissez une date valide."},
    )


def mark_errors(form: forms.Form) -> None:
    """Screen readers announce a wrong field as such, with its message (linked by id)."""
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}-erreur"})


class BaseForm(forms.Form):
    def is_valid(self) -> bool:
        valid = super().is_valid()
        mark_errors(self)
        return valid


class InscriptionForm(BaseForm):
    prenom = forms.CharField(label="Prénom", max_length=150, error_messages={"required": "Indiquez votre prénom."})
    nom = forms.CharField(label="Nom", max_length=150, error_messages={"required": "Indiquez votre nom."})
    email = forms.EmailField(
        label="Adresse électronique", max_length=254,
        error_messages={"required": "Indiquez votre adresse électronique.",
                        "invalid": "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    telephone = forms.CharField(
        label="Téléphone", max_length=30, required=False, widget=forms.TextInput(attrs={"autocomplete": "tel"})
    )
    password = forms.CharField(
        label="Mot de passe", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 10 caractères, pas uniquement des chiffres, ni trop courant, ni proche de votre nom.",
        error_messages={"required": "Choisissez un mot de passe."},
    )
    password2 = forms.CharField(
        label="Mot de passe (confirmation)", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Saisissez à nouveau le mot de passe."},
    )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif data.get("password"):
            # The staff's validators (AUTH_PASSWORD_VALIDATORS), the account's names and e-mail compared.
            someone = Compte(email=data.get("email") or "", nom=data.get("nom") or "", prenom=data.get("prenom") or "")
            for message in check_password_rules(data["password"], someone):
                self.add_error("password", message)
        return data


class InscriptionEmployeurForm(InscriptionForm):
    raison_sociale = forms.CharField(
        label="Raison sociale de l'entreprise", max_length=200,
        error_messages={"required": "Indiquez la raison sociale de l'entreprise."},
    )
    siret = forms.CharField(
        label="SIRET de l'établissement", max_length=20, help_text="14 chiffres, par exemple 552 100 554 00021.",
        error_messages={"required": "Indiquez le SIRET de l'établissement."},
    )
    field_order = ["raison_sociale", "siret", "prenom", "nom", "email", "telephone", "password", "password2"]

    def clean_siret(self) -> str:
        siret = normalise(self.cleaned_data["siret"])
        error = siret_error(siret)
        if error:
            raise forms.ValidationError(error)
        return siret


class InscriptionJeuneForm(InscriptionForm):
    date_naissance = _date("Date de naissance")
    field_order = ["prenom", "nom", "date_naissance", "email", "telephone", "password", "password2"]


class ConnexionForm(BaseForm):
    email = forms.EmailField(
        label="Adresse électronique", widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": "Indiquez votre adresse électronique.",
                        "invalid": "Saisissez une adresse électronique valide."},
    )
    password = forms.CharField(
        label="Mot de passe", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Indiquez votre mot de passe."},
    )


CONTRATS = [(c, label) for c, label in TypeSituation.choices if c in {
    "cdi", "cdd", "interim", "pec", "cie", "iae", "apprentissage", "professionnalisation",
}] or list(TypeSituation.choices)


class OffreForm(BaseForm):
    intitule = forms.CharField(label="Intitulé du poste", max_length=200,
                               error_messages={"required": "Indiquez l'intitulé du poste."})
    type_contrat = forms.ChoiceField(label="Type de contrat", choices=[("", "— Choisissez —"), *CONTRATS],
                                     error_messages={"required": "Choisissez le type de contrat."})
    rome = forms.CharField(
        label="Code ROME du métier", max_length=5, required=False,
        help_text=(
            "Facultatif : une lettre et quatre chiffres, par exemple G1602 ; la Mission Locale peut le compléter."
        ),
    )
    description = forms.CharField(
        label="Description du poste et des missions", widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Décrivez le poste."},
    )
    # Not named "commune": the shared field template gives that name the staff's type-ahead.
    commune_poste = forms.ChoiceField(label="Commune du poste", choices=(), error_messages={
        "required": "Choisissez la commune du poste.", "invalid_choice": "Choisissez une commune de la liste."})
    lieu = forms.CharField(label="Lieu de travail (précisions)", max_length=200, required=False)
    heures_hebdo = forms.DecimalField(label="Heures par semaine", required=False, min_value=1, max_value=48,
                                      max_digits=4, decimal_places=1)
    date_debut = _date("Date de début", required=False)
    date_cloture = _date("Date de clôture des candidatures", required=False)
    postes = forms.IntegerField(label="Nombre de postes", required=False, min_value=1, max_value=999)
    niveau_requis = forms.ChoiceField(label="Niveau de formation demandé", required=False,
                                      choices=[("", "— Aucun en particulier —"), *Niveau.choices])
    permis_requis = forms.BooleanField(label="Permis B exigé", required=False)

    def __init__(self, *args, communes: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["commune_poste"].choices = [("", "— Choisissez —"), *communes]

    def clean_rome(self) -> str:
        rome = (self.cleaned_data.get("rome") or "").strip().upper()
        if rome and not (len(rome) == 5 and rome[0].isalpha() and rome[1:].isdigit()):
            raise forms.ValidationError("Un code ROME est une lettre suivie de quatre chiffres, par exemple G1602.")
        return rome

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        from django.utils import timezone

        cloture = data.get("date_cloture")
        if cloture and cloture < timezone.localdate():
            self.add_error("date_cloture", "La date de clôture ne peut pas être passée.")
        return data

    def offre_data(self) -> dict:
        d = self.cleaned_data
        return {
            "intitule": d["intitule"].strip(), "type_contrat": d["type_contrat"], "rome": d["rome"],
            "description": d["description"].strip(), "commune": d["commune_poste"], "lieu": d.get("lieu") or "",
            "heures_hebdo": d.get("heures_hebdo"), "date_debut": d.get("date_debut"),
            "date_cloture": d.get("date_cloture"), "postes": d.get("postes"),
            "niveau_requis": d.get("niveau_requis") or None, "permis_requis": bool(d.get("permis_requis")),
        }


class CandidatureForm(BaseForm):
    message = forms.CharField(
        label="Votre message à l'employeur", widget=forms.Textarea(attrs={"rows": 6}), max_length=4000,
        error_messages={"required": "Écrivez un message à l'employeur : pourquoi ce poste vous intéresse."},
    )
    cv = forms.FileField(
        label="Votre CV (PDF)", widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"required": "Joignez votre CV au format PDF.", "empty": "Ce fichier est vide."},
    )
    partage_email = forms.BooleanField(label="Transmettre mon adresse électronique à l'employeur", required=False)
    partage_telephone = forms.BooleanField(label="Transmettre mon téléphone à l'employeur", required=False)
    telephone = forms.CharField(label="Mon téléphone", max_length=30, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "tel"}))

    def __init__(self, *args, max_label: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["cv"].help_text = f"Fichier PDF uniquement, {max_label} au plus."

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("partage_telephone") and not (data.get("telephone") or "").strip():
            self.add_error("telephone", "Indiquez votre téléphone pour le transmettre, ou décochez la case.")
        return data


class MotifForm(BaseForm):
    motif = forms.CharField(label="Motif du refus", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                            error_messages={"required": "Indiquez le motif du refus."})
