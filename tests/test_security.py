"""Untrusted content and templates: nothing in prose, phrases.jinja or a Word template runs
code, reads outside the programme or exhausts the machine.

The corpus mixes server-side template injection payloads from public lists (PayloadsAllTheThings'
Jinja2 page, HackTricks' SSTI page) with denial-of-service ones. Each is tried in the three
places untrusted Jinja lives; each must end in exit 1, the file and line, and "not allowed",
with a canary file proving that no shell command ran.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tests.conftest import edit, refused, write_tree

DOC = "content/documents/allegato.yaml"
TEMPLATE = "templates/integrazione-allegato-1.docx"
PHRASES = "templates/phrases.jinja"

PAYLOADS = [
    # Code execution through Jinja's own globals and Python's object graph.
    "{{ cycler.__init__.__globals__.os.popen('CMD').read() }}",
    "{{ joiner.__init__.__globals__.os.popen('CMD').read() }}",
    "{{ namespace.__init__.__globals__.os.popen('CMD').read() }}",
    "{{ lipsum.__globals__['os'].popen('CMD').read() }}",
    "{{ lipsum.__globals__.__builtins__.__import__('os').popen('CMD').read() }}",
    "{{ self.__init__.__globals__.__builtins__.__import__('os').popen('CMD') }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.popen('CMD') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__.__base__.__subclasses__() }}",
    "{{ [].__class__.__base__.__subclasses__() }}",
    "{{ ().__class__.__bases__[0].__subclasses__() }}",
    "{{ dict.__base__.__subclasses__() }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{% if c.__name__ == 'catch_warnings' %}"
    "{{ c()._module.__builtins__['__import__']('os').popen('CMD') }}{% endif %}{% endfor %}",
    "{{ ''|attr('__class__')|attr('__mro__') }}",
    "{{ ()|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "{{ request|attr('application')|attr('\\x5f\\x5fglobals\\x5f\\x5f') }}",
    "{{ config.__class__.__init__.__globals__['os'].popen('CMD').read() }}",
    "{{ url_for.__globals__.os.popen('CMD').read() }}",
    "{{ get_flashed_messages.__globals__.__builtins__.open('/etc/passwd').read() }}",
    "{{ '{0.__class__.__mro__}'.format(programme) }}",
    "{{ programme.__class__.__init__.__globals__ }}",
    "{{ programme.model_validate }}",
    "{{ projects._items }}",
    "{{ range.__globals__ }}",
    "{{ [].append(1) }}{{ {}.update(a=1) }}",
    "{{ 'x'|map('attr', '__class__')|list }}",
    # Denial of service.
    "{% for x in range(10**9) %}{% endfor %}",
    "{{ 'a' * 10**9 }}",
    "{{ [0] * 10**8 }}",
    "{{ 9 ** 999999 }}",
    "{{ lipsum(n=10**6) }}",
    "{{ 'x'.center(10**9) }}",
    "{{ '%999999999s' % 1 }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ [1]|slice(10**8)|list }}",
    "{{ ('a' * 100000)|replace('', 'bbbbbbbbbbbb') }}",
    "{% set x = 'ab' * 400000 %}{% set x = x ~ x %}{% set x = x ~ x %}",
    "{{ (range(5000)|map('string')|list) * 5000 }}",
    # Stopped only by the time limit (FSEGEN_LIMIT_SECONDS, a second here): slow.
    *(pytest.param(payload, marks=pytest.mark.slow) for payload in [
        "{% for i in range(9999) %}{% for j in range(9999) %}{% endfor %}{% endfor %}",
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
        "{% set s = 'a' * 9999 %}{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}"
        "{% endfor %}{% endfor %}",
    ]),
]


@pytest.fixture
def attack(small_programme, fsegen, monkeypatch):
    """Run `check` with a payload placed somewhere; return (result, canary path)."""
    monkeypatch.setenv("FSEGEN_LIMIT_SECONDS", "1")
    canary = small_programme / "CANARY"

    def run(where: str, payload: str):
        payload = payload.replace("CMD", f"touch {canary}")
        expected = PLACES[where](small_programme, payload)
        # check reads Word templates without rendering them; the build renders them
        return fsegen(small_programme, "build" if where == "word" else "check"), canary, expected

    return run


def _in_prose(folder: Path, payload: str) -> str:
    edit(folder, DOC, "      - |\n        Il programma comprende",
         f"      - |\n        {payload}\n      - |\n        Il programma comprende")
    line = (folder / DOC).read_text(encoding="utf-8").splitlines().index(f"        {payload}") + 1
    return f"{DOC}:{line}"


def _in_word_template(folder: Path, payload: str) -> str:
    replace_in_template(folder / TEMPLATE, "{{ document.subject }}", escape(payload))
    return f"{TEMPLATE}:"


def _in_phrases(folder: Path, payload: str) -> str:
    path = folder / PHRASES
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("{% macro measures("))
    lines.insert(number, payload)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f"{PHRASES}:{number + 1}"


PLACES = {"prose": _in_prose, "word": _in_word_template, "phrases": _in_phrases}


def replace_in_template(path: Path, old: str, new: str) -> None:
    """Edit the text of a Word template's body, as an author would in Word."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new, 1).encode("utf-8")
            target.writestr(info, data)
    path.write_bytes(out.getvalue())


