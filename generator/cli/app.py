"""The `fsegen` group: error reporting, shared options and printing of findings.

The `cli` package is the only one that imports click and the only one that prints.
Library errors are `FsegenError`s: `FsegenGroup` prints them in the report format
chosen for this invocation (never a global) and exits 1, or 2 for a usage error. What the
library says arrives as `Message`s (generator/messages.py): everything printed here goes
through the invocation's `Language`: FSEGEN_LANGUAGE, else the programme's fsegen.toml, else
the locale (LANGUAGE, LC_ALL, LANG). A command on a programme first enters it (`programme()`):
the folder of the nearest fsegen.toml, from the current folder up, as mkdocs finds mkdocs.yml.
"""

from __future__ import annotations

import functools
import os
import platform
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator import __version__
from generator.cli.reporting import FORMATS, Reader, report
from generator.errors import FsegenError, UsageError
from generator.folders import FORMATS as OUTPUT_FORMATS
from generator.folders import Folders
from generator.limits import Limits
from generator.messages import Language, _, from_locale, language

if TYPE_CHECKING:
    from generator.config import Programme

QUIET, NORMAL, VERBOSE = -1, 0, 1
LANGUAGE_VARIABLE = "FSEGEN_LANGUAGE"
"""A person's own choice of language (it, en), over the programme's and the locale's."""


class FsegenGroup(click.Group):
    """A click group that reports library errors instead of tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UsageError as error:
            raise click.UsageError(lang().text(error.message), ctx) from error
        except FsegenError as error:
            obj = ctx.obj or {}
            show_error(error, obj.get("report", "text"), obj.get("verbosity", NORMAL))
            ctx.exit(error.exit_code)
        except MemoryError:
            echo(styler(sys.stderr)(lang().text(_("Error:")), fg="red", bold=True) + " " + lang().text(_(
                 "fsegen ran out of memory; nothing was written. A template or prose that builds "
                 "very large values is refused by the limits (FSEGEN_LIMIT_OUTPUT, FSEGEN_LIMIT_TEXT, "
                 "FSEGEN_LIMIT_ITEMS): lower them, or give fsegen more memory")), err=True)
            ctx.exit(1)


def show_error(error: FsegenError, fmt: str, verbosity: int = NORMAL) -> None:
    """An error's findings in the invocation's format (grouped unless -v), then its summary."""
    if fmt == "json":
        click.echo(report(error.findings, "json", reader=reader(sys.stdout)))
    elif fmt == "github" and error.findings:
        click.echo(report(error.findings, "github", reader=reader(sys.stdout)))
    elif error.findings:
        echo(report(error.findings, "text", detailed=verbosity >= VERBOSE, reader=reader(sys.stderr)),
             err=True)
    style, message = styler(sys.stderr), lang().text(error.message)
    if error.findings:
        echo(style(message, bold=True), err=True)
    else:
        echo(style(lang().text(_("Error:")), fg="red", bold=True) + f" {message}", err=True)


def colours(stream) -> bool:
    """Colours on a terminal, plain text when piped; NO_COLOR turns them off, FORCE_COLOR on."""
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or stream.isatty()


def styler(stream):
    """click.style when `stream` shows colours, else a function that returns the text as is."""
    return click.style if colours(stream) else (lambda text, **_: text)


_style = styler  # the name other command modules used before


def echo(text: object, err: bool = False) -> None:
    """click.echo of `text` in the invocation's language, keeping colours when FORCE_COLOR asks
    for them on a pipe."""
    stream = sys.stderr if err else sys.stdout
    click.echo(lang().text(text), err=err, color=True if colours(stream) else None)


def lang() -> Language:
    """The language of this invocation's messages (English outside a command)."""
    ctx = click.get_current_context(silent=True)
    return _settings(ctx)["language"] if ctx else language()


def reader(stream, content: object = None) -> Reader:
    """Who reads what is printed on `stream`: its colours, the invocation's language, and field
    paths in the reader's words (named after the items of `content`, when it loaded)."""
    from generator.content.words import Words

    return Reader(styler(stream), lang(), Words(lang(), content))  # type: ignore[arg-type]


def limits() -> Limits:
    """What a run may cost, read from FSEGEN_LIMIT_* once per invocation (never from the content,
    the untrusted side) and passed to the library as an argument."""
    obj = _settings(click.get_current_context())
    if "limits" not in obj:
        obj["limits"] = Limits.from_environ()
    return obj["limits"]


def verbosity() -> int:
    """-q (QUIET), nothing (NORMAL) or -v (VERBOSE), as given to this invocation."""
    ctx = click.get_current_context(silent=True)
    return _settings(ctx)["verbosity"] if ctx else NORMAL


def say(text: object, err: bool = False, level: int = NORMAL) -> None:
    """Print `text` unless the invocation is quieter than `level` (-q hides NORMAL)."""
    if verbosity() >= level:
        echo(text, err=err)


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        _settings(ctx)["verbosity"] = VERBOSE if param.name == "verbose" else QUIET
    return value


def verbosity_options(command):
    """-q/--quiet and -v/--verbose, on the group and on each command that prints much."""
    command = click.option("-v", "--verbose", is_flag=True, expose_value=False, is_eager=True,
                           callback=_set_verbosity,
                           help="Say more: every finding on its own, every file written.")(command)
    return click.option("-q", "--quiet", is_flag=True, expose_value=False, is_eager=True,
                        callback=_set_verbosity,
                        help="Print nothing but errors.")(command)


