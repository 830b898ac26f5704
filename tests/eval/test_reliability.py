"""eval/reliability.py: the load questions are new, and a run's outcomes are counted the way the report says."""

from eval.reliability import LoadResult, Outcome, new_questions


def test_load_questions_are_distinct_and_disjoint_ranges_never_repeat_a_text():
    first, second = new_questions(600), new_questions(600, start=600)
    assert len(set(first)) == 600 and len(set(second)) == 600
    assert not set(first) & set(second)  # a later burst is never answered from the query cache


def test_a_refusal_is_proper_only_as_json_with_retry_after_and_anything_else_lost_is_an_error():
    outcomes = [
        Outcome(200, 0.05, json=True, retry_after=False),
        Outcome(503, 0.001, json=True, retry_after=True),
        Outcome(504, 30.0, json=True, retry_after=False),  # a timeout is an error, not a refusal
        Outcome(0, 1.0, json=False, retry_after=False),  # no response
        Outcome(200, 0.05, json=False, retry_after=False),  # a body that is not JSON
    ]
    result = LoadResult("t", len(outcomes), 1.0, outcomes)
    assert (result.errors, result.refused, result.refused_properly) == (3, 1, True)
    assert result.answered_ms == [50.0, 50.0]
    plain = LoadResult("t", 1, 1.0, [Outcome(503, 0.001, json=False, retry_after=False)])
    assert (plain.refused_properly, plain.errors) == (False, 1)  # uvicorn's plain-text 503 fails both
