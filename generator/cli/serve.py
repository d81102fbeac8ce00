"""The live preview: fsegen serve."""

from __future__ import annotations

import click

from generator.cli.app import echo, folder_options, lang, limits, main
from generator.folders import Folders
from generator.messages import _


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback shows the programme to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0 takes a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the index in the web browser.")
@click.option("--editor", default="vscode", show_default=True, envvar="FSEGEN_EDITOR",
              help="What file:line links open: vscode, vscodium, cursor, idea, sublime, none, or an "
                   "address with {path}, {line} and {column} (also FSEGEN_EDITOR).")
@folder_options
def serve(folders: Folders, host: str, port: int, open_browser: bool, editor: str) -> None:
    """Preview every deliverable in the browser, with its findings, updated on each save.

    Needs the optional parts: pipx install 'fsegen[serve,sign]' (or pip install
    'fsegen[serve]'). Writes nothing to output/: the Download buttons build one deliverable on
    demand. The address is served at once; the pages show the first build when it is done.
    """
    from generator.errors import ToolError
    from generator.serve import install_hint, missing_parts

    missing = missing_parts()
    if missing:
        raise ToolError(_("fsegen serve needs {parts}, which are not installed: {install}",
                          parts=", ".join(missing), install=install_hint()))
    from generator.serve.runner import Settings, run

    def report(text: object, err: bool = False) -> None:
        echo(text, err=err)

    def ready(url: str) -> None:
        echo(_("serving the preview on {url} (Ctrl-C to stop)", url=url))
        if open_browser:
            click.launch(url)

    run(Settings(folders, host, port, editor, limits(), lang()), report, ready)
    echo(_("stopped"), err=True)
