"""The one Jinja environment every template, prose string and phrase renders through.

Word templates are XML, so they autoescape; prose and `templates/phrases.jinja`
produce Markdown, which the Word writer escapes itself, so they do not (prose is
wrapped in `{% autoescape false %}`, phrase files end in `.jinja`). Undefined
names are errors (`StrictUndefined`) and so is a None reaching the output: a
missing fact must never become a blank or "None" in a deliverable.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import jinja2

from generator.formatting import FILTERS

PHRASES_TEMPLATE = "phrases.jinja"


class EmptyValue(jinja2.UndefinedError):
    """A template printed a value that is None (a YAML null or an absent optional field)."""


def _refuse_none(value: Any) -> Any:
    if value is None:
        raise EmptyValue("a printed value is empty (None)")
    return value


def _autoescape(name: str | None) -> bool:
    """XML (Word templates, rendered from strings) escapes; Markdown phrase files do not."""
    return not (name or "").endswith(".jinja")


def select(items: Any, **where: Any) -> list:
    """Items whose attributes equal `where` (`select(measures, level="nazionale")`)."""
    return [item for item in items if all(getattr(item, k, None) == v for k, v in where.items())]


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """The environment, built once per build."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        finalize=_refuse_none,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.globals["select"] = select
    return env


def render_prose(env: jinja2.Environment, source: str, context: dict[str, Any]) -> str:
    """Render a prose string (Markdown with `{{ }}` facts) to Markdown text."""
    template = env.from_string("{% autoescape false %}" + source + "{% endautoescape %}")
    return template.render(context)


def template_line(error: BaseException) -> int | None:
    """The template line an error was raised on (Jinja keeps it in the traceback)."""
    if getattr(error, "lineno", None):
        return error.lineno
    line = None
    tb = error.__traceback__ or sys.exc_info()[2]
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in ("<template>",) or tb.tb_frame.f_globals.get("__jinja_template__"):
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
