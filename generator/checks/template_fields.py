"""What a Word template asks for exists: its names and fields, read from its Jinja, not rendered.

`fsegen check` renders no Word file (it stays fast and needs neither docxtpl nor LibreOffice):
the tags of each template are parsed as Jinja and followed through the model, so that
`{{ project.lead.nme }}` or `{{ progamme.title }}` is found with a "did you mean", and a
syntax error with the tag it is in. Whatever the analysis cannot follow (a filter's
result, a macro's) is left to the build, which renders everything before writing.
"""

from __future__ import annotations

import difflib
import functools
import html
import json
import re
import types
import typing
from dataclasses import fields, is_dataclass
from typing import Any

import jinja2
from jinja2 import nodes
from pydantic import BaseModel

from generator.context.claims import PaymentClaim
from generator.context.funding import Funding
from generator.context.progress import ProgressReport
from generator.context.views import NetworkRow, SectionBody, Totals
from generator.messages import Message, _
from generator.model import (
    Call,
    Content,
    District,
    Document,
    Event,
    Indicator,
    Measure,
    Network,
    Organisation,
    Period,
    Person,
    Programme,
    Project,
    Synergy,
)
from generator.sources import Finding, SourceMap
from generator.templating.memo import remembered
from generator.templating.prose import Paragraph
from generator.templating.sandbox import BLOCKED_GLOBALS
from generator.templating.templates import TemplateSet

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_DOCXTPL_PREFIX = re.compile(r"(\{\{|\{%)(?:p|tr|tc|r)\s")

ANY = object()
"""A value the analysis cannot follow (a filter's or a macro's result)."""

CONTEXT_TYPES: dict[str, Any] = {
    "programme": Programme, "call": Call, "promoter": Organisation, "organisations": {Organisation},
    "people": {Person}, "districts": {District}, "projects": {Project}, "measures": {Measure},
    "events": {Event}, "networks": {Network}, "documents": {Document}, "synergies": [Synergy],
    "glossary": ANY, "totals": Totals, "network": [NetworkRow], "phrases": ANY, "document": Document,
    "document_id": str, "project": Project, "item": ANY, "organisation": Organisation,
    "signer": Person, "intro": [Paragraph],
    "sections": [SectionBody], "body": [Paragraph], "attachments": [str], "loop": ANY, "range": ANY,
    "dict": ANY, "select": ANY, "indicators": {Indicator}, "periods": {Period}, "report": ProgressReport,
    "claim": PaymentClaim, "covering": {(Project,)}, "funding": Funding,
}
"""What each name a template sees is, for the analysis: a model class, {class} for a
collection by id, [class] for a list, {(class,)} for lists by id (`covering[d.id]`). Kept
equal to `Context` by a test (tests/test_templates.py)."""


def template_fields(content: Content, sources: SourceMap, found: TemplateSet) -> list[Finding]:
    """Every name and field a Word template prints or tests exists in what templates see.

    Example: templates/scheda-progetto.docx: {{ project.lead.nme }}: Organisation has no field
        'nme' (did you mean 'name'?)
    Fix: correct the tag in Word (docs/reference/context.md lists what templates see); the build renders each
        template and reports what this reading cannot follow.
    """
    findings = []
    for _name, template in sorted(found.word.items()):
        # The tags as docxtpl reads them: XML entities (a `>` in a condition is `&gt;`) unescaped.
        source = " ".join(_DOCXTPL_PREFIX.sub(r"\1 ", html.unescape(tag))
                          for tag in _TAG.findall(template.text))
        shown = template.shown
        found_here = remembered("template-fields", json.dumps([source, shown]),
                                functools.partial(_unknown_fields, source, shown),
                                lambda pairs: [(_dumped(m), _dumped(h)) for m, h in pairs],
                                lambda data: [(Message.load(m), Message.load(h)) for m, h in data])
        findings += [Finding(message, file=shown, hint=hint) for message, hint in found_here]
    return findings


def _dumped(text: str) -> Any:
    """A message as the cache keeps it (JSON), its translation kept."""
    return text.dump() if isinstance(text, Message) else text


def _unknown_fields(source: str, shown: str) -> list[tuple[str, str]]:
    """(message, hint) of each name or field of `source` that templates do not see."""
    try:
        tree = jinja2.Environment().parse(source)
    except jinja2.TemplateSyntaxError as error:
        return [(_("{template}: template syntax: {problem}", template=shown, problem=error.message),
                 _("check the {{{{ }}}} and {{% %}} tags of the template in Word"))]
    walker = _Walker(shown)
    walker.visit(tree, dict(CONTEXT_TYPES))
    return [(f.message, f.hint or "") for f in walker.findings]


