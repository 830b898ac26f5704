"""``policyqa eval answers``: every question set through the assistant, scored the same way, in one table.

Per set: how often a right clause is cited (any citation, and the lead one), false refusals, unanswerable
questions handled, answer-point coverage, citation precision, quotes verbatim (checked by code), and the
stability of the lead citation across paraphrases. The in-sample set (gold) and the sealed one sit side by
side, and the gap between them is a figure of its own.

A sealed set is scored only as figures: its questions are never listed, and every run that scores one
is recorded in ``eval/reports/sealed_scorings.jsonl``.
"""

from __future__ import annotations

import json
import math
import re
import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from answer.models import AskResponse
from answer.notes import LOW_CONFIDENCE
from eval.gold import QUESTION_SETS, GoldQuestion, clause_records, load_set, resolve_questions, squash
from eval.report import REPORT_DIR, markdown_table, write_section
from eval.retrieval import Latency

PARAPHRASES_PATH = Path(__file__).parent / "blind" / "paraphrases.jsonl"
SEALED_LOG = "sealed_scorings.jsonl"
# how the assistant says the documents lack something: a refusal, a missing place / 文号 / part, an unstated fact
_STATES_MISSING = re.compile(r"现有文件中没有|现有文件只|现有文件中的通知只|未载明|没有找到直接回答")

Ask = Callable[[str], AskResponse]


@dataclass(frozen=True)
class Scored:
    """One question's answer and what it got right."""

    question: GoldQuestion
    response: AskResponse
    cites_right: bool  # some citation names a relevant clause (or quotes one verbatim)
    lead_right: bool  # the first citation does
    correct_citations: int
    verbatim_quotes: int
    point_coverage: float

    @property
    def handled_unanswerable(self) -> bool:
        """Refused, or, for a question naming what the corpus lacks or asking a fact it does not state,
        answered with the explicit statement of what the documents do not say."""
        if self.response.abstained:
            return True
        kind = self.question.unanswerable_kind
        return kind in ("entity", "fact") and bool(_STATES_MISSING.search(self.response.answer))


def correct_citation(quote: str, clause_id: str, relevant: Sequence[str], texts: Mapping[str, str]) -> bool:
    """A citation of a relevant clause, or of another notice printing the same words verbatim."""
    if clause_id in relevant:
        return True
    said = squash(quote)
    return bool(said) and any(said in squash(texts.get(c, "")) for c in relevant)


def score(question: GoldQuestion, response: AskResponse, texts: Mapping[str, str]) -> Scored:
    relevant = question.relevant_ids
    right = [correct_citation(c.quote, c.clause_id, relevant, texts) for c in response.citations]
    answer = squash(response.answer)
    points = question.answer_points
    coverage = 0.0 if response.abstained else (sum(squash(p) in answer for p in points) / len(points) if points else 1.0)
    verbatim = sum(1 for c in response.citations if c.quote and c.quote in texts.get(c.clause_id, ""))
    return Scored(question, response, any(right), bool(right and right[0]), sum(right), verbatim, coverage)


@dataclass
class SetResult:
    name: str
    rows: list[Scored]
    unresolved_anchors: int
    ask_ms: list[float] = field(default_factory=list)
    stability: dict[str, float] = field(default_factory=dict)

    @property
    def sealed(self) -> bool:
        return QUESTION_SETS[self.name].sealed

    def figures(self) -> dict[str, float]:
        answerable = [r for r in self.rows if r.question.answerable]
        unanswerable = [r for r in self.rows if not r.question.answerable]
        citations = sum(len(r.response.citations) for r in answerable)
        all_citations = sum(len(r.response.citations) for r in self.rows)

        def share(rows: Sequence[Scored], test: Callable[[Scored], bool]) -> float:
            return sum(map(test, rows)) / len(rows) if rows else float("nan")

        out = {
            "questions": float(len(self.rows)),
            "answerable": float(len(answerable)),
            "unanswerable": float(len(unanswerable)),
            "right clause cited": share(answerable, lambda r: r.cites_right),
            "lead citation right": share(answerable, lambda r: r.lead_right),
            "false refusals": share(answerable, lambda r: r.response.abstained),
            "unanswerable handled": share(unanswerable, lambda r: r.handled_unanswerable),
            "answer-point coverage": statistics.fmean(r.point_coverage for r in answerable) if answerable else float("nan"),
            "citation precision": sum(r.correct_citations for r in answerable) / citations if citations else float("nan"),
            "quotes verbatim": sum(r.verbatim_quotes for r in self.rows) / all_citations if all_citations else 1.0,
        }
        for kind in ("entity", "topic", "fact"):
            rows = [r for r in unanswerable if r.question.unanswerable_kind == kind]
            out[f"handled: {kind}"] = share(rows, lambda r: r.handled_unanswerable)
        answered = [r for r in answerable if not r.response.abstained]
        off_topic = [r for r in unanswerable if r.question.unanswerable_kind == "topic" and not r.response.abstained]
        out["low-confidence note: answerable answered"] = share(answered, lambda r: LOW_CONFIDENCE in r.response.notes)
        out["low-confidence note: off-topic answered"] = share(off_topic, lambda r: LOW_CONFIDENCE in r.response.notes)
        out.update(self.stability)
        if self.ask_ms:
            out["ask p50 ms"] = Latency.percentile(self.ask_ms, 50)
            out["ask p95 ms"] = Latency.percentile(self.ask_ms, 95)
        return out


