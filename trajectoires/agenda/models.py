"""Appointments, collective sessions (workshops, information sessions) and CEJ activity hours.

Attendance is recorded as a contact (`accompagnement.Evenement`), the table the report engine
reads: the link `evenement` keeps the one contact each attendance gave."""

from __future__ import annotations

from django.db import models

from trajectoires.accompagnement.enums import Nature
from trajectoires.agenda.enums import Presence, ThemeCej, TypeSession
from trajectoires.utils.models import LongCharField, StructureOwned


class RendezVous(StructureOwned):
    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.CASCADE, related_name="rendez_vous", verbose_name="jeune"
    )
    conseiller = models.ForeignKey(
        "accounts.Conseiller", on_delete=models.PROTECT, related_name="rendez_vous", verbose_name="conseiller"
    )
    debut = models.DateTimeField("date et heure")
    duree = models.PositiveSmallIntegerField("durée (minutes)", default=30)
    nature = models.CharField("nature", max_length=25, choices=Nature.choices, default=Nature.ENTRETIEN_INDIVIDUEL)
    site = models.ForeignKey("structures.Site", on_delete=models.PROTECT, null=True, blank=True, verbose_name="site")
    objet = LongCharField("objet", blank=True, default="")
    presence = models.CharField("présence", max_length=10, choices=Presence.choices, default=Presence.PREVU)
    evenement = models.OneToOneField(
        "accompagnement.Evenement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="contact enregistré",
    )

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["debut"]
        constraints = [StructureOwned.unique_ext_id("rendezvous")]
        indexes = [
            models.Index(fields=["structure", "debut"], name="rdv_structure_debut_idx"),
            models.Index(fields=["conseiller", "debut"], name="rdv_conseiller_debut_idx"),
            models.Index(fields=["jeune", "debut"], name="rdv_jeune_debut_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_nature_display()} le {self.debut:%d/%m/%Y %H:%M}"


class SessionCollective(StructureOwned):
    type = models.CharField("type", max_length=25, choices=TypeSession.choices)
    theme = LongCharField("thème")
    debut = models.DateTimeField("date et heure")
    duree = models.PositiveSmallIntegerField("durée (minutes)", default=120)
    site = models.ForeignKey("structures.Site", on_delete=models.PROTECT, verbose_name="site")
    capacite = models.PositiveSmallIntegerField("nombre de places")
    animateur = models.ForeignKey(
        "accounts.Conseiller", on_delete=models.PROTECT, null=True, blank=True, verbose_name="animé par"
    )

    class Meta:
        verbose_name = "session collective"
        verbose_name_plural = "sessions collectives"
        ordering = ["debut"]
        constraints = [
            StructureOwned.unique_ext_id("sessioncollective"),
            models.CheckConstraint(condition=models.Q(capacite__gte=1), name="session_capacite_positive"),
        ]
        indexes = [models.Index(fields=["structure", "debut"], name="session_structure_debut_idx")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} « {self.theme} » du {self.debut:%d/%m/%Y}"


class Participation(models.Model):
    session = models.ForeignKey(
        SessionCollective, on_delete=models.CASCADE, related_name="participations", verbose_name="session"
    )
    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.CASCADE, related_name="participations", verbose_name="jeune"
    )
    inscrit_le = models.DateTimeField("inscrit le", auto_now_add=True)
    presence = models.CharField("présence", max_length=10, choices=Presence.choices, default=Presence.PREVU)
    evenement = models.OneToOneField(
        "accompagnement.Evenement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="contact enregistré",
    )

    class Meta:
        verbose_name = "inscription à une session"
        verbose_name_plural = "inscriptions aux sessions"
        ordering = ["jeune__nom", "jeune__prenom"]
        constraints = [models.UniqueConstraint(fields=["session", "jeune"], name="participation_unique")]

    def __str__(self) -> str:
        return f"{self.jeune} – {self.session}"


class ActiviteCej(StructureOwned):
    """An activity of a young person in CEJ, qualified by theme, with its hours."""

    jeune = models.ForeignKey(
        "jeunes.Jeune", on_delete=models.CASCADE, related_name="activites_cej", verbose_name="jeune"
    )
    date = models.DateField("date")
    theme = models.CharField("thème", max_length=25, choices=ThemeCej.choices)
    heures = models.DecimalField("heures", max_digits=4, decimal_places=2)
    libelle = LongCharField("activité", blank=True, default="")
    conseiller = models.ForeignKey(
        "accounts.Conseiller", on_delete=models.PROTECT, null=True, blank=True, verbose_name="saisie par"
    )

    class Meta:
        verbose_name = "activité CEJ"
        verbose_name_plural = "activités CEJ"
        ordering = ["-date"]
        constraints = [
            StructureOwned.unique_ext_id("activitecej"),
            models.CheckConstraint(
                condition=models.Q(heures__gt=0) & models.Q(heures__lte=24), name="activitecej_heures_valides"
            ),
        ]
        indexes = [models.Index(fields=["jeune", "date"], name="activitecej_jeune_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_theme_display()} du {self.date:%d/%m/%Y} ({self.heures} h)"
