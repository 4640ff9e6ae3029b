"""The report as a document: sections made of key figures, tables, charts and texts.

`build_document` turns the engine's report dict (indicators.md, "Machine-readable output")
into this neutral structure, and the three renderers (HTML, PDF, XLSX) only lay it out, so
they all show the same figures. Nothing is computed here except display shares
(count / population), and every number comes from the dict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from trajectoires.edition import labels as L
from trajectoires.edition.formatting import format_value, fr_date_time, fr_short_date, share
from trajectoires.rapports.indicators import BY_ID
from trajectoires.rapports.secret import masked_difference, secret_info


POPULATIONS = ("jeunes_premier_accueil", "jeunes_accompagnes")
CHART_AXES = ("sexe", "age", "niveau", "hebergement")


# --- Building blocks --------------------------------------------------------------------------
# The job board's figures (docs/bourse.md), in the employer section.
BOURSE_KPIS = ("bourse_comptes_jeunes", "bourse_comptes_employeurs", "bourse_offres_deposees", "bourse_candidatures")


@dataclass
class Value:
    """One figure. `ref` is the indicator it comes from (its definition); `drill` the key of
    the young people behind it, when there are some."""

    value: float | int | str | None
    kind: str = "int"
    ref: str | None = None
    drill: str | None = None

    @property
    def text(self) -> str:
        return format_value(self.value, self.kind)

    @property
    def number(self) -> float | int | None:
        if self.value is None or isinstance(self.value, str):
            return None
        return self.value

    @property
    def masked(self) -> bool:
        """A figure withheld by statistical secrecy: text ("< 5") where a number is expected."""
        return self.kind != "text" and isinstance(self.value, str)


@dataclass
class Row:
    label: str
    cells: list[Value]
    ref: str | None = None
    total: bool = False


@dataclass
class Table:
    key: str
    caption: str
    header: str
    columns: list[str]
    rows: list[Row]
    note: str = ""
    ref: str | None = None
    block: str = "table"

    @property
    def wide(self) -> bool:
        return len(self.columns) >= 5

    @property
    def heads(self) -> list[tuple[str, bool]]:
        """Column labels with whether the column holds text (left-aligned) rather than numbers."""
        first = self.rows[0].cells if self.rows else []
        return [(label, i < len(first) and first[i].kind == "text") for i, label in enumerate(self.columns)]


@dataclass
class Chart:
    """A chart and its data table (the table is the chart's text alternative)."""

    key: str
    title: str
    kind: str  # "barh" (categories) or "column" (series over periods)
    table: Table
    value_column: int = 0
    share_column: int | None = None
    block: str = "chart"

    @property
    def labels(self) -> list[str]:
        return [row.label for row in self.table.rows if not row.total]

    @property
    def values(self) -> list[float]:
        """The bar heights; a masked figure ("< 5") is drawn as an empty bar (0) and labelled by `texts`."""
        return [float(row.cells[self.value_column].number or 0) for row in self.table.rows if not row.total]

    @property
    def texts(self) -> list[str | None]:
        """The label of each bar when its figure is masked ("< 5"), else None (the number is shown)."""
        cells = [row.cells[self.value_column] for row in self.table.rows if not row.total]
        return [cell.text if cell.masked else None for cell in cells]

    @property
    def shares(self) -> list[float | None]:
        if self.share_column is None:
            return []
        return [row.cells[self.share_column].number for row in self.table.rows if not row.total]  # type: ignore[misc]


@dataclass
class Kpi:
    label: str
    value: Value
    change: Value | None = None


@dataclass
class Kpis:
    items: list[Kpi]
    block: str = "kpis"


@dataclass
class Text:
    title: str
    body: str
    kind: str = ""
    block: str = "text"

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]


@dataclass
class Heading:
    title: str
    block: str = "heading"
    anchor: str = ""  # an id to link to (a territory page of section 10)
    new_page: bool = False  # starts a new page in the PDF


@dataclass
class Definition:
    section: str
    id: str
    label: str
    definition: str

    @property
    def key(self) -> str:
        return f"{self.section}.{self.id}"

    @property
    def anchor(self) -> str:
        return "def-" + self.key.replace(".", "-").replace("_", "-")

    @property
    def section_label(self) -> str:
        return DEFINITION_SECTIONS.get(self.section, self.section)


DEFINITION_SECTIONS = {
    "indicateurs": "Indicateurs",
    "repartitions": "Répartitions",
    "comptes": "Caractéristiques des jeunes",
    "dispositifs": "Tableau des dispositifs",
    "suivi_dispositifs": "Suivi des dispositifs",
    "parrainage": "Parrainage",
    "reperage": "Repérage",
    "obligation_formation": "Obligation de formation",
    "manifestations": "Manifestations",
    "satisfaction": "Satisfaction",
    "territoires": "Territoires",
    "series": "Séries",
    "evolutions": "Évolutions",
}


def anchor(ref: str) -> str:
    return "def-" + ref.replace(".", "-").replace("_", "-")


Block = Kpis | Table | Chart | Text | Heading


@dataclass
class Section:
    number: int
    slug: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    intro: str = ""

    @property
    def pages(self) -> list[Heading]:
        """The headings that start a page of the section (section 10: one per territory)."""
        return [b for b in self.blocks if isinstance(b, Heading) and b.anchor]

    @property
    def tables(self) -> list[Table]:
        out: list[Table] = []
        for block in self.blocks:
            if isinstance(block, Table):
                out.append(block)
            elif isinstance(block, Chart):
                out.append(block.table)
        return out