def _version_text() -> str:
    return (f"%(prog)s, version %(version)s (Python {platform.python_version()}, {sys.executable}; "
            f"installed in {Path(__file__).resolve().parents[1]})")


def _exit_on_sigterm() -> None:
    """SIGTERM (a CI cancel, `kill`) ends the run like Ctrl-C: `finally` blocks run, so
    LibreOffice is killed, scratch folders go and output/ stays whole."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def _settings(ctx: click.Context) -> dict:
    """The invocation's settings (report format, verbosity, language), shared by the group and
    command."""
    obj = ctx.find_root().ensure_object(dict)
    obj.setdefault("report", "text")
    obj.setdefault("verbosity", NORMAL)
    if "language" not in obj:
        obj["language"] = language(os.environ.get(LANGUAGE_VARIABLE) or from_locale())
    return obj


def programme() -> Programme:
    """The programme this invocation works on: the folder of the nearest fsegen.toml, from the
    current folder up, entered (fsegen works there from then on, as if run there), and its
    language taken; with none, the current folder and the defaults."""
    from generator.config import locate  # pydantic: not for `fsegen --help`

    obj = _settings(click.get_current_context())
    if "programme" not in obj:
        start = Path.cwd()
        found = locate(start)
        obj["start"], obj["programme"] = start, found
        if found.root is not None and found.root != start.resolve():
            os.chdir(found.root)
        chosen = os.environ.get(LANGUAGE_VARIABLE) or found.config.language or from_locale()
        obj["language"] = language(chosen)
    return obj["programme"]


def given(path: Path | None, default: str | Path) -> Path:
    """A folder of an option: as given, from where fsegen was run (shown relative to the
    programme's folder when inside it), or the programme's `default` when not given."""
    if path is None:
        return Path(default)
    start = _settings(click.get_current_context()).get("start", Path.cwd())
    absolute = path if path.is_absolute() else start / path
    try:
        return absolute.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return absolute


@click.group(cls=FsegenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fsegen", message=_version_text())
@verbosity_options
@click.pass_context
def main(ctx: click.Context) -> None:
    """Build the deliverables of an FSE programme from its YAML content and Word templates.

    Run it in a programme folder (one holding content/ and templates/); start one with
    `fsegen init`.
    """
    _settings(ctx)
    _exit_on_sigterm()


def folder_options(command):
    """--content, --templates and --out, shared by every command on a programme (which it enters:
    `programme()`)."""

    @click.option("--content", "content", type=click.Path(path_type=Path), default=None,
                  help="Folder of the programme's YAML content.  [default: content]")
    @click.option("--templates", "templates", type=click.Path(path_type=Path), default=None,
                  help="Folder of the Word templates.  [default: templates]")
    @click.option("--out", "out", type=click.Path(path_type=Path), default=None,
                  help="Folder the deliverables are written to.  [default: output, or fsegen.toml's "
                       "`output`]")
    @functools.wraps(command)
    def wrapper(content: Path | None, templates: Path | None, out: Path | None, **kwargs):
        here = programme()
        content, templates = given(content, "content"), given(templates, "templates")
        out = given(out, here.config.output)
        folders = Folders(content, templates, out)
        _check_out(out, {"content": content, "templates": templates, "sent": folders.archive})
        return command(folders, **kwargs)

    return wrapper


def _check_out(out: Path, sources: dict[str, Path]) -> None:
    """The output folder is replaced whole at each build: it may not hold, or be held by,
    the content or the templates (a usage error, exit 2)."""
    target = out.resolve()
    for name, folder in sources.items():
        folder = folder.resolve()
        if target == folder or folder.is_relative_to(target) or target.is_relative_to(folder):
            raise UsageError(_(
                "--out {out} would overwrite the {name} folder {folder}: choose an output folder "
                "outside the content and templates folders (the default is output/)",
                out=str(out), name=name, folder=str(folder)))


def report_option(name: str):
    """The findings' format: --format on check, --report on build (where --format is the output)."""

    def remember(ctx: click.Context, param, value: str) -> str:
        _settings(ctx)["report"] = value
        return value

    def decorate(command):
        command = click.option("--strict", is_flag=True, help="Fail on warnings too.")(command)
        return click.option(name, "fmt", type=click.Choice(FORMATS), default="text",
                            show_default=True, callback=remember, is_eager=True,
                            help="Findings as text for people, json for tools, github for "
                                 "pull-request annotations.")(command)

    return decorate


def output_formats(ctx, param, value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None  # the programme's (fsegen.toml's `formats`)
    formats = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [f for f in formats if f not in OUTPUT_FORMATS]
    if unknown or not formats:
        raise click.BadParameter(lang().text(_("use a comma-separated list of {formats}",
                                                 formats=", ".join(OUTPUT_FORMATS))))
    return formats


def show_findings(findings: list, fmt: str, level: int = NORMAL, content: object = None) -> None:
    """Warnings of a successful run, in the chosen format; as text, grouped, and only when the
    invocation is at least as verbose as `level` (each on its own with -v)."""
    if fmt == "text":
        if findings and verbosity() >= level:
            detailed = verbosity() >= VERBOSE
            echo(report(findings, "text", detailed=detailed, reader=reader(sys.stderr, content)), err=True)
    elif fmt == "json" or findings:
        click.echo(report(findings, fmt, reader=reader(sys.stdout)))
