"""One verdict: check, build, the preview and status judge the same content the same way.

For a corpus of programmes (the example, each programme of tests/programmes/, the small
programme, and mutations of them: failing and refused Word tags, unknown amounts and facts,
bozza/definitivo/inviato, `accept:` entries added and removed, sandbox refusals, a broken
phrases.jinja...), each command's verdict is the same: its exit code, its errors and
warnings, and the findings themselves (message, file, line, rule, hint). A finding that
stops `build` stops `check`, with the same text; what check acknowledges, the preview does.

The mutations of the small programme are the fast core; those of the example and of the other
programmes (seconds each: four commands over thirteen deliverables) are slow.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.folders import Folders
from generator.serve.preview import Previewer
from tests.conftest import (
    NOTE,
    PER_PROJECT,
    add_paragraph,
    add_prose,
    copy_example,
    copy_programme,
    edit,
    invoke,
    write_small_programme,
    write_tree,
)

FORM = "content/documents/formulario-candidatura.yaml"
ANNEX = "content/documents/integrazione-allegato-1.yaml"
SHEET = "content/documents/scheda-progetto.yaml"
SMALL = "content/documents/allegato.yaml"


@dataclass(frozen=True)
class Verdict:
    """What a command says of a programme: its exit code and its findings, in order."""

    exit: int
    findings: tuple[tuple, ...]

    @property
    def counts(self) -> tuple[int, int]:
        errors = sum(1 for f in self.findings if f[0] == "error")
        return errors, len(self.findings) - errors


def _findings(dicts: list[dict]) -> tuple[tuple, ...]:
    return tuple(sorted((f["severity"], f["rule"], f["file"] or "", f["line"] or 0, f["column"] or 0,
                         f["path"] or "", f["message"], f["hint"] or "") for f in dicts))


def _cli(*args: str) -> tuple[int, str]:
    result = invoke(*args)
    return result.exit_code, result.stdout


def verdicts(folder: Path, monkeypatch) -> dict[str, Verdict]:
    """The verdict of check, build, status and the preview on the programme in `folder`."""
    monkeypatch.chdir(folder)  # findings name files as from the programme folder
    found = {}
    code, out = _cli("check", "--format", "json")
    found["check"] = Verdict(code, _findings(json.loads(out)))
    code, out = _cli("build", "--report", "json")
    found["build"] = Verdict(code, _findings(json.loads(out) if out.strip() else []))
    code, out = _cli("status", "--format", "json")
    if out.lstrip().startswith("{"):
        status = json.loads(out)
        found["status"] = Verdict(code, _findings(status["findings"]))
        assert (status["errors"], status["warnings"]) == found["status"].counts
    else:  # content that does not load: status reports it as check does
        found["status"] = Verdict(code, _findings(json.loads(out)))
    preview = Previewer(Folders()).build()
    errors = any(f.severity == "error" for f in preview.findings)
    found["preview"] = Verdict(1 if errors else 0, _findings([f.as_dict() for f in preview.findings]))
    return found


def assert_one_verdict(folder: Path, monkeypatch) -> Verdict:
    found = verdicts(folder, monkeypatch)
    check = found["check"]
    for command, verdict in found.items():
        assert verdict.exit == check.exit, (command, verdict.exit, check.exit, verdict.findings)
        assert verdict.findings == check.findings, (command, set(verdict.findings) ^ set(check.findings))
    return check


# ----------------------------------------------------------------------------- the corpus


example = copy_example  # how each programme of the corpus is made in a folder
small = write_small_programme


def programme(name: str) -> Callable[[Path], Path]:
    return lambda root: copy_programme(name, root)


def word(template: str, text: str, where: str = "body") -> Callable[[Path], None]:
    """A paragraph with `text` (Jinja tags) added to a Word template's body or first header."""
    return lambda root: add_paragraph(root / "templates" / template, text, where)


