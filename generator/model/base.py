"""The building blocks of the model: strict base class, ids, text, amounts, references."""

from __future__ import annotations

import ast
import functools
import inspect
import re
import textwrap
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from typing import Annotated, Any, Literal, overload

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WrapValidator

from generator.messages import _

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
"""An identifier: lowercase letters, digits, `-` and `_`; safe as a file name."""

Text = Annotated[str, StringConstraints(min_length=1)]
"""Non-empty Italian text as it appears in deliverables."""

TemplateName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._-]*\.docx$")]
"""The file name of a Word template in the templates folder: no folder, no `..`, no path."""


def decimals(number: Decimal) -> int:
    """How many decimals `number` is written with (120000.50: 2, 120000: 0); NaN and infinity
    have none (TypeError)."""
    exponent = number.as_tuple().exponent
    if isinstance(exponent, str):
        raise TypeError(_("{number} has no decimals", number=number))
    return -exponent


def _amount(value: Any) -> Decimal:
    """Euro and cents, exactly as typed; refuses what an Italian office could mistype."""
    if isinstance(value, bool):
        raise ValueError(_("yes/no/true/false is not an amount: write the number in euro, e.g. 120000"))
    text = str(value).strip()
    if re.fullmatch(r"[1-9]\d{0,2}(\.\d{3})+", text):
        raise ValueError(_("{text} is not {digits} euro: in YAML a dot is the decimal point, not a "
                           "thousands separator; write {digits}", text=text, digits=text.replace(".", "")))
    try:
        number = Decimal(repr(value) if isinstance(value, float) else text)
    except (InvalidOperation, ValueError):
        raise ValueError(_("{text!r} is not an amount: write a number in euro, e.g. 120000.50",
                           text=text)) from None
    if not number.is_finite() or number.adjusted() >= 12:
        raise ValueError(_("{text} is not a plausible amount in euro (a thousand billion or more): "
                           "check the digits", text=text))
    if decimals(number) > 2:
        raise ValueError(_("{text} has more than two decimals: amounts are euro and cents (round it "
                           "to the cent)", text=text))
    return number


def _count(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(_("yes/no/true/false is not a number (YAML reads yes as true): write the "
                           "count, e.g. 7"))
    return value


class Approximate(Decimal):
    """An amount known only roughly, typed `circa 150000`: deliverables print "circa"."""

    approximate = True


APPROXIMATE = re.compile(r"^\s*(?:circa|ca\.|~)\s*", re.IGNORECASE)


def _maybe_approximate(value: Any, handler: Any) -> Decimal:
    """`circa 150000` (or `ca. 150000`, `~150000`) is 150000, marked approximate."""
    if isinstance(value, str) and APPROXIMATE.match(value):
        return Approximate(handler(APPROXIMATE.sub("", value)))
    return handler(value)


@overload
def approximate_if(value: Decimal, *sources: Decimal | None) -> Decimal: ...


@overload
def approximate_if(value: None, *sources: Decimal | None) -> None: ...


@overload
def approximate_if(value: Decimal | None, *sources: Decimal | None) -> Decimal | None: ...


def approximate_if(value: Decimal | None, *sources: Decimal | None) -> Decimal | None:
    """`value`, marked approximate when any amount it was computed from is."""
    if value is None or not any(getattr(s, "approximate", False) for s in sources):
        return value
    return Approximate(value)


Amount = Annotated[Decimal, Field(ge=0), Field(json_schema_extra={"x-amount": True}),
                   BeforeValidator(_amount), WrapValidator(_maybe_approximate)]
"""An amount in euro: a plain number (120000 or 120000.50), at most two decimals; `circa 150000`
when it is known only roughly (printed "circa 150.000,00 €")."""

Percentage = Annotated[Decimal, Field(ge=0, le=100), BeforeValidator(_amount)]
"""A percentage as a number from 0 to 100 (80 for 80%), at most two decimals."""

Gender = Literal["m", "f"]
"""Grammatical gender of a name, for its article: m (il Comune) or f (la Città)."""

Number = Literal["s", "p"]
"""Grammatical number of a name: s (il Comune) or p (i Centri per l'impiego)."""

ArticleForm = Literal["il", "lo", "l'", "la", "i", "gli", "le"]
"""A definite article, to override the one guessed from a name's first word."""

Count = Annotated[int, Field(ge=0, le=1_000_000), BeforeValidator(_count)]
"""A whole number of things (projects, years, networks), never yes/no."""


def apportion(amounts: list[Decimal], digits: int = 1) -> list[Decimal]:
    """Percentages of `amounts` over their sum, rounded to `digits` decimals so that they add
    up to exactly 100 (largest remainder: the units lost to rounding go to the largest
    remainders, first come first served on ties). All zero when the sum is zero."""
    total = sum(amounts, Decimal(0))
    if not total:
        return [Decimal(0) for _ in amounts]
    unit = Decimal(1).scaleb(-digits)
    exact = [amount * 100 / total for amount in amounts]
    floors = [value.quantize(unit, rounding=ROUND_FLOOR) for value in exact]
    missing = int((Decimal(100) - sum(floors, Decimal(0))) / unit)
    by_remainder = sorted(range(len(amounts)), key=lambda i: floors[i] - exact[i])
    for index in by_remainder[:missing]:
        floors[index] += unit
    return floors


def ref(collection: str, **kwargs: Any) -> Any:
    """A field holding the id (or ids) of an item of `collection`."""
    return Field(json_schema_extra={"ref": collection}, **kwargs)


class Model(BaseModel):
    """Strict base: unknown keys are errors; field docstrings describe the fields (`field_docs`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


@functools.cache
def field_docs(model: type) -> dict[str, str]:
    """Field name -> the docstring under it, in `model` and the model classes it inherits.

    Read when a schema or a message needs them, not when the model is imported: pydantic's
    `use_attribute_docstrings` reads every class's source at import, a third of the cost of
    importing the model, which every command pays (generator/content/schemas.py adds them)."""
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if not cls.__module__.startswith("generator.model"):
            continue
        body = next(node for node in ast.parse(textwrap.dedent(inspect.getsource(cls))).body
                    if isinstance(node, ast.ClassDef)).body
        for node, after in zip(body, body[1:]):
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                    and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant) \
                    and isinstance(after.value.value, str):
                docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs
