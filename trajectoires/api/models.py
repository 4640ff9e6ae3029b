"""Personal API tokens: only a SHA-256 digest is stored; the token is shown once, at creation.

Every creation, revocation and deletion is written in the audit journal of the owner's Mission
Locale (`rgpd.audit.record_token`) by the model itself (`save`, the `post_delete` receiver), so
no path forgets it: the admin, `trajectoires jeton_api`, the code. A revoked token is never
reactivated, and `ApiToken.objects.update(revoque=…)` is refused: use `revoke()`."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
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

    def revoke(self, *, actor: Any = None, request: Any = None, origin: str | None = None) -> int:
        """Revokes the tokens of the set not yet revoked, each written in the journal."""
        rows = list(self.filter(revoque=False))
        for row in rows:
            row.revoke(actor=actor, request=request, origin=origin)
        return len(rows)

    def update(self, **kwargs: Any) -> int:
        if "revoque" in kwargs:
            raise TypeError("Révoquez un jeton par revoke() : la révocation est écrite au journal d'audit.")
        return super().update(**kwargs)


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

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saves the row; its creation and its revocation go to the journal, whatever the path."""
        from trajectoires.rgpd import audit

        journal = self.__dict__.pop("_journal", None) or {}
        adding = self._state.adding
        stored_revoque = None
        if not adding and self.pk is not None:
            stored_revoque = type(self).objects.filter(pk=self.pk).values_list("revoque", flat=True).first()
            if stored_revoque and not self.revoque:
                raise ValueError("Un jeton révoqué ne peut pas être réactivé : créez-en un nouveau.")
        with transaction.atomic():
            super().save(*args, **kwargs)
            if adding:
                audit.record_token(self, audit.TOKEN_CREATED, **journal)
            elif self.revoque and stored_revoque is False:
                audit.record_token(self, audit.TOKEN_REVOKED, **journal)

    @classmethod
    def issue(  # type: ignore[no-untyped-def]
        cls, user, nom: str, *, expire_le=None, actor=None, request=None, origin: str | None = None
    ) -> tuple[ApiToken, str]:
        """A new token for `user`: (the row, the clear token — never stored, shown once).
        `actor`, `request`, `origin`: who created it, for the journal (`rgpd.audit.record_token`;
        a command passes `origin="commande"` and no actor)."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        row = cls(user=user, nom=nom, prefixe=token[:8], empreinte=digest(token), expire_le=expire_le)
        row._journal = {"actor": actor, "request": request, "origin": origin}
        row.save(force_insert=True)
        return row, token

    def revoke(self, *, actor: Any = None, request: Any = None, origin: str | None = None) -> bool:
        """Revokes the token (written in the journal); False if it already was."""
        if self.pk is not None and type(self).objects.filter(pk=self.pk, revoque=True).exists():
            self.revoque = True
            return False
        self.revoque = True
        self._journal = {"actor": actor, "request": request, "origin": origin}
        self.save()
        return True

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


@receiver(post_delete, sender=ApiToken, dispatch_uid="api_token_deleted_journal")
def _token_deleted(sender: type[ApiToken], instance: ApiToken, **kwargs: Any) -> None:
    """A deleted token (the admin, or its owner's account deleted) is written in the journal."""
    from trajectoires.rgpd import audit

    audit.record_token(instance, audit.TOKEN_DELETED)
