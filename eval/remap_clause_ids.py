"""Map clause ids of an earlier ingest to today's by text, for judgment files that keep ids without quotes.

Ingestion that splits or renames documents changes clause ids. ``remap_clause_ids`` finds, for each old
clause, the clause of today's ingest that holds its text: the same text (its id if unchanged), else the
one clause that contains it, else the clause of the same file and lines that holds most of its paragraphs.

    python -m eval.remap_clause_ids OLD/clauses.jsonl [data/clauses.jsonl] [eval/pooled_judgments.jsonl]

rewrites the judgment file's ``clause_id`` fields in place and prints how each id was found.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from eval.gold import squash
from ingest.models import Clause
from store.index import read_clauses


def remap_clause_ids(old: Sequence[Clause], new: Sequence[Clause]) -> dict[str, tuple[str, str]]:
    """old clause id -> (today's clause id, how it was found: same / contains / overlap)."""
    by_id = {c.clause_id: c for c in new}
    squashed = {c.clause_id: squash(c.text) for c in new}
    mapping: dict[str, tuple[str, str]] = {}
    for clause in old:
        text = squash(clause.text)
        same = by_id.get(clause.clause_id)
        if same is not None and squashed[same.clause_id] == text:
            mapping[clause.clause_id] = (same.clause_id, "same")
            continue
        holders = [c for c in new if text in squashed[c.clause_id]]
        if len(holders) > 1:
            holders = [c for c in holders if c.source.file == clause.source.file] or holders
        if len(holders) == 1:
            mapping[clause.clause_id] = (holders[0].clause_id, "contains")
            continue
        paragraphs = [squash(p) for p in clause.text.split("\n") if squash(p)]
        nearby = [
            c
            for c in new
            if c.source.file == clause.source.file
            and c.source.line_start <= clause.source.line_end
            and clause.source.line_start <= c.source.line_end
        ]
        scored = [(sum(len(p) for p in paragraphs if p in squashed[c.clause_id]), c.clause_id) for c in nearby]
        if scored and max(scored)[0] > 0:
            mapping[clause.clause_id] = (max(scored)[1], "overlap")
    return mapping


def main(argv: list[str]) -> int:
    old_path = Path(argv[0])
    new_path = Path(argv[1]) if len(argv) > 1 else Path("data/clauses.jsonl")
    judgments = Path(argv[2]) if len(argv) > 2 else Path(__file__).with_name("pooled_judgments.jsonl")
    mapping = remap_clause_ids(read_clauses(old_path), read_clauses(new_path))
    rows = [json.loads(line) for line in judgments.read_text(encoding="utf-8").splitlines() if line.strip()]
    how: Counter[str] = Counter()
    for row in rows:
        found = mapping.get(row["clause_id"])
        if found is None:
            how["not found: kept"] += 1
            continue
        row["clause_id"], method = found
        how[method] += 1
    judgments.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    print(f"{judgments}: {len(rows)} judgments; " + ", ".join(f"{k} {v}" for k, v in sorted(how.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
