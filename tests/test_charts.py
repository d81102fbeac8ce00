"""The reports' charts: no value label crossed by a line, none over the title or another label,
the target in the legend, whatever the figures (below, at and above target; spending far from,
near and over the budget). Read from the very figure the PNG is drawn from."""

from __future__ import annotations

from decimal import Decimal as D

import matplotlib
import pytest
from matplotlib.text import Annotation, Text

from generator.rendering.charts import STYLE, draw_figure, png

TARGETS = [
    (("Persone prese in carico", "persone", D(243), D(375)),
     ("Progetti personalizzati sottoscritti", "persone", D(193), D(298)),
     ("Tirocini di inclusione avviati", "tirocini", D(91), D(175)),
     ("Partecipanti occupati alla conclusione del percorso", "persone", D(32), D(75))),
    (("Quasi al target", "persone", D(293), D(298)), ("Al target", "tirocini", D(175), D(175)),
     ("Oltre il target", "persone", D(180), D(175)), ("Il doppio", "persone", D(150), D(75))),
    (("Un solo indicatore molto oltre il target previsto dal bando", "ore", D(12000), D(1000)),),
]
LINES = (("Personale e coordinamento", (D(120000), D(132100), D(90000))),
         ("Percorsi personalizzati di inclusione attiva", (D(127500), D(195150), D(150000))))
SPENDING = [
    (("I semestre di attività", "II semestre di attività"),
     tuple((label, values[:2]) for label, values in LINES), D(2000000)),  # far from the budget
    (("I semestre", "II semestre", "III semestre"), LINES, D(820000)),  # up to the budget
    (("I semestre", "II semestre", "III semestre"), LINES, D(700000)),  # over it
    (("I semestre", "II semestre", "III semestre"),
     (("Personale", (D(500000), D(700000), D(200000))), ("Percorsi", (D(300000), D(200000), D(100000)))),
     D(2000000)),
]


def labels_and_lines(kind: str, data: tuple):
    with matplotlib.rc_context(STYLE):
        figure = draw_figure(kind, data)
    renderer = figure.canvas.get_renderer()
    axes = figure.axes[0]
    values = [t for t in axes.texts if isinstance(t, (Text, Annotation))]
    lines = [line for line in axes.lines if line.get_label() != "_nolegend_" or True]
    return figure, renderer, axes, values, lines


def crosses(box, line, renderer) -> bool:
    """Whether the line's path passes through the box (sampled every half pixel)."""
    points = line.get_transform().transform_path(line.get_path()).vertices
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        steps = max(int(max(abs(bx - ax), abs(by - ay)) * 2), 1)
        if any(box.contains(ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps) for i in range(steps + 1)):
            return True
    return False


def clear(kind: str, data: tuple) -> None:
    figure, renderer, axes, values, lines = labels_and_lines(kind, data)
    assert values, "no value labels"
    title = axes.title.get_window_extent(renderer)
    inside = axes.get_window_extent(renderer)
    boxes = [value.get_window_extent(renderer) for value in values]
    for value, box in zip(values, boxes):
        shown = value.get_text()
        assert not box.overlaps(title), shown
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1 + 0.5 and inside.y0 <= box.y0 \
            and box.y1 <= inside.y1 + 0.5, (shown, box, inside)
        for line in lines:
            assert not crosses(box, line, renderer), (shown, line.get_label())
    for index, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[index + 1:]), values[index].get_text()
    assert "target" not in " ".join(t.get_text() for t in axes.texts).lower()  # in the legend only


@pytest.mark.parametrize("rows", TARGETS)
def test_target_labels_are_never_crossed_by_the_target_line(rows):
    clear("targets", rows)
    figure, _, _, _, _ = labels_and_lines("targets", rows)
    legend = [t.get_text() for legend in figure.legends for t in legend.get_texts()]
    assert legend == ["Target (100%)"]


@pytest.mark.parametrize("data", SPENDING)
def test_spending_labels_are_never_crossed_by_the_budget_or_the_cumulated_line(data):
    clear("spending", data)


def test_a_chart_is_the_same_bytes_every_time():
    assert png("targets", TARGETS[0]) == png.__wrapped__("targets", TARGETS[0])
