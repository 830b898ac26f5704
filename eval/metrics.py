"""Ranking metrics for the gold set: Recall@k, hit rate, reciprocal rank and nDCG@k (pure functions).

A ranking is given as *match sets*: for each returned item, the set of gold clause ids it satisfies.
For clause retrieval that is ``{clause_id} & gold``; for the chunk baseline a chunk may satisfy several
gold clauses at once. Recall@k is capped: found / min(|gold|, k), so a question with six gold clauses
can still reach Recall@1 = 1 when the first result is one of them.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence

MatchSets = Sequence[frozenset[str]]


def match_sets(ranked_ids: Sequence[str], gold: Collection[str]) -> list[frozenset[str]]:
    """For clause ids in rank order: which gold id each one is (empty set when it is not gold)."""
    wanted = set(gold)
    return [frozenset({cid}) if cid in wanted else frozenset() for cid in ranked_ids]


def recall_at_k(matches: MatchSets, n_gold: int, k: int) -> float:
    """Share of the gold clauses found in the top ``k``, capped at ``min(n_gold, k)``."""
    if n_gold <= 0 or k <= 0:
        return 0.0
    found: set[str] = set().union(*matches[:k]) if matches[:k] else set()
    return min(1.0, len(found) / min(n_gold, k))


def hit_at_k(matches: MatchSets, k: int) -> float:
    """1.0 when any of the top ``k`` results satisfies a gold clause."""
    return 1.0 if any(matches[:k]) else 0.0


def reciprocal_rank(matches: MatchSets, k: int | None = None) -> float:
    """1 / rank of the first result that satisfies a gold clause (0.0 if none within ``k``)."""
    for rank, found in enumerate(matches[:k] if k else matches, start=1):
        if found:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(matches: MatchSets, n_gold: int, k: int) -> float:
    """Binary-gain nDCG: a result gains 1 when it satisfies a gold clause not satisfied earlier."""
    if n_gold <= 0 or k <= 0:
        return 0.0
    seen: set[str] = set()
    dcg = 0.0
    for rank, found in enumerate(matches[:k], start=1):
        if found - seen:
            dcg += 1.0 / math.log2(rank + 1)
        seen |= found
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(n_gold, k) + 1))
    return dcg / ideal


METRIC_NAMES = ("R@1", "R@5", "R@10", "Hit@5", "MRR", "nDCG@10")


def score_question(matches: MatchSets, n_gold: int) -> dict[str, float]:
    """Every metric of the report for one answerable question (MRR is cut at rank 10)."""
    return {
        "R@1": recall_at_k(matches, n_gold, 1),
        "R@5": recall_at_k(matches, n_gold, 5),
        "R@10": recall_at_k(matches, n_gold, 10),
        "Hit@5": hit_at_k(matches, 5),
        "MRR": reciprocal_rank(matches, 10),
        "nDCG@10": ndcg_at_k(matches, n_gold, 10),
    }


def mean_scores(rows: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """Column means over questions (an empty input gives an empty dict)."""
    rows = list(rows)
    if not rows:
        return {}
    return {name: sum(r[name] for r in rows) / len(rows) for name in rows[0]}
