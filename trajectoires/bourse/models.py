"""The public job board (bourse à l'emploi, issue 13 part 5): its own accounts (employers and
young people, never staff accounts), the offers employers post on it, and the applications.

The offers themselves are `entreprises.Offre` rows (origine `bourse`); `DepotOffre` records who
posted one and the staff's moderation. A young person's account is linked to their file
(`jeune`) by a counsellor only; an employer's account to its employer file by staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from trajectoires.bourse.enums import Decision, StatutCandidature, StatutCompte, TypeCompte


class Compte(models.Model):
    """A job-board account: an e-mail and a password of its own (Django's hashers), never a
    `accounts.User`. One account per e-mail in a Mission Locale."""

    structure = models.ForeignKey("structures.Structure", on_delete=models.PROTECT, verbose_name="Mission Locale")
    type = models.CharField("type de compte", max_length=10, choices=TypeCompte.choices)
    email = models.EmailField("adresse électronique")
    password = models.CharField("mot de passe (empreinte)", max_length=256)
    nom = models.CharField("nom", max_length=150)
    prenom = models.CharField("prénom", max_length=150)
    telephone = models.CharField("téléphone", max_length=30, blank=True, default="")
    date_naissance = models.DateField("date de naissance", null=True, blank=True)  # young people
    raison_sociale = models.CharField("raison sociale", max_length=200, blank=True, default="")  # employers
    siret = models.CharField("SIRET", max_length=14, blank=True, default="")  # employers
    email_confirme_le = models.DateTimeField("adresse confirmée le", null=True, blank=True)
    statut = models.CharField("statut", max_length=10, choices=StatutCompte.choices, default=StatutCompte.EN_ATTENTE)
    motif_refus = models.TextField("motif du refus", blank=True, default="")
    employeur = models.ForeignKey(
        "entreprises.Employeur", on_delete=models.SET_NULL, null=True, blank=True, related_name="comptes_bourse",
        verbose_name="fiche employeur",
    )
    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.SET_NULL, null=True, blank=True, related_name="comptes_bourse",
        verbose_name="dossier du jeune",
    )
    verifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="vérifié par",
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    derniere_connexion = models.DateTimeField("dernière connexion", null=True, blank=True)

    class Meta:
        verbose_name = "compte de la bourse à l'emploi"
        verbose_name_plural = "comptes de la bourse à l'emploi"
        ordering = ["-cree_le"]
        constraints = [models.UniqueConstraint(fields=["structure", "email"], name="compte_bourse_email_unique")]
        indexes = [models.Index(fields=["structure", "type", "cree_le"], name="compte_bourse_periode_idx")]

    def __str__(self) -> str:
        if self.type == TypeCompte.EMPLOYEUR and self.raison_sociale:
            return f"{self.raison_sociale} ({self.prenom} {self.nom})"
        return f"{self.prenom} {self.nom}"

    @property
    def confirme(self) -> bool:
        return self.email_confirme_le is not None

    # What Django's UserAttributeSimilarityValidator compares a password with.
    @property
    def first_name(self) -> str:
        return self.prenom

    @property
    def last_name(self) -> str:
        return self.nom


class DepotOffre(models.Model):
    """An offer posted on the board by an employer's account, and its moderation."""

    structure = models.ForeignKey("structures.Structure", on_delete=models.PROTECT, verbose_name="Mission Locale")
    offre = models.OneToOneField(
        "entreprises.Offre", on_delete=models.CASCADE, related_name="depot_bourse", verbose_name="offre"
    )
    compte = models.ForeignKey(Compte, on_delete=models.PROTECT, related_name="depots", verbose_name="déposée par")
    depose_le = models.DateTimeField("déposée le", auto_now_add=True)
    decision = models.CharField("décision", max_length=10, choices=Decision.choices, default=Decision.A_VALIDER)
    motif_refus = models.TextField("motif du refus", blank=True, default="")
    decide_le = models.DateTimeField("décidée le", null=True, blank=True)
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="décidée par",
    )

    class Meta:
        verbose_name = "offre déposée sur la bourse"
        verbose_name_plural = "offres déposées sur la bourse"
        ordering = ["-depose_le"]
        indexes = [models.Index(fields=["structure", "depose_le"], name="depot_bourse_periode_idx")]

    def __str__(self) -> str:
        return str(self.offre)


class Candidature(models.Model):
    """A young person's application to a board offer: what they chose to share with the
    employer (message, CV, and the contact details they ticked)."""

    structure = models.ForeignKey("structures.Structure", on_delete=models.PROTECT, verbose_name="Mission Locale")
    offre = models.ForeignKey(
        "entreprises.Offre", on_delete=models.CASCADE, related_name="candidatures_bourse", verbose_name="offre"
    )
    compte = models.ForeignKey(Compte, on_delete=models.PROTECT, related_name="candidatures", verbose_name="candidat")
    message = models.TextField("message")
    cv = models.CharField("CV (fichier)", max_length=100)  # a random name under TRAJECTOIRES_BOURSE_CV_DIR
    cv_nom = models.CharField("nom du CV", max_length=200)
    partage_email = models.BooleanField("adresse électronique transmise à l'employeur", default=False)
    partage_telephone = models.BooleanField("téléphone transmis à l'employeur", default=False)
    statut = models.CharField(
        "statut", max_length=20, choices=StatutCandidature.choices, default=StatutCandidature.ENVOYEE
    )
    mise_en_relation = models.ForeignKey(
        "entreprises.MiseEnRelation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="mise en relation",
    )
    cree_le = models.DateTimeField("envoyée le", auto_now_add=True)

    class Meta:
        verbose_name = "candidature"
        verbose_name_plural = "candidatures"
        ordering = ["-cree_le"]
        constraints = [models.UniqueConstraint(fields=["offre", "compte"], name="candidature_unique")]
        indexes = [models.Index(fields=["structure", "cree_le"], name="candidature_periode_idx")]

    def __str__(self) -> str:
        return f"{self.compte} → {self.offre}"
