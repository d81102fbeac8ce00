"""The Union's emblem, drawn from its official geometry (a vector drawing, rasterised once).

The graphic standards (Reg. di esecuzione (UE) 821/2014, Annex II; Reg. (UE) 2021/1060, Annex
IX, 1.9): a blue rectangular flag one and a half times as wide as it is high; twelve gold
five-pointed stars, upright, at the hours of a clock on an invisible circle centred where the
diagonals cross, of radius a third of the height; each star's points on a circle of radius an
eighteenth of the height. Reflex Blue is RGB 0/51/153 (#003399), Yellow RGB 255/204/0 (#FFCC00).

The drawing is the polygons of `geometry`; matplotlib fills them, as it draws the reports'
charts, into a PNG that is the same bytes every time (no metadata, fixed size). LibreOffice
7.4 ignores a Word file's SVG pictures (it shows their PNG fallback), so a PNG at 600 dpi, kept
lossless in the PDF, is what both Word and the PDF show.
"""

from __future__ import annotations

import functools
import io
import math

HEIGHT_CM = 1.2
"""The emblem's height in the deliverables (the EU's guidelines ask at least 1 cm)."""
CLEAR_CM = HEIGHT_CM / 3
"""The clear space drawn at the right of the flag, between it and the statement beside it (a
picture's own margin: no tab nor spaces in the text)."""
WIDTH_CM = HEIGHT_CM * 1.5 + CLEAR_CM
"""The picture's width: the flag and its clear space."""
DPI = 600
BLUE = "#003399"
"""Reflex Blue."""
YELLOW = "#FFCC00"
"""Pantone Yellow."""


Point = tuple[float, float]


def geometry(height: float = 1.0) -> tuple[tuple[float, float], list[list[Point]]]:
    """(width, height) of the flag and the twelve stars as polygons (ten points each), in a
    frame whose origin is the flag's top left corner and whose y axis points down."""
    width = height * 1.5
    centre = (width / 2, height / 2)
    ring, outer = height / 3, height / 18
    # The inner points of a regular five-pointed star: where the lines joining its points cross.
    inner = outer * math.sin(math.radians(18)) / math.sin(math.radians(126))
    stars = []
    for hour in range(12):
        angle = math.radians(90 - 30 * hour)  # 12 o'clock first, clockwise
        x, y = centre[0] + ring * math.cos(angle), centre[1] - ring * math.sin(angle)
        points = []
        for corner in range(10):
            radius = outer if corner % 2 == 0 else inner
            turn = math.radians(90 + 36 * corner)  # upright: the first point straight up
            points.append((x + radius * math.cos(turn), y - radius * math.sin(turn)))
        stars.append(points)
    return (width, height), stars


@functools.lru_cache(maxsize=1)
def png() -> bytes:
    """The emblem as PNG bytes, the flag then its clear space on white, WIDTH_CM x HEIGHT_CM at
    DPI: the same bytes every time."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Polygon, Rectangle

    (width, height), stars = geometry()
    figure = Figure(figsize=(WIDTH_CM / 2.54, HEIGHT_CM / 2.54), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, width * WIDTH_CM / (HEIGHT_CM * 1.5))  # the flag, then its clear space
    axes.set_ylim(height, 0)
    axes.axis("off")
    axes.add_patch(Rectangle((0, 0), width, height, facecolor=BLUE, edgecolor="none"))
    for star in stars:
        axes.add_patch(Polygon(star, closed=True, facecolor=YELLOW, edgecolor="none"))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
