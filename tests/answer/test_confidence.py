"""answer/confidence.py: the calibrated probability that anything in the corpus is close."""

from answer.confidence import FEATURES, Signals, fit_logistic, probability
from answer.tuning import ConfidenceTuning


def signals(level: float) -> Signals:
    return Signals(*([level] * len(FEATURES)))


def test_the_fitted_model_orders_questions_by_their_evidence() -> None:
    rows = [[x] * len(FEATURES) for x in (0.1, 0.2, 0.3, 0.7, 0.8, 0.9)]
    weights = fit_logistic(rows, [0, 0, 0, 1, 1, 1])
    tuning = ConfidenceTuning(weights=weights)
    assert probability(signals(0.15), tuning) < 0.5 < probability(signals(0.85), tuning)


def test_extreme_signals_give_a_probability_without_overflowing() -> None:
    tuning = ConfidenceTuning(weights=(0.0, *([1000.0] * len(FEATURES))))
    assert probability(signals(10.0), tuning) == 1.0
    assert 0.0 <= probability(signals(-10.0), tuning) < 1e-20
