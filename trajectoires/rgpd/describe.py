"""What the audit journal's own columns say about a row: its young person, its Mission
Locale, whether it is sensitive and what it is.

Below both `rgpd.models` (the entry manager fills these columns of every change logged by
django-auditlog, `AuditEntryManager.log_create`) and `rgpd.audit` (which writes the other
entries): it imports only models of other apps and `accounts.perms`, never the journal.
"""

from __future__ import annotations

from typing import Any

from trajectoires.accounts.models import User
from trajectoires.accounts.perms import is_sensitive_dispositif
from trajectoires.jeunes.models import Jeune


def describe(instance: Any) -> dict[str, Any]:
    """The columns of our own that an entry about `instance` gets: young person, Mission
    Locale, sensitive flag, what it is."""
    if isinstance(instance, Jeune):
        jeune_ref = instance.pk
    else:
        jeune_ref = getattr(instance, "jeune_id", None)
    sensitive = isinstance(getattr(instance, "dispositif", None), str) and is_sensitive_dispositif(instance.dispositif)
    what = str(instance._meta.verbose_name).capitalize()
    if isinstance(instance, User):
        what = "Compte utilisateur"
    structure_ref = getattr(instance, "structure_id", None)
    if structure_ref is None and jeune_ref is not None:
        # A row without its own structure column (a session's participation): its young
        # person's, so that the Mission Locale's journal lists it.
        structure_ref = Jeune.objects.filter(pk=jeune_ref).values_list("structure_id", flat=True).first()
    return {
        "jeune_ref": jeune_ref,
        "structure_ref": structure_ref,
        "sensitive": sensitive,
        "what": what,
    }