class _Walker:
    """Follows names through the template's tags, with the types the loops give them."""

    def __init__(self, shown: str):
        self.shown = shown
        self.findings: list[Finding] = []
        self.seen: set[str] = set()

    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            self.type_of(node.iter, scope)
            inner = dict(scope)
            self._bind(node.target, _element(self.type_of(node.iter, scope)), inner)
            for child in node.body + node.else_:
                self.visit(child, inner)
            return
        if isinstance(node, nodes.Assign):
            self._bind(node.target, self.type_of(node.node, scope), scope)
            return
        if isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope) | {arg.name: ANY for arg in getattr(node, "args", [])}
            for child in node.body:
                self.visit(child, inner)
            return
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            self.type_of(node, scope)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def _bind(self, target: nodes.Node, kind: Any, scope: dict[str, Any]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = kind
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, ANY, scope)

    def type_of(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        if isinstance(node, nodes.Name):
            tag = "{{ " + node.name + " }}"
            if node.name in BLOCKED_GLOBALS:
                self._report(node.name, _("{tag}: not allowed: {name!r} is not available to fsegen templates",
                                          tag=tag, name=node.name), [])
                return ANY
            if node.name not in scope:
                self._report(node.name, _("{tag}: templates see no name {name!r}", tag=tag, name=node.name),
                             list(scope))
                return ANY
            return scope[node.name]
        if isinstance(node, nodes.Getattr):
            if node.attr.startswith("_"):
                self._report(node.attr, _("{tag}: not allowed: names starting with _ are Python's internals",
                                          tag=_chain(node)), [])
                return ANY
            return self._attribute(self.type_of(node.node, scope), node.attr, node)
        if isinstance(node, nodes.Getitem):
            owner = self.type_of(node.node, scope)
            self.visit(node.arg, scope)
            return _element(owner) if isinstance(owner, (set, list)) else ANY
        for child in node.iter_child_nodes():
            self.visit(child, scope)
        return ANY

    def _attribute(self, owner: Any, attr: str, node: nodes.Node) -> Any:
        if isinstance(owner, set):
            return _element(owner)  # organisations.cmm: an item by its id
        known = _attributes(owner)
        if known is None:
            return ANY
        if attr not in known:
            self._report(attr, _("{tag}: {owner} has no field {attr!r}", tag=_chain(node),
                                 owner=owner.__name__, attr=attr), list(known))
            return ANY
        return known[attr]

    def _report(self, key: str, message: Message, candidates: list[str]) -> None:
        if message in self.seen:
            return
        self.seen.add(message)
        close = difflib.get_close_matches(key, candidates, n=1)
        said = (_("{template}: {message} (did you mean {close!r}?)", template=self.shown, message=message,
                  close=close[0]) if close else
                _("{template}: {message}", template=self.shown, message=message))
        self.findings.append(Finding(
            said, file=self.shown,
            hint=_("correct the tag in Word; docs/reference/context.md lists what it may use")))


def _element(kind: Any) -> Any:
    if isinstance(kind, (set, list)) and kind:
        element = next(iter(kind))
        return list(element) if isinstance(element, tuple) else element
    return ANY


def _attributes(owner: Any) -> dict[str, Any] | None:
    """Attribute -> type, for a model class or one of the context's dataclasses."""
    if isinstance(owner, type) and issubclass(owner, BaseModel):
        result = {name: _annotation(info.annotation, info.json_schema_extra)
                  for name, info in owner.model_fields.items()}
        ours = {n for c in owner.__mro__ if c.__module__.startswith("generator.model")
                for n in vars(c) if not n.startswith("_")}
        return result | {name: ANY for name in ours - set(result) - {"model_config"}} | {"id": str}
    if isinstance(owner, type) and is_dataclass(owner):
        result = {f.name: ANY for f in fields(owner)}
        return result | {n: ANY for n in vars(owner) if not n.startswith("_")} | {"rich": ANY}
    return None


def _annotation(annotation: Any, extra: Any) -> Any:
    """The analysis' type of a model field: references lead to their collection's class."""
    if isinstance(extra, dict) and "ref" in extra:
        target = CONTEXT_TYPES.get(str(extra["ref"]), ANY)
        return target if _is_list(annotation) else _element(target)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if _is_list(annotation) and args:
        return [_annotation(args[0], None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return _annotation(args[0], None)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else ANY


def _is_list(annotation: Any) -> bool:
    annotation = next((a for a in typing.get_args(annotation) if a is not type(None)), annotation) \
        if typing.get_origin(annotation) in (typing.Union, types.UnionType) else annotation
    return typing.get_origin(annotation) is list


def _chain(node: nodes.Node) -> str:
    parts = []
    while isinstance(node, nodes.Getattr):
        parts.append(node.attr)
        node = node.node
    head = node.name if isinstance(node, nodes.Name) else "..."
    return "{{ " + ".".join([head, *reversed(parts)]) + " }}"