@dataclass
class ReportContext:
    """What the report shows besides the engine's figures, frozen with an edition:
    the structure, the data date, the filter, territory lists, labels and free pages, all as
    plain JSON-able values (section 10's figures are in the report itself, `territoires`)."""

    structure_name: str
    data_date: str  # ISO date (or datetime) of the data
    definitions: list[dict[str, str]] = field(default_factory=list)
    filter_label: str = ""
    territoire: list[dict[str, Any]] = field(default_factory=list)  # [{"epci": str, "communes": [str]}]
    sites: list[dict[str, str]] = field(default_factory=list)  # [{"id", "nom", "type"}]
    dispositifs: dict[str, str] = field(default_factory=dict)  # code -> name
    pages: list[dict[str, str]] = field(default_factory=list)  # [{"kind", "kind_label", "title", "text"}]

    def as_json(self) -> dict[str, Any]:
        return {
            "structure_name": self.structure_name,
            "data_date": self.data_date,
            "definitions": self.definitions,
            "filter_label": self.filter_label,
            "territoire": self.territoire,
            "sites": self.sites,
            "dispositifs": self.dispositifs,
            "pages": self.pages,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReportContext:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})  # type: ignore[arg-type]


@dataclass
class Document:
    structure_name: str
    debut: str
    fin: str
    data_date: str
    filter_label: str
    sections: list[Section]
    definitions: list[Definition]
    secret: Mapping[str, Any] | None = None  # the report's `secret_statistique` (rapports/secret.py)

    @property
    def secret_note(self) -> str:
        """The legend of masked figures, when the report is under statistical secrecy."""
        return secret_note(self.secret)

    @property
    def period_label(self) -> str:
        d, f = dt.date.fromisoformat(self.debut), dt.date.fromisoformat(self.fin)
        if (d.month, d.day, f.month, f.day) == (1, 1, 12, 31) and d.year == f.year:
            return f"Année {d.year}"
        return f"Du {fr_short_date(d)} au {fr_short_date(f)}"

    @property
    def title(self) -> str:
        label = self.period_label
        return f"Rapport d'activité – {label[0].lower() + label[1:] if label.startswith('Du') else label}"

    @property
    def sources(self) -> str:
        return f"Données arrêtées au {fr_date_time(self.data_date)}"

    def definition(self, ref: str | None) -> Definition | None:
        if ref is None:
            return None
        return next((d for d in self.definitions if d.key == ref), None)


# --- Helpers -----------------------------------------------------------------------------------
def kind_for(key: str, value: object = None) -> str:
    """The display kind of a figure from its id (shares are fractions, amounts euros)."""
    last = key.rsplit(".", 1)[-1]
    if last.startswith(("part_", "taux_")) or key.startswith(("part_", "taux_")):
        return "pct"
    if last in {"montant", "moyenne"} and key.startswith("aides."):
        return "eur"
    if last.startswith("duree") or "_par_" in last:
        return "dec"
    if isinstance(value, float) and not value.is_integer():
        return "dec"
    return "int"


