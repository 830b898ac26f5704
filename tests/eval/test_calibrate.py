"""eval/calibrate.py: the confidence model the answerer ships is the one `policyqa eval calibrate` fits today."""

from answer.tuning import ConfidenceTuning
from eval.calibrate import MAX_FALSE_REFUSALS, examples, fit, probabilities


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
