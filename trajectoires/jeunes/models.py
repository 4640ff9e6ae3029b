"""The young person's file (dossier jeune): the profile as known today."""

from __future__ import annotations

from django.db import models

from trajectoires.jeunes.enums import Hebergement, Niveau, Origine, Sexe, Vehicule
from trajectoires.utils.models import LongCharField, StructureOwned


class Jeune(StructureOwned):
    nom = LongCharField("nom")
    prenom = LongCharField("prénom")
    sexe = models.CharField("sexe", max_length=1, choices=Sexe.choices)
    date_naissance = models.DateField("date de naissance")
    commune = models.CharField("commune de résidence (code INSEE)", max_length=5, null=True, blank=True)
    qpv = models.CharField("quartier prioritaire (QPV)", max_length=100, null=True, blank=True)
    niveau = models.CharField("niveau de formation", max_length=4, choices=Niveau.choices, null=True, blank=True)
    diplome = models.BooleanField("niveau validé par un diplôme", null=True, blank=True)
    hebergement = models.CharField(
        "hébergement", max_length=10, choices=Hebergement.choices, null=True, blank=True
    )
    permis_b = models.BooleanField("permis B", null=True, blank=True)
    vehicule = models.CharField("véhicule motorisé", max_length=12, choices=Vehicule.choices, null=True, blank=True)
    enfants = models.PositiveSmallIntegerField("enfants à charge", null=True, blank=True)
    rqth = models.BooleanField("RQTH", null=True, blank=True)
    nationalite = models.CharField("nationalité (ISO 3166-1)", max_length=2, null=True, blank=True)
    origine = models.CharField("origine de la venue", max_length=25, choices=Origine.choices, null=True, blank=True)
    conseiller = models.ForeignKey(
        "accounts.Conseiller",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portefeuille",
        verbose_name="conseiller référent",
    )
    site = models.ForeignKey(
        "structures.Site", on_delete=models.PROTECT, null=True, blank=True, verbose_name="site de rattachement"
    )
    # Reaching the young person (issue 12): not in the interchange format (docs/workspace.md,
    # "Contact details"). The phone is stored in E.164 ("+33612345678") and shown formatted.
    telephone = models.CharField("téléphone", max_length=20, blank=True, default="")
    email = models.EmailField("adresse électronique", max_length=254, blank=True, default="")
    adresse = models.CharField("adresse (numéro et voie)", max_length=200, blank=True, default="")
    complement_adresse = models.CharField("complément d'adresse", max_length=200, blank=True, default="")
    code_postal = models.CharField("code postal", max_length=5, blank=True, default="")
    # Consent to be contacted by SMS or e-mail, and the day it was given or withdrawn (set by
    # the door, jeunes/services.py, when the answer changes).
    consentement_sms = models.BooleanField("accepte les SMS de la Mission Locale", null=True, blank=True)
    consentement_sms_date = models.DateField("consentement aux SMS recueilli le", null=True, blank=True)
    consentement_email = models.BooleanField("accepte les courriels de la Mission Locale", null=True, blank=True)
    consentement_email_date = models.DateField("consentement aux courriels recueilli le", null=True, blank=True)
    # A minor's legal representative (parent, guardian).
    representant_legal_nom = models.CharField("représentant légal", max_length=200, blank=True, default="")
    representant_legal_telephone = models.CharField(
        "téléphone du représentant légal", max_length=20, blank=True, default=""
    )
    # Optimistic lock: every save from the application checks it in its UPDATE and adds 1
    # (trajectoires/workspace/dossier.py). Not part of the interchange format.
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "jeune"
        verbose_name_plural = "jeunes"
        ordering = ["nom", "prenom"]
        constraints = [
            StructureOwned.unique_ext_id("jeune"),
            models.CheckConstraint(condition=models.Q(enfants__gte=0), name="jeune_enfants_positive"),
        ]
        indexes = [models.Index(fields=["structure", "nom", "prenom"], name="jeune_nom_idx")]

    def __str__(self) -> str:
        return f"{self.prenom} {self.nom}"