class _Builder:
    def __init__(self, report: Mapping[str, Any], ctx: ReportContext) -> None:
        self.r = report
        self.ctx = ctx
        self.ind: Mapping[str, Any] = report.get("indicateurs") or {}
        self.evo: Mapping[str, Any] = report.get("evolutions") or {}
        self.defs: dict[str, Definition] = {d.key: d for d in normalise_definitions(ctx.definitions)}
        self.site_names = {str(s["id"]): s["nom"] for s in ctx.sites}

    # references to definitions ------------------------------------------------------------
    def ref(self, key: str, section: str = "indicateurs") -> str | None:
        """The definition of `key` in `section` (`comptes.mineurs`, `indicateurs.aides.fdaj.montant`),
        or of its closest parent, else None."""
        parts = key.split(".")
        while parts:
            candidate = f"{section}.{'.'.join(parts)}"
            if candidate in self.defs:
                return candidate
            parts.pop()
        return None

    def label(self, key: str) -> str:
        """An indicator's label: its declaration's (rapports/indicators.py), the same for a frozen
        edition as for today's report; else its definition's, else the id."""
        indicator = BY_ID.get(key)
        if indicator is not None:
            return indicator.label
        if f"indicateurs.{key}" in self.defs:
            return self.defs[f"indicateurs.{key}"].label
        return key.replace("_", " ").capitalize()

    def indicator(self, key: str, drill: bool = True) -> Value:
        return Value(self.ind.get(key), kind_for(key, self.ind.get(key)), self.ref(key), key if drill else None)

    def kpi(self, key: str, label: str | None = None, drill: bool = True) -> Kpi:
        change = Value(self.evo[key], "change") if self.evo.get(key) is not None else None
        return Kpi(label or self.label(key), self.indicator(key, drill), change)

    # breakdowns ---------------------------------------------------------------------------
    def breakdown_table(self, population: str, axis: str, extra: dict[str, str] | None = None) -> Table:
        counts: Mapping[str, Any] = ((self.r.get("repartitions") or {}).get(population) or {}).get(axis) or {}
        total = self.ind.get(population)
        rows = []
        for code, count in counts.items():
            drill = f"repartitions.{population}.{axis}.{code}"
            rows.append(
                Row(
                    L.category_label(axis, str(code), extra),
                    [Value(count, "int", self.ref(population), drill), Value(share(count, total), "pct")],
                )
            )
        return Table(
            key=f"{population}-{axis}",
            caption=f"{L.POPULATIONS[population]} par {L.AXES.get(axis, axis).lower()}",
            header=L.AXES.get(axis, axis),
            columns=["Jeunes", "Part"],
            rows=rows,
            note="Un jeune peut compter sur plusieurs sites." if axis == "site" else "",
            ref=self.ref(axis, "repartitions"),
        )

    def breakdown_chart(self, population: str, axis: str, extra: dict[str, str] | None = None) -> Chart:
        table = self.breakdown_table(population, axis, extra)
        return Chart(key=table.key, title=table.caption, kind="barh", table=table, value_column=0, share_column=1)

    def comptes_table(self, population: str, ids: Iterable[str]) -> Table:
        comptes: Mapping[str, Any] = (self.r.get("comptes") or {}).get(population) or {}
        inconnus: Mapping[str, Any] = comptes.get("inconnus") or {}
        total = self.ind.get(population)
        rows = []
        for key in ids:
            if key not in comptes:
                continue
            count = comptes[key]
            rows.append(
                Row(
                    L.COMPTES.get(key, key),
                    [
                        Value(count, "int", self.ref(population), f"comptes.{population}.{key}"),
                        Value(share(count, total), "pct"),
                        Value(inconnus.get(key), "int") if key in inconnus else Value("", "text"),
                    ],
                    ref=self.ref(key, "comptes"),
                )
            )
        return Table(
            key=f"{population}-profil",
            caption=f"Profil des {L.POPULATIONS[population].lower()}",
            header="Caractéristique",
            columns=["Jeunes", "Part", "Non renseignés"],
            rows=rows,
            note="Les valeurs inconnues ne sont jamais comptées comme « non » : la part est calculée sur "
            "l'ensemble des jeunes, et les jeunes non renseignés sont indiqués à part.",
        )

    def series_chart(self, population: str) -> Chart | None:
        series: Mapping[str, Any] = (self.r.get("series") or {}).get(population) or {}
        if not series:
            return None
        rows = [Row(_series_label(key), [Value(series[key], "int", self.ref(population))]) for key in sorted(series)]
        table = Table(
            key=f"{population}-serie",
            caption=f"{L.POPULATIONS[population]} sur cinq périodes",
            header="Période",
            columns=["Jeunes"],
            rows=rows,
        )
        return Chart(key=table.key, title=table.caption, kind="column", table=table)

    def flat_table(
        self,
        key: str,
        caption: str,
        header: str,
        data: Mapping[str, Any],
        axis: str = "",
        prefix: str = "",
        column: str = "Nombre",
        kind: str | None = None,
    ) -> Table:
        rows = [
            Row(
                L.category_label(axis, str(code)) if axis else (L.PARRAINAGE | L.REPERAGE).get(code, str(code)),
                [Value(v, kind or kind_for(str(code), v), self.ref(f"{prefix}{code}") if prefix else None)],
            )
            for code, v in data.items()
            if not isinstance(v, Mapping)
        ]
        return Table(key=key, caption=caption, header=header, columns=[column], rows=rows)

    # sections ------------------------------------------------------------------------------
    def build(self) -> list[Section]:
        builders = [
            self.territoire,
            self.synthese,
            self.premier_accueil,
            self.accompagnes,
            self.dispositifs,
            self.suivi_dispositifs,
            self.parrainage,
            self.emploi,
            self.territoires,
            self.reperage,
            self.obligation_formation,
            self.egalite,
            self.satisfaction,
            self.pages_libres,
            self.annexe,
        ]
        return [builder(number) for number, builder in enumerate(builders, start=2)]

    def territoire(self, n: int) -> Section:
        s = Section(n, "territoire", "Le territoire")
        if self.ctx.territoire:
            rows = [
                Row(item["epci"], [Value(len(item["communes"]), "int"), Value(", ".join(item["communes"]), "text")])
                for item in self.ctx.territoire
            ]
            s.blocks.append(
                Table("territoire-epci", "Communes du territoire par EPCI", "EPCI", ["Nombre", "Communes"], rows)
            )
        if self.ctx.sites:
            rows = [
                Row(site["nom"], [Value(site.get("type_label") or site.get("type", ""), "text")])
                for site in self.ctx.sites
            ]
            s.blocks.append(Table("territoire-sites", "Lieux d'accueil", "Lieu", ["Type"], rows))
        if not s.blocks:
            s.intro = "Le territoire n'est pas encore renseigné (communes et sites)."
        return s

    def synthese(self, n: int) -> Section:
        s = Section(n, "synthese", "Synthèse")
        s.blocks.append(
            Kpis(
                [
                    self.kpi(k)
                    for k in (
                        "jeunes_en_contact",
                        "jeunes_accompagnes",
                        "jeunes_entretien_individuel",
                        "jeunes_premier_accueil",
                        "part_accompagnes_contact",
                        "part_entretien_contact",
                    )
                ]
            )
        )
        activity = [
            self.kpi(k)
            for k in ("entrees_emploi", "entrees_formation", "jeunes_entres_dispositif", "entretiens_individuels")
        ]
        programmes = self.r.get("dispositifs") or {}
        debut = str((self.r.get("periode") or {}).get("debut", "9999"))
        main = ["garantie_jeunes", "cej"] if debut < "2022-03-01" else ["cej"]
        for code in main:
            if code in programmes:
                name = "CEJ" if code == "cej" else "Garantie jeunes"
                activity.append(
                    Kpi(
                        f"Jeunes entrés en {name}",
                        Value(
                            programmes[code].get("beneficiaires"),
                            "int",
                            self.ref("beneficiaires", "dispositifs"),
                            f"dispositifs.{code}.beneficiaires",
                        ),
                    )
                )
        activity.append(self.kpi("acteurs_economiques_contact", drill=False))
        s.blocks.append(Heading("Activité de la période"))
        s.blocks.append(Kpis(activity))
        s.blocks.append(self.breakdown_chart("jeunes_premier_accueil", "origine"))
        return s

    def _population(self, n: int, slug: str, population: str) -> Section:
        s = Section(n, slug, L.POPULATIONS[population])
        s.blocks.append(Kpis([self.kpi(population)]))
        chart = self.series_chart(population)
        if chart:
            s.blocks.append(chart)
        for axis in CHART_AXES:
            s.blocks.append(self.breakdown_chart(population, axis))
        ids = [
            "mineurs",
            "qpv",
            "zrr",
            "enfants",
            "sans_vehicule_motorise",
            "permis_b",
            "automobile",
            "sans_qualification",
            "sans_diplome",
            "infra_bac",
            "rqth",
        ]
        s.blocks.append(self.comptes_table(population, ids))
        s.blocks.append(self.breakdown_table(population, "zone"))
        return s

    def premier_accueil(self, n: int) -> Section:
        s = self._population(n, "premier-accueil", "jeunes_premier_accueil")
        s.intro = (
            "Les jeunes sont dits « reçus pour la première fois » lorsque leur tout premier entretien "
            "individuel avec un conseiller de la Mission Locale a eu lieu pendant la période."
        )
        return s

    def accompagnes(self, n: int) -> Section:
        s = self._population(n, "accompagnes", "jeunes_accompagnes")
        s.intro = (
            "Sont considérés comme « accompagnés » les jeunes qui ont bénéficié d'au moins un entretien "
            "individuel, un atelier ou une information collective pendant la période."
        )
        s.blocks.append(self.breakdown_table("jeunes_accompagnes", "site", self.site_names))
        s.blocks.append(self.aides_table())
        return s

    def aides_table(self) -> Table:
        types: list[str] = []
        for key in self.ind:
            if key.startswith("aides.") and key.count(".") == 2:
                code = key.split(".")[1]
                if code not in types:
                    types.append(code)
        rows = []
        for code in types:
            cells = []
            for measure in ("nombre", "montant", "jeunes", "moyenne"):
                key = f"aides.{code}.{measure}"
                cells.append(
                    Value(self.ind.get(key), kind_for(key), self.ref(key), key if measure == "jeunes" else None)
                )
            rows.append(Row(L.category_label("aides", code), cells))
        return Table("aides", "Aides financières accordées", "Aide", list(L.AIDE_MESURES.values()), rows)

    def dispositifs(self, n: int) -> Section:
        s = Section(n, "dispositifs", "Dispositifs et formations")
        programmes: Mapping[str, Any] = self.r.get("dispositifs") or {}
        columns = [
            ("beneficiaires", "Bénéficiaires", "int"),
            ("femmes", "Part des femmes", "pct"),
            ("mineurs", "Part des mineurs", "pct"),
            ("sans_qualification", "Part sans qualification", "pct"),
            ("qpv", "Part en QPV", "pct"),
            ("zrr", "Part en ZRR", "pct"),
            ("presents_fin_periode", "Présents en fin de période", "int"),
        ]
        rows = []
        codes = [c for c in programmes if c != "ensemble"] + (["ensemble"] if "ensemble" in programmes else [])
        for code in codes:
            row = programmes[code] or {}
            total = row.get("beneficiaires")
            cells = []
            for col, _label, kind in columns:
                value = row.get(col) if kind == "int" else share(row.get(col), total)
                cells.append(Value(value, kind, self.ref(col, "dispositifs"), f"dispositifs.{code}.{col}"))
            label = (
                "Ensemble"
                if code == "ensemble"
                else self.ctx.dispositifs.get(code) or L.category_label("dispositif", code)
            )
            rows.append(Row(label, cells, total=code == "ensemble"))
        s.blocks.append(
            Table(
                "dispositifs",
                "Bénéficiaires des dispositifs (entrées de la période)",
                "Dispositif",
                [c[1] for c in columns],
                rows,
                note="« Ensemble » compte chaque jeune une seule fois, même s'il est entré dans plusieurs "
                "dispositifs.",
            )
        )
        s.blocks.append(
            Kpis([self.kpi(k) for k in ("entrees_formation", "entrees_alternance", "retours_formation_initiale")])
        )
        by_type = {k.split(".", 1)[1]: v for k, v in self.ind.items() if k.startswith("entrees_formation.")}
        if by_type:
            s.blocks.append(
                self.flat_table(
                    "formations-types", "Entrées en formation par type", "Type", by_type, prefix="entrees_formation."
                )
            )
        return s

    def suivi_dispositifs(self, n: int) -> Section:
        s = Section(n, "suivi-dispositifs", "Suivi des dispositifs")
        s.intro = (
            "Comptés en inscriptions : depuis le début du dispositif jusqu'à la fin de la période, et sur la période."
        )
        suivi: Mapping[str, Any] = self.r.get("suivi_dispositifs") or {}
        for code, data in suivi.items():
            depuis = data.get("depuis_debut") or {}
            periode = data.get("periode") or {}
            keys = list(dict.fromkeys([*depuis, *periode]))
            rows = [
                Row(
                    L.SUIVI.get(k, k),
                    [
                        Value(
                            depuis.get(k),
                            kind_for(k),
                            self.ref(k, "suivi_dispositifs"),
                            f"suivi_dispositifs.{code}.depuis_debut.{k}",
                        ),
                        Value(
                            periode.get(k),
                            kind_for(k),
                            self.ref(k, "suivi_dispositifs"),
                            f"suivi_dispositifs.{code}.periode.{k}",
                        ),
                    ],
                    ref=self.ref(k, "suivi_dispositifs"),
                )
                for k in keys
            ]
            name = self.ctx.dispositifs.get(code) or L.category_label("dispositif", code)
            s.blocks.append(Table(f"suivi-{code}", name, "Indicateur", ["Depuis le début", "Sur la période"], rows))
        return s

    def parrainage(self, n: int) -> Section:
        s = Section(n, "parrainage", "Parrainage")
        p: Mapping[str, Any] = self.r.get("parrainage") or {}
        scalars = {k: v for k, v in p.items() if not isinstance(v, Mapping)}
        s.blocks.append(
            Kpis(
                [
                    Kpi(L.PARRAINAGE.get(k, k), Value(v, kind_for(k, v), self.ref(k, "parrainage"), f"parrainage.{k}"))
                    for k, v in scalars.items()
                ]
            )
        )
        if "sorties_par_issue" in p:
            s.blocks.append(
                self.flat_table(
                    "parrainage-issues",
                    "Parrainages terminés selon leur issue",
                    "Issue",
                    p["sorties_par_issue"],
                    axis="issue",
                )
            )
        if "parrains_actifs_par_statut" in p:
            s.blocks.append(
                self.flat_table(
                    "parrainage-statuts",
                    "Parrains et marraines actifs selon leur statut",
                    "Statut",
                    p["parrains_actifs_par_statut"],
                    axis="statut_parrain",
                )
            )
        total = p.get("jeunes")
        for key, caption, header, axis in (
            ("jeunes_par_niveau", "Jeunes parrainés par niveau de formation", "Niveau", "niveau"),
            ("jeunes_par_zone", "Jeunes parrainés par lieu de résidence", "Lieu de résidence", "zone"),
        ):
            if key in p:
                ref = self.ref(key, "parrainage")
                drill = f"parrainage.{key}"
                s.blocks.append(
                    self.count_table(f"parrainage-{key}", caption, header, p[key], axis, drill, total, ref)
                )
        self._other_dicts(
            s,
            "parrainage",
            p,
            {"sorties_par_issue", "parrains_actifs_par_statut", "jeunes_par_niveau", "jeunes_par_zone"},
        )
        return s

    def count_table(
        self,
        key: str,
        caption: str,
        header: str,
        counts: Mapping[str, Any],
        axis: str,
        drill: str,
        total: Any,
        ref: str | None,
    ) -> Table:
        """Counts by category with their share of `total`, each count linked to its young people."""
        rows = [
            Row(
                L.category_label(axis, str(code)),
                [Value(v, "int", ref, f"{drill}.{code}"), Value(share(v, total), "pct")],
            )
            for code, v in counts.items()
        ]
        return Table(key, caption, header, ["Jeunes", "Part"], rows, ref=ref)

    def emploi(self, n: int) -> Section:
        s = Section(n, "emploi", "Accès à l'emploi")
        s.blocks.append(
            Kpis(
                [
                    self.kpi(k)
                    for k in (
                        "taux_acces_emploi",
                        "jeunes_acces_emploi",
                        "entrees_emploi",
                        "contrats_emploi_classique",
                        "entrees_alternance",
                    )
                ]
            )
        )
        for key, caption, first, lines in (
            (
                "immersions",
                "Immersions en entreprise",
                "Immersion",
                [("pmsmp", "PMSMP"), ("autres", "Autres immersions"), ("total", "Total")],
            ),
            (
                "volontariat",
                "Volontariat",
                "Mission",
                [("service_civique", "Service civique"), ("autres", "Autres volontariats"), ("total", "Total")],
            ),
        ):
            rows = [
                Row(
                    label,
                    [
                        self.indicator(f"{key}_{code}", drill=False),
                        Value(self.evo.get(f"{key}_{code}"), "change"),
                        self.indicator(f"{key}_{code}_jeunes"),
                    ],
                    ref=self.ref(f"{key}_{code}"),
                    total=code == "total",
                )
                for code, label in lines
            ]
            s.blocks.append(
                Table(
                    key,
                    caption,
                    first,
                    ["Contrats", "Évolution sur un an", "Jeunes concernés"],
                    rows,
                    note="Le total des jeunes n'est pas la somme des lignes : un jeune peut en avoir plusieurs.",
                )
            )
        s.blocks.append(
            Kpis(
                [
                    self.kpi("acteurs_economiques_contact", drill=False),
                    self.kpi("acteurs_economiques_nouveaux", drill=False),
                ]
            )
        )
        if any(key in self.ind for key in BOURSE_KPIS):  # reports and editions made before the job board have none
            s.blocks.append(Kpis([self.kpi(key, drill=False) for key in BOURSE_KPIS]))
        m: Mapping[str, Any] = self.r.get("manifestations") or {}
        if m:
            ref = self.ref("nombre", "manifestations")
            rows = [
                Row(
                    "Ensemble",
                    [Value(m.get("nombre"), "int", ref), Value(m.get("jeunes")), Value(m.get("partenaires"))],
                    total=True,
                )
            ]
            for code, data in (m.get("par_type") or {}).items():
                rows.insert(
                    -1,
                    Row(
                        L.category_label("manifestations", code),
                        [Value(data.get("nombre")), Value(data.get("jeunes")), Value(data.get("partenaires"))],
                    ),
                )
            s.blocks.append(
                Table(
                    "manifestations",
                    "Forums, salons et manifestations",
                    "Type",
                    ["Manifestations", "Jeunes présents", "Partenaires présents"],
                    rows,
                )
            )
        return s

    def territoires(self, n: int) -> Section:
        """Section 10: a comparative table of every zone, then one page per sector of the
        territory and one for the QPVs (extension key `territoires` of the report)."""
        s = Section(n, "territoires", "Territoires")
        zones: Mapping[str, Any] = self.r.get("territoires") or {}
        if not zones:
            s.intro = "Les chiffres par territoire ne figurent pas dans ce rapport (édition antérieure à leur calcul)."
            return s
        s.intro = (
            "Chaque territoire regroupe les jeunes qui y résident : les quartiers prioritaires (QPV) pour les "
            "jeunes ayant un code QPV, sinon le secteur de leur commune. Les profils portent sur les jeunes "
            "accompagnés du territoire ; les territoires s'additionnent pour donner les chiffres du rapport."
        )
        ref = self.ref("territoires", "territoires")
        names = list(zones)
        columns = [L.category_label("zone", z) for z in names]
        rows = [
            Row(
                label,
                [self._zone_value(z, zones[z], kind, path, total) for z in names],
                ref=self.ref(path[-1]) if path[0] == "indicateurs" else ref,
            )
            for label, kind, path, total in TERRITOIRE_ROWS
        ]
        s.blocks.append(
            Table(
                "territoires",
                "Les territoires en chiffres",
                "Indicateur",
                columns,
                rows,
                note="Parts calculées sur les jeunes accompagnés du territoire (les non renseignés comptent dans le "
                "total) ; la part ayant signé un contrat de travail est le taux d'accès à l'emploi.",
                ref=ref,
            )
        )
        pages = [z for z in names if z not in ("hors_territoire", "inconnu")]
        for i, z in enumerate(pages, start=1):
            s.blocks.extend(self._zone_page(i, z, zones[z]))
        return s

    def _zone_value(self, zone: str, data: Mapping[str, Any], kind: str, path: tuple[str, ...], total: bool) -> Value:
        node: Any = data
        for part in path:
            node = node.get(part) if isinstance(node, Mapping) else None
        drill = f"territoires.{zone}." + ".".join(path)
        if kind == "pct" and total:  # a count shown as a share of the zone's accompanied young people
            pop = (data.get("indicateurs") or {}).get("jeunes_accompagnes")
            return Value(share(node, pop), "pct", None, drill)
        if path[-1] == "taux_acces_emploi":
            drill = f"territoires.{zone}.indicateurs.jeunes_acces_emploi"
        return Value(node, kind, self.ref(path[-1]) if path[0] == "indicateurs" else None, drill)

    def _zone_page(self, i: int, zone: str, data: Mapping[str, Any]) -> list[Block]:
        label = L.category_label("zone", zone)
        title = label if zone == "qpv" else f"Secteur : {label}"
        pop = "jeunes_accompagnes"
        blocks: list[Block] = [Heading(title, anchor=f"territoire-{i}", new_page=True)]
        kpis = []
        for key in (
            "jeunes_premier_accueil",
            "jeunes_accompagnes",
            "entretiens_individuels",
            "jeunes_entres_dispositif",
            "taux_acces_emploi",
        ):
            value = self._zone_value(zone, data, kind_for(key), ("indicateurs", key), False)
            kpis.append(Kpi(TERRITOIRE_KPI_LABELS.get(key) or self.label(key), value))
        kpis.append(Kpi("Part résidant en ZRR", self._zone_value(zone, data, "pct", ("comptes", pop, "zrr"), True)))
        blocks.append(Kpis(kpis))
        total = (data.get("indicateurs") or {}).get(pop)
        reps: Mapping[str, Any] = (data.get("repartitions") or {}).get(pop) or {}
        for axis in ("sexe", "age", "niveau", "hebergement"):
            counts: Mapping[str, Any] = reps.get(axis) or {}
            rows = [
                Row(
                    L.category_label(axis, str(code)),
                    [
                        Value(count, "int", self.ref(pop), f"territoires.{zone}.repartitions.{pop}.{axis}.{code}"),
                        Value(share(count, total), "pct"),
                    ],
                )
                for code, count in counts.items()
            ]
            blocks.append(
                Table(
                    f"territoire-{i}-{axis}",
                    f"{title} – jeunes accompagnés par {L.AXES.get(axis, axis).lower()}",
                    L.AXES.get(axis, axis),
                    ["Jeunes", "Part"],
                    rows,
                    ref=self.ref(axis, "repartitions"),
                )
            )
        comptes: Mapping[str, Any] = (data.get("comptes") or {}).get(pop) or {}
        inconnus: Mapping[str, Any] = comptes.get("inconnus") or {}
        rows = []
        for key in ("mineurs", "infra_bac", "sans_vehicule_motorise", "permis_b", "automobile", "enfants", "zrr"):
            if key not in comptes:
                continue
            rows.append(
                Row(
                    L.COMPTES.get(key, key),
                    [
                        Value(comptes[key], "int", self.ref(pop), f"territoires.{zone}.comptes.{pop}.{key}"),
                        Value(share(comptes[key], total), "pct"),
                        Value(inconnus.get(key), "int", None, f"territoires.{zone}.comptes.{pop}.inconnus.{key}")
                        if key in inconnus
                        else Value("", "text"),
                    ],
                    ref=self.ref(key, "comptes"),
                )
            )
        blocks.append(
            Table(
                f"territoire-{i}-profil",
                f"{title} – profil des jeunes accompagnés",
                "Caractéristique",
                ["Jeunes", "Part", "Non renseignés"],
                rows,
                note="Les valeurs inconnues ne sont jamais comptées comme « non » : la part est calculée sur "
                "l'ensemble des jeunes accompagnés du territoire.",
            )
        )
        return blocks

    def reperage(self, n: int) -> Section:
        s = Section(n, "reperage", "Repérage et remobilisation")
        p: Mapping[str, Any] = self.r.get("reperage") or {}
        scalars = {k: v for k, v in p.items() if not isinstance(v, Mapping)}
        s.blocks.append(
            Kpis(
                [
                    Kpi(L.REPERAGE.get(k, k), Value(v, kind_for(k, v), self.ref(k, "reperage"), f"reperage.{k}"))
                    for k, v in scalars.items()
                ]
            )
        )
        for key, caption, axis in (
            ("actions_par_canal", "Actions par canal", "canal"),
            ("reperes_par_canal", "Jeunes repérés par canal", "canal"),
            ("reperes_par_lieu", "Jeunes repérés par lieu", "lieu"),
        ):
            if key in p:
                s.blocks.append(self.flat_table(f"reperage-{key}", caption, axis.capitalize(), p[key], axis=axis))
        for axis, header in (("sexe", "Sexe"), ("age", "Âge le jour du repérage")):
            reperes, remobilises = p.get(f"reperes_par_{axis}"), p.get(f"remobilises_par_{axis}")
            if not isinstance(reperes, Mapping) or not isinstance(remobilises, Mapping):
                continue
            ref = self.ref(f"reperes_par_{axis}", "reperage")
            rows = [
                Row(
                    L.category_label(axis, str(code)),
                    [
                        Value(reperes.get(code), "int", ref, f"reperage.reperes_par_{axis}.{code}"),
                        Value(share(reperes.get(code), p.get("reperes")), "pct"),
                        Value(remobilises.get(code), "int", ref, f"reperage.remobilises_par_{axis}.{code}"),
                        Value(share(remobilises.get(code), p.get("remobilises")), "pct"),
                    ],
                )
                for code in reperes
            ]
            s.blocks.append(
                Table(
                    f"reperage-par-{axis}",
                    f"Jeunes repérés et remobilisés par {'sexe' if axis == 'sexe' else 'âge'}",
                    header,
                    ["Repérés", "Part", "Remobilisés", "Part"],
                    rows,
                    note="Sexe et date de naissance indiqués lors du repérage, à défaut ceux du dossier du jeune "
                    "rattaché ; « non renseigné » quand ni l'un ni l'autre n'est connu.",
                    ref=ref,
                )
            )
        done = {"actions_par_canal", "reperes_par_canal", "reperes_par_lieu"}
        done |= {f"{what}_par_{axis}" for what in ("reperes", "remobilises") for axis in ("sexe", "age")}
        self._other_dicts(s, "reperage", p, done)
        return s

    def obligation_formation(self, n: int) -> Section:
        s = Section(n, "obligation-formation", "Obligation de formation des 16-18 ans")
        p: Mapping[str, Any] = self.r.get("obligation_formation") or {}
        labels = {"signales": "Jeunes signalés", "en_solution": "Jeunes en solution", "contactes": "Jeunes contactés"}
        scalars = {k: v for k, v in p.items() if not isinstance(v, Mapping)}
        s.blocks.append(
            Kpis(
                [
                    Kpi(
                        labels.get(k, k),
                        Value(v, kind_for(k, v), self.ref(k, "obligation_formation"), f"obligation_formation.{k}"),
                    )
                    for k, v in scalars.items()
                ]
            )
        )
        if "par_statut" in p:
            s.blocks.append(
                self.flat_table(
                    "of-statuts", "Jeunes signalés selon leur statut", "Statut", p["par_statut"], axis="statut_of"
                )
            )
        self._other_dicts(s, "obligation_formation", p, {"par_statut"})
        return s

    def egalite(self, n: int) -> Section:
        s = Section(n, "egalite", "Égalité filles-garçons")
        rows = []
        for population in POPULATIONS:
            sexe = ((self.r.get("repartitions") or {}).get(population) or {}).get("sexe") or {}
            total = self.ind.get(population)
            f, h = sexe.get("f"), sexe.get("h")
            rows.append(
                Row(
                    L.POPULATIONS[population],
                    [
                        Value(f, "int", self.ref(population), f"repartitions.{population}.sexe.f"),
                        Value(h, "int", self.ref(population), f"repartitions.{population}.sexe.h"),
                        Value(share(f, total), "pct"),
                    ],
                )
            )
        for code, row in (self.r.get("dispositifs") or {}).items():
            total, f = row.get("beneficiaires"), row.get("femmes")
            h = masked_difference(total, f, f"dispositifs.{code}.hommes", self.r)
            label = (
                "Tous dispositifs"
                if code == "ensemble"
                else self.ctx.dispositifs.get(code) or L.category_label("dispositif", code)
            )
            rows.append(
                Row(
                    f"Entrées : {label}",
                    [
                        Value(f, "int", None, f"dispositifs.{code}.femmes"),
                        Value(h, "int"),
                        Value(share(f, total), "pct"),
                    ],
                )
            )
        s.blocks.append(
            Table(
                "egalite",
                "Les indicateurs clés selon le sexe",
                "Indicateur",
                ["Femmes", "Hommes", "Part des femmes"],
                rows,
            )
        )
        return s

    def satisfaction(self, n: int) -> Section:
        s = Section(n, "satisfaction", "Baromètre de satisfaction")
        p: Mapping[str, Any] = self.r.get("satisfaction") or {}
        repondants = p.get("repondants") or {}
        if repondants:
            s.blocks.append(
                Kpis(
                    [
                        Kpi(
                            f"Répondants : {L.category_label('public', k).lower()}",
                            Value(v, "int", self.ref("repondants", "satisfaction")),
                        )
                        for k, v in repondants.items()
                    ]
                )
            )
        for public, questions in (p.get("par_question") or {}).items():
            rows = [Row(str(q), [Value(v, "pct")]) for q, v in questions.items()]
            s.blocks.append(
                Table(
                    f"satisfaction-{public}",
                    f"Satisfaction : {L.category_label('public', public).lower()}",
                    "Question",
                    ["Part satisfaits ou très satisfaits"],
                    rows,
                )
            )
        if not s.blocks:
            s.intro = "Aucune réponse à l'enquête de satisfaction sur la période."
        return s

    def pages_libres(self, n: int) -> Section:
        s = Section(n, "pages-libres", "Pages libres")
        for page in self.ctx.pages:
            s.blocks.append(Text(page["title"], page.get("text", ""), page.get("kind_label", "")))
        if not s.blocks:
            s.intro = "Aucune page libre n'a encore été rédigée."
        return s

    def annexe(self, n: int) -> Section:
        s = Section(n, "annexe", "Annexe : définitions et qualité des données")
        s.intro = (
            "Chaque chiffre du rapport provient d'un indicateur défini ci-dessous. La qualité des données "
            "indique, pour chaque répartition, combien de jeunes n'avaient pas de valeur connue."
        )
        note = secret_note(secret_info(self.r))
        if note:
            s.intro += " " + note
        for population in POPULATIONS:
            rows = []
            reps = (self.r.get("repartitions") or {}).get(population) or {}
            total = self.ind.get(population)
            for axis, counts in reps.items():
                if isinstance(counts, Mapping) and "inconnu" in counts:
                    rows.append(
                        Row(
                            f"{L.AXES.get(axis, axis)} non renseigné(e)",
                            [
                                Value(counts["inconnu"], "int", None, f"repartitions.{population}.{axis}.inconnu"),
                                Value(share(counts["inconnu"], total), "pct"),
                            ],
                        )
                    )
            inconnus = ((self.r.get("comptes") or {}).get(population) or {}).get("inconnus") or {}
            for key, count in inconnus.items():
                rows.append(
                    Row(
                        f"{L.COMPTES.get(key, key)} : inconnu",
                        [Value(count, "int"), Value(share(count, total), "pct")],
                    )
                )
            s.blocks.append(
                Table(
                    f"qualite-{population}",
                    f"Qualité des données : {L.POPULATIONS[population].lower()}",
                    "Donnée",
                    ["Jeunes non renseignés", "Part"],
                    rows,
                )
            )
        return s

    def _other_dicts(self, s: Section, prefix: str, data: Mapping[str, Any], done: set[str]) -> None:
        """Nested counts the outline does not name (for example by level or zone): a plain table."""
        for key, value in data.items():
            if key in done or not isinstance(value, Mapping):
                continue
            flat = {k: v for k, v in value.items() if not isinstance(v, Mapping)}
            if flat:
                s.blocks.append(
                    self.flat_table(f"{prefix}-{key}", key.replace("_", " ").capitalize(), "Catégorie", flat)
                )


