"""Rules on how the deliverables word what they print: typography, names with their article,
one wording per fact, and facts recorded but printed nowhere.

They read the text each deliverable prints (and what it read of the content), whoever wrote
it: the templates, phrases.jinja or the prose of the content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from generator.checks.common import NameIndex, Rendered, place, prose_blocks, typed_text
from generator.checks.placeholders import texts
from generator.errors import WARNING, Finding
from generator.messages import N_, Message, _
from generator.model import Content
from generator.sources import KeyPath, SourceMap
from generator.templating.recording import Where

QUOTED = re.compile(r"«[^»\n]*»|“[^”\n]*”|\"[^\"\n]*\"")
"""A title or a name quoted as it was written: its words are not ours to correct."""

TYPOGRAPHY = {
    N_("a doubled mark"): re.compile(r"(?<!\.)\.\.(?!\.)|,,|;;|::|[,;:]\.(?!\.)"),
    # the same word twice ("circa circa", "Circa circa"), but not a lower-case word before a title
    # that opens with it ("del progetto Progetto Ponte"): the title is the content's
    N_("a doubled word"):
        re.compile(r"\b(?:([^\W\d_]+)[ \t]+\1|(?=[^\W\d_a-zà-ÿ])([^\W\d_]+)[ \t]+(?i:\2))\b"),
    N_("round brackets inside round brackets"): re.compile(r"\([^()\n]*\("),
}
"""Slips of typography any deliverable may carry, whoever wrote the text."""


def _lines(item: Rendered) -> Iterator[str]:
    for line in item.text.splitlines():
        yield QUOTED.sub(lambda m: " " * len(m.group()), line)


_TYPED: tuple[Content, list[tuple[KeyPath, str, str]]] | None = None


def _typed_values(content: Content) -> list[tuple[KeyPath, str, str]]:
    """Every text value of the content with its path and its typed form, made once per content
    (a rule may look for dozens of snippets: each walk of a large programme costs)."""
    global _TYPED
    if _TYPED is None or _TYPED[0] is not content:
        _TYPED = (content, [(path, value, typed_text(value)) for path, value in texts(content)])
    return _TYPED[1]


def _at(content: Content, sources: SourceMap, item: Rendered, snippet: str, message: Message,
        hint: Message, where: Where | None = None) -> Finding:
    """The warning where `snippet` was written: the prose line that typed it, else the value of
    the content that holds it, else where the deliverable read `where`, else its template."""
    severity = WARNING
    if snippet:
        for _doc, path, source in prose_blocks(content, only=item.document_id, output=item.id):
            index = typed_text(source).find(snippet)
            if index >= 0:
                return sources.finding_in_text(path, source, index, message, hint, severity=severity)
        for path, value, typed in _typed_values(content):
            index = typed.find(snippet)
            if index >= 0:
                return sources.finding_in_text(path, value, index, message, hint, severity=severity)
    return replace(place(content, sources, item, where or item.template or "", [], message, hint),
                   severity=severity)


def typography(content: Content, sources: SourceMap, rendered: list[Rendered]) -> list[Finding]:
    """No deliverable doubles a mark or a word, or nests round brackets, whoever wrote the text.

    A doubled stop ("A.S.C.."), a doubled word ("circa circa 150.000,00 €", prose typing "circa"
    before an amount the content already gives as approximate), a round bracket opened inside
    another: in a template, in phrases.jinja or in prose (quoted titles aside).

    Example: content/documents/formulario.yaml:12: a doubled word in formulario: "...per circa circa
        150.000,00 €..."
    Fix: let the filters write the marks (`punto`, `tra_parentesi`, `importo` says "circa" itself);
        remove the word typed twice.
    """
    findings: list[Finding] = []
    for item in rendered:
        for line in _lines(item):
            for what, pattern in TYPOGRAPHY.items():
                for match in pattern.finditer(line):
                    context = line[max(match.start() - 25, 0):match.end() + 25].strip()
                    slip = _(what)
                    found = _at(content, sources, item, match.group(),
                                _('{slip} in {document}: "...{context}..."', slip=slip, document=item.id,
                                  context=context),
                                _("let the filters write the marks (`punto`, `tra_parentesi`; `importo` "
                                  'writes "circa" itself), and write each word once'))
                    if found not in findings:
                        findings.append(found)
    return findings


BARE = re.compile(r"(?:^|[\s(\[])(da|di|a)\s+$", re.IGNORECASE)
"""A preposition that should have fused with the article of the name that follows it."""


def _article_names(content: Content) -> dict[str, str]:
    """Every recorded name of a body (and short name), which Italian writes with its article."""
    names: dict[str, str] = {}
    for org_id, organisation in content.organisations.items():
        for name in (organisation.name, organisation.short_name):
            if name and "DA COMPILARE" not in name:
                names.setdefault(name, org_id)
    return names


def bare_names(content: Content, sources: SourceMap, rendered: list[Rendered]) -> list[Finding]:
    """A body's name after "da", "di" or "a" has its article: "dalla Città Metropolitana".

    Bodies are named with their article in Italian ("promosso dal Comune di Melzo", "le linee
    di indirizzo della Regione Lombardia"); a bare preposition before a recorded name, in any
    deliverable, is the bureaucratic slip an official corrects. A name inside a longer name
    and quoted titles are left as written.

    Example: content/documents/relazione.yaml:9: "promosso da Città Metropolitana di Milano" in
        relazione-intermedia: the name takes its article ("dalla Città Metropolitana di Milano")
    Fix: print the name with the filter of its preposition: `{{ promoter | dal }}`,
        `{{ organisations.x | del }}`, `{{ organisations.x | al }}`.
    """
    index = NameIndex(_article_names(content))
    findings: list[Finding] = []
    if not index:
        return findings
    filters = {"da": "dal", "di": "del", "a": "al"}
    for item in rendered:
        for line in _lines(item):
            for start, name, org_id in index.find(line):
                bare = BARE.search(line[:start])
                if bare is None:
                    continue
                prep = bare.group(1)
                phrase = f"{prep} {name}"
                read = item.reads.reads if item.reads is not None else {}
                where = read.get(("organisations", org_id, "name")) or read.get(
                    ("organisations", org_id, "short_name"))
                fused = filters[prep.lower()]
                jinja = f"{{{{ organisations.{org_id} | {fused} }}}}"
                promoter = f"{{{{ promoter | {fused} }}}}"
                found = _at(content, sources, item, phrase,
                            _('"{phrase}" in {document}: the name takes its article', phrase=phrase,
                              document=item.id),
                            _("print it with its preposition: {jinja} (or {promoter})",
                              jinja=jinja, promoter=promoter),
                            where=where)
                if found not in findings:
                    findings.append(found)
    return findings


def _funding_pattern(programme: str, axis: str) -> re.Pattern[str]:
    """A mention of `programme` followed by `axis` and whatever names the axis after it."""
    return re.compile(re.escape(programme) + r"[\s,–—-]*" + re.escape(axis) + r"(?!\w)"
                      + r"(?:\s*[,(\[]?\s*\**[^\s\d,.;()\[\]|*][^,.;()\[\]|\n*]*\**[)\]]?)?")


LABELS = {
    N_("the fiscal code"): re.compile(r"\b(?:C\.\s?F\.|CF|Cod\.\s?fisc\.|codice fiscale)(?=[\s/:,)]|$)",
                                  re.IGNORECASE),
    N_("the VAT number"): re.compile(r"\b(?:P\.\s?IVA|PIVA|partita IVA)\b", re.IGNORECASE),
}
"""Labels of one concept that documents word several ways ("CF", "C.F.", "codice fiscale")."""


def _wordings(content: Content) -> dict[Message, re.Pattern[str]]:
    """Each fact worded several ways across deliverables, with the pattern of its mentions."""
    facts = {_(label): pattern for label, pattern in LABELS.items()}
    funded = [content.call] + [m for m in content.measures.values()]
    for source in funded:
        programme = source.operational_programme or source.fund
        if programme and source.axis:
            facts[_("the funding {programme}, {axis}", programme=programme, axis=source.axis)] = \
                _funding_pattern(programme, source.axis)
    return facts


def _normal(text: str) -> str:
    """A wording as it reads: case, emphasis, spacing and the kind of bracket aside."""
    plain = text.replace("*", "").translate(str.maketrans("[]", "()")).rstrip(" ,")
    return " ".join(plain.split()).casefold()


def one_wording(content: Content, sources: SourceMap, rendered: list[Rendered]) -> list[Finding]:
    """One fact, one wording across the deliverables of a build: funding, fiscal labels, short names.

    The operational programme and its axis ("POR-FSE Regione Lombardia, Asse II (inclusione
    sociale)"), the label of a fiscal code ("codice fiscale", not also "CF" or "C.F.") and of a
    VAT number are worded once (phrases.jinja's `finanziamento` and `codici`, the call's
    `vocabulary`); a body is never its name and its short name after a comma.

    Example: content/documents/formulario.yaml: the funding POR-FSE Regione Lombardia, Asse II is
        worded 2 ways: 'POR-FSE Regione Lombardia, Asse II (inclusione sociale)' (formulario),
        'POR-FSE Regione Lombardia – Asse II' (relazione)
    Fix: print the fact through its macro (`{{ phrases.finanziamento(call) }}`,
        `{{ phrases.ente(org) }}`, `{{ phrases.codici(org) }}`), or the call's words.
    """
    seen: dict[Message, dict[str, tuple[str, Rendered]]] = {}
    for item in rendered:
        for fact, pattern in _wordings(content).items():
            for line in _lines(item):
                for match in pattern.finditer(line):
                    seen.setdefault(fact, {}).setdefault(_normal(match.group()), (match.group(), item))
    findings = []
    for fact, variants in seen.items():
        if len(variants) < 2:
            continue
        listed = ", ".join(f"{shown.replace('*', '')!r} ({item.id})" for shown, item in variants.values())
        typed = [(shown, item) for shown, item in variants.values()
                 if any(shown in typed_text(value) for _path, value in texts(content))]
        shown, item = (typed or list(variants.values()))[0]
        findings.append(_at(content, sources, item, shown if typed else "",
                            _("{fact} is worded {count} ways: {listed}", fact=fact, count=len(variants),
                              listed=listed),
                            _("print the fact through one macro of phrases.jinja (`finanziamento`, "
                              "`codici`) or the call's `vocabulary`")))
    return findings + _appositions(content, sources, rendered)


def _appositions(content: Content, sources: SourceMap, rendered: list[Rendered]) -> list[Finding]:
    """"Consorzio Alfa, CSA": a name and its short name after a comma read as two bodies."""
    pairs = {f"{o.name}, {o.short_name}": o_id for o_id, o in content.organisations.items()
             if o.short_name}
    findings = []
    for item in rendered:
        for pair, org_id in pairs.items():
            if pair in item.text:
                jinja = f"{{{{ phrases.ente(organisations.{org_id}) }}}}"
                found = _at(content, sources, item, pair,
                            _('"{pair}" in {document}: a body and its short name after a comma read as '
                              "two bodies", pair=pair, document=item.id),
                            _("write the short name in brackets: {jinja}", jinja=jinja))
                if found not in findings:
                    findings.append(found)
    return findings


QUALIFIERS: dict[tuple[str, str], tuple[str, object]] = {
    ("projects", "districts"): ("area", None),
    ("measures", "components"): ("components_joined_by", "e"),
}
"""(collection, field) -> (the field that changes what it means, its value that changes nothing):
a deliverable that prints the first prints the second."""


def unshown_facts(content: Content, sources: SourceMap, rendered: list[Rendered]) -> list[Finding]:
    """A recorded fact that changes what a sentence means is printed where the sentence is.

    A project that works on part of its district (`area`) printed as covering the district; a
    measure whose components are alternatives (`components_joined_by: o`) printed as if all
    applied: a deliverable that prints the one and not the other says something false.

    Example: templates/scheda.docx: scheda-progetto-valle prints the districts of project 'valle'
        but not its `area` (i comuni della bassa valle): it reads as covering all of them
    Fix: print the qualifier where the fact is printed (phrases.jinja's `limitatamente`, the
        `components` macro), or remove it from the content if it is not so.
    """
    findings = []
    for item in rendered:
        if item.reads is None:
            continue
        reads = item.reads.reads
        for (collection, field), (qualifier, neutral) in QUALIFIERS.items():
            for item_id, model in getattr(content, collection).items():
                value = getattr(model, qualifier)
                path: KeyPath = (collection, item_id, field)
                if value == neutral or path not in reads or path[:2] + (qualifier,) in reads:
                    continue
                message = _("{document} prints the {field} of {item} but not its `{qualifier}` ({value}): "
                            "it says something the content does not", document=item.id, field=field,
                            item=".".join((collection, item_id)), qualifier=qualifier, value=value)
                findings.append(place(content, sources, item, reads[path], [], message,
                                      _("print the qualifier where the fact is printed, or remove it "
                                        "from the content")))
    return findings
