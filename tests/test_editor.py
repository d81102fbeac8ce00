"""Editor support, checked in the real client: yaml-language-server over stdio.

The schemas and the `.vscode/settings.json` mapping of `generator/content/schemas.py` are
given to the server that Red Hat's YAML extension runs, exactly as VS Code gives
them (pulled with `workspace/configuration`); every example file must come out clean,
a mistake must be reported once on its line, and a hover must show the description.
`.ci/run` installs the server into `.ci/node/`; FSEGEN_YAML_LS names another one. The
servers start once per module, on one xdist worker; the tests that talk to one are slow.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from generator.content.schemas import (
    CONTENT_SCHEMA,
    DECIMAL_PATTERN,
    DOCUMENT_SCHEMA,
    SCHEMA_DIR,
    content_file_schema,
    document_file_schema,
    vscode_settings,
    write_schemas,
)
from generator.model import Content, Document, field_docs
from tests.conftest import REPO, invoke, need_tool

SERVER_NAME = (os.environ.get("FSEGEN_YAML_LS")
               or str(REPO / ".ci" / "node" / "node_modules" / ".bin" / "yaml-language-server"))
SERVER = shutil.which(SERVER_NAME)
TIMEOUT = 30.0
"""Seconds any one answer of the server may take before the test fails."""

pytestmark = pytest.mark.xdist_group("editor")

EXAMPLE_FILES = sorted(
    str(path.relative_to(REPO))
    for pattern in ("content/*.yaml", "content/documents/*.yaml", "content/monitoring/*.yaml")
    for path in REPO.glob(pattern)
)
"""Every file of the example, those `fsegen import monitoring` writes into content/monitoring/ too."""


# -- The schemas themselves (no server needed) --------------------------------------


def test_content_file_schema_requires_nothing_and_refuses_documents():
    schema = content_file_schema()
    assert "required" not in schema
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == set(Content.model_fields) - {"documents"}
    assert "Document" not in schema["$defs"]
    assert schema["properties"]["programme"]["description"] == "The programme submitted."
    # an open vocabulary: any words, with the kinds the rules know offered for completion
    kind = schema["$defs"]["Organisation"]["properties"]["kind"]
    assert kind["type"] == "string" and "enum" not in kind
    assert "azienda speciale consortile" in kind["examples"]


def test_document_file_schema_is_a_document():
    schema = document_file_schema()
    assert set(schema["required"]) == {
        name for name, info in Document.model_fields.items() if info.is_required()}
    date = schema["properties"]["date"]  # a date, or DA COMPILARE while it is not known
    assert date["anyOf"] == [{"format": "date", "type": "string"},
                             {"pattern": "^DA COMPILARE", "type": "string"}]
    assert date["description"].startswith("Date of the document; DA COMPILARE while it is not known")
    assert schema["properties"]["kind"]["enum"] == [
        "formulario", "integrazione", "scheda", "relazione", "domanda", "lettera", "altro"]


def test_decimals_accept_numbers_and_numeric_strings_only():
    amount = content_file_schema()["$defs"]["BudgetLine"]["properties"]["amount"]["anyOf"]
    assert {"type": "number", "minimum": 0.0} in amount
    string = next(branch for branch in amount if branch["type"] == "string")
    assert all(re.match(string["pattern"], ok) for ok in ("120000", "1234.50", " 1e3 "))
    assert not any(re.match(DECIMAL_PATTERN, bad) for bad in ("molti", "1.234,50", ""))


def test_written_schemas_are_stable_sorted_json(tmp_path):
    first = write_schemas(tmp_path / "a")
    second = write_schemas(tmp_path / "b")
    assert [p.name for p in first] == [CONTENT_SCHEMA, DOCUMENT_SCHEMA]
    for one, two in zip(first, second, strict=True):
        text = one.read_text(encoding="utf-8")
        assert text == two.read_text(encoding="utf-8")
        assert text.endswith("}\n")
        data = json.loads(text)
        assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        assert data["$id"].endswith(one.name) and data["title"].startswith("fsegen")


def test_settings_globs_never_start_with_dot_or_variable():
    schemas = vscode_settings()["yaml.schemas"]
    assert set(schemas) == {f"{SCHEMA_DIR}/{CONTENT_SCHEMA}", f"{SCHEMA_DIR}/{DOCUMENT_SCHEMA}"}
    globs = [glob for value in schemas.values() for glob in value]
    assert not [g for g in globs if g.startswith(("./", "/", "$"))]
    assert vscode_settings("schemas/")["yaml.schemas"]["schemas/content.schema.json"]
    assert vscode_settings()["yaml.yamlVersion"] == "1.1"  # as PyYAML reads it


# -- A minimal LSP client ---------------------------------------------------------


class LanguageServer:
    """JSON-RPC with Content-Length framing over a server's stdin and stdout."""

    def __init__(self, command: list[str], root: Path, settings: dict[str, Any], log: Path):
        self.root = root
        self.settings = settings
        self.log = log.open("wb")
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.log, cwd=root)
        self.lock = threading.Lock()
        self.next_id = 0
        self.answers: dict[int, queue.Queue] = {}
        self.published: dict[str, list[list[dict]]] = {}
        self.changed = threading.Condition()
        self.versions: dict[str, int] = {}
        threading.Thread(target=self._read, daemon=True).start()

    # framing
    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        with self.lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line or length is None:
                return  # the server exited
            self._dispatch(json.loads(stream.read(length)))

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" in message:  # a request of the server
            self._send({"id": message["id"], "result": self._answer(message)})
        elif "id" in message:
            self.answers.setdefault(message["id"], queue.Queue()).put(message)
        elif message.get("method") == "textDocument/publishDiagnostics":
            with self.changed:
                uri = message["params"]["uri"]
                self.published.setdefault(uri, []).append(message["params"]["diagnostics"])
                self.changed.notify_all()

    def _answer(self, request: dict[str, Any]) -> Any:
        if request["method"] == "workspace/configuration":
            return [section(self.settings, item.get("section", ""))
                    for item in request["params"]["items"]]
        if request["method"] == "workspace/workspaceFolders":
            return [self.folder]
        return None

    # requests and notifications
    def request(self, method: str, params: Any, timeout: float = TIMEOUT) -> Any:
        self.next_id += 1
        number = self.next_id
        waiting = self.answers.setdefault(number, queue.Queue())
        self._send({"id": number, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:  # a server that exits fails the test at once, one that hangs in time
            try:
                answer = waiting.get(timeout=0.1)
                break
            except queue.Empty:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"{method}: no answer in {timeout} s{self.stderr()}") from None
        assert "error" not in answer, answer["error"]
        return answer.get("result")

    def stderr(self) -> str:
        """The end of what the server wrote on its standard error, for failures."""
        self.log.flush()
        text = Path(self.log.name).read_text(encoding="utf-8", errors="replace")[-2000:]
        exited = self.process.poll()
        return (f" (server exited with {exited})" if exited is not None else "") + (
            f"; server's stderr:\n{text}" if text else "")

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    @property
    def folder(self) -> dict[str, str]:
        return {"uri": self.root.as_uri(), "name": self.root.name}

    def start(self) -> None:
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": self.root.as_uri(),
            "workspaceFolders": [self.folder],
            "capabilities": {
                "workspace": {"configuration": True, "workspaceFolders": True},
                "textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]},
                                 "publishDiagnostics": {}},
            },
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": None})
        # codeLens waits for the configuration pulled above: when it answers, the
        # schemas are mapped, and no file opened after it is checked without them.
        self.request("textDocument/codeLens", {"textDocument": {"uri": self.root.as_uri()}})

    def stop(self) -> None:
        try:
            if self.process.poll() is None:
                self.request("shutdown", None, timeout=5)
                self.notify("exit", None)
                self.process.wait(timeout=5)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(timeout=5)
            self.log.close()

    # documents
    def diagnostics_after(self, uris: list[str], send) -> list[list[dict]]:
        """Send changes of `uris`, then wait for the diagnostics of each."""
        with self.changed:
            seen = {uri: len(self.published.get(uri, [])) for uri in uris}
        send()
        with self.changed:
            for uri in uris:
                if not self.changed.wait_for(
                        lambda uri=uri: len(self.published.get(uri, [])) > seen[uri],
                        timeout=TIMEOUT):
                    raise AssertionError(
                        f"no diagnostics for {uri} in {TIMEOUT} s{self.stderr()}")
            return [self.published[uri][-1] for uri in uris]

    def open_all(self, paths: list[Path]) -> list[list[dict]]:
        """Open every file of `paths` at once (as text on disk); their diagnostics."""
        items = [{"uri": path.as_uri(), "languageId": "yaml", "version": 1,
                  "text": path.read_text(encoding="utf-8")} for path in paths]
        self.versions.update((item["uri"], 1) for item in items)

        def send():
            for item in items:
                self.notify("textDocument/didOpen", {"textDocument": item})

        return self.diagnostics_after([item["uri"] for item in items], send)

    def open(self, path: Path) -> list[dict]:
        """Open `path` (its text on disk); return its diagnostics."""
        return self.open_all([path])[0]

    def change(self, path: Path, text: str) -> list[dict]:
        """Replace the whole text of `path` (opened first if no test opened it yet: with
        `-n 2` the tests of a module may run in either process), as typing does; return
        diagnostics."""
        uri = path.as_uri()
        if uri not in self.versions:
            self.open(path)
        self.versions[uri] += 1
        params = {"textDocument": {"uri": uri, "version": self.versions[uri]},
                  "contentChanges": [{"text": text}]}
        return self.diagnostics_after(
            [uri], lambda: self.notify("textDocument/didChange", params))[0]

    def hover(self, path: Path, line: int, character: int) -> str:
        """The hover text at a 0-based position ('' when the server has none)."""
        result = self.request("textDocument/hover", {
            "textDocument": {"uri": path.as_uri()},
            "position": {"line": line, "character": character}})
        if not result:
            return ""
        contents = result["contents"]
        return contents["value"] if isinstance(contents, dict) else str(contents)


