"""ingest/clauses.py: reading a line's own clause label."""

from __future__ import annotations

from ingest.clauses import match_label, without_label


def test_a_line_opening_with_a_label_is_read_as_that_kind() -> None:
    assert match_label("3.强化复工复产要素保障。") == ("num", "3.")
    assert match_label("（六）保障职工工资待遇权益。") == ("paren_cn", "（六）")
    assert match_label("第十六条 因劳动者本人原因") == ("article", "第十六条")
    assert match_label("企业应当支付职工工资。") is None


def test_a_line_without_its_own_label_is_what_follows_the_label() -> None:
    assert without_label("3.强化复工复产要素保障。") == "强化复工复产要素保障。"
    assert without_label("（六）保障职工工资待遇权益。") == "保障职工工资待遇权益。"
    assert without_label("第十六条 因劳动者本人原因") == " 因劳动者本人原因"
    assert without_label("企业应当支付职工工资。") == "企业应当支付职工工资。"
