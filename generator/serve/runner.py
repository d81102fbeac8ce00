"""The `fsegen serve` process: build in the main thread, watch and serve in two others.

Rendering runs where `fsegen build` runs it, in the main thread, so the sandbox's
interval timer bounds it as there: a job queue brings it every rebuild (from the
watcher) and every download (from the web app). Saves that come together make one
rebuild. Each build is published as one immutable `View` (the latest preview and the
last good rendering of each deliverable), then announced to the open pages. The server
answers from the start: until the first build is published, every page says it is being
built, and shows the preview by itself once it is.
"""

from __future__ import annotations

import ipaddress
import queue
import socket
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from generator.content.words import Words
from generator.errors import ERROR, Finding, FsegenError, ToolError, UsageError
from generator.folders import Folders
from generator.limits import Limits
from generator.messages import Language, Message, _, language, ngettext
from generator.pipeline import Options, render_all
from generator.serve.app import Hub, create_app
from generator.serve.pages import Good, View
from generator.serve.preview import Preview, Previewer
from generator.serve.watching import changes, shown

Report = Callable[..., None]
"""`report(text, err=False)`: the CLI prints what the server has to say (a `Message`)."""

EDITORS = {
    "vscode": "vscode://file{path}:{line}:{column}",
    "vscodium": "vscodium://file{path}:{line}:{column}",
    "cursor": "cursor://file{path}:{line}:{column}",
    "idea": "idea://open?file={path}&line={line}",
    "sublime": "subl://open?url=file://{path}&line={line}",
    "none": "",
}
"""Editors' addresses; `{path}` is absolute, with forward slashes and a leading one."""
EDITABLE = {".yaml", ".yml", ".jinja", ".md", ".txt"}
"""Files a link opens in the editor (a Word template is opened in Word, not linked)."""


@dataclass(frozen=True)
class Settings:
    """How `fsegen serve` was asked to run."""

    folders: Folders
    host: str = "127.0.0.1"
    port: int = 8000
    editor: str = "vscode"
    limits: Limits = Limits()
    """What a build may cost (read once by the command line)."""
    language: Language = field(default_factory=language)
    """The language of the pages (chosen once by the command line)."""


def editor_template(choice: str) -> str:
    """The address template of an editor name, or the template given ('' for none)."""
    template = EDITORS.get(choice, choice)
    if not template:
        return ""
    try:
        template.format(path="/p", line=1, column=1)
    except (KeyError, IndexError, ValueError) as error:
        raise UsageError(_("--editor {choice!r}: name an editor ({editors}) or give an address with "
                           "{{path}}, {{line}} and {{column}}", choice=choice,
                           editors=", ".join(EDITORS))) from error
    if "{path}" not in template:
        raise UsageError(_("--editor {choice!r}: the address must contain {{path}}", choice=choice))
    return template


class Editor:
    """Addresses that open a content or template file at a line in the editor; files
    outside the programme's folders are never linked."""

    def __init__(self, template: str, base: Path, roots: list[Path]):
        self.template, self.base, self.roots = template, base, roots
        self._paths: dict[str, Path | None] = {}

    def __call__(self, file: str | None, line: int | None, column: int | None = None) -> str | None:
        if not self.template or not file:
            return None
        if file not in self._paths:
            path = (self.base / file).resolve()
            inside = path.suffix.lower() in EDITABLE and any(path.is_relative_to(r) for r in self.roots)
            self._paths[file] = path if inside else None
        found = self._paths[file]
        if found is None:
            return None
        shown = found.as_posix() if found.as_posix().startswith("/") else "/" + found.as_posix()
        return self.template.format(path=quote(shown, safe="/:"), line=line or 1, column=column or 1)

    def finding(self, finding: Finding) -> str | None:
        return self(finding.file, finding.line, finding.column)