def text(name: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda root: edit(root, name, old, new)


def prose(name: str, before: str, added: str) -> Callable[[Path], None]:
    """A prose block added to a document, before the block that starts with `before`."""
    return lambda root: add_prose(root, name, before, added)


def append(name: str, added: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / name
        path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")
    return mutate


def unknown_budget(root: Path) -> None:
    """The first project's co-financing still unknown: only an approximate public contribution."""
    path = root / "content/projects.yaml"
    source = path.read_text(encoding="utf-8")
    start = source.index("    budget:\n")
    end = source.index("\n  in-lav:\n", start)
    path.write_text(source[:start] + "    budget:\n      public_contribution: circa 519329" + source[end:],
                    encoding="utf-8")


def area_unshown(root: Path) -> None:
    """A project on part of its district, whose districts a report prints without the area."""
    edit(root, "content/projects.yaml", "    lead: assemi\n", "    lead: assemi\n    area: i comuni del Visconteo\n")
    add_prose(root, "content/documents/relazione-intermedia.yaml", "La presente relazione illustra",
              "Gli Ambiti di {{ projects.ciao.title }}: {{ projects.ciao.districts | map(attribute='name') | elenco }}.")


PER_BODY = """\
    for_each:
      items: organisations
      where: {kind: cooperativa sociale}
    title: Scheda ente
    template: integrazione-allegato-1.docx
    place: Firenze
    date: 2023-03-02
    intro:
      - "{{ organisation.name }}, {{ item.kind }}."
    """


def partners_and_declarations(root: Path) -> None:
    """RETE with a partner, and a declaration of partnership per partner signed by its body's legal
    representative (the Unione's, Anna Rossi; the cooperative, lead, has none and signs nothing)."""
    edit(root, "content/organisations.yaml", "    lead: coop\n",
         "    lead: coop\n    partners:\n      - organisation: unione\n        role: coordinamento\n")
    edit(root, "content/organisations.yaml", "    kind: unione di comuni\n",
         "    kind: unione di comuni\n    legal_representative: rossi\n")
    write_tree(root, {"content/documents/dichiarazione.yaml": """\
        for_each: projects.partners
        title: Dichiarazione di partenariato
        template: dichiarazione-partenariato.docx
        place: Firenze
        date: 2023-03-02
        signatory: {legal_representative: true}
        """})


def per_project(old: str = "", new: str = "") -> Callable[[Path], None]:
    """A note per project with each project's own text, `old` replaced with `new`."""
    return lambda root: write_tree(root, {NOTE: PER_PROJECT.replace(old, new)})


SMALL_PROSE = "Il programma comprende {{ projects | length | in_lettere }} progetti:"
ANNEX_PROSE = "Su questo punto specifico"

MUTATIONS: dict[str, tuple[Callable[[Path], Path], Callable[[Path], None]]] = {
    # Word templates: tags that fail, are refused, print nothing, are misspelt or unclosed.
    "word-division-by-zero": (example, word("scheda-progetto.docx", "Totale {{ 1 // 0 }}")),
    "word-unknown-field": (small, word("integrazione-allegato-1.docx", "{{ programme.nessuno }}")),
    "word-sandbox-refusal": (small, word("integrazione-allegato-1.docx", "{{ ''.__class__.__mro__ }}")),
    "word-prints-none": (small, word("integrazione-allegato-1.docx", "Referente: {{ programme.referent }}")),
    "word-guarded-none": (small, word("integrazione-allegato-1.docx",
                                      "{% if programme.referent %}{{ programme.referent.name }}{% endif %}")),
    "word-misspelt-tag": (small, word("integrazione-allegato-1.docx", "Titolo { { programme.title }}")),
    "word-unclosed-tag": (small, word("integrazione-allegato-1.docx", "Titolo {{ programme.title } }")),
    "word-unclosed-if": (small, word("integrazione-allegato-1.docx", "{% if programme.title %}aperto")),
    "word-header-fails": (programme("esino"), word("scheda-progetto.docx", "{{ 1 // 0 }}", "header")),
    "word-prints-a-list": (programme("esino"), word("scheda-progetto.docx", "{{ projects }}")),
    "word-chart-in-a-sheet": (programme("maremma"), word("scheda-progetto.docx", "{{ report.charts }}")),
    # Prose: failing, refused, empty and malformed.
    "prose-unknown-field": (small, prose(SMALL, SMALL_PROSE, "Il programma di {{ programme.nessuno }}.")),
    "prose-unknown-field-filtered": (small, prose(SMALL, SMALL_PROSE, "Costo: {{ programme.nessuno | importo }}.")),
    "word-unknown-field-filtered": (small, word("integrazione-allegato-1.docx", "{{ programme.nessuno | data }}")),
    "prose-sandbox-refusal": (small, prose(SMALL, SMALL_PROSE, "{{ cycler.__init__.__globals__ }}")),
    "prose-range-too-long": (small, prose(SMALL, SMALL_PROSE, "{% for i in range(10**9) %}x{% endfor %}")),
    "prose-prints-none": (small, prose(SMALL, SMALL_PROSE, "Referente: {{ programme.referent }}.")),
    "prose-syntax": (small, prose(SMALL, SMALL_PROSE, "Il programma {{ programme.title .")),
    "prose-placeholder": (small, prose(SMALL, SMALL_PROSE, "Data di avvio: DA COMPILARE.")),
    "list-unknown-item": (small, text(SMALL, "numbered: true", "numbered: true\n                select: [nessuno]")),
    # phrases.jinja broken two ways.
    "phrases-syntax": (small, append("templates/phrases.jinja", "\n{% macro rotta( %}\n")),
    "phrases-fails": (small, text("templates/phrases.jinja", "{{ title }}", "{{ title // 0 }}")),
    # Unknown amounts and facts.
    "unknown-co-financing": (example, lambda root: unknown_budget(root)),
    "invalid-vat-number": (example, text("content/organisations.yaml", "'05060480968'", "'05060480969'")),
    "unresolved-lead": (small, text("content/organisations.yaml", "lead: coop", "lead: cooperativa")),
    "missing-template": (small, text(SMALL, "integrazione-allegato-1.docx", "allegato-mancante.docx")),
    "impossible-date": (small, text(SMALL, "date: 2023-03-02", "date: 2023-02-30")),
    "district-twice": (small, text("content/organisations.yaml", "districts: [sud]", "districts: [nord]")),
    # Statuses: a bozza made definitivo, an inviato never sent, a sending with no archive.
    "form-definitivo": (example, text(FORM, "date_assumed: true\n", "date_assumed: true\nstatus: definitivo\n")),
    "annex-bozza": (example, text(ANNEX, "status: definitivo", "status: bozza")),
    "inviato-unsent": (example, text(ANNEX, "status: definitivo", "status: inviato")),
    "sent-without-archive": (programme("esino"), text("content/documents/scheda.yaml", "date: 2024-04-22\n",
                                                      "date: 2024-04-22\nsent:\n  date: 2024-04-23\n"
                                                      "  protocol: 123/2024\n")),
    # accept: entries removed, matching nothing, naming an error.
    "accept-removed": (example, lambda root: (root / "content/accept.yaml").write_text("accept: []\n")),
    "accept-unused": (small, lambda root: write_tree(root, {"content/accept.yaml": """\
        accept:
          - rule: kinds
            path: organisations.nessuno
            reason: una prova
            who: prova
            date: 2026-01-01
        """})),
    "accept-stale": (example, append("content/accept.yaml", "  - rule: coverage\n    path: districts.nessuno\n"
                                     "    reason: nulla\n    who: prova\n    date: 2026-01-01\n")),
    "accept-unknown-rule": (example, append("content/accept.yaml", "  - rule: nessuna\n    path: x\n"
                                            "    reason: nulla\n    who: prova\n    date: 2026-01-01\n")),
    # Slips of the deliverables' Italian and facts, each found by a rule (tests/test_slips.py).
    "typography-doubled-word": (small, prose(SMALL, SMALL_PROSE, "Un programma programma di prova.")),
    "bare-name": (small, prose(SMALL, SMALL_PROSE, "Promosso da {{ promoter.name }}.")),
    "typed-date-after": (small, prose(SMALL, SMALL_PROSE, "Il tavolo si è riunito il 3 aprile 2023.")),
    "article-guessed": (small, text("content/organisations.yaml", "    name: Cooperativa Sociale Il Ponte",
                                    "    name: Mondo Nuovo")),
    "evaluation-over": (small, text("content/programme.yaml", "  promoter: unione\n",
                                    "  promoter: unione\n  evaluation:\n    score: 90\n    max_score: 80\n")),
    "delegation-after": (example, text("content/organisations.yaml", "    honorific: Dott.\n",
                                       "    honorific: Dott.\n    delegation:\n      kind: decreto sindacale\n"
                                       "      date: 2020-08-01\n")),
    "area-unshown": (example, lambda root: area_unshown(root)),
    # One file per item: per partner of a project (a body with no legal representative to sign),
    # per organisation of a kind, and a `where` naming no field.
    "per-partner": (small, lambda root: partners_and_declarations(root)),
    "per-organisation-of-a-kind": (small, lambda root: write_tree(root, {
        "content/documents/ente.yaml": PER_BODY})),
    "item-texts": (small, per_project()),
    "item-text-unknown-item": (small, per_project("      ponte:", "      pnte:")),
    "item-text-fails": (small, per_project("uno sportello.", "uno sportello {{ project.nessuno }}.")),
    "per-item-unknown-field": (small, lambda root: write_tree(root, {
        "content/documents/ente.yaml": PER_BODY.replace("kind: cooperativa", "tipo: cooperativa")})),
    # Content that does not load at all.
    "yaml-broken": (small, text("content/organisations.yaml", "projects:\n", "projects: [\n")),
    # The programmes as they are.
    "example": (example, lambda root: None),
    "esino": (programme("esino"), lambda root: None),
    "lodigiano": (programme("lodigiano"), lambda root: None),
    "maremma": (programme("maremma"), lambda root: None),
    "consorzio": (programme("consorzio"), lambda root: None),
    "small": (small, lambda root: None),
}


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=() if make is small else pytest.mark.slow)
    for name, (make, _) in sorted(MUTATIONS.items())])
