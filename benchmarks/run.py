"""fsegen's benchmarks: each figure a ratio against a baseline measured in the same run.

Usage:
    python benchmarks/run.py                 # N = 5, 50, 200, 1000 (10,000 for check and build)
    python benchmarks/run.py --sizes 5,50 --repeat 3 --no-pdf
    python benchmarks/run.py --repeat 3 --note "on a shared machine" --write docs/_data/benchmarks.md

Ratios of interleaved runs (A, B, A, B...), medians, so that a busy machine slows
both sides alike. Nothing here is asserted: `--write` puts the table, with its date, the
machine and the command, in the file the docs include (docs/explanation/scale.md).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic import programme, realistic  # noqa: E402

PYTHON = sys.executable
IMPORTS = [PYTHON, "-c", "import docxtpl, pydantic, jinja2, yaml, click"]
TARGETS = {
    "render": "<= 1.2", "check": "<= 3", "recheck": "<= 0.10", "resident": "<= 0.10", "help": "<= 0.6",
    "parallel": ">= 1.7",
    "rebuild": "<= 0.10", "pdf": "<= 0.15 s", "rule": "< 0.1 s", "memory": "<= 400 MiB", "shape": "",
}


def fsegen(*args: str) -> list[str]:
    return [PYTHON, "-m", "generator", *args]


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the process and its children, peak RSS in KiB of the
    process or any of its children: this command's own, not the largest of the run so far)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = 0  # reaped by wait4 (Popen must not wait for it again)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def paired(a: list[str], b: list[str], cwd: Path, repeat: int) -> tuple[float, float, float]:
    """Median wall time of A, of B, and the median of the ratios A/B of interleaved runs."""
    times_a, times_b = [], []
    for _ in range(repeat):
        times_a.append(timed(a, cwd)[0])
        times_b.append(timed(b, cwd)[0])
    ratios = [x / y for x, y in zip(times_a, times_b)]
    return statistics.median(times_a), statistics.median(times_b), statistics.median(ratios)


def render_ratio(folder: Path, repeat: int) -> float:
    """The annex rendered by fsegen as a build renders it (no text read back: only a sent
    deliverable's is) / the same template rendered by bare docxtpl."""
    code = f"""
import io, time, statistics
from docxtpl import DocxTemplate
from generator.context.documents import deliverables, render_body, shared_context
from generator.content.loading import load_content
from generator.templating.templates import read_templates
from generator.limits import Limits
from generator.templating.environment import make_environment
from generator.rendering.docx import render_docx
from generator.rendering.charts import chart_drawer
from generator.rendering.evaluation import attach_word_context, detach_drawers
folder = {str(folder)!r}
loaded = load_content(folder + '/content')
found = read_templates(folder + '/templates', {{'integrazione-allegato-1.docx'}})
env = make_environment(found)
shared = shared_context(loaded.content, env, Limits())
items, _ = deliverables(loaded.content, loaded.sources, shared, ['integrazione-allegato-1'])
item = render_body(items[0], env, loaded.sources)
template = found.word['integrazione-allegato-1.docx']
ours, bare = [], []
render_docx(item, template, env, text=False)
for _ in range({repeat * 5}):
    t = time.perf_counter(); render_docx(item, template, env, text=False)
    ours.append(time.perf_counter() - t)
    t = time.perf_counter(); d = DocxTemplate(io.BytesIO(template.data)); d.init_docx()
    attach_word_context(item, chart_drawer(d))  # its pictures (emblem, charts) drawn into d
    d.render(item.context.names(), jinja_env=env); d.save(io.BytesIO()); detach_drawers(item)
    bare.append(time.perf_counter() - t)
print(statistics.median([a / b for a, b in zip(ours, bare)]))
"""
    out = subprocess.run([PYTHON, "-c", code], cwd=folder, capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"the render benchmark failed:\n{out.stderr}")
    return float(out.stdout.strip())


def rule_seconds(folder: Path) -> float:
    """The slowest content rule on this programme, in seconds."""
    code = """
import time
from generator.checks import RULES
from generator.content.loading import load_content
loaded = load_content('content')
worst = 0.0
for rule in RULES:
    if rule.stage != 'content':
        continue
    t = time.perf_counter(); rule.check(loaded.content, loaded.sources)
    worst = max(worst, time.perf_counter() - t)
print(worst)
"""
    out = subprocess.run([PYTHON, "-c", code], cwd=folder, capture_output=True, text=True)
    return float(out.stdout.strip() or "nan")


def resident_seconds(folder: Path, repeat: int) -> float:
    """A check after renaming one project, in a process that checked before (`check --watch`,
    the preview): median seconds."""
    code = f"""
import pathlib, statistics, time
from generator.folders import Folders
from generator.pipeline import Memory, Options, check
folders, memory, options = Folders(), Memory(), Options(lenient=True)
check(folders, options, memory)
projects = pathlib.Path('content/projects.yaml')
text = projects.read_text(encoding='utf-8')
seconds = []
for n in range({repeat}):
    projects.write_text(text.replace('Progetto territoriale numero 3\\n', f'Progetto nuovo {{n}}\\n', 1),
                        encoding='utf-8')
    started = time.perf_counter()
    check(folders, options, memory)
    seconds.append(time.perf_counter() - started)
projects.write_text(text, encoding='utf-8')
print(statistics.median(seconds))
"""
    out = subprocess.run([PYTHON, "-c", code], cwd=folder, capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"the resident check benchmark failed:\n{out.stderr}")
    return float(out.stdout.strip())


def measure(shape: str, size: int, args: argparse.Namespace, root: Path) -> dict[str, str]:
    """One row: the programme of `size` projects in `shape`, measured as the columns say (a
    cold check first: no build has recorded anything of it yet)."""
    folder = SHAPES[shape](root / f"{shape}{size}", size)
    row: dict[str, str] = {"shape": shape, "N": str(size)}
    if size <= 200:
        row["render"] = f"{render_ratio(folder, args.repeat):.2f}"
    cold, _, ratio = paired(fsegen("check"), IMPORTS, folder, args.repeat)
    row["check"] = f"{ratio:.2f}"
    if size <= 1000:
        wall, cpu, rss = timed(fsegen("build", "--force"), folder)
        row["parallel"] = f"{cpu / wall:.2f}"
        row["memory"] = f"{rss / 1024:.0f} MiB"
        projects = folder / "content/projects.yaml"
        text = projects.read_text(encoding="utf-8")
        projects.write_text(text.replace("Progetto territoriale numero 1\n", "Progetto rinominato\n", 1),
                            encoding="utf-8")
        rebuild, _, _ = timed(fsegen("build"), folder)
        row["rebuild"] = f"{rebuild / wall:.2f}"
        projects.write_text(text.replace("Progetto territoriale numero 2\n", "Progetto ribattezzato\n", 1),
                            encoding="utf-8")
        recheck = statistics.median(timed(fsegen("check"), folder)[0] for _ in range(args.repeat))
        row["recheck"] = f"{recheck / cold:.2f}"
        row["resident"] = f"{resident_seconds(folder, args.repeat) / cold:.2f}"
        row["rule"] = f"{rule_seconds(folder):.3f} s"
    else:
        wall, cpu, rss = timed(fsegen("build", "--force"), folder)
        row["memory"] = f"{rss / 1024:.0f} MiB"
    if args.pdf and size in (50, 1000):
        pdf_wall, _, _ = timed(fsegen("build", "--format", "docx,pdf", "--force"), folder)
        row["pdf"] = f"{(pdf_wall - wall) / (size + 2):.2f} s"
    return row


COLUMNS = ["shape", "N", "render", "check", "recheck", "resident", "parallel", "rebuild", "pdf", "rule",
           "memory"]
SHAPES = {"benchmark": programme, "realistic": realistic}
"""The benchmark's own shape (annex, form, a sheet per project) and a realistic one (partners,
monitoring figures, progress reports with charts, a letter per project: benchmarks/synthetic.py)."""


def machine() -> str:
    """Cores, memory, system and LibreOffice of this machine, as the docs state them."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    try:
        system = platform.freedesktop_os_release().get("NAME", platform.system()).split()[0]
    except OSError:
        system = platform.system()
    office = "no LibreOffice"
    soffice = shutil.which("soffice")
    if soffice:
        words = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout.split()
        office = f"LibreOffice {'.'.join(words[1].split('.')[:2])}" if len(words) > 1 else "LibreOffice"
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, {system}, {office}"


def report(help_ratio: float, rows: list[dict[str, str]], command: str, measured: str, date: str) -> str:
    """The Markdown the docs include: when, where and how the figures were measured, the
    start-up ratio, then the table with its targets."""
    lines = [
        f"Measured on {date}, {measured}",
        f"(`{command}`). Each figure is a ratio",
        "of interleaved runs in the same run (medians), except seconds and memory:",
        "",
        f"`fsegen --help` / `python -c \"{IMPORTS[2]}\"`: **{help_ratio:.2f}** (target {TARGETS['help']})",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
        "| target | " + " | ".join(TARGETS.get(c, "") for c in COLUMNS[1:]) + " |",
    ]
    lines += ["| " + " | ".join(row.get(c, "") for c in COLUMNS) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,50,200,1000,10000")
    parser.add_argument("--shapes", default="benchmark,realistic", help="benchmark, realistic or both")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-pdf", dest="pdf", action="store_false")
    parser.add_argument("--note", default="", help='said after the machine ("on a shared machine")')
    parser.add_argument("--write", type=Path, metavar="FILE",
                        help="also write the table to FILE (docs/_data/benchmarks.md: the docs include it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fsegen-bench-") as tmp:
        help_a, help_b, help_ratio = paired(fsegen("--help"), IMPORTS, Path(tmp), args.repeat)
        rows = []
        for shape in args.shapes.split(","):
            for size in args.sizes.split(","):
                rows.append(measure(shape, int(size), args, Path(tmp)))
                print(rows[-1], file=sys.stderr, flush=True)  # a long run shows each row as it goes
    command = f"python benchmarks/run.py --sizes {args.sizes} --shapes {args.shapes} --repeat {args.repeat}"
    command += "" if args.pdf else " --no-pdf"
    measured = machine() + (f", {args.note}" if args.note else "")
    text = report(help_ratio, rows, command, measured, time.strftime("%Y-%m-%d"))
    print(text, end="")
    if args.write:
        args.write.write_text(text, encoding="utf-8")
        print(f"wrote {args.write}")


if __name__ == "__main__":
    main()
