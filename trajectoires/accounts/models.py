"""Staff accounts (custom user from day one) and the counsellors who meet young people."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from trajectoires.accounts.enums import Role
from trajectoires.utils.models import LongCharField, StructureOwned


class User(AbstractUser):
    """A person who logs in. `structure` is the Mission Locale they work for (empty only for
    a network-level administrator). Links: a counsellor's `Conseiller` row (their portfolio is
    the young people whose referent it is), a mentor's `Parrain` row (their mentees).

    `administrateur_reseau`: the network administrator, who sees every Mission Locale in the
    admin site (role `administrateur` only). Set by another network administrator or by
    `trajectoires administrateur_reseau`, never by a structure administrator (docs/securite.md)."""

    structure = models.ForeignKey(
        "structures.Structure", on_delete=models.PROTECT, null=True, blank=True, verbose_name="Mission Locale"
    )
    role = models.CharField("rôle", max_length=30, choices=Role.choices, default=Role.CONSEILLER)
    administrateur_reseau = models.BooleanField(
        "administrateur du réseau",
        default=False,
        help_text=(
            "Voit et gère toutes les Missions Locales dans l'administration (rôle « Administrateur » seulement)."
        ),
    )

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(administrateur_reseau=False) | models.Q(role=Role.ADMINISTRATEUR),
                name="administrateur_reseau_role_administrateur",
                violation_error_message=(
                    "Seul un compte de rôle « Administrateur » peut être administrateur du réseau."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Conseiller(StructureOwned):
    """A staff member who meets young people (conseillers.csv). May be linked to a login."""

    nom = LongCharField("nom")
    prenom = LongCharField("prénom")
    site = models.ForeignKey("structures.Site", on_delete=models.PROTECT, null=True, blank=True, verbose_name="site")
    actif = models.BooleanField("actif", default=True)
    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="conseiller", verbose_name="compte"
    )

    class Meta:
        verbose_name = "conseiller"
        verbose_name_plural = "conseillers"
        ordering = ["nom", "prenom"]
        constraints = [StructureOwned.unique_ext_id("conseiller")]

    def __str__(self) -> str:
        return f"{self.prenom} {self.nom}"


class RateCounter(models.Model):
    """Requests counted for a rate limit (`accounts.client.hit`): one row per key and window,
    swept once the window is over. A table, not a per-process cache, so that the limits hold
    across the server's worker processes."""

    key = models.CharField("clé", max_length=200)
    window = models.BigIntegerField("début de la fenêtre (secondes Unix)")
    count = models.PositiveIntegerField("requêtes", default=0)
    expires = models.BigIntegerField("fin de la fenêtre (secondes Unix)", db_index=True)

    class Meta:
        verbose_name = "compteur de requêtes"
        verbose_name_plural = "compteurs de requêtes"
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="ratecounter_key_window_uniq")]

    def __str__(self) -> str:
        return f"{self.key} ({self.window})"
