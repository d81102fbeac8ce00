"""The Starlette application of `fsegen serve`: pages, downloads and build events.

Routes: `/` (index), `/d/<id>` (a deliverable), `/d/<id>/last-good`, `/d/<id>/docx`,
`/d/<id>/pdf` (built on demand), `/_/events` (server-sent events: `hello` and `built`
with the build's number, `building` while one runs), `/_/fsegen.css`, `/_/fsegen.js`.
A deliverable is looked up by id among those the content defines; nothing else of the
request reaches a path. Pages forbid scripts but ours and framing (CSP); bound to
loopback, requests must name a loopback host, so a web page cannot read the preview
through DNS rebinding; and what another site's page asks of it (an `<img>` pointing at a
download would start LibreOffice) is refused, as the browser tells it (`Sec-Fetch-Site`,
`Origin`).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from generator.errors import FsegenError
from generator.messages import _
from generator.serve import assets, pages

LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
FIRST_BUILD_WAIT = 600
"""Seconds a download asked for before the first build waits for it."""
KEEP_ALIVE = 15.0
"""Seconds between comments on an idle event stream (so a closed tab is noticed)."""


class Hub:
    """The open event streams; the builder announces builds to them from its own thread."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.queues: set[asyncio.Queue] = set()
        self.ready = threading.Event()

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.ready.set()

    def publish(self, event: str | None, data: str = "") -> None:
        """Send `event` to every stream (any thread); None ends them all."""
        loop = self.loop
        if loop is None:
            return
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody listens
            loop.call_soon_threadsafe(self._put, None if event is None else (event, data))

    def _put(self, item: tuple[str, str] | None) -> None:
        for queue in list(self.queues):
            queue.put_nowait(item)


def create_app(state: Any, hub: Hub, loopback: bool) -> Starlette:
    """The application over `state` (a runner.Service: `view()`, `words()`, `download()`,
    `to_pdf()`, `link`), announcing builds through `hub`; `loopback`: accept loopback host
    names only."""
    handlers = _Handlers(state, hub)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        hub.attach(asyncio.get_running_loop())
        yield

    routes = [Route("/", handlers.index), Route("/d/{output_id}", handlers.deliverable),
              Route("/d/{output_id}/last-good", handlers.last_good),
              Route("/d/{output_id}/{kind:str}", handlers.download),
              Route("/_/events", handlers.events), Route("/_/fsegen.css", handlers.style),
              Route("/_/fsegen.js", handlers.script)]
    hosts = LOOPBACK_HOSTS if loopback else ["*"]
    return Starlette(routes=routes, lifespan=lifespan,
                     middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts),
                                 Middleware(SameOrigin)])


class SameOrigin:
    """Refuses a request another site's page makes (the browser says so: `Sec-Fetch-Site` is
    neither same-origin nor none, or `Origin` is another); a person's own requests, typed or
    from the preview's pages, and tools that send neither header pass."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _foreign(Headers(scope=scope)):
            response = PlainTextResponse("Refused: a request from another site's page", status_code=403,
                                         headers={"Cache-Control": "no-store"})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _foreign(headers: Headers) -> bool:
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return True
    origin = headers.get("origin")
    return origin is not None and origin != f"http://{headers.get('host', '')}"


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status, headers=HEADERS)


class _Handlers:
    """One method per route."""

    def __init__(self, state: Any, hub: Hub):
        self.state, self.hub = state, hub

    def known(self, request: Request) -> tuple[str, Any] | None:
        """The deliverable a request names, if the content defines it, and the view."""
        output_id = request.path_params["output_id"]
        view = self.state.view()
        return (output_id, view) if output_id in view.order else None

    def not_found(self) -> HTMLResponse:
        return _html(pages.message_page(self.state.view(), _("No such deliverable"), _(
            "The content defines no deliverable by this name."), [], self.state.link, self.state.words()),
            404)

    def building(self) -> HTMLResponse | None:
        """Until the first build is published, every page says it is being built."""
        view = self.state.view()
        return _html(pages.building_page(view, self.state.words())) if view.generation == 0 else None

    async def index(self, request: Request) -> Response:
        return self.building() or _html(pages.index_page(self.state.view(), self.state.link,
                                                         self.state.words()))

    async def deliverable(self, request: Request) -> Response:
        found = self.known(request)
        if found is None:
            return self.building() or self.not_found()
        return _html(pages.deliverable_page(found[1], found[0], self.state.link, self.state.words()))

    async def last_good(self, request: Request) -> Response:
        found = self.known(request)
        if found is None or found[0] not in found[1].good:
            return self.building() or self.not_found()
        return _html(pages.last_good_page(found[1], found[0], self.state.link, self.state.words()))

    async def download(self, request: Request) -> Response:
        """The .docx or PDF/A of one deliverable, built now (a draft if the content has errors);
        one asked for before the first build is made once it is published."""
        for _wait in range(FIRST_BUILD_WAIT * 10):
            if self.state.view().generation > 0:
                break
            await asyncio.sleep(0.1)
        found = self.known(request)
        kind = request.path_params["kind"]
        if found is None or kind not in ("docx", "pdf"):
            return self.not_found()
        try:
            name, data = await asyncio.wrap_future(self.state.download(found[0]))
            if kind == "pdf":
                name, data = await run_in_threadpool(self.state.to_pdf, name, data)
        except asyncio.CancelledError:  # the preview stops (Ctrl-C) while this one is made
            text = self.state.words().language.text(
                _("The preview is stopping: download it again once restarted"))
            return PlainTextResponse(text, status_code=503, headers={"Cache-Control": "no-store"})
        except FsegenError as error:
            return _html(pages.message_page(self.state.view(), _("{output}: no {kind} now", output=found[0],
                                                                 kind=kind),
                                            error.message, error.findings, self.state.link,
                                            self.state.words()), 409)
        media = ("application/pdf" if kind == "pdf" else
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        return Response(data, media_type=media, headers={
            **HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})

    async def events(self, request: Request) -> Response:
        return StreamingResponse(_stream(self.hub, self.state), media_type="text/event-stream",
                                 headers={**HEADERS, "X-Accel-Buffering": "no"})

    async def style(self, request: Request) -> Response:
        return Response(assets.STYLE, media_type="text/css", headers=HEADERS)

    async def script(self, request: Request) -> Response:
        return Response(assets.SCRIPT, media_type="text/javascript", headers=HEADERS)


async def _stream(hub: Hub, state: Any):
    """One browser's events: `hello` with the current build, then each build as it comes."""
    queue: asyncio.Queue = asyncio.Queue()
    hub.queues.add(queue)
    try:
        yield f"retry: 1000\nevent: hello\ndata: {state.view().generation}\n\n"
        while True:
            try:
                item = await asyncio.wait_for(queue.get(), KEEP_ALIVE)
            except TimeoutError:
                yield ": still here\n\n"
                continue
            if item is None:
                return
            yield f"event: {item[0]}\ndata: {item[1]}\n\n"
    finally:
        hub.queues.discard(queue)

