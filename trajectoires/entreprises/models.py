"""Employers, contacts with them, job offers, and matches with young people."""

from __future__ import annotations

from django.db import models

from trajectoires.entreprises.enums import NatureContact, OrigineOffre, Resultat, StatutOffre
from trajectoires.jeunes.enums import Niveau
from trajectoires.situations.enums import TypeSituation
from trajectoires.utils.models import LongCharField, StructureOwned


class Employeur(StructureOwned):
    raison_sociale = LongCharField("raison sociale")
    siret = models.CharField("SIRET", max_length=14, null=True, blank=True)
    commune = models.CharField("commune (code INSEE)", max_length=5, null=True, blank=True)
    naf = models.CharField("code NAF", max_length=100, null=True, blank=True)
    # Written in the application (issue 13); not in the interchange format. The size band is a
    # code of the INSEE list (entreprises/data/tranches-effectif-insee.csv), checked by the form.
    tranche_effectif = models.CharField("tranche d'effectif salarié", max_length=2, blank=True, default="")
    adresse = LongCharField("adresse", blank=True, default="")
    telephone = models.CharField("téléphone", max_length=20, blank=True, default="")  # E.164
    email = models.EmailField("courriel", max_length=254, blank=True, default="")

    class Meta:
        verbose_name = "employeur"
        verbose_name_plural = "employeurs"
        ordering = ["raison_sociale"]
        constraints = [StructureOwned.unique_ext_id("employeur")]

    def __str__(self) -> str:
        return self.raison_sociale


class Interlocuteur(StructureOwned):
    """A person to talk to at an employer (issue 13): written in the application only."""

    employeur = models.ForeignKey(
        Employeur, on_delete=models.CASCADE, related_name="interlocuteurs", verbose_name="employeur"
    )
    prenom = LongCharField("prénom", blank=True, default="")
    nom = LongCharField("nom")
    fonction = LongCharField("fonction", blank=True, default="")
    telephone = models.CharField("téléphone", max_length=20, blank=True, default="")  # E.164
    email = models.EmailField("courriel", max_length=254, blank=True, default="")
    actif = models.BooleanField("toujours dans l'entreprise", default=True)

    class Meta:
        verbose_name = "interlocuteur"
        verbose_name_plural = "interlocuteurs"
        ordering = ["-actif", "nom", "prenom"]
        constraints = [StructureOwned.unique_ext_id("interlocuteur")]

    def __str__(self) -> str:
        return f"{self.prenom} {self.nom}".strip()


class ContactEmployeur(StructureOwned):
    employeur = models.ForeignKey(
        Employeur, on_delete=models.CASCADE, related_name="contacts", verbose_name="employeur"
    )
    date = models.DateField("date")
    nature = models.CharField("nature", max_length=10, choices=NatureContact.choices)
    conseiller = models.ForeignKey(
        "accounts.Conseiller", on_delete=models.PROTECT, null=True, blank=True, verbose_name="conseiller"
    )
    # Written in the application (issue 13); not in the interchange format.
    note = models.TextField("note", blank=True, default="")
    interlocuteur = models.ForeignKey(
        Interlocuteur, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts",
        verbose_name="personne rencontrée",
    )
    a_rappeler_le = models.DateField("à rappeler le", null=True, blank=True)

    class Meta:
        verbose_name = "contact employeur"
        verbose_name_plural = "contacts employeurs"
        ordering = ["-date"]
        constraints = [StructureOwned.unique_ext_id("contactemployeur")]
        indexes = [
            models.Index(fields=["structure", "date"], name="contactemp_periode_idx"),
            models.Index(fields=["employeur", "date"], name="contactemp_employeur_idx"),
        ]


