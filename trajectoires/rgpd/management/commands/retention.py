"""`trajectoires retention [--structure CODE] [--date AAAA-MM-JJ] [--notifier] [--appliquer] [--liste N]`

Dry run by default: lists the files due for anonymisation. `--notifier` records a notice to the
referent of each file due within the notice period; `--appliquer` anonymises the due files
whose referent was notified early enough (docs/donnees-personnelles.md)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from trajectoires.rgpd.retention import Policy, anonymise, notify, schedule
from trajectoires.structures.models import Structure


def _n(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def _d(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "–"


class Command(BaseCommand):
    help = (
        "Durée de conservation : liste les dossiers à anonymiser (par défaut, sans rien modifier), "
        "prévient les conseillers référents (--notifier), puis anonymise (--appliquer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--structure", help="code de la Mission Locale (facultatif s'il n'y en a qu'une)")
        parser.add_argument("--date", help="date du jour à retenir, AAAA-MM-JJ (par défaut : aujourd'hui)")
        parser.add_argument("--notifier", action="store_true",
                            help="enregistrer et afficher l'avis aux référents des dossiers bientôt échus")
        parser.add_argument("--appliquer", action="store_true",
                            help="anonymiser les dossiers échus dont le référent a été prévenu à temps")
        parser.add_argument("--liste", type=int, default=20,
                            help="nombre de dossiers détaillés à l'écran (défaut 20)")

    def handle(self, *args, structure: str | None, date: str | None, notifier: bool, appliquer: bool, liste: int,
               **options) -> None:
        try:
            target = Structure.resolve(structure)
        except (Structure.DoesNotExist, Structure.MultipleObjectsReturned) as error:
            raise CommandError(str(error)) from None
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"Date invalide : « {date} » (attendu AAAA-MM-JJ).") from None
        policy = Policy.from_settings()
        self.stdout.write(
            f"{target.nom} ({target.code}), au {_d(today)} : anonymisation après {policy.sans_activite_mois} mois "
            f"sans activité, au plus tard {policy.apres_sortie_mois} mois après la sortie du dernier dispositif ; "
            f"préavis {policy.preavis_jours} jours."
        )
        echeances = schedule(target, today, policy)
        horizon = today + dt.timedelta(days=max(policy.preavis_jours, 0))
        due = [e for e in echeances if e.due <= today]
        soon = [e for e in echeances if today < e.due <= horizon]
        ready = [e for e in due if e.ready(today, policy.preavis_jours)]
        self.stdout.write(
            f"Dossiers échus : {_n(len(due))} (dont {_n(len(ready))} prêts à anonymiser, "
            f"{_n(sum(e.notified_at is None for e in due))} dont le référent n'a pas encore été prévenu) ; "
            f"échéance dans les {policy.preavis_jours} jours : {_n(len(soon))}."
        )
        for e in (due + soon)[:liste]:
            prevenu = f"prévenu le {timezone.localtime(e.notified_at):%d/%m/%Y}" if e.notified_at else "non prévenu"
            self.stdout.write(
                f"  {e.ext_id} · référent : {e.conseiller or 'aucun'} · échéance {_d(e.due)} · {e.motif}"
                f" · {prevenu}"
            )
        if len(due) + len(soon) > liste:
            self.stdout.write(f"  … et {_n(len(due) + len(soon) - liste)} autres.")

        if notifier:
            notices = notify(target, due + soon)
            per_referent = Counter(n.conseiller_id for n in notices)
            names = {e.conseiller_id: e.conseiller for e in due + soon}
            self.stdout.write(f"Avis enregistrés : {_n(len(notices))}.")
            for conseiller_id, count in sorted(per_referent.items(), key=lambda kv: names.get(kv[0]) or ""):
                who = names.get(conseiller_id) or "Sans référent (à la direction)"
                plural = count > 1
                self.stdout.write(
                    f"  {who} : {_n(count)} dossier{'s' if plural else ''} de votre portefeuille "
                    f"{'seront anonymisés' if plural else 'sera anonymisé'} à l'échéance ; "
                    "enregistrez un contact si l'accompagnement continue."
                )

        if not appliquer:
            if not notifier:
                self.stdout.write(
                    "Simulation : rien n'a été modifié (--notifier pour prévenir, --appliquer pour anonymiser)."
                )
            return
        if not ready:
            self.stdout.write("Aucun dossier à anonymiser.")
            return

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  anonymisation : {_n(done)} / {_n(total)}")

        count = anonymise(target, ready, progress=progress)
        s = "s" if count > 1 else ""
        self.stdout.write(self.style.SUCCESS(f"{_n(count)} dossier{s} anonymisé{s}."))
