"""The one Jinja environment every template, prose string and phrase renders through.

Word templates are XML, so they autoescape; prose and `templates/phrases.jinja`
produce Markdown, which the Word writer escapes itself, so they render through
`markdown_environment`, an overlay of the same environment without autoescape.
Undefined names are errors (`StrictUndefined`), and so is a None, a list or a
content object reaching the output: a missing fact must never become a blank,
"None" or a Python repr in a deliverable.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import sys
from collections.abc import Callable, Iterator
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import jinja2
import jinja2.ext
import jinja2.runtime
from jinja2.lexer import Token, TokenStream

from generator.folders import cache_home
from generator.limits import Limits
from generator.templating.filters.formatting import FILTERS
from generator.templating.prose import protect, restore
from generator.templating.recording import record
from generator.templating.sandbox import SandboxedEnvironment, account_output
from generator.templating.templates import TemplateSet

PHRASES_TEMPLATE = "phrases.jinja"


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


@jinja2.pass_environment
def _printed(env: jinja2.Environment, value: Any, expression: str, line: int) -> Any:
    """What every `{{ expression }}` prints through (see `PrintedExpressions`): a None is refused
    naming the very tag, so only tags that really print nothing are reported."""
    if value is not None:
        return value
    collected = _EMPTY.get()
    if collected is not None:
        collected.append((expression, line))
        return MISSING
    if getattr(env, "draft", False):
        return MISSING
    raise EmptyValue(expression, line)


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
    yield from (Token(end, kind, value) for kind, value in (
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


def _printable(env: jinja2.Environment, value: Any) -> Any:
    """Refuse what would reach a deliverable as a blank or a Python repr; in a draft, a missing
    fact prints as a dash."""
    if value is None:
        if getattr(env, "draft", False):
            return MISSING
        raise EmptyValue("a printed value is empty (None): a fact the content does not have "
                         "(a draft, `fsegen build --draft`, prints \"—\" for it)")
    account_output(len(value) if isinstance(value, str) else 0)
    if isinstance(value, (list, tuple, dict, set)) or getattr(value, "_is_content_view", False):
        raise UnprintableValue(
            f"a printed value is a {type(value).__name__}, not text: print one of its fields "
            "(`.name`), or a list with `| map(attribute='name') | elenco`")
    return value


def matches(item: Any, where: dict[str, Any]) -> bool:
    """Whether the item's own values (ids for references) equal `where`."""
    owner = getattr(item, "_owner", None)
    if owner:
        record(owner)
    raw = getattr(item, "_model", item)
    return all(getattr(raw, key, None) == value for key, value in where.items())


def select(items: Any, **where: Any) -> list:
    """Items whose fields equal `where` (`select(measures, level="nazionale")`)."""
    return [item for item in items if matches(item, where)]


class SourcesLoader(jinja2.BaseLoader):
    """Jinja sources (`phrases.jinja`, `{% import %}`ed macros) read from the templates folder
    beforehand (generator/templating/templates.py): a template can load nothing else."""

    def __init__(self, sources: dict[str, str], folder: Path):
        self.sources = dict(sources)
        self.searchpath = [str(folder)]

    def get_source(self, environment: jinja2.Environment, template: str):
        if template not in self.sources:
            raise jinja2.TemplateNotFound(template)
        return self.sources[template], f"{self.searchpath[0]}/{template}", lambda: True


def make_environment(found: TemplateSet, limits: Limits | None = None,
                     draft: bool = False) -> jinja2.Environment:
    """The sandboxed environment of one build: Word templates autoescape XML; a draft prints
    "—" for a missing fact instead of refusing it."""
    env = SandboxedEnvironment(
        loader=SourcesLoader(found.jinja, found.folder),
        autoescape=True,
        undefined=ContentUndefined,
        finalize=_word_printable,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=[PrintedExpressions],
    )
    env.filters.update(FILTERS)
    env.filters["_printed"] = _printed
    env.globals["select"] = select
    env.limits = limits or Limits.from_environ()
    env.draft = draft
    env.code_cache = cache_home() / "jinja"
    return env


