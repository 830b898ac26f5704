"""The statute citation report: every citation of a statute found in the corpus (``data/references.jsonl``),
resolved or not, with the resolution rate of the citations of statutes the corpus holds.

A citation counts as "of a statute in the corpus" when its law was found among corpus/statutes/ (resolved,
or an article beyond that law's end); a law the corpus lacks is listed with its name so a reader can check
that none of them is in fact there. Names of corpus statutes that were not read as citations are listed too
(劳动法律法规 is not 劳动法), so what the finder skipped is visible as well as what it found.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.report import markdown_table
from ingest.models import Clause, Document, Reference, ReferenceStatus

REPORT_NAME = "references.md"
_STATUS_ZH = {
    ReferenceStatus.RESOLVED: "已解析",
    ReferenceStatus.LAW_NOT_IN_CORPUS: "法律法规不在语料中",
    ReferenceStatus.NO_SUCH_ARTICLE: "条文超出该法条数",
}


@dataclass(frozen=True)
class ReferenceSummary:
    """Counts for one group of citations."""

    total: int
    resolved: int
    law_not_in_corpus: int
    no_such_article: int

    @property
    def of_corpus_statutes(self) -> int:
        return self.resolved + self.no_such_article

    @property
    def resolution_rate(self) -> float:
        """Resolved share of the citations of statutes the corpus holds (1.0 when there are none)."""
        return self.resolved / self.of_corpus_statutes if self.of_corpus_statutes else 1.0


def summarise(references: Sequence[Reference]) -> ReferenceSummary:
    count = Counter(r.status for r in references)
    return ReferenceSummary(
        len(references),
        count[ReferenceStatus.RESOLVED],
        count[ReferenceStatus.LAW_NOT_IN_CORPUS],
        count[ReferenceStatus.NO_SUCH_ARTICLE],
    )


def groups(references: Sequence[Reference], documents: Sequence[Document]) -> dict[str, list[Reference]]:
    """The citations by who cites and what: circulars' article citations (the acceptance figure), circulars'
    citations of a whole law, statutes citing other statutes, statutes citing their own articles."""
    is_statute = {d.doc_id: d.doc_type.is_statute for d in documents}
    out: dict[str, list[Reference]] = {
        "circulars → statute article": [],
        "circulars → whole statute": [],
        "statutes → other statute": [],
        "statutes → own article": [],
    }
    for ref in references:
        if not is_statute.get(ref.source_doc_id):
            out["circulars → statute article" if ref.article else "circulars → whole statute"].append(ref)
        elif ref.is_internal:
            out["statutes → own article"].append(ref)
        else:
            out["statutes → other statute"].append(ref)
    return out


def unread_names(clauses: Sequence[Clause], documents: Sequence[Document], references: Sequence[Reference]) -> list[tuple[str, str]]:
    """(clause id, context) for every occurrence of a corpus statute's name in a circular that no citation covers."""
    names = sorted({a for d in documents if d.doc_type.is_statute for a in d.aliases}, key=len, reverse=True)
    if not names:
        return []
    pattern = re.compile("|".join(re.escape(n) for n in names))
    circulars = {d.doc_id for d in documents if not d.doc_type.is_statute}
    spans: dict[str, list[tuple[int, int]]] = {}
    for ref in references:
        spans.setdefault(ref.source_clause_id, []).append((ref.start, ref.end))
    out: list[tuple[str, str]] = []
    for clause in clauses:
        if clause.doc_id not in circulars:
            continue
        for match in pattern.finditer(clause.text):
            if any(s <= match.start() < e for s, e in spans.get(clause.clause_id, [])):
                continue
            context = clause.text[max(0, match.start() - 12) : match.end() + 12].replace("\n", " ")
            out.append((clause.clause_id, context))
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_references_report(
    documents: Sequence[Document], clauses: Sequence[Clause], references: Sequence[Reference]
) -> str:
    texts = {c.clause_id: c.text for c in clauses}
    grouped = groups(references, documents)
    lines = [
        "# Statute citations",
        "",
        "Every citation of a statute printed in the corpus, found at ingestion (`ingest/references.py`) and resolved",
        "to the version in force on the citing document's date, then to the article's clause. Reproduce with",
        "`policyqa ingest --no-index && policyqa eval references`.",
        "",
        "## Summary",
        "",
    ]
    rows = []
    for name, refs in grouped.items():
        s = summarise(refs)
        rows.append([
            name, str(s.total), str(s.resolved), str(s.law_not_in_corpus), str(s.no_such_article),
            f"{s.resolved}/{s.of_corpus_statutes} = {s.resolution_rate:.1%}",
        ])  # fmt: skip
    lines.append(markdown_table(
        ["citations", "all", "resolved", "law not in corpus", "article beyond the law's end",
         "resolved of the citations of corpus statutes"],
        rows,
    ))  # fmt: skip
    circular = grouped["circulars → statute article"] + grouped["circulars → whole statute"]
    s = summarise(circular)
    headline = (
        f"**The circulars' citations of statutes in corpus/statutes: {s.resolved} of {s.of_corpus_statutes} resolved "
        f"({s.resolution_rate:.1%}).** {s.law_not_in_corpus} cite a law the corpus does not hold (listed below)."
    )
    lines += [
        "",
        headline,
        "",
        "## Laws and rules cited that the corpus does not hold",
        "",
    ]
    missing = Counter(r.law for r in references if r.status is ReferenceStatus.LAW_NOT_IN_CORPUS)
    lines.append(markdown_table(["law as cited", "citations"], [[_cell(k), str(v)] for k, v in missing.most_common()]))
    lines += ["", "## Names of corpus statutes in circulars not read as citations", ""]
    unread = unread_names(clauses, documents, references)
    lines.append(
        markdown_table(["clause", "context"], [[_cell(c), _cell(t)] for c, t in unread]) if unread else "(none)"
    )
    for name, refs in grouped.items():
        lines += ["", f"## Every citation: {name} ({len(refs)})", ""]
        rows = []
        for r in refs:
            target = texts.get(r.target_clause_id or "", "")
            opening = target.split(" ", 1)[-1][:24] + "…" if target else ""
            rows.append([
                _cell(r.source_clause_id), _cell(r.printed), _cell(r.law), r.article or "（全文）", r.unit or "",
                _STATUS_ZH[r.status], _cell(r.target_clause_id or r.target_doc_id or ""), _cell(opening), _cell(r.note),
            ])  # fmt: skip
        lines.append(markdown_table(
            ["citing clause", "as printed", "law", "article", "款/项", "status", "resolved to", "article opens", "note"],
            rows,
        ) if rows else "(none)")  # fmt: skip
    return "\n".join(lines) + "\n"


def write_references_report(
    documents: Sequence[Document], clauses: Sequence[Clause], references: Sequence[Reference], out: Path
) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / REPORT_NAME
    path.write_text(render_references_report(documents, clauses, references), encoding="utf-8")
    return path