class Offre(StructureOwned):
    employeur = models.ForeignKey(Employeur, on_delete=models.CASCADE, related_name="offres", verbose_name="employeur")
    intitule = LongCharField("intitulé")
    type_contrat = models.CharField("type de contrat", max_length=30, choices=TypeSituation.choices)
    date_publication = models.DateField("date de publication")
    date_cloture = models.DateField("date de clôture", null=True, blank=True)
    postes = models.PositiveIntegerField("postes", null=True, blank=True, help_text="Vide : 1 poste")
    # Written in the application (issue 13); not in the interchange format, whose offers are
    # imported as published offers with these fields empty.
    statut = models.CharField("statut", max_length=10, choices=StatutOffre.choices, default=StatutOffre.PUBLIEE)
    origine = models.CharField("origine", max_length=10, choices=OrigineOffre.choices, default=OrigineOffre.EQUIPE)
    publique = models.BooleanField(
        "diffusée sur la bourse à l'emploi", default=False,
        help_text="Publiée et diffusée : visible de tous sur la bourse à l'emploi, sans donnée personnelle.",
    )
    rome = models.CharField("code ROME", max_length=5, blank=True, default="")
    description = models.TextField("description", blank=True, default="")
    commune = models.CharField("commune du poste (code INSEE)", max_length=5, null=True, blank=True)
    lieu = LongCharField("lieu de travail", blank=True, default="")
    heures_hebdo = models.DecimalField(
        "heures par semaine", max_digits=4, decimal_places=1, null=True, blank=True
    )
    date_debut = models.DateField("date de début du contrat", null=True, blank=True)
    niveau_requis = models.CharField(
        "niveau de formation demandé", max_length=4, choices=Niveau.choices, null=True, blank=True
    )
    permis_requis = models.BooleanField("permis B exigé", default=False)

    class Meta:
        verbose_name = "offre d'emploi"
        verbose_name_plural = "offres d'emploi"
        ordering = ["-date_publication"]
        indexes = [
            # The offers list and the open offers of a Mission Locale (statut, then closing date).
            models.Index(fields=["structure", "statut", "date_cloture"], name="offre_statut_idx"),
        ]
        constraints = [
            StructureOwned.unique_ext_id("offre"),
            models.CheckConstraint(
                condition=models.Q(date_cloture__isnull=True)
                | models.Q(date_cloture__gte=models.F("date_publication")),
                name="offre_cloture_apres_publication",
            ),
        ]

    def __str__(self) -> str:
        return self.intitule

    @property
    def nombre_postes(self) -> int:
        return 1 if self.postes is None else self.postes


class MiseEnRelation(StructureOwned):
    offre = models.ForeignKey(Offre, on_delete=models.CASCADE, related_name="mises_en_relation", verbose_name="offre")
    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.CASCADE, related_name="mises_en_relation", verbose_name="jeune"
    )
    date = models.DateField("date")
    resultat = models.CharField("résultat", max_length=12, choices=Resultat.choices)
    # Written in the application (issue 13); not in the interchange format.
    conseiller = models.ForeignKey(
        "accounts.Conseiller", on_delete=models.PROTECT, null=True, blank=True, verbose_name="conseiller"
    )
    date_entretien = models.DateField("date de l'entretien d'embauche", null=True, blank=True)
    note = models.TextField("note", blank=True, default="")
    situation = models.ForeignKey(
        "situations.Situation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="situation ouverte à l'embauche",
    )

    class Meta:
        verbose_name = "mise en relation"
        verbose_name_plural = "mises en relation"
        ordering = ["-date"]
        constraints = [StructureOwned.unique_ext_id("miseenrelation")]


class MetierRecherche(StructureOwned):
    """A job a young person looks for (ROME 4.0 "fiche métier" code, `entreprises/rome.py`),
    recorded on the file (issue 13) and read by the matching. Written only through
    `entreprises/offres.set_metiers_recherches`; not in the interchange format."""

    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.CASCADE, related_name="metiers_recherches", verbose_name="jeune"
    )
    rome = models.CharField("code ROME", max_length=5)

    class Meta:
        verbose_name = "métier recherché"
        verbose_name_plural = "métiers recherchés"
        ordering = ["rome"]
        constraints = [StructureOwned.unique_ext_id("metierrecherche")]
        indexes = [
            # The matching: the young people of a Mission Locale who look for this job.
            models.Index(fields=["structure", "rome", "jeune"], name="metier_recherche_rome_idx"),
        ]

    def __str__(self) -> str:
        return self.rome