class Service:
    """The state the web app reads, and the main thread's work: builds and downloads."""

    def __init__(self, settings: Settings, editor: Editor, hub: Hub, report: Report):
        self.folders, self.limits, self.hub, self.report = settings.folders, settings.limits, hub, report
        self.language = settings.language
        self.link = editor.finding
        self.previewer = Previewer(settings.folders, link=editor, limits=settings.limits)
        self.jobs: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._pdf = threading.Lock()
        self._view = View(0, Preview(), {}, (), time.time())

    def view(self) -> View:
        with self._lock:
            return self._view

    def words(self) -> Words:
        """How the pages say things: in the preview's language, naming the items of the content
        last built."""
        return Words(self.language, self.view().preview.content)

    def download(self, output_id: str) -> Future:
        """The .docx of one deliverable, built by the main thread: (file name, bytes)."""
        future: Future = Future()
        self.jobs.put(("download", output_id, future))
        return future

    def to_pdf(self, name: str, data: bytes) -> tuple[str, bytes]:
        """A .docx as PDF/A-2b, through LibreOffice (one conversion at a time)."""
        from generator.rendering.pdf import convert_to_pdfa

        with self._pdf:
            pdfs = convert_to_pdfa({name: data}, timeout=self.limits.conversion)
        pdf = name.removesuffix(".docx") + ".pdf"
        return pdf, pdfs[pdf]

    def changed(self, names: list[str]) -> None:
        """Files changed: rebuild (from any thread)."""
        self.jobs.put(("rebuild", names, None))

    def stop(self) -> None:
        self.jobs.put(("stop", None, None))

    def work(self) -> None:
        """Run jobs until stopped: a batch's rebuilds are one build, then its downloads."""
        while True:
            batch = [self.jobs.get()]
            while not self.jobs.empty():
                batch.append(self.jobs.get_nowait())
            if any(kind == "stop" for kind, _, _ in batch):
                return
            changed = sorted({name for kind, names, _ in batch if kind == "rebuild" for name in names})
            if changed:  # an editor's temporary files come and go: name the files that stay
                changed = [name for name in changed if Path(name).exists()] or changed
                files = ", ".join(changed[:3]) + (" ..." if len(changed) > 3 else "")
                self.build(_("{files} changed", files=files))
            for kind, output_id, future in batch:
                if kind == "download" and future.set_running_or_notify_cancel():
                    self._download(output_id, future)

    def build(self, reason: Message) -> View:
        self.hub.publish("building", str(self.view().generation))
        try:
            preview = self.previewer.build()
        except Exception as error:  # noqa: BLE001 - a bug of ours must not end the preview
            self.report(traceback.format_exc(), err=True)
            preview = Preview(findings=[Finding(
                _("fsegen failed unexpectedly: {kind}: {error}", kind=type(error).__name__,
                  error=str(error)),
                rule="internal",
                hint=_("this is a bug of fsegen: please report it with the traceback in the terminal"))],
                failed=True)
            preview.general = list(enumerate(preview.findings))
        # said before it is shown: a page showing the build means the terminal has said it too
        self.report(_("{reason}: {summary}", reason=reason, summary=summary(preview)), err=True)
        view = self._publish(preview)
        self.hub.publish("built", str(view.generation))
        return view

    def _publish(self, preview: Preview) -> View:
        with self._lock:
            old = self._view
            generation, now = old.generation + 1, time.time()
            good = dict(old.good) | {output_id: Good(page, now, generation)
                                     for output_id, page in preview.pages.items() if page.html is not None}
            order = old.order if preview.failed else tuple(preview.pages)
            self._view = View(generation, preview, {k: v for k, v in good.items() if k in order},
                              order, now)
            return self._view

    def _download(self, output_id: str, future: Future) -> None:
        draft = self.view().has_errors
        try:
            outcome = render_all(self.folders, Options(only=(output_id,), draft=draft, limits=self.limits))
            future.set_result((f"{output_id}{'-BOZZA' if draft else ''}.docx",
                               outcome.files[f"{output_id}.docx"]))
        except FsegenError as error:
            future.set_exception(error)
        except Exception as error:  # noqa: BLE001 - a bug of ours: say so, keep serving
            self.report(traceback.format_exc(), err=True)
            future.set_exception(FsegenError(_("fsegen failed unexpectedly: {kind}: {error}",
                                               kind=type(error).__name__, error=str(error))))


