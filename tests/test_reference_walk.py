"""The references rule walks only the fields that may lead to a reference (most of a programme
is ids, dates and amounts): it must still reach every model that has a reference field."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from generator.checks.references import _references, walk
from generator.content.loading import load_content
from tests.conftest import REPO

PROGRAMMES = [REPO / "content", *sorted((REPO / "tests" / "programmes").glob("*/content"))]


def every_model(value: object, path: tuple = ()):
    """The plain walk: every field of every model."""
    if isinstance(value, BaseModel):
        yield path, value
        for name in type(value).model_fields:
            yield from every_model(getattr(value, name), path + (name,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from every_model(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from every_model(item, path + (index,))


@pytest.mark.parametrize("content", PROGRAMMES, ids=lambda p: p.parent.name)
def test_the_pruned_walk_meets_every_model_with_references_in_order(content: Path):
    loaded = load_content(content)
    expected = [path for path, model in every_model(loaded.content) if _references(type(model))]
    found = [path for path, model in walk(loaded.content) if _references(type(model))]
    assert found == expected and len(expected) > 10
    assert len(list(walk(loaded.content))) < len(list(every_model(loaded.content)))  # it prunes
