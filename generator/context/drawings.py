"""Pictures fsegen draws where a Word template places them: report charts, the EU emblem.

A template prints `{{ report.charts.targets }}` or `{{ funding.emblem }}`; what it prints is a
`Drawing`, which holds data only (`kind`, `title`, `alt`). Rendering attaches a drawer that
turns it into the Word XML of a picture (generator/rendering/charts.py), so no template makes
an image of its own, and printed anywhere else (prose, phrases) a drawing is refused.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.messages import _
from generator.templating.budget import NotAllowed


class Drawing:
    """A picture a Word template places: what it shows, its title and its alternative text."""

    what = "a picture"
    where = "{{ report.charts... }}"
    """What it is and how a Word template places it (said when it is printed elsewhere)."""

    def __init__(self, kind: str, title: str, alt: str, data: tuple):
        self.kind = kind
        self.title = title
        """Its title (a chart prints it in the image)."""
        self.alt = alt
        """Its alternative text: what a screen reader says, in the Word file and the PDF."""
        self._data = data
        self._draw: Callable[[Drawing], str] | None = None

    def __html__(self) -> str:
        if self._draw is None:
            raise NotAllowed(_("{what} can only be placed in a Word template, with {where}", what=self.what,
                               where=self.where))
        return self._draw(self)

    def __str__(self) -> str:
        return self.__html__()


def drawing_data(drawing: Drawing) -> tuple:
    """What the drawing shows (for the drawer): hashable, so a picture can be reused."""
    return drawing._data


def attach_drawer(drawing: Drawing, draw: Callable[[Drawing], str] | None) -> None:
    """Let rendering draw `drawing` where the template prints it (returns the Word XML); None
    takes the drawer back."""
    drawing._draw = draw
