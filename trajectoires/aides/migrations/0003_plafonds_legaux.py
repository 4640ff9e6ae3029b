"""Seed the legal caps of the PACEA, CEJ and Garantie jeunes allowances (docs/domain.md §2,
reproduced in docs/workspace.md). Editable afterwards in the admin; nothing here is invented:
each row cites its source."""

from decimal import Decimal

from django.db import migrations


RSA = (
    "RSA de base pour une personne (dépôt openfisca/openfisca-france a7038ee, parameters/…/rsa_m/"
    "montant_de_base_du_rsa.yaml) moins le forfait logement de 12 % (rsa_fl/forfait_logement/"
    "taux_1_personne.yaml), calcul reporté dans docs/domain.md"
)
PACEA = (
    "Allocation PACEA : plafond annuel de 6 fois le montant mensuel du RSA diminué du forfait logement, par "
    "période de 12 mois (décret n° 2020-1783 du 30 décembre 2020, en vigueur le 1er janvier 2021) ; plafond "
    "mensuel égal à ce montant mensuel (règle largement citée, article non relu : à vérifier). Montant : "
)
GJ = (
    "Allocation Garantie jeunes : au plus le RSA de base diminué de 12 % (article R5131-21 du code du travail, "
    "décret n° 2016-1855 ; test openfisca garantie_jeunes_montant.yaml : 497,50 € en 2021-05). Montant : "
)
CEJ = (
    "Allocation CEJ : montant forfaitaire mensuel, article D5131-19 du code du travail (décret n° 2022-199 du "
    "18 février 2022), revalorisé chaque 1er avril (openfisca-france, openfisca_france/parameters/"
    "prestations_sociales/education/contrat_engagement_jeune/montants)."
)

# (from, monthly = RSA base x 0.88, annual = 6 x monthly), docs/domain.md "Computed caps".
PACEA_ROWS = [
    ("2021-01-01", "497.01", "2982.06"),
    ("2021-04-01", "497.50", "2985.00"),
    ("2022-04-01", "506.46", "3038.76"),
    ("2022-07-01", "526.72", "3160.32"),
    ("2023-04-01", "534.82", "3208.92"),
    ("2024-04-01", "559.42", "3356.52"),
    ("2025-04-01", "568.94", "3413.64"),
]
# The Garantie jeunes ended on 28 February 2022.
GJ_ROWS = [("2020-04-01", "2021-03-31", "497.01"), ("2021-04-01", "2022-02-28", "497.50")]
# (from, major non-taxable household, major first income-tax bracket, minor)
CEJ_ROWS = [
    ("2022-03-01", "500", "300", "200"),
    ("2022-07-01", "520", "312", "208"),
    ("2023-04-01", "528", "316.80", "211.20"),
    ("2024-04-01", "552.29", "331.37", "220.92"),
    ("2025-04-01", "561.68", "337.00", "224.68"),
]


def seed(apps, schema_editor):
    PlafondAide = apps.get_model("aides", "PlafondAide")
    rows = []
    for start, monthly, annual in PACEA_ROWS:
        rows.append(PlafondAide(
            type="allocation_pacea", public="tous", date_debut=start, plafond_mensuel=Decimal(monthly),
            plafond_12_mois=Decimal(annual), source=PACEA + RSA + ".",
        ))
    for start, end, monthly in GJ_ROWS:
        rows.append(PlafondAide(
            type="allocation_gj", public="tous", date_debut=start, date_fin=end, plafond_mensuel=Decimal(monthly),
            source=GJ + RSA + ".",
        ))
    for start, non_imposable, premiere_tranche, mineur in CEJ_ROWS:
        for public, amount in (
            ("majeur_non_imposable", non_imposable),
            ("majeur_1re_tranche", premiere_tranche),
            ("mineur", mineur),
        ):
            rows.append(PlafondAide(
                type="allocation_cej", public=public, date_debut=start, plafond_mensuel=Decimal(amount), source=CEJ,
            ))
    PlafondAide.objects.bulk_create(rows)


def unseed(apps, schema_editor):
    apps.get_model("aides", "PlafondAide").objects.filter(
        type__in=["allocation_pacea", "allocation_gj", "allocation_cej"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("aides", "0002_plafond_aide")]

    operations = [migrations.RunPython(seed, unseed)]
