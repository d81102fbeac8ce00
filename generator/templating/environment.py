"""The one Jinja environment every template, prose string and phrase renders through.

Word templates are XML, so they autoescape; prose and `templates/phrases.jinja`
produce Markdown, which the Word writer escapes itself, so they render through
`markdown_environment`, an overlay of the same environment without autoescape.
Undefined names are errors (`StrictUndefined`), and so is a None, a list or a
content object reaching the output: a missing fact must never become a blank,
"None" or a Python repr in a deliverable.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from difflib import SequenceMatcher
from pathlib import Path

import jinja2
import jinja2.runtime
from markupsafe import Markup

from generator.messages import Message, _
from generator.templating.budget import account_output
from generator.templating.empty import (
    MISSING,
    EmptyValue,
    PrintedExpressions,
    UnprintableValue,
    printed_filter,
)
from generator.templating.filters.formatting import FILTERS
from generator.templating.prose import PROTECTED, protect, restore
from generator.templating.recording import record
from generator.templating.sandbox import SandboxedEnvironment
from generator.templating.templates import TemplateSet

PHRASES_TEMPLATE = "phrases.jinja"


def _printable(draft: bool, value: object) -> object:
    """Refuse what would reach a deliverable as a blank or a Python repr; in a draft, a missing
    fact prints as a dash."""
    if value is None:
        if draft:
            return MISSING
        raise EmptyValue(_("a printed value is empty (None): a fact the content does not have (a draft, "
                           "`fsegen build --draft`, prints \"—\" for it)"))
    account_output(len(value) if isinstance(value, str) else 0)
    if isinstance(value, (list, tuple, dict, set)) or getattr(value, "_is_content_view", False):
        raise UnprintableValue(
            f"a printed value is a {type(value).__name__}, not text: print one of its fields "
            "(`.name`), or a list with `| map(attribute='name') | elenco`")
    return value


def matches(item: object, where: Mapping[str, object]) -> bool:
    """Whether the item's own values (ids for references) equal `where`."""
    owner = getattr(item, "_owner", None)
    if owner:
        record(owner)
    raw = getattr(item, "_model", item)
    return all(getattr(raw, key, None) == value for key, value in where.items())


def select(items: Iterable[object], **where: object) -> list[object]:
    """Items whose fields equal `where` (`select(measures, level="nazionale")`)."""
    return [item for item in items if matches(item, where)]


class SourcesLoader(jinja2.BaseLoader):
    """Jinja sources (`phrases.jinja`, `{% import %}`ed macros) read from the templates folder
    beforehand (generator/templating/templates.py): a template can load nothing else."""

    def __init__(self, sources: dict[str, str], folder: Path):
        self.sources = dict(sources)
        self.searchpath = [str(folder)]

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        if template not in self.sources:
            raise jinja2.TemplateNotFound(template)
        return self.sources[template], f"{self.searchpath[0]}/{template}", lambda: True


class RunEnvironment(SandboxedEnvironment):
    """The sandboxed environment of one run, and `markdown`, its overlay for prose and phrases.

    What a run decides is given when it is made and kept in the functions it makes (a draft
    prints "—" for a missing fact), never read back from attributes: the environment holds no
    state of the build. The sandbox's limits are the budget the pipeline opens around each
    deliverable (generator/templating/sandbox.py), not the environment's."""

    def __init__(self, found: TemplateSet, draft: bool = False, code_cache: Path | None = None):
        super().__init__(
            loader=SourcesLoader(found.jinja, found.folder),
            autoescape=True,
            undefined=ContentUndefined,
            finalize=_finalizer(draft, markdown=False),
            keep_trailing_newline=False,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=[PrintedExpressions],
            code_cache=code_cache,
        )
        self.filters.update(FILTERS)
        self.filters["_printed"] = printed_filter(draft)
        self.measure_filters()
        self.filters.update({name: _named_first(self.filters[name]) for name in FILTERS})
        self.globals["select"] = select
        markdown = self.overlay(autoescape=False, finalize=_finalizer(draft, markdown=True))
        markdown.macro_class = MarkdownMacro
        markdown.filters = {**self.filters, **{name: _through_protection(self.filters[name])
                                               for name in PUNCTUATION_FILTERS}}
        self.markdown = markdown
        """Prose and phrases.jinja produce Markdown: no XML escaping, every fact protected."""


