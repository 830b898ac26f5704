"""eval/calibrate.py: the confidence model the answerer ships is the one `policyqa eval calibrate` fits today."""

from answer.confidence import FEATURES
from answer.tuning import ConfidenceTuning
from eval.calibrate import (
    MAX_FALSE_REFUSALS,
    Example,
    cross_validated,
    cross_validated_shuffled,
    examples,
    fit,
    probabilities,
)
from eval.gold import GoldQuestion


def test_the_shipped_confidence_model_is_the_one_calibrate_fits_on_todays_retrieval(policy_assistant) -> None:
    # a change to retrieval or to the quotable sentences moves the signals; the weights must be refitted with it,
    # or refusals follow a model of a pipeline that no longer exists
    rows = examples(policy_assistant)
    fitted, _ = fit(rows)
    shipped = ConfidenceTuning()
    assert fitted.threshold == shipped.threshold
    for fitted_weight, shipped_weight in zip(fitted.weights, shipped.weights, strict=True):
        assert abs(fitted_weight - shipped_weight) <= 0.01 * max(1.0, abs(shipped_weight))
    refuses_fitted = [p < fitted.threshold for p in probabilities(rows, fitted)]
    refuses_shipped = [p < shipped.threshold for p in probabilities(rows, shipped)]
    assert refuses_fitted == refuses_shipped
    to_answer = [refused for refused, r in zip(refuses_shipped, rows, strict=True) if r.label == 1]
    assert sum(to_answer) <= MAX_FALSE_REFUSALS * len(to_answer)


def _example(number: int, label: int, signal: float) -> Example:
    question = GoldQuestion(f"q-{number}", "employee", f"问题{number}", (), bool(label), ())
    # every signal carrying the one that tells the labels apart, with a little noise of its own
    noise = ((number * 37) % 11) / 100
    return Example("synthetic", question, tuple(signal + noise * k for k in range(len(FEATURES))), label)


def test_cross_validation_scores_every_example_once_by_a_model_fitted_on_the_other_folds() -> None:
    rows = [_example(n, int(n % 4 != 0), 1.0 if n % 4 != 0 else 0.0) for n in range(80)]
    held = cross_validated(rows)
    assert (held.answerable, held.off_topic) == (60, 20)
    # the signal separates the labels, so a model fitted on four folds refuses the fifth's off-topic questions
    assert held.answerable_refused == 0 and held.off_topic_caught == 20


def test_shuffled_fold_assignments_each_score_every_example_once() -> None:
    rows = [_example(n, int(n % 4 != 0), 1.0 if n % 4 != 0 else 0.0) for n in range(80)]
    spread = cross_validated_shuffled(rows, assignments=2)
    assert [(h.answerable, h.off_topic) for h in spread] == [(60, 20), (60, 20)]
    assert all(h.answerable_refused == 0 and h.off_topic_caught == 20 for h in spread)
