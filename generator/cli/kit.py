"""Commands that start things: init (a programme folder), new (a deliverable), textconv (Git)."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.app import VERBOSE, main, say


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
def init(folder: Path, example: bool, kit_only: bool, no_git: bool) -> None:
    """Start a programme in FOLDER (default: here): content, templates, editor and CI files.

    Never overwrites a file: if any file it would write exists, it writes nothing.
    """
    from generator.kit.scaffold import init as run_init

    started = run_init(folder, example=example, use_git=not no_git, kit_only=kit_only)
    what = ("the editor, Git and CI files" if kit_only else
            "the example programme" if example else "a new programme")
    say(f"{what} in {folder}: {len(started.written)} files ("
        + ("" if kit_only else "content/, templates/, ")
        + ".vscode/, .github/workflows/fsegen.yml, requirements.txt)")
    for path in started.written:
        say(f"  {path.as_posix()}", level=VERBOSE)
    for line in started.git:
        say(line)
    for note in started.notes:
        say(click.style("note: ", fg="yellow", bold=True) + note, err=True)
    shown = "" if folder == Path(".") else f"cd {folder} && "
    say(f"next: {shown}fsegen build" + ("" if example or kit_only else
        "   (then replace every DA COMPILARE: fsegen check lists them)"))


@main.command()
@click.argument("doc_id")
@click.option("--like", "like", required=True, metavar="OTHER_ID",
              help="The existing document to start from (its YAML and its template are copied).")
@click.option("--same-template", is_flag=True,
              help="Keep the other document's template instead of copying it to DOC_ID.docx.")
@click.option("--content", "content", type=click.Path(path_type=Path), default=Path("content"),
              show_default=True, help="Folder of the programme's YAML content.")
@click.option("--templates", "templates", type=click.Path(path_type=Path),
              default=Path("templates"), show_default=True, help="Folder of the Word templates.")
def new(doc_id: str, like: str, same_template: bool, content: Path, templates: Path) -> None:
    """Add the deliverable DOC_ID, made from the document OTHER_ID.

    Writes content/documents/DOC_ID.yaml (a copy of OTHER_ID's, comments kept) and
    templates/DOC_ID.docx (a copy of its Word template, to restyle in Word).
    """
    from generator.kit.scaffold import new as run_new

    added = run_new(content, templates, doc_id, like, same_template)
    say(f"wrote {added.document}")
    if added.template is not None:
        say(f"wrote {added.template} (a copy of {like}'s template)")
    say(f"next: edit {added.document} (title, subject, date, text), "
        f"then fsegen build {doc_id}")


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
        say(f"now: {driver.configured(Path.cwd()) or '(not set here)'}")
        say("run fsegen textconv --install to set it (and `*.docx diff=docx` in .gitattributes)")
        return
    done = driver.install(Path.cwd(), "global" if everywhere else "local")
    for setting in done.settings:
        say(f"git config --{done.scope} {setting}")
    if done.attributes is not None:
        say(f"added `{driver.ATTRIBUTE}` to {done.attributes}")
    elif everywhere:
        say(f"each repository also needs `{driver.ATTRIBUTE}` in its .gitattributes")
