"""`fsegen build`: the pipeline's judgement, then the files, all or nothing.

Every deliverable is rendered as a Word file (from the cache where nothing it depends on
changed, generator/pipeline/cache.py; a sent one comes from its archive under sent/), judged like
any run (generator/pipeline/judge.py), and only then written: into a hidden folder beside
the output folder, swapped in when every deliverable has rendered and passed, with its
manifest. PDF/A and Markdown follow the Word files they are made from.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from generator.context.documents import Deliverable
from generator.context.metadata import file_metadata, flat
from generator.errors import ContentError, Finding
from generator.folders import Folders
from generator.model import output_ids
from generator.pipeline.archive import Archive
from generator.pipeline.judge import Outcome, archives, collect, conclude
from generator.pipeline.manifest import entry, make_manifest, previous_entries, sha256
from generator.pipeline.prepare import Options, Prepared, nothing_to_build, prepare
from generator.pipeline.produce import job, render
from generator.pipeline.writing import Stage, staged

if TYPE_CHECKING:  # only a build imports it: check has no cache
    from generator.pipeline.cache import RenderCache

Progress = Callable[[str, int, int], None]
"""`progress(step, done, total)`: called as each file of a long step is done; the steps are
"render" (the deliverables rendered as Word files) and "pdf" (their conversion to PDF/A)."""


def build(folders: Folders, options: Options = Options(), progress: Progress | None = None) -> Outcome:
    """Render what changed (or everything, `force`), in each format, and replace the output
    folder by the complete set with its manifest, in one step. `progress(step, done, total)`
    follows the rendering and the PDF conversion."""
    prepared = prepare(folders, options)
    if not prepared.items:
        raise ContentError(prepared.findings + [nothing_to_build(folders, prepared)])
    outcome = Outcome(content=prepared.content, inputs=inputs(prepared))
    previous = {e["file"]: e for e in previous_entries(folders.out)}
    cache = render_cache(prepared)
    with staged(folders.out) as stage:
        entries = _produce(prepared, options, outcome, stage, cache, previous, progress)
        entries += _keep_others(prepared, options, stage, previous)
        if "pdf" in options.formats:
            entries += _pdfs(prepared, stage, previous, outcome.archives, progress)
        if "docx" not in options.formats:
            for item in prepared.items:
                stage.discard(f"{item.id}.docx")
        manifest = make_manifest(entries, outcome.inputs, folders.content.resolve().parent)
        outcome.report = stage.commit(manifest, set(previous))
    return outcome


def _produce(prepared: Prepared, options: Options, outcome: Outcome, stage: Stage,
             cache: RenderCache, previous: dict[str, dict], progress: Progress | None = None) -> list[dict]:
    """Every deliverable into the stage, in the formats asked; the manifest's entries. A sent
    deliverable's files come from its archive (it is rendered only to compare it with it)."""
    from generator.pipeline.cache import Texts

    markdown = "md" in options.formats
    kept = outcome.archives = archives(prepared.content, prepared.folders.archive, prepared.limits)
    keys = cache_keys(prepared, options, cache, kept)
    to_render, entries = [], []
    for item in prepared.items:
        old = previous.get(f"{item.id}.docx", {})
        hit = None if options.force else cache.lookup(item.id, keys[item.id], old.get("sha256"), markdown)
        if hit is None or not stage.carry(f"{item.id}.docx"):
            to_render.append(item)
            continue
        entries.append(old)
        outcome.outputs[item.id] = prepared.rendered(item, hit.printed, hit.recorder(), hit.text)
        entries += _formats(item, hit.markdown, options, stage, previous)
        entries += _tables(item, stage, previous)
    problems: list[Finding] = []
    rendered: dict[str, bytes | None] = {}
    sent = {i.id for i in to_render if prepared.statuses[i.document_id] == "inviato"}
    making = job(prepared, options, to_render, word={i.id for i in to_render}, texts=sent)
    told = progress or (lambda step, done, total: None)
    told("render", 0, len(to_render))
    for done, product in enumerate(render(making, options.jobs), start=1):
        told("render", done, len(to_render))
        if collect(prepared, product, outcome, problems):
            outcome.rendered += 1
            item = product.item
            rendered[item.id] = product.data if prepared.statuses[item.document_id] == "inviato" else None
            data, text = _output(prepared, item, kept, product.data, product.markdown)
            if data is None:
                continue  # sent, but its archive is missing or damaged (an error says so): never rebuilt
            cache.store(item.id, keys[item.id], product.reads, data,
                        Texts(product.text or "", product.printed, text), product.record)
            stage.write(f"{item.id}.docx", data)
            entries.append(entry(f"{item.id}.docx", data, item.id))
            entries += _formats(item, text, options, stage, previous)
            entries += _tables(item, stage, previous)
    conclude(prepared, options, outcome, problems, rendered)
    return [e for e in entries if "docx" in options.formats or not e["file"].endswith(".docx")]


