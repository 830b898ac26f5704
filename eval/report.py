"""Evaluation reports under ``eval/reports/``: one markdown file and one plot per section (``retrieval``,
later ``answers``), and a ``README.md`` index that lists whichever sections exist.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from eval.gold import PERSONAS
from eval.metrics import METRIC_NAMES
from eval.retrieval import BASELINE, FIRST_PASS, RetrievalEval

REPORT_DIR = Path("eval/reports")
REPO_ROOT = Path(__file__).resolve().parents[1]


def repo_relative(path: Path) -> str:
    """A path as the README's commands write it: from the repository root when it lies inside it."""
    resolved = path.resolve()
    return str(resolved.relative_to(REPO_ROOT)) if resolved.is_relative_to(REPO_ROOT) else str(path)
SYSTEM_LABELS = {
    BASELINE: "baseline (600-char chunks, dense)",
    "dense": "dense (clauses)",
    "bm25": "BM25 (clauses)",
    "hybrid": "hybrid (dense + BM25 + concept rerank + fitted ranking + 文号 lookup)",
    FIRST_PASS: "hybrid, scored on first-pass gold only",
}
_SECTION_TITLES = {"retrieval": "Retrieval", "answers": "Answers"}


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def system_rows(ev: RetrievalEval, persona: str) -> list[list[str]]:
    """One row per system for one persona (or ``all``)."""
    rows = []
    for system in ev.systems():
        scores = ev.table(system).get(persona)
        if scores:
            rows.append(
                [SYSTEM_LABELS.get(system, system), str(int(scores["n"]))]
                + [_fmt(scores[m]) for m in METRIC_NAMES]
            )
    return rows


def failing_questions(ev: RetrievalEval, system: str = "hybrid") -> list[list[str]]:
    """Questions where the system misses a gold clause in its top 5, or ranks none first."""
    rows = []
    for r in ev.results:
        if r.system != system or (r.scores["R@5"] >= 1.0 and r.scores["MRR"] >= 1.0):
            continue
        gold = set(r.question.relevant_ids)
        ranks = [str(i) for i, cid in enumerate(r.ranked, 1) if cid in gold]
        rows.append(
            [
                r.question.id,
                r.question.question,
                f"{len(gold)}",
                ", ".join(ranks) or "none in top 10",
                "<br>".join(r.ranked[:3]),
            ]
        )
    return rows


def retrieval_markdown(ev: RetrievalEval, report_dir: Path = REPORT_DIR, plot_name: str = "retrieval.png") -> str:
    """The whole retrieval report as markdown."""
    header = ["system", "n", *METRIC_NAMES]
    answerable = len({r.question.id for r in ev.results})
    gold = repo_relative(ev.gold_path)
    parts = [
        "# Retrieval evaluation",
        "",
        "Produced by `policyqa eval retrieval` (do not edit by hand). Reproduce:",
        "",
        "```sh",
        ".venv/bin/policyqa ingest            # clauses + index under data/",
        f"HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 .venv/bin/policyqa eval retrieval --gold {gold} --out {repo_relative(report_dir)}",
        "```",
        "",
        (
            f"Gold set: `{gold}`, {ev.n_questions} questions, {answerable} answerable (scored here), "
            f"{ev.n_questions - answerable} unanswerable (scored by the answer evaluation). {ev.settings_note}."
        ),
        "",
        "## Overall",
        "",
        markdown_table(header, system_rows(ev, "all")),
        "",
        f"![retrieval metrics]({plot_name})",
        "",
        "## Per persona",
    ]
    for persona in PERSONAS:
        parts += ["", f"### {persona}", "", markdown_table(header, system_rows(ev, persona))]
    parts += ["", "## Latency (hybrid search, warm process)", ""]
    if ev.latency:
        s = ev.latency.summary()
        parts += [
            markdown_table(
                ["measure", "p50 ms", "p95 ms"],
                [
                    [
                        "`Retriever.search` on a repeated question (query vector cached)",
                        f"{s['search_p50']:.1f}",
                        f"{s['search_p95']:.1f}",
                    ],
                    ["embed + search (a new question)", f"{s['total_p50']:.1f}", f"{s['total_p95']:.1f}"],
                ],
            ),
            "",
            (
                f"Timed over a second pass of all {len(ev.latency.search_ms)} gold questions after a warm-up pass, "
                "`time.perf_counter`, 2-core machine, one embedding thread. The retriever caches query vectors, "
                "so the second pass of `search` skips the embedding; the second row adds the measured time "
                f"to embed each question (mean {s['embed_mean']:.1f} ms) to show what a question not seen before costs."
            ),
        ]
    else:
        parts.append("not measured in this run")
    fails = failing_questions(ev)
    parts += [
        "",
        "## Hybrid misses",
        "",
        (
            f"{len(fails)} answerable questions where hybrid search misses a gold clause in the top 5 "
            "(capped recall < 1) or does not rank a gold clause first."
        ),
        "",
        markdown_table(["id", "question", "gold", "gold ranks", "top 3 returned"], fails)
        if fails
        else "none",
        "",
        "## Definitions",
        "",
        (
            "- **R@k** (recall): gold clauses in the top k / min(number of gold clauses, k). Many questions have "
            "several gold clauses (a notice, the national rule it follows, a Q&A repeating it); the cap means one "
            "right clause at rank 1 scores R@1 = 1."
        ),
        (
            "- **gold**: the first-pass gold clauses of `eval/gold.jsonl` plus `pooled_clause_ids`: clauses that "
            "any system (dense, BM25, hybrid top 5, or a cited answer) returned and a second assessor, who saw "
            "the question and the clause but not which system returned it, judged to answer the question "
            "(pooled judgments, as in TREC). A second round judged every clause a later system put in its top 5 "
            "or cited that no one had judged: two blind assessors each, relevant only when both agree; every "
            "verdict is in `eval/pooled_judgments.jsonl`. Pooling judges what the pooled systems return, so it "
            "favours them; the row *scored on first-pass gold only* leaves the pooled clauses out."
        ),
        "- **Hit@5**: share of questions with at least one gold clause in the top 5.",
        "- **MRR**: mean of 1 / rank of the first gold clause within the top 10 (0 when none).",
        "- **nDCG@10**: binary gain, ideal = all gold clauses (up to 10) at the top.",
        (
            f"- **baseline**: langchain `RecursiveCharacterTextSplitter` (600 characters, 100 overlap, Chinese "
            f"separators) over each corpus file's cleaned text ({ev.n_chunks} chunks), same embedder, cosine top 10. "
            "A chunk counts for a gold clause when, whitespace removed, it contains the clause's first 40 characters "
            "(for a clause under 40 characters: a contiguous run of ≥60% of them). A chunk can count for several "
            "gold clauses."
        ),
        "",
    ]
    return "\n".join(parts)


