"""Measure why convert_to_pdfa batches: one soffice start per file vs one per batch.

Usage: python benchmarks/pdf_batch.py [--files 6] [--repeat 2]
Both strategies run in the same invocation on the same files; the best of
the repetitions is reported to damp noise from a cold disk cache.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import docx  # noqa: E402

from generator.rendering.pdf import convert_to_pdfa  # noqa: E402


def make_files(folder: Path, count: int) -> list[Path]:
    """Small deliverables resembling real ones: Calibri text and a bullet list."""
    files = []
    for i in range(count):
        document = docx.Document()
        document.add_heading(f"Relazione attività n. {i + 1}", level=1)
        run = document.add_paragraph().add_run(
            "Il percorso formativo è stato svolto così come previsto; "
            "perché l'offerta sia più efficace, la qualità è verificata."
        )
        run.font.name = "Calibri"
        for item in ("Obiettivi", "Attività", "Risultati"):
            document.add_paragraph(item, style="List Bullet")
        path = folder / f"deliverable_{i:02d}.docx"
        document.save(path)
        files.append(path)
    return files


def best_of(repeat: int, action) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=6, help="number of .docx files")
    parser.add_argument("--repeat", type=int, default=2, help="repetitions (best-of)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fsegen-bench-") as tmp:
        root = Path(tmp)
        files = make_files(root, args.files)
        out = root / "out"
        convert_to_pdfa(files[:1], out)  # warm the disk cache for both sides

        per_file = best_of(
            args.repeat, lambda: [convert_to_pdfa([f], out) for f in files]
        )
        batched = best_of(args.repeat, lambda: convert_to_pdfa(files, out))

    n = args.files
    print(f"files: {n}, repetitions: {args.repeat} (best-of)")
    print(f"one soffice per file:  {per_file:6.2f} s total, {per_file / n:5.2f} s/file")
    print(f"one soffice per batch: {batched:6.2f} s total, {batched / n:5.2f} s/file")
    print(f"batch is {per_file / batched:.1f}x faster")


if __name__ == "__main__":
    main()