# Rows of the comparative table of section 10: (label, kind, path in `territoires.<zone>`,
# shown as a share of the zone's accompanied young people).
_ACC = "jeunes_accompagnes"
TERRITOIRE_ROWS: list[tuple[str, str, tuple[str, ...], bool]] = [
    (BY_ID["jeunes_premier_accueil"].label, "int", ("indicateurs", "jeunes_premier_accueil"), False),
    (BY_ID["jeunes_accompagnes"].label, "int", ("indicateurs", "jeunes_accompagnes"), False),
    ("Part des femmes", "pct", ("repartitions", _ACC, "sexe", "f"), True),
    ("Part des moins de 18 ans", "pct", ("repartitions", _ACC, "age", "moins_18"), True),
    ("Part des 18 à 21 ans", "pct", ("repartitions", _ACC, "age", "18_21"), True),
    ("Part des 22 ans et plus", "pct", ("repartitions", _ACC, "age", "22_plus"), True),
    ("Part de niveau inférieur au bac", "pct", ("comptes", _ACC, "infra_bac"), True),
    ("Part sans véhicule motorisé", "pct", ("comptes", _ACC, "sans_vehicule_motorise"), True),
    ("Part titulaire du permis B", "pct", ("comptes", _ACC, "permis_b"), True),
    ("Part en logement autonome", "pct", ("repartitions", _ACC, "hebergement", "autonome"), True),
    ("Part avec enfant à charge", "pct", ("comptes", _ACC, "enfants"), True),
    ("Part ayant signé un contrat de travail", "pct", ("indicateurs", "taux_acces_emploi"), False),
    ("Part résidant en ZRR", "pct", ("comptes", _ACC, "zrr"), True),
    (BY_ID["jeunes_entres_dispositif"].label, "int", ("indicateurs", "jeunes_entres_dispositif"), False),
    (BY_ID["entretiens_individuels"].label, "int", ("indicateurs", "entretiens_individuels"), False),
]
# Section 10's own wording of one figure (report-outline.md: "share who signed a job contract";
# docs/indicateurs.md, `territoires`): a caption of that page, the indicator's label stays its own.
TERRITOIRE_KPI_LABELS = {"taux_acces_emploi": "Part ayant signé un contrat de travail"}


