"""query/period.py: the time a question is about, and whether a text was in force then."""

from query.period import in_force_during, in_force_throughout, question_period


def test_a_question_naming_no_year_is_about_the_epidemic_years() -> None:
    period = question_period(())
    assert (period.start, period.end, period.named, period.label) == ("2020-01-01", "2022-12-31", False, "2020–2022年")
    named = question_period((2024, 2022))
    assert (named.start, named.end, named.named, named.label) == ("2022-01-01", "2024-12-31", True, "2022–2024年")


def test_a_text_in_force_for_part_of_a_period_was_in_force_during_it_but_not_throughout() -> None:
    epidemic = question_period(())
    # 法释〔2020〕26号, in force from 2021: during 2020-2022, not throughout; the 2024 emergency act: neither
    assert in_force_during("2021-01-01", None, epidemic) and not in_force_throughout("2021-01-01", None, epidemic)
    assert not in_force_during("2024-11-01", None, epidemic)
    # the 2007 emergency act, replaced on 2024-11-01: throughout 2022, not after 2024
    assert in_force_throughout("2007-11-01", "2024-11-01", question_period((2022,)))
    assert not in_force_during("2007-11-01", "2024-11-01", question_period((2025,)))
    assert in_force_throughout(None, None, epidemic)  # unknown dates: assumed in force