def test_check_build_status_and_the_preview_give_one_verdict(name, tmp_path, monkeypatch):
    make, mutate = MUTATIONS[name]
    root = make(tmp_path)
    mutate(root)
    assert_one_verdict(root, monkeypatch)


@pytest.mark.slow
def test_the_corpus_covers_what_it_says(tmp_path, monkeypatch):
    """The mutations are not vacuous: the failing ones fail, with the finding they are about,
    and the good programmes pass."""
    expected = {
        "word-division-by-zero": "ZeroDivisionError", "prose-prints-none": "prints an empty value",
        "word-prints-none": "{{ programme.referent }} (word/document.xml", "unknown-co-financing":
        "budgets", "phrases-syntax": "phrases.jinja", "word-misspelt-tag":
        "template syntax left", "prose-sandbox-refusal": "not allowed", "form-definitivo": "definitivo",
        "typed-date-after": "typed-dates", "evaluation-over": "evaluations",
        "delegation-after": "delegations", "area-unshown": "unshown-facts",
        "item-text-unknown-item": "item-texts", "item-text-fails": "in prose (for rete)",
        "prose-unknown-field-filtered": "has no field 'nessuno'",
        "word-unknown-field-filtered": "has no field 'nessuno'"}
    # (an unknown total is said above its table, not printed: the rule `budgets` names it)
    for name, needle in expected.items():
        make, mutate = MUTATIONS[name]
        root = make(tmp_path / name)
        mutate(root)
        verdict = verdicts(root, monkeypatch)["check"]
        assert verdict.exit == 1 and any(needle in f[6] or needle == f[1] for f in verdict.findings), name
    root = small(tmp_path / "guarded")
    MUTATIONS["word-guarded-none"][1](root)
    assert verdicts(root, monkeypatch)["check"].exit == 0  # a guarded tag is never reported