def summary(preview: Preview) -> Message:
    """One line on a build, for the terminal."""
    errors = sum(1 for f in preview.findings if f.severity == ERROR)
    warnings = len(preview.findings) - errors
    errors_text = ngettext("{count} error", "{count} errors", errors)
    if preview.failed:
        return _("the content does not build ({errors}); the pages show the findings, the last good "
                 "renderings stay reachable", errors=errors_text)
    failed = [output_id for output_id, page in preview.pages.items() if page.html is None]
    built = ngettext("{count} deliverable", "{count} deliverables", len(preview.pages) - len(failed))
    warnings_text = ngettext("{count} warning", "{count} warnings", warnings)
    seconds = f"{preview.seconds:.2f}"
    line = _("{deliverables} in {seconds} s, {errors}, {warnings}", deliverables=built,
             seconds=seconds, errors=errors_text, warnings=warnings_text)
    if preview.acknowledged:
        line = _("{text}, {count} acknowledged", text=line, count=preview.acknowledged)
    return _("{line}; not rendered: {outputs}", line=line, outputs=", ".join(failed)) if failed else line


def bind(host: str, port: int) -> tuple[socket.socket, str, bool]:
    """A listening socket, the address to open, and whether it is loopback only."""
    try:
        family, kind, _proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                                   flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as error:
        raise UsageError(_("--host {host}: {problem}", host=host, problem=error.strerror)) from error
    sock = socket.socket(family, kind)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise UsageError(_("cannot listen on {host} port {port}: {problem}; choose another --port (0 "
                           "takes a free one)", host=host, port=port, problem=error.strerror)) from error
    ip, actual = ipaddress.ip_address(sock.getsockname()[0]), sock.getsockname()[1]
    shown = str(ip) if not ip.is_unspecified else ("127.0.0.1" if ip.version == 4 else "::1")
    shown = f"[{shown}]" if ip.version == 6 else shown
    return sock, f"http://{shown}:{actual}/", ip.is_loopback


def run(settings: Settings, report: Report, ready: Callable[[str], None]) -> None:
    """Serve the preview until interrupted (Ctrl-C, SIGTERM)."""
    folders = settings.folders
    if not folders.content.is_dir():
        raise UsageError(_("no content folder {folder}: run fsegen serve in a programme folder, or name "
                           "it with --content", folder=str(folders.content)))
    roots = [folders.content.resolve(), folders.templates.resolve()]
    editor = Editor(editor_template(settings.editor), Path.cwd(), roots)
    sock, url, loopback = bind(settings.host, settings.port)
    if not loopback:
        report(_("warning: listening on {host}: anyone who can reach this machine can read the "
                 "programme's content and deliverables (there is no login); the default, 127.0.0.1, "
                 "keeps them to this computer", host=settings.host), err=True)
    stop, hub = threading.Event(), Hub()
    service = Service(settings, editor, hub, report)
    watcher = threading.Thread(target=_watch, args=(service, folders, stop, report),
                               name="fsegen-watch", daemon=True)
    server = None
    try:
        server, thread = _start_server(create_app(service, hub, loopback), sock)
        if not hub.ready.wait(30):
            raise ToolError(_("the web server did not start (see the messages above)"))
        ready(url)  # the pages say the first build is under way, and show it when it is done
        watcher.start()
        service.build(_("first build"))
        service.work()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        hub.publish(None)
        if server is not None:
            server.should_exit = True
            thread.join(10)
        sock.close()


def _start_server(app, sock: socket.socket):
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                            timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="fsegen-http",
                              daemon=True)
    thread.start()
    return server, thread


def _watch(service: Service, folders: Folders, stop: threading.Event, report: Report) -> None:
    """Rebuild on every change under the content and templates folders."""
    base = Path.cwd()
    try:
        for batch in changes(folders, stop):
            service.changed([shown(path, base) for path in batch])
    except Exception as error:  # noqa: BLE001 - the preview stays up, but no longer live
        report(_("warning: watching for changes stopped: {error}; restart fsegen serve",
                 error=str(error)), err=True)
