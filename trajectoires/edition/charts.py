"""Charts as static SVG drawn by matplotlib, text kept as text (searchable in the PDF).

Each chart is shown with its data table right below it, so the SVG itself is decorative for
assistive technologies beyond its title (role="img" + aria-label).
"""

from __future__ import annotations

import base64
import functools
import io
import re
import textwrap

import matplotlib


matplotlib.use("Agg")

from matplotlib import rcParams  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from trajectoires.edition.document import Chart  # noqa: E402
from trajectoires.edition.formatting import fr_int, fr_percent  # noqa: E402


ACCENT = "#0b5d7a"
INK = "#1d2433"
MUTED = "#4a5468"
GRID = "#d5d9e0"

rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "trajectoires",
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.edgecolor": GRID,
        "axes.labelcolor": INK,
        "xtick.color": MUTED,
        "ytick.color": INK,
    }
)


def _svg(fig: Figure, key: str, title: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # Unique ids per chart: several charts live in one HTML page.
    prefix = re.sub(r"[^a-zA-Z0-9-]", "-", key) + "-"
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{prefix}{m.group(1)}"', svg)
    # Scalable: keep the viewBox, let CSS set the width.
    svg = re.sub(r'<svg([^>]*?) width="[^"]+" height="[^"]+"', r"<svg\1", svg, count=1)
    label = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    svg = svg.replace("<svg", f'<svg role="img" aria-label="{label}" class="chart-svg"', 1)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    return svg


def as_img(svg: str) -> str:
    """The chart as an `<img>` with the SVG in a data: URL, for the application's pages.

    matplotlib's SVG carries `style` attributes and a `<style>` element, which a strict
    Content-Security-Policy (no 'unsafe-inline' for styles) refuses in the page itself; inside an
    image the SVG is its own document, so its styles apply. The data table right below the chart
    carries the figures for assistive technologies; the image's text alternative is its title.
    The PDF and the downloaded HTML file keep the inline SVG (text searchable, no policy there).
    """
    match = re.search(r'aria-label="([^"]*)"', svg)
    alt = match.group(1) if match else ""  # already escaped for an attribute by _svg
    if not svg.lstrip().startswith("<?xml"):
        svg = '<?xml version="1.0" encoding="utf-8"?>\n' + svg
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="chart-img" src="data:image/svg+xml;base64,{data}" alt="{alt}">'


def _wrap(label: str, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def render_chart(chart: Chart) -> str:
    """The SVG of one chart (horizontal bars for categories, columns for a series). A figure
    masked by statistical secrecy is an empty bar labelled "< 5", as in the data table."""
    return _render(
        chart.key, chart.title, chart.kind, tuple(chart.labels), tuple(chart.values), tuple(chart.shares),
        tuple(chart.texts),
    )


@functools.lru_cache(maxsize=256)
def _render(
    key: str,
    title: str,
    kind: str,
    labels: tuple[str, ...],
    values: tuple[float, ...],
    shares: tuple[float | None, ...],
    texts: tuple[str | None, ...] = (),
) -> str:
    """Drawing is the slow part of a page: the same chart (same figures) is drawn once. `texts`:
    the label of a bar whose figure is masked ("< 5"), None for a figure shown."""
    texts = texts or (None,) * len(values)
    if kind == "column":
        fig = Figure(figsize=(6.2, 2.6))  # no pyplot: figures are independent, safe in threads
        ax = fig.subplots()
        bars = ax.bar(range(len(values)), values, color=ACCENT, width=0.6)
        ax.set_xticks(range(len(values)), [label.replace(" – ", "\n") for label in labels])
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fr_int(v)))
        ax.grid(axis="y", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        top = max(values or [0]) or 1
        ax.set_ylim(0, top * 1.18)
        for bar, value, masked in zip(bars, values, texts, strict=True):
            ax.text(
                bar.get_x() + bar.get_width() / 2,
                value + top * 0.02,
                masked or fr_int(value),
                ha="center",
                va="bottom",
                color=INK,
                fontsize=10,
                fontweight="bold",
            )
    else:
        height = 0.45 + 0.32 * max(len(values), 1)
        fig = Figure(figsize=(6.2, height))
        ax = fig.subplots()
        positions = list(range(len(values)))[::-1]
        ax.barh(positions, values, color=ACCENT, height=0.62)
        ax.set_yticks(positions, [_wrap(label) for label in labels])
        ax.xaxis.set_visible(False)
        top = max(values or [0]) or 1
        ax.set_xlim(0, top * 1.35)
        for pos, value, part, masked in zip(positions, values, shares or (None,) * len(values), texts, strict=True):
            text = masked or fr_int(value) + (f"  ({fr_percent(part)})" if part is not None else "")
            ax.text(value + top * 0.015, pos, text, va="center", color=INK, fontsize=9.5)
        ax.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if kind != "column":
        ax.spines["bottom"].set_visible(False)
    return _svg(fig, key, title)
