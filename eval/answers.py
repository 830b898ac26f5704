"""``policyqa eval answers``: answer-point coverage, citation precision, verbatim quotes, abstention
accuracy (both ways) per persona, the calibration of the abstention threshold, and ask latency.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from answer.models import AskResponse
from assistant.answer import ExtractiveAnswerer
from assistant.relevance import RelevanceTest
from eval.gold import PERSONAS, GoldQuestion, load_gold
from eval.report import REPORT_DIR, markdown_table, write_section
from eval.retrieval import Latency
from serve.service import PolicyAssistant

THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


@dataclass
class AnswerRow:
    question: GoldQuestion
    response: AskResponse
    point_coverage: float
    correct_citations: int
    verbatim_quotes: int
    correct_first_pass: int = 0  # against the first-pass gold alone, without the pooled judgments


@dataclass
class AnswerEval:
    rows: list[AnswerRow]
    ask_ms: list[float]
    calibration: list[tuple[float, int, int]]  # threshold, false answers, false abstentions
    cross_validated: dict[str, float] = field(default_factory=dict)

    def table(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for persona in (*PERSONAS, "all"):
            rows = [r for r in self.rows if persona == "all" or r.question.persona == persona]
            answerable = [r for r in rows if r.question.answerable]
            unanswerable = [r for r in rows if not r.question.answerable]
            cited = [r for r in answerable if r.response.citations]
            n_cit = sum(len(r.response.citations) for r in cited)
            all_cit = sum(len(r.response.citations) for r in rows)
            out[persona] = {
                "questions": len(rows),
                "point_coverage": statistics.fmean(r.point_coverage for r in answerable)
                if answerable
                else 0.0,
                "citation_precision": sum(r.correct_citations for r in cited) / n_cit if n_cit else 0.0,
                "verbatim_quotes": sum(r.verbatim_quotes for r in rows) / all_cit if all_cit else 1.0,
                "abstained_when_unanswerable": (
                    sum(r.response.abstained for r in unanswerable) / len(unanswerable)
                    if unanswerable
                    else 1.0
                ),
                "false_abstentions": sum(r.response.abstained for r in answerable) / len(answerable)
                if answerable
                else 0.0,
            }
        return out


def correct_citations(response: AskResponse, relevant: Sequence[str], clause_text: dict[str, str]) -> int:
    """Citations that point to a relevant clause, or whose quote is verbatim in one (a copy elsewhere)."""
    texts = [_squash(clause_text.get(cid, "")) for cid in relevant]
    return sum(
        1 for c in response.citations if c.clause_id in relevant or any(_squash(c.quote) in t for t in texts if t)
    )


def _score(question: GoldQuestion, response: AskResponse, clause_text: dict[str, str]) -> AnswerRow:
    answer = _squash(response.answer)
    points = question.answer_points
    coverage = (
        0.0
        if response.abstained
        else (sum(1 for p in points if _squash(p) in answer) / len(points) if points else 1.0)
    )
    correct = correct_citations(response, question.relevant_ids, clause_text)
    verbatim = sum(1 for c in response.citations if c.quote and c.quote in clause_text.get(c.clause_id, ""))
    first_pass = correct_citations(response, question.gold_clause_ids, clause_text)
    return AnswerRow(question, response, coverage, correct, verbatim, first_pass)


def calibrate(assistant: PolicyAssistant, gold: Sequence[GoldQuestion]) -> list[tuple[float, int, int]]:
    """False answers and false abstentions of the relevance test at each threshold."""
    prepared = [(q, assistant.answerer.prepare(q.question)) for q in gold]
    table = []
    for threshold in THRESHOLDS:
        test = ExtractiveAnswerer(
            RelevanceTest(min_coverage=threshold), weight=assistant.answerer.stats.weight
        )

        def answers(p, test: ExtractiveAnswerer = test) -> bool:
            return not p.out_of_scope and bool(test.supported(p.hits, p.concepts, p.names_clause))

        false_answers = sum(1 for q, p in prepared if not q.answerable and answers(p))
        false_abstentions = sum(1 for q, p in prepared if q.answerable and not answers(p))
        table.append((threshold, false_answers, false_abstentions))
    return table


def _best_threshold(rows: Sequence[tuple[float, int, int]]) -> float:
    return min(rows, key=lambda r: (r[1] + r[2], -r[0]))[0]


def cross_validate(assistant: PolicyAssistant, gold: Sequence[GoldQuestion]) -> dict[str, float]:
    """Two folds by question order: calibrate on one half, measure on the other; honest numbers."""
    folds = [list(gold[0::2]), list(gold[1::2])]
    false_answers = false_abstentions = 0
    for train, test in ((folds[0], folds[1]), (folds[1], folds[0])):
        threshold = _best_threshold(calibrate(assistant, train))
        row = next(r for r in calibrate(assistant, test) if r[0] == threshold)
        false_answers += row[1]
        false_abstentions += row[2]
    unanswerable = sum(1 for q in gold if not q.answerable)
    answerable = len(gold) - unanswerable
    return {
        "abstained_when_unanswerable": 1 - false_answers / unanswerable if unanswerable else 1.0,
        "false_abstentions": false_abstentions / answerable if answerable else 0.0,
    }


def run_answer_eval(assistant: PolicyAssistant, gold_path: Path | None = None) -> AnswerEval:
    gold = load_gold(gold_path) if gold_path else load_gold()
    clause_text = {c.clause_id: c.text for d in assistant.documents() for c in assistant.clauses_of(d.doc_id)}
    rows = [_score(q, assistant.ask(q.question), clause_text) for q in gold]
    timings = []
    for q in gold:  # second, warm pass: what a user of a running service waits
        started = time.perf_counter()
        assistant.ask(q.question)
        timings.append((time.perf_counter() - started) * 1000)
    return AnswerEval(rows, timings, calibrate(assistant, gold), cross_validate(assistant, gold))


def answers_markdown(ev: AnswerEval, threshold: float) -> str:
    table = ev.table()
    header = [
        "persona",
        "questions",
        "answer-point coverage",
        "citation precision",
        "quotes verbatim",
        "unanswerable abstained",
        "false abstentions",
    ]
    rows = [
        [
            p,
            str(int(t["questions"])),
            f"{t['point_coverage']:.3f}",
            f"{t['citation_precision']:.3f}",
            f"{t['verbatim_quotes']:.3f}",
            f"{t['abstained_when_unanswerable']:.3f}",
            f"{t['false_abstentions']:.3f}",
        ]
        for p, t in table.items()
    ]
    calibration = [[f"{t:.2f}", str(fa), str(fab)] for t, fa, fab in ev.calibration]
    cited = [r for r in ev.rows if r.question.answerable]
    n_citations = sum(len(r.response.citations) for r in cited)
    first_pass = sum(r.correct_first_pass for r in cited) / n_citations if n_citations else 0.0
    lines = [
        "# Answers",
        "",
        "Reproduce: `policyqa eval answers` (extractive answerer, no LLM; the index built by `policyqa ingest`).",
        "",
        ("- answer-point coverage: share of a gold answer's key facts (verbatim strings) found in the answer; "
        "an abstention on an answerable question scores 0."),
        ("- citation precision: share of citations (on answerable questions) that point to a gold clause or whose "
        "quote is verbatim in a gold clause. Gold = the first-pass gold clauses plus the pooled judgments "
        "(see retrieval.md); against the first-pass gold alone it is "
        f"{first_pass:.3f}."),
        "- quotes verbatim: share of all quotes that are substrings of their stored clause (checked by code).",
        "",
        markdown_table(header, rows),
        "",
        "![answers](answers.png)",
        "",
        f"## Abstention calibration (threshold in use: {threshold:.2f})",
        "",
        ("The relevance test: an answer needs one of the top 5 clauses to cover at least the threshold share "
        "of the question's concepts, each weighted by its IDF over the clauses (nouns, places and terms; framing "
        "words dropped; colloquial words mapped to the circulars' wording), unless the question is out of scope "
        "(a 文号, year or place the corpus does not have). Counts over the whole gold set:"),
        "",
        markdown_table(
            ["threshold", "false answers (unanswerable answered)", "false abstentions"], calibration
        ),
        "",
        ("Two-fold cross-validation (calibrate on half the questions, measure on the other half): "
        f"unanswerable abstained {ev.cross_validated.get('abstained_when_unanswerable', 0):.3f}, "
        f"false abstentions {ev.cross_validated.get('false_abstentions', 0):.3f}."),
        "",
        "## Latency of `ask` (warm process, extractive)",
        "",
        (f"p50 {Latency.percentile(ev.ask_ms, 50):.1f} ms, p95 {Latency.percentile(ev.ask_ms, 95):.1f} ms over {len(ev.ask_ms)} "
        "questions (time.perf_counter around `PolicyAssistant.ask`, second pass)."),
        "",
        "## Questions that go wrong",
        "",
    ]
    for r in ev.rows:
        wrong_abstention = r.response.abstained == r.question.answerable
        if wrong_abstention or (r.question.answerable and r.point_coverage < 1.0):
            what = "abstained" if r.response.abstained else f"coverage {r.point_coverage:.2f}"
            lines.append(f"- `{r.question.id}` {r.question.question} — {what}")
    return "\n".join(lines) + "\n"


def plot_answers(ev: AnswerEval, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = ev.table()
    metrics = ["point_coverage", "citation_precision", "abstained_when_unanswerable", "false_abstentions"]
    personas = list(table)
    fig, ax = plt.subplots(figsize=(9, 4))
    width = 0.2
    for i, metric in enumerate(metrics):
        ax.bar(
            [x + i * width for x in range(len(personas))],
            [table[p][metric] for p in personas],
            width,
            label=metric,
        )
    ax.set_xticks([x + 1.5 * width for x in range(len(personas))], personas)
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=8)
    ax.set_title("Extractive answers on the gold set")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_answers_report(ev: AnswerEval, threshold: float, report_dir: Path = REPORT_DIR) -> Path:
    plot_answers(ev, report_dir / "answers.png")
    return write_section(report_dir, "answers", answers_markdown(ev, threshold))