def render_cache(prepared: Prepared) -> RenderCache:
    """The record of this programme's builds (in the user's cache folder)."""
    from generator.pipeline.cache import ReadHashes, RenderCache
    from generator.templating.memo import code_fingerprint

    return RenderCache(prepared.folders.content.resolve().parent, ReadHashes(prepared.content),
                       code_fingerprint() + "".join(sorted(prepared.found.jinja.values())))


def cache_keys(prepared: Prepared, options: Options, cache: RenderCache,
               kept: dict[str, Archive]) -> dict[str, str]:
    """Each deliverable's key in the record of builds: what its file depends on besides its reads."""
    return {i.id: cache.key(i.id, prepared.found.word[i.template].data, options.draft,
                            _lifecycle_key(prepared, i, kept)) for i in prepared.items}


def _lifecycle_key(prepared: Prepared, item: Deliverable, kept: dict[str, Archive]) -> str:
    """What a deliverable's file depends on besides its reads: the status it is judged by (a
    bozza is stamped BOZZA) and, once sent, its archive."""
    status = prepared.statuses[item.document_id]
    archive = kept.get(item.document_id) if status == "inviato" else None
    record = sha256(json.dumps(archive.record, sort_keys=True, default=str).encode("utf-8")) \
        if archive is not None else ""
    return f"{status}\0{record}"


def _output(prepared: Prepared, item: Deliverable, kept: dict[str, Archive], data: bytes | None,
            markdown: str | None) -> tuple[bytes | None, str | None]:
    """The .docx and Markdown a deliverable leaves in the output: what was rendered, or, for a
    sent one, what its archive holds (None when it has none)."""
    if prepared.statuses[item.document_id] != "inviato":
        return data, markdown
    archive = kept.get(item.document_id)
    sent = archive.docx(item.id) if archive is not None else None
    if archive is None or sent is None:
        return None, None
    text = archive.as_format(item.id, "md") if markdown is not None else None
    return sent, text.decode("utf-8") if text is not None else None


def _formats(item: Deliverable, markdown: str | None, options: Options, stage: Stage,
             previous: dict[str, dict]) -> list[dict]:
    """The Markdown of one deliverable when asked for, and the pictures it links (read from its
    Word file: generator/rendering/pictures.py); each kept from the last output if the same."""
    if "md" not in options.formats or markdown is None:
        return []
    files = {f"{item.id}.md": markdown.encode("utf-8")}
    if f"]({item.id}-" in markdown:  # it links pictures
        from generator.rendering.pictures import docx_pictures

        files |= docx_pictures(stage.path(f"{item.id}.docx").read_bytes(), item.id)
    entries = []
    for name, data in files.items():
        old = previous.get(name, {})
        if old.get("sha256") == sha256(data) and stage.carry(name):
            entries.append(old)
            continue
        stage.write(name, data)
        entries.append(entry(name, data, item.id))
    return entries


