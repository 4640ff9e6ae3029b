"""Appointments, collective sessions (workshops, information sessions) and CEJ activity hours.

Attendance is recorded as a contact (`accompagnement.Evenement`), the table the report engine
reads: the link `evenement` keeps the one contact each attendance gave."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from trajectoires.accompagnement.enums import Nature
from trajectoires.agenda.enums import Presence, ThemeCej, TypeSession
from trajectoires.utils.ids import new_ext_id
from trajectoires.utils.models import LongCharField, StructureOwned


class Salle(StructureOwned):
    """A room of a site where young people are received (bureau, salle collective): an
    appointment may book one, and two appointments in the same room at the same time are a
    conflict (docs/agenda.md, "Rooms"). Managed in the admin site by the Mission Locale's
    administrator; a room no longer used is made inactive (it keeps its past appointments)."""

    ext_id = models.CharField("identifiant", max_length=100, default=new_ext_id)
    site = models.ForeignKey(
        "structures.Site", on_delete=models.PROTECT, related_name="salles", verbose_name="site"
    )
    nom = models.CharField("nom", max_length=100, help_text="Par exemple « Bureau 2 » ou « Salle collective ».")
    actif = models.BooleanField("active", default=True, help_text="Décochez pour ne plus proposer la salle.")

    class Meta:
        verbose_name = "salle"
        verbose_name_plural = "salles"
        ordering = ["site__nom", "nom"]
        constraints = [
            StructureOwned.unique_ext_id("salle"),
            models.UniqueConstraint(fields=["site", "nom"], name="salle_unique_nom_par_site"),
        ]

    def __str__(self) -> str:
        return self.nom

    def clean(self) -> None:
        if self.site_id is not None and self.structure_id is not None and self.site.structure_id != self.structure_id:
            raise ValidationError({"site": "Choisissez un site de la Mission Locale de la salle."})


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
    salle = models.ForeignKey(
        Salle, on_delete=models.PROTECT, null=True, blank=True, related_name="rendez_vous", verbose_name="salle"
    )
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
            models.Index(fields=["salle", "debut"], name="rdv_salle_debut_idx"),
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
