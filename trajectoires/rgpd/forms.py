from __future__ import annotations

from django import forms

from trajectoires.rgpd.audit import ACTION_LABELS, JournalFilter


class JournalForm(forms.Form):
    jeune = forms.CharField(
        label="Jeune (identifiant)", required=False, max_length=100,
        help_text="L'identifiant du dossier, tel qu'affiché dans la fiche du jeune.",
    )
    utilisateur = forms.ChoiceField(label="Utilisateur", required=False)
    debut = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    fin = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    action = forms.ChoiceField(
        label="Action", required=False,
        choices=[("", "Toutes")] + [(str(k), v) for k, v in ACTION_LABELS.items()],
    )

    def __init__(self, *args, users=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["utilisateur"].choices = [("", "Tous")] + [
            (str(u.pk), f"{u} ({u.username})") for u in users
        ]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("debut") and data.get("fin") and data["fin"] < data["debut"]:
            raise forms.ValidationError("La date de fin précède la date de début.")
        return data

    def to_filter(self, jeune_pk: int | None) -> JournalFilter:
        data = self.cleaned_data
        return JournalFilter(
            jeune=jeune_pk,
            actor=int(data["utilisateur"]) if data.get("utilisateur") else None,
            debut=data.get("debut"),
            fin=data.get("fin"),
            action=int(data["action"]) if data.get("action") else None,
        )