def section(settings: dict[str, Any], name: str) -> Any:
    """A section of flat VS Code settings ("yaml.schemas": ...) as the client nests it."""
    if name in settings:
        return settings[name]
    nested: dict[str, Any] = {}
    for key, value in settings.items():
        if key.startswith(name + "."):
            *parents, last = key[len(name) + 1:].split(".")
            target = nested
            for parent in parents:
                target = target.setdefault(parent, {})
            target[last] = value
    return nested or None


# -- The example programme in the real server ---------------------------------------


def initialised(root: Path, *options: str) -> Path:
    """A programme folder made by `fsegen init` itself (content, templates, schemas, settings)."""
    result = invoke("init", str(root), "--no-git", *options)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """The example programme, as `fsegen init --example` lays it out."""
    return initialised(tmp_path_factory.mktemp("programme"), "--example")


@contextlib.contextmanager
def language_server(workspace: Path, log_folder: Path):
    """The server, configured by the workspace's own .vscode/settings.json, as VS Code does."""
    if SERVER is None:
        need_tool(f"yaml-language-server not found at {SERVER_NAME} (.ci/run installs it: "
                    "npm install --prefix .ci/node yaml-language-server@2.0.0; or set "
                    "FSEGEN_YAML_LS to the server's path)")
    settings = json.loads((workspace / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    settings["yaml.schemaStore.enable"] = False  # the catalogue is on the internet
    client = LanguageServer([SERVER, "--stdio"], workspace, settings,
                            log_folder / "yaml-language-server.log")
    try:
        client.start()
        yield client
    finally:
        client.stop()


@pytest.fixture(scope="module")
def server(workspace: Path, tmp_path_factory):
    with language_server(workspace, tmp_path_factory.mktemp("server")) as client:
        yield client


@pytest.fixture(scope="module")
def opened(server: LanguageServer, workspace: Path) -> dict[str, list[dict]]:
    """Every example file opened once: relative path -> its diagnostics."""
    found = server.open_all([workspace / name for name in EXAMPLE_FILES])
    return dict(zip(EXAMPLE_FILES, found, strict=True))


def shown(diagnostics: list[dict]) -> list[str]:
    return [f"{d['range']['start']['line'] + 1}: {d['message']}" for d in diagnostics]


def line_of(text: str, needle: str) -> int:
    """0-based line of the first line that contains `needle`."""
    return next(i for i, line in enumerate(text.splitlines()) if needle in line)


@pytest.mark.slow
@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_every_example_file_is_clean_under_its_own_schema(name, opened, server, workspace):
    assert shown(opened[name]) == []
    # and the schema is really applied: the first key's hover is its description
    text = (workspace / name).read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines()) if re.match(r"[a-z_]+:", row))
    key = text.splitlines()[line].split(":")[0]
    model = Document if name.startswith("content/documents/") else Content
    described = " ".join(field_docs(model)[key].split()[:8])  # (the hover renders the rest as Markdown)
    assert described in " ".join(server.hover(workspace / name, line, 1).split())