def plot_retrieval(ev: RetrievalEval, path: Path) -> None:
    """Grouped bars: overall metrics per system, and hybrid vs baseline R@5 per persona (ASCII labels)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    systems = ev.systems()
    colours = {BASELINE: "tab:red", "dense": "tab:blue", "bm25": "tab:orange", "hybrid": "tab:green"}
    metrics = ["R@1", "R@5", "R@10", "MRR", "nDCG@10"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5), gridspec_kw={"width_ratios": [3, 2]})
    width = 0.8 / max(1, len(systems))
    x = np.arange(len(metrics))
    for i, system in enumerate(systems):
        overall = ev.table(system).get("all", {})
        left.bar(
            x + i * width,
            [overall.get(m, 0.0) for m in metrics],
            width,
            label=system,
            color=colours.get(system),
        )
    left.set_xticks(x + width * (len(systems) - 1) / 2, metrics)
    left.set_ylim(0, 1.05)
    left.set_title("All answerable questions")
    left.legend(loc="lower right", fontsize=8)
    groups = [*PERSONAS, "all"]
    x2 = np.arange(len(groups))
    shown = systems
    width2 = 0.8 / max(1, len(shown))
    for i, system in enumerate(shown):
        table = ev.table(system)
        values = [table.get(g, {}).get("R@5", 0.0) for g in groups]
        right.bar(x2 + i * width2, values, width2, label=system, color=colours.get(system))
    right.set_xticks(x2 + width2 * (len(shown) - 1) / 2, groups)
    right.set_ylim(0, 1.05)
    right.set_title("Recall@5 by persona")
    right.axhline(0.9, color="grey", linestyle="--", linewidth=0.8)
    right.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_section(report_dir: Path, name: str, markdown: str) -> Path:
    """Write ``<name>.md`` and refresh the README index of sections; returns the markdown path."""
    report_dir.mkdir(parents=True, exist_ok=True)
    path = report_dir / f"{name}.md"
    path.write_text(markdown, encoding="utf-8")
    sections = sorted(p.stem for p in report_dir.glob("*.md") if p.name != "README.md")
    index = ["# Evaluation reports", "", "Written by `policyqa eval …`; one file per section.", ""]
    index += [f"- [{_SECTION_TITLES.get(s, s)}]({s}.md)" for s in sections]
    (report_dir / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    return path


def write_retrieval_report(ev: RetrievalEval, report_dir: Path = REPORT_DIR) -> Path:
    """The retrieval section: markdown and its plot."""
    plot_retrieval(ev, report_dir / "retrieval.png")
    return write_section(report_dir, "retrieval", retrieval_markdown(ev, report_dir))


def overall_rows(ev: RetrievalEval) -> Mapping[str, Mapping[str, float]]:
    """``{system: overall scores}``, for printing at the terminal."""
    return {system: ev.table(system).get("all", {}) for system in ev.systems()}
