"""eval/gold.jsonl stays true to the corpus: every gold clause id exists in a fresh ingest, and every
answer point is quoted verbatim from one of its gold clauses (so an ingestion change that renames a
clause, or alters its text, shows up here)."""

import json
from collections import Counter

import pytest

from eval.gold import GOLD_PATH, PERSONAS, GoldQuestion, check_gold, load_gold


@pytest.fixture(scope="module")
def gold() -> list[GoldQuestion]:
    return load_gold()


@pytest.fixture(scope="module")
def clause_texts(parsed_corpus) -> dict[str, str]:
    return {c.clause_id: c.text for c in parsed_corpus.clauses}


def test_every_gold_clause_exists_and_every_answer_point_is_verbatim(gold, clause_texts):
    assert check_gold(gold, clause_texts) == []


def test_gold_set_has_the_shape_the_evaluation_needs(gold):
    assert len(gold) >= 75
    personas = Counter(q.persona for q in gold)
    assert set(personas) == set(PERSONAS) and min(personas.values()) >= 20
    assert sum(not q.answerable for q in gold) >= 12
    assert sum(len(q.gold_clause_ids) > 1 for q in gold) >= 8
    assert sum("号" in q.question for q in gold if q.answerable) >= 10


def test_unanswerable_questions_have_no_gold_and_no_points(gold):
    for q in gold:
        if not q.answerable:
            assert q.gold_clause_ids == () and q.answer_points == (), q.id


def test_check_gold_reports_a_missing_clause_and_a_paraphrased_point():
    q = GoldQuestion("x-01", "employee", "问", ("doc#一、",), True, ("按出勤照发",))
    problems = check_gold([q], {"doc#一、": "期间的工资待遇由职工所属企业按出勤照发。"})
    assert problems == []
    q2 = GoldQuestion("x-02", "employee", "问", ("doc#二、",), True, ("工资照常发",))
    problems = check_gold([q2], {"doc#一、": "按出勤照发"})
    assert any("not in the corpus" in p for p in problems)
    assert any("in none of its gold clauses" in p for p in problems)


def test_blind_held_out_set_is_true_to_the_corpus_too(clause_texts):
    held_out = load_gold(GOLD_PATH.with_name("heldout.jsonl"))
    assert len(held_out) >= 40 and sum(not q.answerable for q in held_out) >= 5
    assert check_gold(held_out, clause_texts) == []


def test_pooled_judgments_only_add_clauses_to_answerable_questions(gold):
    pooled = [q for q in gold if q.pooled_clause_ids]
    assert pooled and all(q.answerable for q in pooled)
    assert all(set(q.gold_clause_ids) <= set(q.relevant_ids) for q in gold)


def test_every_second_round_judgment_both_assessors_accepted_is_in_the_pool(gold, clause_texts):
    """eval/pooled_judgments.jsonl keeps every verdict of the second round; the pool holds exactly the
    clauses both blind assessors judged relevant (and every judged clause exists)."""
    held_out = load_gold(GOLD_PATH.with_name("heldout.jsonl"))
    questions = {("gold", q.id): q for q in gold} | {("heldout", q.id): q for q in held_out}
    lines = GOLD_PATH.with_name("pooled_judgments.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    assert records
    for record in records:
        question = questions[(record["set"], record["question_id"])]
        assert record["clause_id"] in clause_texts
        accepted = record["assessor_a"] and record["assessor_b"]
        assert (record["clause_id"] in question.relevant_ids) == accepted


def test_every_question_sets_evidence_resolves_in_a_fresh_ingest(parsed_corpus):
    """Every set the report scores, blind and sealed ones too, finds each anchor's quote in today's clauses (the
    sealed ones are counted, never listed question by question)."""
    from eval.gold import QUESTION_SETS, clause_records, load_set, resolve_questions

    records = clause_records(parsed_corpus.clauses)
    unresolved = {name: len(resolve_questions(load_set(name), records).unresolved) for name in QUESTION_SETS}
    assert unresolved == dict.fromkeys(QUESTION_SETS, 0)