@pytest.mark.slow
def test_unknown_key_in_a_project_is_one_diagnostic_on_its_line(opened, server, workspace):
    path = workspace / "content" / "projects.yaml"
    text = path.read_text(encoding="utf-8")
    wrong = text.replace("    lead: assemi\n", "    lead: assemi\n    manager: assemi\n", 1)
    try:
        found = server.change(path, wrong)
        assert len(found) == 1, shown(found)
        assert found[0]["range"]["start"]["line"] == line_of(wrong, "manager: assemi")
        assert "manager" in found[0]["message"]
    finally:
        assert server.change(path, text) == []


@pytest.mark.slow
def test_wrong_type_in_a_content_file_is_one_diagnostic_on_its_line(opened, server, workspace):
    path = workspace / "content" / "synergies.yaml"
    text = path.read_text(encoding="utf-8")
    wrong = re.sub(r"count: \d+", "count: many", text, count=1)
    try:
        found = server.change(path, wrong)
        assert len(found) == 1, shown(found)
        assert found[0]["range"]["start"]["line"] == line_of(wrong, "count: many")
    finally:
        assert server.change(path, text) == []


@pytest.mark.slow
def test_wrong_amount_is_one_diagnostic_on_its_line(opened, server, workspace):
    path = workspace / "content" / "projects.yaml"
    text = path.read_text(encoding="utf-8")
    wrong = text.replace("amount: 120000", "amount: molti", 1)
    try:
        found = server.change(path, wrong)
        assert len(found) == 1, shown(found)
        assert found[0]["range"]["start"]["line"] == line_of(wrong, "amount: molti")
    finally:
        assert server.change(path, text) == []


