"""Personal API tokens: only a SHA-256 digest is stored; the token is shown once, at creation."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


TOKEN_PREFIX = "trj_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def valid(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoque=False, user__is_active=True).filter(
            models.Q(expire_le__isnull=True) | models.Q(expire_le__gt=now)
        )


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="utilisateur"
    )
    nom = models.CharField("nom", max_length=100, help_text="À quoi sert ce jeton (outil, script…).")
    prefixe = models.CharField("début du jeton", max_length=12, editable=False)
    empreinte = models.CharField("empreinte SHA-256", max_length=64, unique=True, editable=False)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    expire_le = models.DateTimeField("expire le", null=True, blank=True)
    utilise_le = models.DateTimeField("dernière utilisation", null=True, blank=True, editable=False)
    revoque = models.BooleanField("révoqué", default=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.prefixe}…)"

    @classmethod
    def issue(cls, user, nom: str, *, expire_le=None) -> tuple[ApiToken, str]:  # type: ignore[no-untyped-def]
        """A new token for `user`: (the row, the clear token — never stored, shown once)."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        row = cls.objects.create(user=user, nom=nom, prefixe=token[:8], empreinte=digest(token), expire_le=expire_le)
        return row, token

    @classmethod
    def authenticate(cls, token: str):  # type: ignore[no-untyped-def]
        """The active user of a valid token, or None."""
        if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 100:
            return None
        row = cls.objects.valid().select_related("user").filter(empreinte=digest(token)).first()
        if row is None:
            return None
        now = timezone.now()
        if row.utilise_le is None or (now - row.utilise_le).total_seconds() > 300:
            cls.objects.filter(pk=row.pk).update(utilise_le=now)
        return row.user
