"""Commands that start things: init (a programme folder), new (a deliverable), textconv (Git)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.app import VERBOSE, echo, given, lang, main, programme, say
from generator.errors import FsegenError
from generator.messages import _


@main.command()
@click.argument("folder", type=click.Path(path_type=Path), default=Path("."))
@click.option("--example", is_flag=True,
              help="Copy the example programme (Città Metropolitana di Milano) instead of the "
                   "commented skeleton.")
@click.option("--kit", "kit_only", is_flag=True,
              help="Only the editor, Git and CI files (schemas, .vscode/, .gitignore, "
                   ".gitattributes, the workflow, requirements.txt), for a programme folder "
                   "that has its content and templates.")
@click.option("--no-git", "no_git", is_flag=True,
              help="Do not create a Git repository or install the textconv driver.")
@click.option("--no-input", "no_input", is_flag=True,
              help="Ask nothing: write the skeleton with its placeholders (for scripts; nothing is "
                   "asked either when the input is not a terminal).")
def init(folder: Path, example: bool, kit_only: bool, no_git: bool, no_input: bool) -> None:
    """Start a programme in FOLDER (default: here): content, templates, settings (fsegen.toml),
    editor and CI files.

    On a terminal it first asks for the promoter, the call, its deadline, the number of projects
    and the districts, and writes them into the skeleton (Enter keeps DA COMPILARE). Never
    overwrites a file: if any file it would write exists, it writes nothing.
    """
    from generator.kit.scaffold import init as run_init

    asking = not (no_input or example or kit_only) and sys.stdin.isatty()
    answers = ask() if asking else None
    started = run_init(folder, example=example, use_git=not no_git, kit_only=kit_only, answers=answers)
    what = (_("the editor, Git and CI files") if kit_only else
            _("the example programme") if example else _("a new programme"))
    listed = ".vscode/, .github/workflows/fsegen.yml, requirements.txt" if kit_only else \
        "content/, templates/, fsegen.toml, .vscode/, .github/workflows/fsegen.yml, requirements.txt"
    say(_("{what} in {folder}: {count} files ({listed})", what=what, folder=str(folder),
          count=len(started.written), listed=listed))
    for path in started.written:
        say(f"  {path.as_posix()}", level=VERBOSE)
    for line in started.git:
        say(line)
    for note in started.notes:
        say(click.style(lang().text(_("note: ")), fg="yellow", bold=True) + lang().text(note), err=True)
    shown = "" if folder == Path(".") else f"cd {folder} && "
    say(_("next: {command}fsegen build", command=shown) if example or kit_only else
        _("next: {command}fsegen build   (then replace every DA COMPILARE: fsegen check lists them)",
          command=shown))


def ask():
    """The answers to init's questions, asked one by one (Enter keeps the default shown)."""
    from generator.kit.questions import QUESTIONS, Answers, answer, default

    echo(_("A few facts for the skeleton (Enter keeps the placeholder; everything can be changed "
           "later in content/):"))
    given_answers = {}
    for question in QUESTIONS:
        def checked(text: str, question=question):
            try:
                return answer(question, text)
            except FsegenError as error:
                raise click.UsageError(lang().text(error.message)) from error
        given_answers[question.name] = click.prompt(lang().text(question.prompt), default=default(question),
                                                    value_proc=checked)
    return Answers(**given_answers)


@main.command()
@click.argument("doc_id")
@click.option("--like", "like", required=True, metavar="OTHER_ID",
              help="The existing document to start from (its YAML and its template are copied).")
@click.option("--same-template", is_flag=True,
              help="Keep the other document's template instead of copying it to DOC_ID.docx.")
@click.option("--content", "content", type=click.Path(path_type=Path), default=None,
              help="Folder of the programme's YAML content.  [default: content]")
@click.option("--templates", "templates", type=click.Path(path_type=Path), default=None,
              help="Folder of the Word templates.  [default: templates]")
def new(doc_id: str, like: str, same_template: bool, content: Path | None, templates: Path | None) -> None:
    """Add the deliverable DOC_ID, made from the document OTHER_ID.

    Writes content/documents/DOC_ID.yaml (a copy of OTHER_ID's, comments kept) and
    templates/DOC_ID.docx (a copy of its Word template, to restyle in Word).
    """
    from generator.kit.scaffold import new as run_new

    programme()
    added = run_new(given(content, "content"), given(templates, "templates"), doc_id, like, same_template)
    say(_("wrote {path}", path=str(added.document)))
    if added.template is not None:
        say(_("wrote {path} (a copy of {like}'s template)", path=str(added.template), like=like))
    say(_("next: edit {path} (title, subject, date, text), then fsegen build {doc_id}",
          path=str(added.document), doc_id=doc_id))


@main.command()
@click.option("--install", is_flag=True,
              help="Write the driver into this repository's Git configuration.")
@click.option("--global", "everywhere", is_flag=True,
              help="With --install: into your own Git configuration, for every repository.")
def textconv(install: bool, everywhere: bool) -> None:
    """Show Word files as text in git diff, also outside this virtual environment.

    The driver runs fsegen through the full path of this Python, so that VS Code's
    Source Control and Git GUIs find it. Without --install, print what it would set.
    """
    from generator.review import textconv as driver

    if not install:
        say(f"git config diff.{driver.DRIVER}.textconv {click.style(driver.command(), bold=True)}")
        now = driver.configured(Path.cwd())
        say(_("now: {setting}", setting=now) if now else _("now: (not set here)"))
        say(_("run fsegen textconv --install to set it (and `*.docx diff=docx` in .gitattributes)"))
        return
    done = driver.install(Path.cwd(), "global" if everywhere else "local")
    for setting in done.settings:
        say(f"git config --{done.scope} {setting}")
    if done.attributes is not None:
        say(_("added `{attribute}` to {file}", attribute=driver.ATTRIBUTE, file=str(done.attributes)))
    elif everywhere:
        say(_("each repository also needs `{attribute}` in its .gitattributes", attribute=driver.ATTRIBUTE))