@pytest.mark.slow
def test_wrong_date_in_a_document_is_one_diagnostic_on_its_line(opened, server, workspace):
    path = workspace / "content" / "documents" / "scheda-progetto.yaml"
    text = path.read_text(encoding="utf-8")
    wrong = re.sub(r"^date: .*$", "date: yesterday", text, count=1, flags=re.MULTILINE)
    try:
        found = server.change(path, wrong)
        assert len(found) == 1, shown(found)
        assert found[0]["range"]["start"]["line"] == line_of(wrong, "date: yesterday")
    finally:
        assert server.change(path, text) == []


@pytest.mark.slow
def test_a_document_key_in_a_content_file_is_refused(server, workspace):
    path = workspace / "content" / "notes.yaml"
    text = "glossary:\n  UE: Unione europea\ntitle: Note\n"
    path.write_text(text, encoding="utf-8")
    found = server.open(path)
    assert [d["range"]["start"]["line"] for d in found] == [2], shown(found)


@pytest.mark.slow
def test_hover_shows_the_field_description(opened, server, workspace):
    path = workspace / "content" / "projects.yaml"
    line = line_of(path.read_text(encoding="utf-8"), "    lead: assemi")
    assert "The current lead body (ente capofila)." in server.hover(path, line, 5)
    document = workspace / "content" / "documents" / "scheda-progetto.yaml"
    line = line_of(document.read_text(encoding="utf-8"), "place:")
    assert "Place of signature" in server.hover(document, line, 1)


@pytest.mark.slow
def test_yaml_outside_content_gets_no_schema(server, workspace):
    path = workspace / "templates" / "notes.yaml"
    path.write_text("anything: 1\n", encoding="utf-8")
    assert server.open(path) == []
    assert server.hover(path, 0, 1) == ""