@jinja2.pass_environment
def _word_printable(env: jinja2.Environment, value: Any) -> Any:
    value = _printable(env, value)
    return restore(value) if isinstance(value, MarkdownText) else value


@jinja2.pass_environment
def _markdown_printable(env: jinja2.Environment, value: Any) -> Any:
    """A fact printed into Markdown is text: its `*` or `_` must never become emphasis."""
    value = _printable(env, value)
    return value if isinstance(value, MarkdownText) else protect(str(value))


class MarkdownText(str):
    """What a macro of phrases.jinja returns: Markdown whose own markup stays markup."""


class MarkdownMacro(jinja2.runtime.Macro):
    """A macro of the Markdown environment: its result is `MarkdownText`, not a fact."""

    def _invoke(self, arguments: list, autoescape: bool) -> str:
        return MarkdownText(super()._invoke(arguments, autoescape))


def markdown_environment(env: jinja2.Environment) -> jinja2.Environment:
    """The same environment for Markdown output (prose, phrases): no XML escaping, and every
    printed fact protected from being read as Markdown."""
    overlay = getattr(env, "_markdown_overlay", None)
    if overlay is None:
        overlay = env.overlay(autoescape=False, finalize=_markdown_printable)
        overlay.macro_class = MarkdownMacro
        overlay.filters = {**env.filters, **{name: _through_protection(env.filters[name])
                                             for name in PUNCTUATION_FILTERS}}
        env._markdown_overlay = overlay  # type: ignore[attr-defined]
    return overlay


PUNCTUATION_FILTERS = ("punto", "tra_parentesi", "maiuscola")
"""Filters that look at a text's own punctuation and letters: in Markdown they must see the
facts as typed, not as protected from the parser."""


def _through_protection(function: Callable[..., str]) -> Callable[..., str]:
    """`function` applied to the text as it reads (protected facts restored), its changes put
    back into the text as it was: "A.S.C." (a protected fact) + `punto` stays "A.S.C."."""

    def filtered(value: Any, *args: Any, **kwargs: Any) -> str:
        text = str(value)
        plain = restore(text)
        result = function(plain, *args, **kwargs)
        start = result.find(plain)  # most filters only add around the text ("A.S.C" + ".")
        if plain and start != -1:
            end = start + len(plain)
            joined = protect(result[:start]) + text + protect(result[end:])
        else:
            joined = "".join(text[i1:i2] if tag == "equal" else protect(result[j1:j2])
                             for tag, i1, i2, j1, j2
                             in SequenceMatcher(None, plain, result, autojunk=False).get_opcodes())
        return MarkdownText(joined) if isinstance(value, MarkdownText) else joined

    filtered.__name__ = getattr(function, "__name__", "filter")
    return filtered


def render_prose(env: jinja2.Environment, source: str, context: dict[str, Any]) -> str:
    """Render a prose string (Markdown with `{{ }}` facts) to Markdown text."""
    return markdown_environment(env).from_string(source).render(context)


class ContentUndefined(jinja2.StrictUndefined):
    """StrictUndefined whose message names the content item and its known fields."""

    @property
    def _undefined_message(self) -> str:
        owner = self._undefined_obj
        model = getattr(owner, "_model", None)
        if model is not None and isinstance(self._undefined_name, str):
            fields = ", ".join(type(model).model_fields)
            item = f" {owner._id!r}" if getattr(owner, "_id", None) else ""
            return (f"{type(model).__name__}{item} has no field {self._undefined_name!r} "
                    f"(fields: {fields})")
        return super()._undefined_message


def template_line(error: BaseException) -> int | None:
    """The template line an error was raised on (Jinja keeps it in the traceback)."""
    if getattr(error, "lineno", None):
        return error.lineno
    line = None
    tb = error.__traceback__ or sys.exc_info()[2]
    while tb is not None:
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:
            line = template.get_corresponding_lineno(tb.tb_lineno)
        elif tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def describe_undefined(error: BaseException) -> str:
    """A readable reason for a Jinja error, naming the missing attribute where it can."""
    message = str(error)
    match = re.search(r"has no attribute '([^']+)'", message)
    if match:
        return f"{message} (the content has no '{match.group(1)}' there)"
    return message
