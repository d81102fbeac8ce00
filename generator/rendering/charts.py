"""The charts of progress reports, drawn with matplotlib and placed in the Word file.

A template prints `{{ report.charts.targets }}`; the `Chart` it prints holds data only
(generator/context/progress.py), and this module draws it: a PNG made by our code, never by the
template. The PNG is byte-reproducible: the Agg canvas, the DejaVu Sans font shipped with
matplotlib (never a system font that varies between machines), no metadata (`Software`
removed, PNG has no date unless asked), fixed size and resolution. Each image enters the
.docx through docxtpl's `InlineImage`, with a drawing id of its own and its alternative
text, so that screen readers (and accessibility checks) read what the chart shows.
"""

from __future__ import annotations

import functools
import io
import itertools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import quoteattr

from generator.context.drawings import Drawing, drawing_data
from generator.rendering import emblem
from generator.rendering.chartlabels import bar_labels, point_labels
from generator.templating.filters.formatting import amount, grouped, percent

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

WIDTH_CM = 16.0
"""Width of a chart in the document: the text width of the templates' A4 page."""
DPI = 150
FONT = "DejaVu Sans"
"""Shipped inside matplotlib: the same glyphs on every machine."""
COLOURS = ("#1F4E79", "#2E75B6", "#9DC3E6", "#C55A11", "#F4B183", "#548235", "#A9D18E", "#7F7F7F")
LINES = ("#2E75B6", "#9DC3E6", "#548235", "#A9D18E", "#7F7F7F", "#BFBFBF", "#1F4E79", "#F4B183")
"""Colours of the budget lines (the cumulated spending is orange, the budget dark blue)."""
TEXT = "#262626"
STYLE: dict[RcKeyType, object] = {
    "font.family": FONT, "font.size": 8.5, "axes.edgecolor": "#BFBFBF", "axes.linewidth": 0.8,
    "axes.titlesize": 10, "axes.titleweight": "bold", "text.color": TEXT, "axes.labelcolor": TEXT,
    "xtick.color": TEXT, "ytick.color": TEXT, "svg.hashsalt": "fsegen", "path.simplify": False,
}


def chart_drawer(docx_template: Any) -> Callable[[Drawing], str]:
    """What draws a picture (a report's chart, the EU emblem) where a template prints it, as a
    drawing of `docx_template` (drawn only if the template prints it)."""
    ids = itertools.count(1000)  # drawing ids of our own: python-docx would repeat one per part

    def draw(drawing: Drawing) -> str:
        from docx.shared import Cm
        from docxtpl import InlineImage

        if drawing.kind == "emblem":
            data, width = emblem.png(), emblem.WIDTH_CM
        else:
            data, width = png(drawing.kind, drawing_data(drawing)), WIDTH_CM
        xml = InlineImage(docx_template, io.BytesIO(data), width=Cm(width))._insert_image()
        return re.sub(r'<wp:docPr id="\d+" name="[^"]*"',
                      lambda m: f'<wp:docPr id="{next(ids)}" name={quoteattr(drawing.title)} '
                                f'descr={quoteattr(drawing.alt)}', xml, count=1)

    return draw