def paraphrase_groups(path: Path = PARAPHRASES_PATH) -> list[dict[str, object]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def lead(response: AskResponse) -> tuple[str | None, str | None]:
    """The lead citation's clause and its words (two notices printing one rule count as the same rule)."""
    if response.abstained or not response.citations:
        return None, None
    first = response.citations[0]
    return first.clause_id, squash(first.quote)


def stability(ask: Ask, groups: Sequence[Mapping[str, object]]) -> dict[str, float]:
    """Share of paraphrase groups whose original and every paraphrase lead with the same clause (and,
    leniently, with the same rule: the same clause or the same quoted words)."""
    if not groups:
        return {}
    same_clause = same_rule = 0
    for group in groups:
        questions = [str(group["original"]), *map(str, group["paraphrases"])]  # type: ignore[arg-type]
        leads = [lead(ask(q)) for q in questions]
        clauses = {c for c, _ in leads}
        same_clause += len(clauses) == 1 and None not in clauses
        words = {w for _, w in leads}
        same_rule += (len(clauses) == 1 or len(words) == 1) and None not in clauses
    return {
        "paraphrase stability": same_clause / len(groups),
        "paraphrase stability (same rule)": same_rule / len(groups),
        "paraphrase groups": float(len(groups)),
    }


def evaluate_set(
    name: str,
    ask: Ask,
    clauses: Sequence[object],
    groups: Sequence[Mapping[str, object]] = (),
    timed: bool = True,
) -> SetResult:
    """Resolve the set's evidence against the live clauses, answer every question, score it."""
    resolution = resolve_questions(load_set(name), clause_records(clauses))
    texts = {c.clause_id: c.text for c in clauses}  # type: ignore[attr-defined]
    rows = [score(q, ask(q.question), texts) for q in resolution.questions]
    timings: list[float] = []
    if timed:  # second pass: what a user of a warm service waits for a question asked before
        for q in resolution.questions:
            started = time.perf_counter()
            ask(q.question)
            timings.append((time.perf_counter() - started) * 1000)
    own = [g for g in groups if g.get("set") == name]
    return SetResult(name, rows, len(resolution.unresolved), timings, stability(ask, own))


@dataclass
class AnswerEval:
    sets: list[SetResult]
    commit: str = ""

    def by_name(self) -> dict[str, SetResult]:
        return {s.name: s for s in self.sets}


HEADLINE = (
    "right clause cited",
    "lead citation right",
    "false refusals",
    "unanswerable handled",
    "handled: entity",
    "handled: topic",
    "handled: fact",
    "low-confidence note: answerable answered",
    "low-confidence note: off-topic answered",
    "answer-point coverage",
    "citation precision",
    "quotes verbatim",
    "paraphrase stability",
    "paraphrase stability (same rule)",
    "ask p50 ms",
    "ask p95 ms",
)
LOWER_IS_BETTER = {"false refusals", "ask p50 ms", "ask p95 ms"}


def _fmt(value: float | None, metric: str) -> str:
    if value is None or math.isnan(value):  # the set has no such question
        return "–"
    return f"{value:.0f}" if metric.endswith(" ms") else f"{value:.3f}"


def summary_table(ev: AnswerEval) -> str:
    """One table: metrics as rows, sets as columns, then the in-sample minus sealed gap."""
    sets = ev.sets
    figures = {s.name: s.figures() for s in sets}
    names = [s.name for s in sets]
    header = ["metric", *[f"{n} ({int(figures[n]['questions'])})" for n in names]]
    pairs = [("gold", "sealed"), ("statutes-gold", "statutes-sealed")]
    gaps = [(a, b) for a, b in pairs if a in figures and b in figures]
    header += [f"gap {a} − {b}" for a, b in gaps]
    rows = []
    for metric in HEADLINE:
        if not any(metric in f for f in figures.values()):
            continue
        row = [metric, *[_fmt(figures[n].get(metric), metric) for n in names]]
        for a, b in gaps:
            x, y = figures[a].get(metric), figures[b].get(metric)
            row.append(_fmt(x - y, metric) if x is not None and y is not None else "–")
        rows.append(row)
    return markdown_table(header, rows)


def wrong_questions(result: SetResult) -> list[str]:
    """The questions of an unsealed set the assistant got wrong, one line each."""
    lines = []
    for r in result.rows:
        q = r.question
        if q.answerable and r.response.abstained:
            what = "refused"
        elif q.answerable and not r.cites_right:
            what = "no right clause cited"
        elif q.answerable and not r.lead_right:
            what = "lead citation not a right clause"
        elif not q.answerable and not r.handled_unanswerable:
            what = f"unanswerable ({q.unanswerable_kind}) answered"
        else:
            continue
        lines.append(f"- `{q.id}` {q.question[:80]} — {what}")
    return lines


def answers_markdown(ev: AnswerEval) -> str:
    lines = [
        "# Answers",
        "",
        "Reproduce: `policyqa eval answers` (extractive answerer, no LLM; the index built by `policyqa ingest`).",
        f"Commit: `{ev.commit}`." if ev.commit else "",
        "",
        ("Sets: **gold** and **statutes-gold** are in-sample (the system was tuned on them); **heldout** (round one) "
        "and **dev** are blind but were read while tuning; **sealed** and **statutes-sealed** are blind and scored only "
        "as these figures. The gap columns are in-sample minus sealed."),
        "",
        ("- right clause cited: answerable questions whose answer cites a clause that answers them (or the same words "
        "printed in another notice); lead citation right: the first citation does."),
        "- false refusals: answerable questions refused outright (现有文件中没有找到相关规定).",
        ("- unanswerable handled: refused, or, for a question naming something the corpus lacks (entity) or asking a "
        "fact it refers to but does not state (fact), answered with the explicit statement of what the documents lack; "
        "a topic no document covers must be refused."),
        ("- low-confidence note: share of the answers given (answerable questions; off-topic ones the refusal let "
        "through) that open with 把握不大 (the calibrated confidence is below answer/tuning.py hedge_below)."),
        ("- answer-point coverage: share of a question's key phrases (verbatim) in the answer; citation precision: "
        "share of citations on answerable questions that are right; quotes verbatim: checked by code against the "
        "stored clause."),
        ("- paraphrase stability: groups (an original and 4 paraphrases by a helper) whose five answers lead with the same "
        "clause; (same rule): the same clause or the same quoted words in another notice."),
        "- ask latency: a warm process, the question asked a second time (`policyqa bench` measures new questions).",
        "",
        summary_table(ev),
        "",
        "![answers](answers.png)",
        "",
    ]
    for result in ev.sets:
        if result.unresolved_anchors:
            lines.append(f"- {result.name}: {result.unresolved_anchors} evidence anchors not found in this ingest.")
    lines += ["", "## Questions that go wrong (unsealed sets)", ""]
    for result in ev.sets:
        if result.sealed:
            continue
        wrong = wrong_questions(result)
        lines += [f"### {result.name} ({len(wrong)})", "", *wrong, ""]
    return "\n".join(lines) + "\n"


def plot_answers(ev: AnswerEval, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metrics = ["right clause cited", "lead citation right", "false refusals", "unanswerable handled", "paraphrase stability"]
    figures = {s.name: s.figures() for s in ev.sets}
    fig, ax = plt.subplots(figsize=(11, 4.2))
    width = 0.8 / len(ev.sets)
    for i, name in enumerate(figures):
        values = [figures[name].get(m, 0.0) for m in metrics]
        values = [0.0 if math.isnan(v) else v for v in values]
        ax.bar([x + i * width for x in range(len(metrics))], values, width, label=name)
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(metrics))], metrics, fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.axhline(0.85, color="grey", linestyle="--", linewidth=0.8)
    ax.legend(fontsize=7, ncol=4)
    ax.set_title("Extractive answers by question set")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
        return out.stdout.strip()
    except OSError:
        return ""


def record_sealed_scoring(ev: AnswerEval, report_dir: Path) -> None:
    """Append the sealed figures of this run to the log the closing note counts."""
    sealed = [s for s in ev.sets if s.sealed]
    if not sealed:
        return
    report_dir.mkdir(parents=True, exist_ok=True)
    entry = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": ev.commit,
        "figures": {s.name: {k: round(v, 4) for k, v in s.figures().items() if not math.isnan(v)} for s in sealed},
    }
    with (report_dir / SEALED_LOG).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")


def run_answer_eval(ask: Ask, clauses: Sequence[object], set_names: Sequence[str], timed: bool = True) -> AnswerEval:
    groups = paraphrase_groups()
    results = [evaluate_set(name, ask, clauses, groups, timed) for name in set_names]
    return AnswerEval(results, git_commit())


def write_answers_report(ev: AnswerEval, report_dir: Path = REPORT_DIR) -> Path:
    record_sealed_scoring(ev, report_dir)
    plot_answers(ev, report_dir / "answers.png")
    return write_section(report_dir, "answers", answers_markdown(ev))
