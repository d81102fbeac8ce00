"""Where a chart's value labels go, so that no line crosses them and none covers another.

Labels are placed once the chart is laid out, measured with the figure's own renderer (the
Agg canvas that draws the PNG): a bar's label goes after the bar, or after the target line
when the line would cross it; a point's label goes above the point, else beside it (above, below, on a
side), whichever touches no line, bar, title or other label. The axes grow to hold
what was placed.
"""

from __future__ import annotations

from typing import Any

PAD = 0.012
"""The gap between a bar's end (or the target line) and its label, as a share of the axis."""
OFFSETS = ((0, 7, "center", "bottom"), (-5, 5, "right", "bottom"), (5, 5, "left", "bottom"),
           (0, -7, "center", "top"), (5, -5, "left", "top"), (-5, -5, "right", "top"),
           (7, 0, "left", "center"), (-7, 0, "right", "center"),
           (0, 14, "center", "bottom"), (0, 21, "center", "bottom"), (0, 28, "center", "bottom"))
"""Where a point's label may go, in order: above, above left, above right, below, below right,
below left, right, left, then higher above (offset in points)."""


def bar_labels(figure: Any, axes: Any, labels: list[Any], ends: list[float], line: float) -> None:
    """Put each label after its bar's end (`ends`, in data units), or after the vertical line
    at `line` when the line would cross the label; widen the axis to hold the labels."""
    renderer = figure.canvas.get_renderer()
    for _ in range(12):  # widening the axis changes what a point of text measures in data units
        left, right = axes.get_xlim()
        pad = (right - left) * PAD
        scale = (right - left) / axes.get_window_extent(renderer).width
        furthest = right
        for label, end in zip(labels, ends):
            width = label.get_window_extent(renderer).width * scale
            x = end + pad
            if x - pad / 2 <= line <= x + width + pad / 2:
                x = line + pad
            label.set_x(x)
            furthest = max(furthest, x + width + pad)
        if furthest <= right:
            return
        axes.set_xlim(left, left + (furthest - left) * 1.02)


def point_labels(figure: Any, axes: Any, labels: list[Any], obstacles: list[Any]) -> None:
    """Place each annotation (`labels`, anchored on its point) on the first side of its point
    where it touches none of `obstacles` (artists: lines, bars, the title) nor the labels
    placed before it, and stays inside the axes."""
    renderer = figure.canvas.get_renderer()
    inside = axes.get_window_extent(renderer)
    placed: list[Any] = []
    for label in labels:
        for dx, dy, ha, va in OFFSETS:
            _move(label, dx, dy, ha, va)
            box = label.get_window_extent(renderer)
            if _contains(inside, box) and not any(
                    touches(box, artist, renderer) for artist in obstacles) and not any(
                    box.overlaps(other) for other in placed):
                break
        else:
            _move(label, *OFFSETS[0])
        placed.append(label.get_window_extent(renderer))


def touches(box: Any, artist: Any, renderer: Any) -> bool:
    """Whether the display box `box` touches `artist`: a line's path (each of its segments),
    anything else's box."""
    from matplotlib.lines import Line2D

    if isinstance(artist, Line2D):
        path = artist.get_transform().transform_path(artist.get_path())
        points: Any = path.vertices
        if len(points) == 1:
            return bool(box.contains(*points[0]))
        padded = box.expanded(1.0, 1.0).padded(1.5)
        return any(_segment_crosses(padded, a, b) for a, b in zip(points, points[1:]))
    return bool(box.overlaps(artist.get_window_extent(renderer)))


def _move(label: Any, dx: float, dy: float, ha: str, va: str) -> None:
    label.xyann = (dx, dy)
    label.set_horizontalalignment(ha)
    label.set_verticalalignment(va)


def _contains(outer: Any, inner: Any) -> bool:
    return bool(outer.x0 <= inner.x0 and inner.x1 <= outer.x1 and outer.y0 <= inner.y0
                and inner.y1 <= outer.y1)


def _segment_crosses(box: Any, a: Any, b: Any) -> bool:
    """Whether the segment a-b meets the box (Liang-Barsky clipping)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    low, high = 0.0, 1.0
    for p, q in ((-dx, a[0] - box.x0), (dx, box.x1 - a[0]), (-dy, a[1] - box.y0), (dy, box.y1 - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
    return low <= high