class Transfert(StructureOwned):
    """A change of referent counsellor, as recorded from the file (the profile only keeps the
    current referent: `Jeune.conseiller`)."""

    jeune = models.ForeignKey(Jeune, on_delete=models.CASCADE, related_name="transferts", verbose_name="jeune")
    date = models.DateField("date du transfert")
    ancien = models.ForeignKey(
        "accounts.Conseiller",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transferts_sortants",
        verbose_name="ancien conseiller référent",
    )
    nouveau = models.ForeignKey(
        "accounts.Conseiller",
        on_delete=models.PROTECT,
        related_name="transferts_entrants",
        verbose_name="nouveau conseiller référent",
    )
    motif = models.CharField("motif", max_length=300, blank=True)
    auteur = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, verbose_name="enregistré par"
    )
    created_at = models.DateTimeField("enregistré le", auto_now_add=True)

    class Meta:
        verbose_name = "transfert de référent"
        verbose_name_plural = "transferts de référent"
        ordering = ["-date", "-pk"]
        constraints = [StructureOwned.unique_ext_id("transfert")]

    def __str__(self) -> str:
        return f"Transfert du {self.date:%d/%m/%Y}"


class DemandeTransfert(models.Model):
    """A counsellor who is not the file's referent asks to become it (or to hand the file to a
    colleague): the direction or the current referent accepts or refuses (docs/permissions.md,
    "Transfers"). Only an accepted request changes the referent, through `Transfert`."""

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        ACCEPTEE = "acceptee", "Acceptée"
        REFUSEE = "refusee", "Refusée"

    structure = models.ForeignKey("structures.Structure", on_delete=models.CASCADE, verbose_name="Mission Locale")
    jeune = models.ForeignKey(Jeune, on_delete=models.CASCADE, related_name="demandes_transfert", verbose_name="jeune")
    demandeur = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="demandé par"
    )
    nouveau = models.ForeignKey(
        "accounts.Conseiller", on_delete=models.CASCADE, related_name="+", verbose_name="nouveau conseiller référent"
    )
    motif = models.CharField("motif", max_length=300, blank=True)
    statut = models.CharField("statut", max_length=12, choices=Statut.choices, default=Statut.EN_ATTENTE)
    demande_le = models.DateTimeField("demandé le", auto_now_add=True)
    decide_par = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="décidé par"
    )
    decide_le = models.DateTimeField("décidé le", null=True, blank=True)

    class Meta:
        verbose_name = "demande de transfert"
        verbose_name_plural = "demandes de transfert"
        ordering = ["-demande_le", "-pk"]
        indexes = [models.Index(fields=["structure", "statut"], name="demande_transfert_statut_idx")]

    def __str__(self) -> str:
        return f"Demande de transfert vers {self.nouveau}"

    @property
    def description(self) -> str:
        """What is asked, in French: "X demande à devenir référent(e)" or "X demande le transfert à Y"."""
        demandeur = str(self.demandeur) if self.demandeur_id else "Un conseiller"
        if self.demandeur_id and self.nouveau.user_id == self.demandeur_id:
            return f"{demandeur} demande à devenir conseiller ou conseillère référent(e) de ce dossier"
        return f"{demandeur} demande que ce dossier soit transféré à {self.nouveau}"


class Fusion(models.Model):
    """The trace of a merge of two files of the same young person (docs/doublons.md): the
    duplicate was deleted and everything about it now belongs to `jeune`, the kept file. It maps
    the duplicate's interchange identifier to the kept file, so that an import that still names
    the duplicate is refused with a message saying which file it became
    (`interchange/validation.py`), instead of silently recreating it. Written by the merge's door
    only (`jeunes/merge.py`), whose own journal entry records the merge."""

    structure = models.ForeignKey("structures.Structure", on_delete=models.CASCADE, verbose_name="Mission Locale")
    jeune = models.ForeignKey(Jeune, on_delete=models.CASCADE, related_name="fusions", verbose_name="dossier conservé")
    doublon_ext_id = models.CharField("identifiant du dossier fusionné", max_length=100)
    doublon_pk = models.BigIntegerField("numéro interne du dossier fusionné")
    fusionne_le = models.DateTimeField("fusionné le", auto_now_add=True)
    auteur = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="fusionné par",
    )
    deplaces = models.JSONField("lignes rattachées au dossier conservé", default=dict)

    class Meta:
        verbose_name = "fusion de dossiers"
        verbose_name_plural = "fusions de dossiers"
        ordering = ["-fusionne_le", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "doublon_ext_id"], name="fusion_unique_doublon"),
        ]

    def __str__(self) -> str:
        return f"Dossier {self.doublon_ext_id} fusionné le {self.fusionne_le:%d/%m/%Y}"