@functools.lru_cache(maxsize=64)
def png(kind: str, data: tuple) -> bytes:
    """The chart as PNG bytes: the same data always gives the same bytes."""
    import matplotlib

    with matplotlib.rc_context(STYLE):
        figure = draw_figure(kind, data)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def draw_figure(kind: str, data: tuple) -> Any:
    """The chart as a matplotlib figure, laid out and labelled (call within STYLE)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height = _height(kind, data)
    figure = Figure(figsize=(WIDTH_CM / 2.54, height / 2.54), dpi=DPI)
    FigureCanvasAgg(figure)
    (_targets if kind == "targets" else _spending)(figure, data)
    return figure


def _height(kind: str, data: tuple) -> float:
    """Height in cm: room for each indicator's bar, or for the legend's rows."""
    if kind == "targets":
        return 2.8 + 1.1 * max(len(data), 1)
    return 6.0 + 0.45 * _legend_rows(data)


def _legend_rows(data: tuple) -> int:
    return (len(data[1]) + 3) // 2


def _targets(figure: Any, rows: tuple) -> None:
    """Horizontal bars: each indicator's achievement as a percentage of its target, the target
    line in the legend below, each value after its bar and clear of the line."""
    axes = figure.add_subplot()
    if not rows:
        _empty(axes, "Nessun indicatore con un target")
        return
    labels = [_wrap(name, 28) for name, _, _, _ in rows][::-1]
    shares = [float(achieved * 100 / target) for _, _, achieved, target in rows][::-1]
    colours = [COLOURS[0] if s >= 100 else COLOURS[1] for s in shares]
    bars = axes.barh(range(len(rows)), shares, color=colours, height=0.55)
    target = axes.axvline(100, color=COLOURS[3], linewidth=1.2, linestyle="--", label="Target (100%)")
    axes.set_yticks(range(len(rows)), labels)
    axes.set_xlim(0, max([120.0] + [s * 1.05 for s in shares]))
    axes.xaxis.set_major_formatter(_formatter(lambda v: percent(Decimal(int(v)), 0)))
    axes.set_title("Valori raggiunti rispetto ai target", loc="left")
    _plain(axes, "x")
    height = _height("targets", rows)
    figure.legend(handles=[target], loc="lower center", fontsize=7.5, frameon=False)
    figure.subplots_adjust(left=0.27, right=0.97, top=1 - 0.9 / height, bottom=1.5 / height)
    texts = [axes.text(0, bar.get_y() + bar.get_height() / 2,
                       f"{grouped(achieved)} su {grouped(target_value)} {unit} "
                       f"({percent(achieved * 100 / target_value)})", va="center", fontsize=7.5)
             for bar, (_, unit, achieved, target_value) in zip(bars, rows[::-1])]
    bar_labels(figure, axes, texts, shares, 100.0)


def _spending(figure: Any, data: tuple) -> None:
    """Stacked bars of each period's spending by line, the cumulated line, the budget; each
    cumulated figure beside its point, touching no line."""
    periods, lines, budget = data
    axes = figure.add_subplot()
    if not periods or not lines:
        _empty(axes, "Nessuna spesa rendicontata")
        return
    positions = list(range(len(periods)))
    bottom = [0.0] * len(periods)
    bars = []
    for index, (label, values) in enumerate(lines):
        heights = [float(v) for v in values]
        bars += list(axes.bar(positions, heights, bottom=bottom, width=0.5, label=label,
                              color=LINES[index % len(LINES)]))
        bottom = [b + h for b, h in zip(bottom, heights)]
    cumulated = list(itertools.accumulate(bottom))
    (line,) = axes.plot(positions, cumulated, color=COLOURS[3], marker="o", linewidth=1.6,
                        label="Spesa cumulata")
    ceiling = axes.axhline(float(budget), color=COLOURS[0], linestyle="--", linewidth=1.2,
                           label=f"Budget complessivo ({amount(budget)})")
    top = max([float(budget)] + cumulated)
    axes.set_ylim(0, top * 1.18 if top else None)
    axes.set_xticks(positions, [_wrap(p, 40) for p in periods])
    axes.set_xlim(-0.8, len(periods) - 0.2)  # room for a label beside the first or last point
    axes.yaxis.set_major_formatter(_formatter(lambda v: amount(Decimal(int(v))).replace(",00", "")))
    title = axes.set_title("Spesa per periodo e spesa cumulata", loc="left")
    height = _height("spending", data)
    figure.legend(loc="lower center", ncol=2, fontsize=7.5, frameon=False)
    _plain(axes, "y")
    figure.subplots_adjust(left=0.13, right=0.98, top=1 - 0.8 / height,
                           bottom=(1.3 + 0.45 * _legend_rows(data)) / height)
    texts = [axes.annotate(amount(Decimal(round(y))), (x, y), textcoords="offset points",
                           xytext=(0, 7), ha="center", va="bottom", fontsize=7.5, color=COLOURS[3])
             for x, y in zip(positions, cumulated)]
    point_labels(figure, axes, texts, [line, ceiling, title, *bars])


def _formatter(function: Any) -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, position: function(value))


def _plain(axes: Any, grid: str) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.set_axisbelow(True)
    axes.grid(axis=grid, color="#E7E6E6", linewidth=0.6)


def _empty(axes: Any, message: str) -> None:
    axes.axis("off")
    axes.text(0.5, 0.5, message, ha="center", va="center", transform=axes.transAxes)


def _wrap(text: str, width: int) -> str:
    """Break a long label on spaces, at most three lines."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines[:3]) + ("…" if len(lines) > 3 else "")
