"""The profile form of a young person's file (creation and change). Messages say what to do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from trajectoires.accounts.models import Conseiller
from trajectoires.dispositifs.rules import AGE_MAX, AGE_MAX_RQTH_CEJ, AGE_MIN, age_on
from trajectoires.interchange.checks import COUNTRIES
from trajectoires.jeunes.enums import Hebergement, Niveau, Origine, Sexe, Vehicule
from trajectoires.structures.models import Commune, Qpv, Site
from trajectoires.workspace.forms import date_field


YES_NO = [("", "Non renseigné"), ("1", "Oui"), ("0", "Non")]
CHOOSE = ("", "— Non renseigné —")


def _bool(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value)


def mark_errors(form: forms.Form) -> None:
    """Screen readers announce a wrong field as such, with its message (linked by id)."""
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}-erreur"})


class ProfilForm(forms.Form):
    """Every editable field of the profile; `fields` keeps those the user may write (the ones
    they may read: docs/permissions.md). `creation` adds the age rule and, for the direction,
    the referent counsellor."""

    nom = forms.CharField(
        label="Nom", max_length=200, error_messages={"required": "Indiquez le nom de famille du jeune."}
    )
    prenom = forms.CharField(
        label="Prénom", max_length=200, error_messages={"required": "Indiquez le prénom du jeune."}
    )
    sexe = forms.ChoiceField(
        label="Sexe",
        choices=[("", "— Choisissez —"), *Sexe.choices],
        error_messages={"required": "Indiquez le sexe du jeune (femme ou homme)."},
    )
    date_naissance = date_field("Date de naissance", example="05/03/2006")
    site = forms.ModelChoiceField(
        label="Site de rattachement",
        queryset=Site.objects.none(),
        required=False,
        empty_label="— Aucun —",
        error_messages={"invalid_choice": "Choisissez un site de votre Mission Locale dans la liste."},
    )
    commune = forms.ChoiceField(
        label="Commune de résidence",
        required=False,
        error_messages={"invalid_choice": "Choisissez la commune dans la liste des communes du territoire."},
    )
    qpv = forms.ChoiceField(
        label="Quartier prioritaire (QPV)",
        required=False,
        help_text="Seulement si l'adresse est dans un quartier prioritaire de la liste de référence.",
        error_messages={"invalid_choice": "Choisissez le quartier dans la liste de référence des QPV."},
    )
    niveau = forms.ChoiceField(label="Niveau de formation", choices=[CHOOSE, *Niveau.choices], required=False)
    diplome = forms.ChoiceField(label="Niveau validé par un diplôme", choices=YES_NO, required=False)
    hebergement = forms.ChoiceField(label="Hébergement", choices=[CHOOSE, *Hebergement.choices], required=False)
    permis_b = forms.ChoiceField(label="Permis B", choices=YES_NO, required=False)
    vehicule = forms.ChoiceField(label="Véhicule motorisé", choices=[CHOOSE, *Vehicule.choices], required=False)
    enfants = forms.IntegerField(
        label="Enfants à charge",
        required=False,
        min_value=0,
        max_value=20,
        error_messages={
            "invalid": "Indiquez un nombre d'enfants (0, 1, 2…).",
            "min_value": "Le nombre d'enfants ne peut pas être négatif.",
            "max_value": "Vérifiez le nombre d'enfants (20 au plus).",
        },
    )
    nationalite = forms.CharField(
        label="Nationalité (code pays)",
        required=False,
        max_length=2,
        help_text="Deux lettres, par exemple FR.",
        error_messages={"max_length": "Indiquez le code pays en deux lettres, par exemple FR."},
    )
    origine = forms.ChoiceField(label="Origine de la venue", choices=[CHOOSE, *Origine.choices], required=False)
    rqth = forms.ChoiceField(label="RQTH", choices=YES_NO, required=False)
    conseiller = forms.ModelChoiceField(
        label="Conseiller référent",
        queryset=Conseiller.objects.none(),
        required=False,
        empty_label="— À désigner —",
        error_messages={"invalid_choice": "Choisissez un conseiller de votre Mission Locale dans la liste."},
    )

    def __init__(
        self,
        *args: Any,
        structure_id: int,
        fields: tuple[str, ...],
        creation: bool = False,
        jeune: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.creation = creation
        self.jeune = jeune
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]
        if "site" in self.fields:
            self.fields["site"].queryset = Site.objects.filter(structure_id=structure_id)
        if "conseiller" in self.fields:
            self.fields["conseiller"].queryset = Conseiller.objects.filter(structure_id=structure_id, actif=True)
        if "commune" in self.fields:
            territory = Commune.objects.filter(structure_id=structure_id).order_by("nom")
            communes = list(territory.values_list("ext_id", "nom"))
            current = getattr(jeune, "commune", None)
            if current and current not in {code for code, _ in communes}:
                communes.insert(0, (current, f"{current} (hors territoire)"))
            self.fields["commune"].choices = [CHOOSE, *((code, f"{nom} ({code})") for code, nom in communes)]
        if "qpv" in self.fields:
            today = timezone.localdate()
            qpvs = Qpv.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).order_by("nom")
            choices = [(q.code, f"{q.nom} ({q.code})") for q in qpvs]
            current = getattr(jeune, "qpv", None)
            if current and current not in {code for code, _ in choices}:
                choices.insert(0, (current, f"{current} (hors liste en vigueur)"))
            self.fields["qpv"].choices = [("", "— Aucun ou inconnu —"), *choices]

    def clean_nom(self) -> str:
        return " ".join(self.cleaned_data["nom"].split())

    def clean_prenom(self) -> str:
        return " ".join(self.cleaned_data["prenom"].split())

    def clean_nationalite(self) -> str | None:
        value = (self.cleaned_data.get("nationalite") or "").strip().upper()
        if value and value not in COUNTRIES:
            raise forms.ValidationError(
                f"« {value} » n'est pas un code pays : indiquez le code en deux lettres, par exemple FR, DZ ou MA."
            )
        return value or None

    def clean_date_naissance(self) -> dt.date:
        born: dt.date = self.cleaned_data["date_naissance"]
        if born > timezone.localdate():
            raise forms.ValidationError("La date de naissance ne peut pas être dans le futur : vérifiez l'année.")
        return born

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in ("diplome", "permis_b", "rqth"):
            if name in self.fields and name in cleaned:
                cleaned[name] = _bool(cleaned[name])
        for name in ("commune", "qpv", "niveau", "hebergement", "vehicule", "origine"):
            if name in cleaned and cleaned[name] == "":
                cleaned[name] = None
        born = cleaned.get("date_naissance")
        if born is not None and (self.creation or (self.jeune is not None and born != self.jeune.date_naissance)):
            self._check_age(born, cleaned.get("rqth"))
        mark_errors(self)
        return cleaned

    def _check_age(self, born: dt.date, rqth: bool | None) -> None:
        """16 to 25 years old on the day the file opens (today at creation; the first contact
        for a corrected birth date); up to 29 with an RQTH, the CEJ being open to them."""
        day = timezone.localdate()
        if not self.creation and self.jeune is not None:
            first = self.jeune.evenements.order_by("date").values_list("date", flat=True).first()
            day = first or day
        age = age_on(born, day)
        limit = AGE_MAX_RQTH_CEJ if rqth else AGE_MAX
        if AGE_MIN <= age <= limit:
            return
        when = "aujourd'hui" if day == timezone.localdate() else f"au premier contact ({day:%d/%m/%Y})"
        if age < AGE_MIN:
            message = f"Le jeune a {age} ans {when} : la Mission Locale accueille à partir de {AGE_MIN} ans."
        elif age <= AGE_MAX_RQTH_CEJ:
            how = (
                "cochez « RQTH : Oui » si c'est le cas"
                if "rqth" in self.fields
                else "un conseiller peut créer le dossier en renseignant la RQTH"
            )
            message = (
                f"Le jeune a {age} ans {when} : un dossier s'ouvre de {AGE_MIN} à {AGE_MAX} ans, jusqu'à "
                f"{AGE_MAX_RQTH_CEJ} ans pour un jeune reconnu travailleur handicapé (RQTH, public du CEJ) ; {how}."
            )
        else:
            message = (
                f"Le jeune a {age} ans {when} : un dossier s'ouvre de {AGE_MIN} à {AGE_MAX} ans "
                f"({AGE_MAX_RQTH_CEJ} ans avec une RQTH). Vérifiez la date de naissance."
            )
        self.add_error("date_naissance", message)