def _named_first(function: Callable[..., object]) -> Callable[..., object]:
    """One of our filters given a name the content does not have (`{{ project.sportelli |
    importo }}`) says so, as printing the name would, instead of failing on a value it cannot use."""

    @functools.wraps(function)
    def named_first(*args: object, **kwargs: object) -> object:
        for value in (*args, *kwargs.values()):
            if isinstance(value, jinja2.Undefined):
                value._fail_with_undefined_error()
        return function(*args, **kwargs)

    return named_first


def make_environment(found: TemplateSet, draft: bool = False,
                     code_cache: Path | None = None) -> RunEnvironment:
    """The sandboxed environment of one run: Word templates autoescape XML; a draft prints "—"
    for a missing fact instead of refusing it; `code_cache`: where compiled templates are kept
    between runs (generator/templating/compiled.py)."""
    return RunEnvironment(found, draft, code_cache)


def _finalizer(draft: bool, markdown: bool) -> Callable[[object], object]:
    """What every printed value goes through: refused when empty or not text; in Markdown, a
    fact is protected so that its `*` or `_` never becomes emphasis."""

    def finalize(value: object) -> object:
        value = _printable(draft, value)
        if markdown:
            return value if isinstance(value, MarkdownText) else protect(str(value))
        if isinstance(value, MarkdownText):
            return restore(value)
        if isinstance(value, str) and PROTECTED.search(value):  # `phrases.x(...) | upper`
            restored = restore(value)
            return Markup(restored) if isinstance(value, Markup) else restored
        return value

    return finalize


class MarkdownText(str):
    """What a macro of phrases.jinja returns: Markdown whose own markup stays markup."""


class MarkdownMacro(jinja2.runtime.Macro):
    """A macro of the Markdown environment: its result is `MarkdownText`, not a fact."""

    def _invoke(self, arguments: list, autoescape: bool) -> str:
        return MarkdownText(super()._invoke(arguments, autoescape))


def markdown_environment(env: jinja2.Environment) -> jinja2.Environment:
    """The environment's Markdown overlay (prose, phrases): no XML escaping, and every printed
    fact protected from being read as Markdown."""
    return env.markdown if isinstance(env, RunEnvironment) else env


PUNCTUATION_FILTERS = ("punto", "tra_parentesi", "maiuscola")
"""Filters that look at a text's own punctuation and letters: in Markdown they must see the
facts as typed, not as protected from the parser."""


def _through_protection(function: Callable[..., str]) -> Callable[..., str]:
    """`function` applied to the text as it reads (protected facts restored), its changes put
    back into the text as it was: "A.S.C." (a protected fact) + `punto` stays "A.S.C."."""

    def filtered(value: object, *args: object, **kwargs: object) -> str:
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


def render_prose(env: jinja2.Environment, source: str, context: Mapping[str, object]) -> str:
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
    lineno = getattr(error, "lineno", None)  # a TemplateSyntaxError's
    if lineno:
        return lineno
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
    """A readable reason for a Jinja error, naming the missing attribute where it can; never an
    empty one (an error without a message is named by its kind). Our own errors' messages are
    kept as messages (translated when shown); Jinja's are English."""
    if isinstance(error, MemoryError):
        return _("an expression needs more memory than the machine has (the limits FSEGEN_LIMIT_TEXT and "
                 "FSEGEN_LIMIT_ITEMS refuse such values before they are built: do not raise them)")
    if error.args and isinstance(error.args[0], Message):
        return error.args[0]
    message = str(error)
    match = re.search(r"has no attribute '([^']+)'", message)
    if match:
        return _("{message} (the content has no {name!r} there)", message=message, name=match.group(1))
    return message or type(error).__name__
