"""The interface in the reader's language: the Italian catalogue is complete, compiled and
true to the code, the language is chosen as gettext chooses it, and messages keep their
translation across processes and caches."""

from __future__ import annotations

import ast
import io
import pickle
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from generator.content.labels import ELEMENT_LABELS, LABELS
from generator.content.words import Words, spoken
from generator.messages import LOCALE_DIR, Message, _, from_locale, language, ngettext
from generator.model import Content
from tests.conftest import REPO, write_small_programme

PACKAGE = REPO / "generator"
PO = LOCALE_DIR / "it" / "LC_MESSAGES" / "fsegen.po"
NAMES = ("_", "ngettext", "N_")


def catalogue():
    with open(PO, "rb") as handle:
        return read_po(handle)


def calls() -> list[tuple[Path, ast.Call]]:
    """Every call of `_`, `ngettext` and `N_` in the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in NAMES:
                found.append((path, node))
    return found


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_message_of_the_code_is_in_the_catalogue_and_translated():
    ids = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue() if m.id}
    missing, untranslated = [], []
    for path, node in calls():
        first = node.args[0] if node.args else None
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue  # `_(label)`: a label marked where it is written (N_)
        message = ids.get(first.value)
        if message is None:
            missing.append(f"{path.relative_to(REPO)}:{node.lineno}: {first.value!r}")
        elif not (all(message.string) if isinstance(message.id, tuple) else message.string) \
                or message.fuzzy:
            untranslated.append(first.value)
    assert not missing, "run pybabel extract and update (docs/explanation/messages.md):\n" + "\n".join(missing)
    assert not untranslated


def test_every_message_is_given_the_values_it_names():
    """A msgid is a format string (`{{` for a brace of the text) whose fields are its values."""
    wrong = []
    for path, node in calls():
        first = node.args[0] if node.args else None
        if node.func.id == "N_" or not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        given = {k.arg for k in node.keywords} | ({"count"} if node.func.id == "ngettext" else set())
        texts = [first.value] + ([node.args[1].value] if node.func.id == "ngettext" else [])
        try:
            named = set().union(*(fields(text) for text in texts))
        except ValueError as error:
            wrong.append(f"{path.relative_to(REPO)}:{node.lineno}: {error}")
            continue
        if None in given:  # **values: checked when the message is made
            continue
        if named != given and not (node.func.id == "ngettext" and named | {"count"} == given):
            wrong.append(f"{path.relative_to(REPO)}:{node.lineno}: {sorted(named)} != {sorted(given)}")
    assert not wrong, "\n".join(wrong)


def test_no_module_that_marks_messages_gives_the_name_of_the_marker_to_something_else():
    """`_` is the marker: a loop variable, an unpacked value or an assignment named `_` in a
    module that imports it would turn every `_()` after it into a call of that value."""
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        marks = any(isinstance(node, ast.ImportFrom) and node.module == "generator.messages"
                    and any(alias.name == "_" for alias in node.names) for node in ast.walk(tree))
        if not marks:
            continue
        in_comprehensions = {id(name) for node in ast.walk(tree)
                             if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp))
                             for generator in node.generators for name in ast.walk(generator.target)}
        wrong += [f"{path.relative_to(REPO)}:{node.lineno}" for node in ast.walk(tree)
                  if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store)
                  and id(node) not in in_comprehensions]
    assert not wrong


def test_babel_extracts_every_message_as_written():
    """Babel's extractor loses a message nested in another's values, and skips an f-string:
    messages take their values ready-made."""
    nested, formatted = [], []
    for path, node in calls():
        values = node.args[1:] + [k.value for k in node.keywords]
        where = f"{path.relative_to(REPO)}:{node.lineno}"
        if any(isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in NAMES
               for value in values for inner in ast.walk(value)):
            nested.append(where)
        if any(isinstance(value, ast.JoinedStr) for value in node.args + [k.value for k in node.keywords]):
            formatted.append(where)
    assert not nested and not formatted, (nested, formatted)


def test_the_catalogue_holds_what_the_code_says_and_nothing_else():
    extracted = {m[2] if isinstance(m[2], str) else m[2][0]
                 for m in extract_from_dir(str(PACKAGE), method_map=[("**.py", "python")],
                                           keywords={**DEFAULT_KEYWORDS, "N_": None})}
    held = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue() if m.id}
    assert held == extracted, (sorted(held - extracted)[:10], sorted(extracted - held)[:10])


def test_every_translation_keeps_the_fields_of_its_message():
    wrong = []
    for message in catalogue():
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        expected = set().union(*(fields(i) for i in ids))
        for text in strings:
            if fields(text) - expected or (isinstance(message.id, str) and fields(text) != expected):
                wrong.append((message.id, text))
    assert not wrong


def test_the_compiled_catalogue_is_the_catalogue():
    """The .mo installed with the package is the .po compiled (pybabel compile after each change)."""
    compiled = io.BytesIO()
    write_mo(compiled, catalogue())
    assert (PO.with_suffix(".mo")).read_bytes() == compiled.getvalue(), \
        "run: pybabel compile -d generator/locale -D fsegen"


@pytest.mark.parametrize("environ, expected", [
    ({"LANG": "it_IT.UTF-8"}, "it"), ({"LC_ALL": "it_CH.UTF-8", "LANG": "en_US.UTF-8"}, "it"),
    ({"LANGUAGE": "it:en", "LANG": "en_GB.UTF-8"}, "it"), ({"LANGUAGE": "fr:it"}, "it"),
    ({"LANG": "C.UTF-8"}, "en"), ({"LANG": "POSIX"}, "en"), ({}, "en"), ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANGUAGE": "", "LC_MESSAGES": "it_IT", "LANG": "C"}, "it"), ({"LANG": "de_DE.UTF-8"}, "en"),
])
def test_the_language_comes_from_the_locale_as_gettext_reads_it(environ, expected):
    assert from_locale(environ) == expected


def test_a_message_is_english_text_until_it_is_shown_in_another_language():
    message = _("{collection} has no item {item!r}", collection="organisations", item="cmm")
    assert message == "organisations has no item 'cmm'" and isinstance(message, str)
    count = ngettext("{count} error", "{count} errors", 2)
    assert count == "2 errors" and language("it").text(count) == "2 errori"
    assert language("it_IT.UTF-8").text(_("{errors}, {warnings}", errors=count, warnings=ngettext(
        "{count} warning", "{count} warnings", 1))) == "2 errori, 1 avviso"
    assert language("en").text(count) == "2 errors" and language("xx").code == "en"


def test_a_message_keeps_its_translation_across_processes_and_caches():
    message = _("{errors}, {warnings}", errors=ngettext("{count} error", "{count} errors", 1),
                warnings=ngettext("{count} warning", "{count} warnings", 3))
    for again in (pickle.loads(pickle.dumps(message)), Message.load(message.dump())):
        assert again == message and isinstance(again, Message)
        assert language("it").text(again) == "1 errore, 3 avvisi"


def test_every_field_of_the_model_has_a_label():
    seen, names = set(), set()

    def walk(model) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            for inner in _classes(info.annotation):
                walk(inner)

    walk(Content)
    assert names - set(LABELS) == set()
    assert set(ELEMENT_LABELS) <= names


def _classes(annotation):
    import typing

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _classes(argument)


def test_field_paths_are_said_in_words_with_the_names_of_the_items(tmp_path):
    from generator.content.loading import load_content

    content = load_content(REPO / "content").content
    italian = Words(language("it"), content)
    assert italian("organisations.cmm.fiscal_code") == "codice fiscale di Città Metropolitana di Milano"
    assert italian("programme.timeline") == "cronoprogramma del Programma"
    assert italian("call.deadline") == "scadenza del bando"
    assert italian("documents.formulario-candidatura.sections[2].body[0]") == \
        "paragrafo 1 (sezione 3) del documento formulario-candidatura"
    assert italian.many([("districts", "rho", "health_authority"), ("districts", "garbagnate", "health_authority")]) \
        == ["azienda sanitaria degli ambiti Rho e Garbagnate Milanese"]
    english = Words(language("en"), content)
    assert english("organisations.cmm.fiscal_code") == "organisations.cmm.fiscal_code"
    assert english.many([("districts", "rho", "health_authority"), ("districts", "garbagnate", "health_authority")]) \
        == ["districts.{rho,garbagnate}.health_authority"]
    assert spoken("projects.ciao.budget.lines[1].amount") == \
        "amount (budget, line 2) of project ciao"


def test_check_speaks_italian_where_the_locale_is_italian(tmp_path):
    """A real process, with the locale of an Italian office."""
    root = write_small_programme(tmp_path)
    (root / "content/organisations.yaml").write_text(
        (root / "content/organisations.yaml").read_text(encoding="utf-8").replace(
            "    kind: unione di comuni\n", "    kind: unione di comuni\n    fiscal_cod: '01234567890'\n", 1),
        encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "LANG": "it_IT.UTF-8", "HOME": str(tmp_path),
           "FSEGEN_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=root, capture_output=True,
                            text=True, env=env)
    assert result.returncode == 1, result.stderr
    assert "errore: chiave sconosciuta 'fiscal_cod' [fiscal cod di unione]" in result.stderr, result.stderr
    assert "suggerimento: forse 'fiscal_code'?" in result.stderr
    assert re.search(r"1 errore, \d+ avvis[oi]; non è stato scritto nulla\.", result.stderr), result.stderr
    english = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=root, capture_output=True,
                             text=True, env=env | {"LANG": "C.UTF-8"})
    assert "error: unknown key 'fiscal_cod' [organisations.unione.fiscal_cod]" in english.stderr


def test_a_message_with_a_path_among_its_values_is_kept_as_json():
    """A finding about a file names it by its Path: the cache's JSON keeps it as its text."""
    import json
    from pathlib import PurePosixPath

    message = _("{file} is missing", file=PurePosixPath("sent/lettera/lettera.pdf"))
    again = Message.load(json.loads(json.dumps(message.dump())))
    assert again == "sent/lettera/lettera.pdf is missing"
    assert language("it").text(again) == "sent/lettera/lettera.pdf manca"


def test_doctor_speaks_italian(tmp_path):
    """Its state column and details in Italian: a font is installato, or MANCA with its apt line."""
    from tests.conftest import italian, run_fsegen

    result = run_fsegen(tmp_path, "doctor", env=italian())
    assert re.search(r"^(ok +font Carlito +installato|MANCA +font Carlito +manca: apt-get)", result.stdout,
                     re.M), result.stdout
    assert "installed" not in result.stdout and "missing" not in result.stdout