@pytest.mark.slow
def test_yaml_is_read_as_fsegen_reads_it(server, workspace):
    """YAML 1.1, as PyYAML: `no` is a boolean (not a title), `yes` a boolean."""
    path = workspace / "content" / "documents" / "bozza.yaml"
    text = ("title: no\ntemplate: bozza.docx\nplace: Milano\ndate: 2020-03-09\n"
            "sections:\n  - title: Premessa\n    body:\n      - list: projects\n"
            "        numbered: yes\n")
    path.write_text(text, encoding="utf-8")
    found = server.open(path)
    assert [d["range"]["start"]["line"] for d in found] == [0], shown(found)


@pytest.mark.slow
def test_completion_offers_the_kinds(server, workspace):
    path = workspace / "content" / "enti.yaml"
    text = "organisations:\n  comune-x:\n    name: Comune X\n    kind: \n"
    path.write_text(text, encoding="utf-8")
    server.open(path)
    result = server.request("textDocument/completion", {
        "textDocument": {"uri": path.as_uri()}, "position": {"line": 3, "character": 10}})
    labels = [item["label"] for item in (result["items"] if isinstance(result, dict) else result)]
    assert "azienda speciale consortile" in labels and "ATS" in labels


# -- A new programme, as `fsegen init` writes it ---------------------------------------

SKELETON_FILES = sorted(
    str(path.relative_to(REPO / "generator" / "kit" / "skeleton"))
    for pattern in ("content/*.yaml", "content/documents/*.yaml")
    for path in (REPO / "generator" / "kit" / "skeleton").glob(pattern)
)


@pytest.fixture(scope="module")
def skeleton(tmp_path_factory) -> Path:
    return initialised(tmp_path_factory.mktemp("nuovo"))


@pytest.fixture(scope="module")
def skeleton_server(skeleton: Path, tmp_path_factory):
    with language_server(skeleton, tmp_path_factory.mktemp("server")) as client:
        yield client


def test_init_wires_the_schemas_into_the_editor_settings(skeleton):
    settings = json.loads((skeleton / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings == vscode_settings()
    assert json.loads((skeleton / SCHEMA_DIR / CONTENT_SCHEMA).read_text(encoding="utf-8")) == (
        content_file_schema())
    assert json.loads((skeleton / SCHEMA_DIR / DOCUMENT_SCHEMA).read_text(encoding="utf-8")) == (
        document_file_schema())


@pytest.mark.slow
def test_every_skeleton_file_is_clean_and_described(skeleton, skeleton_server):
    assert "content/documents/lettera-trasmissione.yaml" in SKELETON_FILES
    found = skeleton_server.open_all([skeleton / name for name in SKELETON_FILES])
    assert {name: shown(d) for name, d in zip(SKELETON_FILES, found, strict=True) if d} == {}
    letter = skeleton / "content" / "documents" / "lettera-trasmissione.yaml"
    line = line_of(letter.read_text(encoding="utf-8"), "addressees:")
    assert "Who a letter is addressed to" in skeleton_server.hover(letter, line, 2)


@pytest.mark.slow
def test_a_mistake_in_a_skeleton_letter_is_underlined_on_its_line(skeleton, skeleton_server):
    path = skeleton / "content" / "documents" / "lettera-trasmissione.yaml"
    text = path.read_text(encoding="utf-8")
    wrong = text.replace("    office:", "    ufficio:", 1)
    try:
        found = skeleton_server.change(path, wrong)
        assert len(found) == 1, shown(found)
        assert found[0]["range"]["start"]["line"] == line_of(wrong, "    ufficio:")
    finally:
        assert skeleton_server.change(path, text) == []


@pytest.mark.slow
def test_completion_offers_the_lettera_kind(skeleton, skeleton_server):
    path = skeleton / "content" / "documents" / "nuova.yaml"
    path.write_text("kind: \n", encoding="utf-8")
    skeleton_server.open(path)
    result = skeleton_server.request("textDocument/completion", {
        "textDocument": {"uri": path.as_uri()}, "position": {"line": 0, "character": 6}})
    labels = [item["label"] for item in (result["items"] if isinstance(result, dict) else result)]
    assert "lettera" in labels and "formulario" in labels