def _tables(item: Deliverable, stage: Stage, previous: dict[str, dict]) -> list[dict]:
    """A progress report's tables as `<id>-tabelle.xlsx` beside it (generator/rendering/tables.py);
    kept from the last output if the same."""
    report = getattr(item.context, "report", None)
    if report is None:
        return []
    from generator.rendering.tables import report_workbook

    name = f"{item.id}-tabelle.xlsx"
    data = report_workbook(report, f"{item.document.title} - tabelle" if item.document.title else name)
    old = previous.get(name, {})
    if old.get("sha256") == sha256(data) and stage.carry(name):
        return [old]
    stage.write(name, data)
    return [entry(name, data, item.id)]


def _keep_others(prepared: Prepared, options: Options, stage: Stage,
                 previous: dict[str, dict]) -> list[dict]:
    """A partial build keeps the files of the deliverables it was not asked for."""
    if not options.only:
        return []
    built = {i.id for i in prepared.items}
    known = {out for outs in output_ids(prepared.loaded.content).values() for out in outs}
    return [e for name, e in previous.items()
            if e.get("deliverable") in known - built and stage.carry(name)]


def _pdfs(prepared: Prepared, stage: Stage, previous: dict[str, dict], kept: dict[str, Archive],
          progress: Progress | None = None) -> list[dict]:
    """PDF/A of every deliverable built: kept when made from the very same .docx by the same
    LibreOffice, else converted; a sent deliverable's is the one archived, never converted again."""
    from generator.rendering.pdf import convert_to_pdfa, libreoffice_identity  # only when asked
    from generator.rendering.xmp import with_metadata

    result, convert = [], {}
    converter = libreoffice_identity()
    lines = {item.id: flat(file_metadata(item.context, item.id)) for item in prepared.items}
    for item in prepared.items:
        if prepared.statuses[item.document_id] == "inviato":
            result += _sent_pdf(item, kept.get(item.document_id), stage, previous)
            continue
        docx = stage.path(f"{item.id}.docx").read_bytes()
        old = previous.get(f"{item.id}.pdf", {})
        if old.get("source_sha256") == sha256(docx) and old.get("converter") == converter \
                and old.get("metadata_sha256") == _hash(lines[item.id]) and stage.carry(f"{item.id}.pdf"):
            result.append(old)
            result += _envelope(item, old, stage, previous)
        else:
            convert[f"{item.id}.docx"] = docx
    told = (lambda done, total: progress("pdf", done, total)) if progress is not None else None
    converted = convert_to_pdfa(convert, timeout=prepared.limits.conversion, progress=told)
    for name, pdf in converted.items():
        output = name.removesuffix(".pdf")
        pdf = with_metadata(pdf, lines[output])  # Allegato 5's metadata in the XMP
        stage.write(name, pdf)
        result.append(entry(name, pdf, output, convert[f"{output}.docx"], converter)
                      | {"metadata_sha256": _hash(lines[output])})
    return result


def _hash(lines: dict[str, str]) -> str:
    return sha256(json.dumps(lines, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def _envelope(item: Deliverable, pdf: dict, stage: Stage, previous: dict[str, dict]) -> list[dict]:
    """The CAdES envelope (`<id>.pdf.p7m`, made by `fsegen sign --cades`) of a PDF kept as it was:
    kept too; an envelope of another PDF is dropped with it."""
    name = f"{item.id}.pdf.p7m"
    old = previous.get(name)
    if old is not None and old.get("content_sha256") == pdf.get("sha256") and stage.carry(name):
        return [old]
    return []


def _sent_pdf(item: Deliverable, archive: Archive | None, stage: Stage,
              previous: dict[str, dict]) -> list[dict]:
    pdf = archive.as_format(item.id, "pdf") if archive is not None else None
    if archive is None or pdf is None:
        return []
    name, old = f"{item.id}.pdf", previous.get(f"{item.id}.pdf", {})
    if old.get("sha256") == sha256(pdf) and stage.carry(name):
        return [old]
    stage.write(name, pdf)
    return [entry(name, pdf, item.id, archive.docx(item.id))]


def inputs(prepared: Prepared) -> list[Path]:
    """Every content and template file the run read (the manifest lists them)."""
    return list(prepared.loaded.sources.files) + list(prepared.found.files)
