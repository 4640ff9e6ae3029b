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
from trajectoires.structures import communes
from trajectoires.structures.models import Commune, Qpv, Site
from trajectoires.utils.phones import InvalidPhone, parse_phone
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
    telephone = forms.CharField(
        label="Téléphone",
        required=False,
        max_length=30,
        help_text="Français ou étranger, par exemple 06 12 34 56 78 ou +44 20 7946 0958.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
    )
    consentement_sms = forms.ChoiceField(
        label="Accepte les SMS de la Mission Locale", choices=YES_NO, required=False,
        help_text="Rappels de rendez-vous, informations. La date de la réponse est enregistrée.",
    )
    email = forms.EmailField(
        label="Adresse électronique",
        required=False,
        max_length=254,
        help_text="Par exemple prenom.nom@exemple.fr.",
        error_messages={"invalid": "Cette adresse électronique n'est pas valide : saisissez-la sous la forme "
                                   "prenom.nom@exemple.fr."},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    consentement_email = forms.ChoiceField(
        label="Accepte les courriels de la Mission Locale", choices=YES_NO, required=False,
        help_text="La date de la réponse est enregistrée.",
    )
    adresse = forms.CharField(
        label="Adresse (numéro et voie)", required=False, max_length=200,
        help_text="Par exemple 12 rue de la République.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    complement_adresse = forms.CharField(
        label="Complément d'adresse", required=False, max_length=200,
        help_text="Bâtiment, étage, « chez… », foyer.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    commune = forms.CharField(
        label="Commune de résidence",
        required=False,
        max_length=5,
        widget=forms.Select,
        help_text=(
            "Cherchez-la par son nom ou son code postal : les communes du territoire d'abord, puis toute la France."
        ),
    )
    code_postal = forms.CharField(
        label="Code postal", required=False, max_length=5,
        help_text="Rempli d'après la commune quand elle n'en a qu'un.",
        error_messages={"max_length": "Un code postal a 5 chiffres, par exemple 25000."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    representant_legal_nom = forms.CharField(
        label="Représentant légal (nom et prénom)", required=False, max_length=200,
        help_text="Pour un jeune mineur : parent ou tuteur.",
    )
    representant_legal_telephone = forms.CharField(
        label="Téléphone du représentant légal",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
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
        self.structure_id = structure_id
        if "commune" in self.fields:
            self.fields["commune"].widget.attrs.pop("maxlength", None)  # a select has none
            self.fields["commune"].widget.choices = self._commune_choices(jeune)
        if "qpv" in self.fields:
            today = timezone.localdate()
            qpvs = Qpv.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).order_by("nom")
            choices = [(q.code, f"{q.nom} ({q.code})") for q in qpvs]
            current = getattr(jeune, "qpv", None)
            if current and current not in {code for code, _ in choices}:
                choices.insert(0, (current, f"{current} (hors liste en vigueur)"))
            self.fields["qpv"].choices = [("", "— Aucun ou inconnu —"), *choices]

    # The form in three parts, each a fieldset with its legend (workspace/_champs.html).
    GROUPS = (
        ("Identité", ("nom", "prenom", "sexe", "date_naissance", "site", "conseiller")),
        ("Coordonnées", (
            "telephone", "consentement_sms", "email", "consentement_email", "adresse", "complement_adresse",
            "commune", "code_postal", "representant_legal_nom", "representant_legal_telephone",
        )),
        ("Situation", (
            "qpv", "niveau", "diplome", "hebergement", "permis_b", "vehicule", "enfants", "nationalite", "origine",
            "rqth",
        )),
    )

    def groups(self) -> list[tuple[str, list]]:
        """(legend, bound fields) of the parts that hold a field the user may fill."""
        out = []
        for legend, names in self.GROUPS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                out.append((legend, fields))
        return out

    def _commune_choices(self, jeune: Any) -> list:
        """The select of the commune: the current one (typed or saved) and the territory's
        communes, named with their postcode; the type-ahead (workspace:communes) replaces
        the options with those matching what is typed."""
        territory = list(Commune.objects.filter(structure_id=self.structure_id).order_by("nom").values_list(
            "ext_id", flat=True))
        current = (self.data.get(self.add_prefix("commune")) if self.is_bound else None) or self.initial.get(
            "commune") or getattr(jeune, "commune", None)
        codes = list(dict.fromkeys([*([current] if current else []), *territory]))
        names = communes.labels(codes, self.structure_id)
        choices: list = [("", "— Non renseignée —")]
        if current and current not in territory:
            choices.append((current, names[current] + " (hors territoire)"))
        if territory:
            choices.append(("Communes du territoire", [(code, names[code]) for code in territory]))
        return choices

    def clean_telephone(self) -> str:
        return self._phone("telephone")

    def clean_representant_legal_telephone(self) -> str:
        return self._phone("representant_legal_telephone")

    def _phone(self, name: str) -> str:
        try:
            return parse_phone(self.cleaned_data.get(name) or "")
        except InvalidPhone as e:
            raise forms.ValidationError(str(e)) from None

    def clean_email(self) -> str:
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean_commune(self) -> str | None:
        code = (self.cleaned_data.get("commune") or "").strip().upper()
        if not code:
            return None
        if code == getattr(self.jeune, "commune", None) or communes.exists(code, self.structure_id):
            return code
        raise forms.ValidationError(
            "Choisissez la commune dans la liste : tapez le début de son nom ou son code postal pour la trouver."
        )

    def clean_code_postal(self) -> str:
        value = "".join((self.cleaned_data.get("code_postal") or "").split())
        if value and not (len(value) == 5 and value.isdigit()):
            raise forms.ValidationError("Un code postal a 5 chiffres, par exemple 25000.")
        return value

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
        for name in ("diplome", "permis_b", "rqth", "consentement_sms", "consentement_email"):
            if name in self.fields and name in cleaned:
                cleaned[name] = _bool(cleaned[name])
        for name in ("commune", "qpv", "niveau", "hebergement", "vehicule", "origine"):
            if name in cleaned and cleaned[name] == "":
                cleaned[name] = None
        self._check_postcode(cleaned)
        born = cleaned.get("date_naissance")
        if born is not None and (self.creation or (self.jeune is not None and born != self.jeune.date_naissance)):
            self._check_age(born, cleaned.get("rqth"))
        mark_errors(self)
        return cleaned

    def _check_postcode(self, cleaned: dict[str, Any]) -> None:
        """The postcode is one of the commune's (La Poste's list in the national file); filled
        in when the commune has only one."""
        if "code_postal" not in self.fields or "commune" not in self.fields or self.has_error("code_postal"):
            return
        code, postcode = cleaned.get("commune"), cleaned.get("code_postal")
        known = communes.postcodes(code) if code else []
        if not known:
            return
        if not postcode and len(known) == 1:
            cleaned["code_postal"] = known[0]
        elif postcode and postcode not in known:
            listed = ", ".join(known[:6]) + ("…" if len(known) > 6 else "")
            self.add_error("code_postal", f"{postcode} n'est pas un code postal de cette commune ({listed}) : "
                                          "vérifiez le code postal ou la commune.")

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