@pytest.mark.parametrize("where", PLACES)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_not_allowed(attack, where, payload):
    result, canary, expected = attack(where, payload)
    refused(result, "not allowed")
    assert any(expected in line and "not allowed" in line for line in result.output.splitlines()), \
        (expected, result.output)
    assert not canary.exists()


def test_a_limit_can_be_raised_by_the_person_running_fsegen(small_programme, fsegen, monkeypatch):
    """Limits come from the environment of whoever runs fsegen, never from the content."""
    edit(small_programme, DOC, "'Misure collegate:'", "'Misure {{ range(20000) | length }}:'")
    assert "range() of 20,000 items" in fsegen(small_programme, "check").output
    monkeypatch.setenv("FSEGEN_LIMIT_ITEMS", "50000")
    assert fsegen(small_programme, "check").exit_code == 0


# --- paths -----------------------------------------------------------------

@pytest.mark.parametrize("name", ["../../x.docx", "/etc/x.docx", "sub/x.docx", "..\\x.docx"])
def test_templates_come_from_the_templates_folder_only(small_programme, fsegen, name):
    edit(small_programme, DOC, "template: integrazione-allegato-1.docx", f"template: '{name}'")
    refused(fsegen(small_programme, "check"), f"{DOC}:2", "not the name of a Word template")


def test_a_template_linked_from_outside_is_refused(small_programme, fsegen, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "fuori.docx"
    outside.write_bytes((small_programme / TEMPLATE).read_bytes())
    (small_programme / "templates/fuori.docx").symlink_to(outside)
    edit(small_programme, DOC, "template: integrazione-allegato-1.docx", "template: fuori.docx")
    refused(fsegen(small_programme, "check"), "leads outside the templates folder")


def test_phrases_cannot_include_files_outside_the_templates(small_programme, fsegen):
    for target in ("'../content/programme.yaml'", "'/etc/passwd'", "'integrazione-allegato-1.docx'"):
        edit(small_programme, DOC, "'Misure collegate:'", f"'{{% include {target} %}}'")
        result = fsegen(small_programme, "check")
        assert result.exit_code == 1 and "passwd" not in result.output.split("include")[0]
        assert "root:" not in result.output
        edit(small_programme, DOC, f"'{{% include {target} %}}'", "'Misure collegate:'")


@pytest.mark.parametrize("out", ["templates", "content", "content/out", ".", "templates/.."])
def test_output_may_not_overwrite_content_or_templates(small_programme, fsegen, out):
    before = {p: p.read_bytes() for p in small_programme.rglob("*") if p.is_file()}
    refused(fsegen(small_programme, "build", "--out", out), "would overwrite", code=2)
    assert {p: p.read_bytes() for p in small_programme.rglob("*") if p.is_file()} == before


# --- names -----------------------------------------------------------------

@pytest.mark.parametrize("name", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_windows_device_names_are_refused(small_programme, fsegen, name):
    (small_programme / DOC).rename(small_programme / f"content/documents/{name}.yaml")
    refused(fsegen(small_programme, "check"), f"content/documents/{name}.yaml", "Windows reserves")


@pytest.mark.parametrize("name", ["Allegato", "allegato.", "allegato ", "all egato"])
def test_document_names_differing_by_case_or_ending_badly_are_refused(small_programme, fsegen, name):
    (small_programme / DOC).rename(small_programme / f"content/documents/{name}.yaml")
    refused(fsegen(small_programme, "check"), "not a valid document id")


# --- bounded readers -------------------------------------------------------

def _bomb(path: Path, megabytes: int) -> Path:
    """A .docx whose document.xml expands to `megabytes` MB from a few hundred KB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as part:
            chunk = b"a" * 1_000_000
            for _ in range(megabytes):
                part.write(chunk)
    return path


@pytest.mark.slow
def test_totext_refuses_a_zip_bomb_in_bounded_memory(tmp_path):
    import resource
    import subprocess
    import sys

    bomb = _bomb(tmp_path / "bomb.docx", 300)
    assert bomb.stat().st_size < 1_000_000
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))"
    result = subprocess.run(
        [sys.executable, "-c", f"{limit}; from generator.cli import main; main()", "totext",
         str(bomb)], capture_output=True, text=True, cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1])))
    assert resource.RLIMIT_AS and result.returncode == 1, result.stderr
    assert "expands to 300.0 MB" in result.stderr and "FSEGEN_LIMIT_PART" in result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr


def test_a_zip_bomb_template_is_a_finding(small_programme, fsegen):
    _bomb(small_programme / TEMPLATE, 100)
    refused(fsegen(small_programme, "check"), TEMPLATE, "expands to 100.0 MB")


def test_the_limits_are_read_from_the_environment_only(small_programme, fsegen):
    """A limits key in the content is an unknown key: the untrusted side cannot raise them."""
    write_tree(small_programme, {"content/limits.yaml": "limits:\n  seconds: 99999\n"})
    refused(fsegen(small_programme, "check"), "unknown key 'limits'")
