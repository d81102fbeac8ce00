"""What `fsegen init` asks, and the skeleton written with the answers (as copier does).

The skeleton's content files are templates (Jinja with `[[ ]]` and `[% %]`, so that the
`{{ }}` of the deliverables' prose stays as it is): the promoter, the call and the body
that published it, its deadline, how many projects and which districts. Every question has
a default that keeps the placeholder, so `fsegen init --no-input` (a script, CI) writes the
skeleton as it is, each value to fill in saying DA COMPILARE. The command line asks; this
module knows the questions, checks an answer, and renders.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field

import jinja2

from generator.errors import UsageError
from generator.messages import Message, _
from generator.model import PLACEHOLDER

MAX_PROJECTS = 30
"""The most projects a skeleton is written with (a call allows a handful)."""


@dataclass(frozen=True)
class Answers:
    """The facts a new programme starts with; the placeholders by default."""

    promoter: str = f"{PLACEHOLDER} nome dell'ente promotore (es. Comune di ...)"
    call: str = f"{PLACEHOLDER} titolo del bando, senza il tipo"
    issuer: str = f"{PLACEHOLDER} ente che ha pubblicato il bando (es. Regione ...)"
    deadline: str = PLACEHOLDER
    projects: int = 1
    districts: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Question:
    """One question: the answer's name, what is asked, and the kind of answer."""

    name: str
    prompt: Message
    kind: str = "text"
    """text, date (YYYY-MM-DD or DA COMPILARE), count (1 to MAX_PROJECTS) or list (comma-separated)."""


QUESTIONS = (
    Question("promoter", _("Promoter: the body that presents the programme")),
    Question("call", _("Title of the call, without its kind (avviso, bando...)")),
    Question("issuer", _("Body that published the call")),
    Question("deadline", _("Deadline of the call (YYYY-MM-DD)"), "date"),
    Question("projects", _("Number of territorial projects"), "count"),
    Question("districts", _("Districts (ambiti) of the territory, separated by commas"), "list"),
)
"""The questions, in the order they are asked."""


def default(question: Question) -> str:
    """The default answer as the prompt shows it (Enter keeps it)."""
    value = getattr(Answers(), question.name)
    return ", ".join(value) if isinstance(value, tuple) else str(value)


def answer(question: Question, text: str) -> str | int | tuple[str, ...]:
    """The answer typed for `question`, checked: UsageError says what to type instead."""
    text = unicodedata.normalize("NFC", text.strip())
    if question.kind == "date":
        if not text or PLACEHOLDER in text:
            return PLACEHOLDER
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise UsageError(_("{text!r} is not a date: write it as YYYY-MM-DD (2025-03-31), or leave "
                               "DA COMPILARE", text=text)) from None
    if question.kind == "count":
        if not text.isdigit() or not 1 <= int(text) <= MAX_PROJECTS:
            raise UsageError(_("{text!r} is not a number of projects from 1 to {most}", text=text,
                               most=MAX_PROJECTS))
        return int(text)
    if question.kind == "list":
        return tuple(part.strip() for part in text.split(",") if part.strip())
    if re.search(r"[\x00-\x1f\x7f]", text) or not text:
        raise UsageError(_("write the answer as one line of text"))
    return text


def _scalar(value: str) -> str:
    """A text value as YAML reads it back: bare when it cannot be read as anything else."""
    bare = re.fullmatch(r"\w[\w .,'()/…-]*", value) and not re.search(r"\s#|:\s|\s$", value)
    if bare and value.lower() not in {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}:
        return value
    return json.dumps(value, ensure_ascii=False)


def _slug(name: str, taken: set[str]) -> str:
    """An id for a district named `name` (lowercase letters, digits and '-'), unique."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or f"ambito-{len(taken) + 1}"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def context(answers: Answers) -> dict[str, object]:
    """What the skeleton's templates see: the answers, the projects and the districts, each
    district in one project (round robin), one placeholder district per project missing."""
    names = list(answers.districts)
    names += [f"{PLACEHOLDER} nome dell'ambito"] * max(0, answers.projects - len(names))
    taken: set[str] = set()
    districts = [{"id": _slug(name if PLACEHOLDER not in name else f"ambito {index}", taken), "name": name}
                 for index, name in enumerate(names, start=1)]
    projects = [{"id": f"progetto-{number}", "lead": f"capofila-progetto-{number}", "number": number,
                 "districts": [d["id"] for d in districts[number - 1::answers.projects]]}
                for number in range(1, answers.projects + 1)]
    return {"answers": answers, "projects": projects, "districts": districts}


def render(text: str, answers: Answers) -> str:
    """A skeleton file with the answers in it."""
    environment = jinja2.Environment(
        block_start_string="[%", block_end_string="%]", variable_start_string="[[",
        variable_end_string="]]", comment_start_string="[#", comment_end_string="#]",
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, autoescape=False)
    environment.filters["yaml"] = _scalar
    environment.filters["flow"] = lambda ids: "[" + ", ".join(ids) + "]"
    return environment.from_string(text).render(context(answers))