def secret_note(info: Mapping[str, Any] | None) -> str:
    """The legend of a report under statistical secrecy (rapports/secret.py), or ""."""
    seuil = int(info.get("seuil") or 0) if info else 0
    if seuil <= 1:
        return ""
    marque = info.get("marque") or f"< {seuil}"  # type: ignore[union-attr]
    nombre = "égal à 1" if seuil == 2 else f"de 1 à {seuil - 1}"
    return (
        f"Secret statistique : « {marque} » remplace un nombre {nombre} lorsqu'il porte sur un dispositif de "
        "justice ou de santé, ou dans un rapport restreint à un conseiller ; les parts, moyennes, montants et "
        "évolutions calculés sur un nombre masqué le sont aussi. Zéro reste affiché."
    )


def _ind(report: Mapping[str, Any], key: str) -> Any:
    return (report.get("indicateurs") or {}).get(key)


def _series_label(key: str) -> str:
    if "/" in key:
        debut, fin = key.split("/", 1)
        return f"{fr_short_date(debut)} – {fr_short_date(fin)}"
    return key


def normalise_definitions(rows: Iterable[Mapping[str, str]]) -> list[Definition]:
    """The engine's definitions (`section`, `id`, `libelle`, `definition`) as `Definition`s."""
    out = []
    for d in rows:
        section = d.get("section") or "indicateurs"
        out.append(
            Definition(section, d["id"], d.get("libelle") or d.get("label") or d["id"], d.get("definition", ""))
        )
    return out


def build_definitions(report: Mapping[str, Any], ctx: ReportContext) -> list[Definition]:
    return normalise_definitions(ctx.definitions)


def build_document(report: Mapping[str, Any], ctx: ReportContext) -> Document:
    periode = report.get("periode") or {}
    builder = _Builder(report, ctx)
    sections = builder.build()
    return Document(
        structure_name=ctx.structure_name,
        debut=str(periode.get("debut")),
        fin=str(periode.get("fin")),
        data_date=ctx.data_date,
        filter_label=ctx.filter_label,
        sections=sections,
        definitions=build_definitions(report, ctx),
        secret=secret_info(report),
    )