MIXABLE = sorted(name for name, (make, _) in MUTATIONS.items() if make is small and name != "small")


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.sampled_from(MIXABLE), min_size=2, max_size=3, unique=True))
def test_mutations_together_still_give_one_verdict(tmp_path_factory, monkeypatch, names):
    root = small(tmp_path_factory.mktemp("mixed"))
    for name in names:
        try:
            MUTATIONS[name][1](root)
        except AssertionError:  # an earlier mutation changed the line this one edits
            continue
    assert_one_verdict(root, monkeypatch)


def test_strict_fails_check_build_and_status_alike_on_warnings(tmp_path, monkeypatch):
    root = small(tmp_path)
    monkeypatch.chdir(root)
    outputs = {command: _cli(command, flag, "json", "--strict")
               for command, flag in (("check", "--format"), ("build", "--report"), ("status", "--format"))}
    codes = {command: code for command, (code, _) in outputs.items()}
    findings = {command: _findings(json.loads(out) if out.lstrip().startswith("[")
                                   else json.loads(out)["findings"])
                for command, (_, out) in outputs.items()}
    assert set(codes.values()) == {1} and findings["check"] == findings["build"] == findings["status"]
    assert findings["check"] and all(f[0] == "warning" for f in findings["check"])
    assert not (root / "output").exists()
