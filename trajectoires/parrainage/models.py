"""The volunteer mentoring network: mentors (parrains, marraines) and their pairings."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from trajectoires.parrainage.enums import Issue, StatutParrain
from trajectoires.utils.models import LongCharField, StructureOwned


class Parrain(StructureOwned):
    nom = LongCharField("nom")
    prenom = LongCharField("prénom")
    statut = models.CharField("statut", max_length=10, choices=StatutParrain.choices)
    date_entree = models.DateField("entrée dans le réseau")
    date_sortie = models.DateField("sortie du réseau", null=True, blank=True)
    # Issue 14, outside the interchange format: what the coordinator keeps about a volunteer.
    profession = LongCharField("profession", null=True, blank=True)
    disponibilites = LongCharField(
        "disponibilités", null=True, blank=True, help_text="Par exemple « le mardi après-midi, 2 h par semaine »"
    )
    telephone = models.CharField("téléphone", max_length=20, null=True, blank=True)
    email = models.EmailField("adresse e-mail", max_length=254, null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parrain",
        verbose_name="compte",
    )

    class Meta:
        verbose_name = "parrain ou marraine"
        verbose_name_plural = "parrains et marraines"
        ordering = ["nom", "prenom"]
        constraints = [
            StructureOwned.unique_ext_id("parrain"),
            models.CheckConstraint(
                condition=models.Q(date_sortie__isnull=True) | models.Q(date_sortie__gte=models.F("date_entree")),
                name="parrain_sortie_apres_entree",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prenom} {self.nom}"


class Parrainage(StructureOwned):
    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.CASCADE, related_name="parrainages", verbose_name="jeune"
    )
    parrain = models.ForeignKey(Parrain, on_delete=models.PROTECT, related_name="parrainages", verbose_name="parrain")
    date_debut = models.DateField("date de début")
    date_fin = models.DateField("date de fin", null=True, blank=True)
    issue = models.CharField("issue", max_length=15, choices=Issue.choices, null=True, blank=True)
    entretiens = models.PositiveIntegerField("rencontres avec le parrain", null=True, blank=True)
    # Issue 14, outside the interchange format.
    date_fin_prevue = models.DateField("fin prévue", null=True, blank=True)
    # What the young person agreed to share with their mentor (recorded by the counsellor);
    # nothing by default. The date is the door's, when an answer changes.
    partage_telephone = models.BooleanField("téléphone partagé avec le parrain", default=False)
    partage_email = models.BooleanField("e-mail partagé avec le parrain", default=False)
    partage_date = models.DateField("accord de partage recueilli le", null=True, blank=True)

    class Meta:
        verbose_name = "parrainage"
        verbose_name_plural = "parrainages"
        ordering = ["-date_debut"]
        constraints = [
            StructureOwned.unique_ext_id("parrainage"),
            models.CheckConstraint(
                condition=models.Q(date_fin__isnull=True) | models.Q(date_fin__gte=models.F("date_debut")),
                name="parrainage_fin_apres_debut",
            ),
        ]


class Rencontre(StructureOwned):
    """A meeting of a mentor with their mentee, recorded by the mentor (issue 14). Its `note` is
    what the mentor chooses to share with the referent counsellor. Each one recorded adds one
    to `Parrainage.entretiens` (the door, docs/parrainage.md)."""

    parrainage = models.ForeignKey(
        Parrainage, on_delete=models.CASCADE, related_name="rencontres", verbose_name="parrainage"
    )
    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.CASCADE, related_name="rencontres_parrain", verbose_name="jeune"
    )
    date = models.DateField("date")
    duree = models.PositiveSmallIntegerField("durée (minutes)")
    note = models.TextField("note pour le conseiller référent", null=True, blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="enregistrée par",
    )
    enregistree_le = models.DateTimeField("enregistrée le", auto_now_add=True)

    class Meta:
        verbose_name = "rencontre avec le parrain"
        verbose_name_plural = "rencontres avec le parrain"
        ordering = ["-date", "-pk"]
        constraints = [StructureOwned.unique_ext_id("rencontre")]

    def __str__(self) -> str:
        return f"rencontre du {self.date:%d/%m/%Y}"


class Inquietude(StructureOwned):
    """A worry a mentor flags to the referent counsellor (« Signaler une inquiétude »): shown on
    the counsellor's home until they mark it read."""

    parrainage = models.ForeignKey(
        Parrainage, on_delete=models.CASCADE, related_name="inquietudes", verbose_name="parrainage"
    )
    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.CASCADE, related_name="inquietudes_parrain", verbose_name="jeune"
    )
    conseiller = models.ForeignKey(
        "accounts.Conseiller", on_delete=models.SET_NULL, null=True, blank=True, related_name="inquietudes",
        verbose_name="conseiller référent",
    )
    texte = models.TextField("inquiétude")
    signalee_le = models.DateTimeField("signalée le")
    lue_le = models.DateTimeField("lue le", null=True, blank=True)
    lue_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="lue par",
    )

    class Meta:
        verbose_name = "inquiétude signalée par le parrain"
        verbose_name_plural = "inquiétudes signalées par les parrains"
        ordering = ["-signalee_le"]
        constraints = [StructureOwned.unique_ext_id("inquietude")]
        indexes = [models.Index(fields=["conseiller", "lue_le"], name="inquietude_conseiller_lue_idx")]

    def __str__(self) -> str:
        return f"inquiétude du {self.signalee_le:%d/%m/%Y}"
