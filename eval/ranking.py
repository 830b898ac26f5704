"""``policyqa eval fit-ranking``: fit the model that reorders the fused head (retrieval/ranking.py) on the sets that
may be tuned on, and show what it does on sets it was not fitted on.

Each question gives its first ``RANKING_DEPTH`` fused hits with their features; a hit is relevant when the set
judges it so (first-pass gold and pooled judgments, as the retrieval evaluation scores them). The model is a
pairwise logistic regression: each relevant hit against each of the first ``NEGATIVES_PER_POSITIVE`` unjudged hits
of its question, on standardised features, L2-regularised, by plain gradient descent (deterministic, so a test can
hold the shipped weights to today's fit). Two checks of what it does out of sample: each tuning set scored by a
model fitted on the others, and the held-out set (never fitted on) by the model fitted on all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from eval.gold import QUESTION_SETS, load_set
from eval.metrics import match_sets, score_question
from eval.report import markdown_table
from retrieval.ranking import RANK_FEATURES, RANKING_DEPTH, RankingWeights, named_first, ranking_score
from retrieval.retriever import Retriever

FIT_SETS = ("gold", "dev", "statutes-gold", "statutes-dev", "short-dev")
CHECK_SET = "heldout"
NEGATIVES_PER_POSITIVE = 20
L2 = 1.0
STEPS = 800
RATE = 0.5


@dataclass(frozen=True)
class Candidate:
    clause_id: str
    exact: bool  # named by 文号 / label: stays first whatever the model says
    features: tuple[float, ...]
    relevant: bool


@dataclass(frozen=True)
class RankingQuestion:
    set_name: str
    question_id: str
    relevant_ids: tuple[str, ...]
    candidates: tuple[Candidate, ...]  # in the fused order


def ranking_questions(retriever: Retriever, set_names: Sequence[str]) -> list[RankingQuestion]:
    """Each answerable question of the sets with its fused head and the features of each hit."""
    questions: list[RankingQuestion] = []
    for name in set_names:
        if QUESTION_SETS[name].sealed:
            raise ValueError(f"{name} is sealed: the ranking model is never fitted or checked on it")
        for q in load_set(name):
            if not q.answerable:
                continue
            relevant = set(q.relevant_ids)
            candidates = tuple(
                Candidate(hit.clause_id, hit.match == "exact", features, hit.clause_id in relevant)
                for hit, features in retriever.ranking_examples(q.question)
            )
            questions.append(RankingQuestion(name, q.id, q.relevant_ids, candidates))
    return questions


def fit_ranking(questions: Sequence[RankingQuestion]) -> RankingWeights:
    """The pairwise model's weights on the features' own scale."""
    rows = np.array([c.features for q in questions for c in q.candidates], dtype=np.float64)
    if not len(rows):
        raise ValueError("no candidates to fit on: is the index built (`policyqa ingest`)?")
    means, spreads = rows.mean(axis=0), rows.std(axis=0)
    spreads[spreads == 0] = 1.0
    differences: list[np.ndarray] = []
    for q in questions:
        features = (np.array([c.features for c in q.candidates], dtype=np.float64) - means) / spreads
        relevant = np.array([c.relevant for c in q.candidates], dtype=bool)
        positives, negatives = features[relevant], features[~relevant][:NEGATIVES_PER_POSITIVE]
        if len(positives) and len(negatives):
            # a question with many judged clauses weighs no more than one with a single one
            differences.extend((p - negatives) / len(positives) for p in positives)
    pairs = np.vstack(differences)
    weights = np.zeros(len(RANK_FEATURES))
    for _ in range(STEPS):
        margins = np.clip(pairs @ weights, -30, 30)
        gradient = -(pairs * (1 / (1 + np.exp(margins)))[:, None]).sum(axis=0) / len(pairs) + L2 * weights / len(pairs)
        weights -= RATE * gradient
    return RankingWeights(tuple(round(float(w), 4) for w in weights / spreads))


def ranked_ids(question: RankingQuestion, ranking: RankingWeights | None) -> list[str]:
    """The head as the product orders it: the fused order, or named clauses first and the rest by the model."""
    if ranking is None:
        return [c.clause_id for c in question.candidates]
    scored = [(c, ranking_score(c.features, ranking)) for c in question.candidates]
    return [c.clause_id for c, _ in named_first(scored, lambda pair: pair[0].exact)]


def figures(questions: Sequence[RankingQuestion], ranking: RankingWeights | None) -> dict[str, float]:
    """Mean R@1, R@5 and MRR (as `policyqa eval retrieval` scores them) over the questions."""
    scores = [
        score_question(match_sets(ranked_ids(q, ranking), q.relevant_ids), len(q.relevant_ids)) for q in questions
    ]
    return {name: float(np.mean([s[name] for s in scores])) if scores else 0.0 for name in ("R@1", "R@5", "MRR")}


def fit_report(retriever: Retriever) -> tuple[RankingWeights, str]:
    """The weights fitted on ``FIT_SETS``, and the report: each set before and after, out of sample."""
    tuning = ranking_questions(retriever, FIT_SETS)
    check = ranking_questions(retriever, (CHECK_SET,))
    fitted = fit_ranking(tuning)
    rows = []
    for name in FIT_SETS:
        inside = [q for q in tuning if q.set_name == name]
        without = fit_ranking([q for q in tuning if q.set_name != name])
        rows.append(_row(name, "the other sets", inside, without))
    rows.append(_row(CHECK_SET, f"all {len(FIT_SETS)} (never fitted on)", check, fitted))
    lines = [
        "# The fused head reordered by a fitted model",
        "",
        (
            f"Reproduce: `policyqa eval fit-ranking` (fits on {', '.join(FIT_SETS)}; {CHECK_SET} and the sealed sets "
            "never take part in a fit)."
        ),
        "",
        (
            f"Features: {', '.join(RANK_FEATURES)} (retrieval/ranking.py), over the first {RANKING_DEPTH} fused hits "
            f"of {len(tuning)} questions."
        ),
        "",
        f"Fitted weights: `{fitted.weights}`: they go into retrieval/ranking.py RankingWeights.",
        "",
        "Each set scored by a model it took no part in fitting (R@1 / R@5 / MRR; the fused order → the model's):",
        "",
        markdown_table(["set", "model fitted on", "questions", "R@1", "R@5", "MRR"], rows),
    ]
    return fitted, "\n".join(lines) + "\n"


def _row(name: str, fitted_on: str, questions: Sequence[RankingQuestion], ranking: RankingWeights) -> list[str]:
    before, after = figures(questions, None), figures(questions, ranking)
    return [name, fitted_on, str(len(questions))] + [f"{before[m]:.3f} → {after[m]:.3f}" for m in ("R@1", "R@5", "MRR")]
