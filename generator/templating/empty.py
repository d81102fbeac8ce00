"""A fact printed empty: each `{{ }}` tag names itself when what it prints is None.

A deliverable must never print a blank where a fact belongs. Every `{{ expression }}` of
every template, prose block and phrase is compiled as `{{ (expression) | _printed("expression",
line) }}` (`PrintedExpressions`, a token filter), so the tag that prints None is named exactly,
with its line: a guarded tag (`{% if x %}{{ x }}{% endif %}`) never prints, so it is never
reported. A draft prints "—" instead; a check collects every empty tag of a template at once.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator

import jinja2
import jinja2.ext
from jinja2.lexer import Token, TokenStream


class EmptyValue(jinja2.UndefinedError):
    """A template printed a value that is None (a YAML null or an absent optional field): the
    tag that printed it, as written, and its line in the source."""

    def __init__(self, expression: str = "", line: int | None = None):
        self.expression, self.lineno = expression, line
        shown = f"{{{{ {expression} }}}} prints" if expression else "a printed value is"
        super().__init__(f"{shown} an empty value (None): a fact the content does not have "
                         "(a draft, `fsegen build --draft`, prints \"—\" for it)")


class UnprintableValue(jinja2.UndefinedError):
    """A template printed a list, mapping or content object instead of text."""


MISSING = "—"
"""What a draft prints for a fact the content does not have yet (a final build refuses it)."""


_EMPTY: contextvars.ContextVar[list[tuple[str, int]] | None] = contextvars.ContextVar(
    "fsegen_empty", default=None)


@contextlib.contextmanager
def collecting_empty() -> Iterator[list[tuple[str, int]]]:
    """While open, a tag that prints None is noted, (expression, line), instead of failing at
    once, so that one finding can name every empty tag of a template."""
    found: list[tuple[str, int]] = []
    token = _EMPTY.set(found)
    try:
        yield found
    finally:
        _EMPTY.reset(token)


def printed_filter(draft: bool) -> Callable[[object, str, int], object]:
    """The `_printed` filter of an environment: what every `{{ expression }}` prints through
    (see `PrintedExpressions`). A None is refused naming the very tag; a draft prints "—"."""

    def _printed(value: object, expression: str, line: int) -> object:
        if value is not None:
            return value
        collected = _EMPTY.get()
        if collected is not None:
            collected.append((expression, line))
            return MISSING
        if draft:
            return MISSING
        raise EmptyValue(expression, line)

    return _printed


class PrintedExpressions(jinja2.ext.Extension):
    """Each `{{ expression }}` compiles as `{{ (expression) | _printed("expression", line) }}`:
    the tag's own text reaches the message of a fact it prints empty. Tokens are rewritten,
    not text, so `{% raw %}` and line numbers stay as written."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        inside: list[Token] | None = None
        for token in stream:
            if inside is None:
                if token.type == "variable_begin":
                    inside = []
                yield token
            elif token.type != "variable_end":
                inside.append(token)
            else:
                yield from _wrapped(inside, token.lineno) if inside else ()
                inside = None
                yield token


def _wrapped(tokens: list[Token], end: int) -> Iterator[Token]:
    line = tokens[0].lineno
    yield Token(line, "lparen", "(")
    yield from tokens
    # An integer token's value is an int, as Jinja's lexer makes it (its Token type says str).
    yield from (Token(end, kind, value) for kind, value in (  # type: ignore[arg-type]
        ("rparen", ")"), ("pipe", "|"), ("name", "_printed"), ("lparen", "("),
        ("string", expression_text(tokens)), ("comma", ","), ("integer", line), ("rparen", ")")))


_TIGHT_AFTER = {"dot", "lparen", "lbracket"}
_TIGHT_BEFORE = {"dot", "rparen", "rbracket", "comma", "colon"}
_CALLABLE = {"name", "rparen", "rbracket", "string"}


def expression_text(tokens: list[Token]) -> str:
    """An expression as written, from its tokens (spaces normalised): `totals.total | importo`."""
    text, previous = "", None
    for token in tokens:
        if token.type == "string":
            shown = '"' + str(token.value).replace("\\", "\\\\").replace('"', '\\"') + '"'
        else:
            shown = str(token.value)
        tight = previous is None or previous.type in _TIGHT_AFTER or token.type in _TIGHT_BEFORE \
            or (token.type in ("lparen", "lbracket") and previous.type in _CALLABLE)
        text += shown if tight else " " + shown
        previous = token
    return text


