"""assistant/question_parts.py: what a question asks, part by part."""

from __future__ import annotations

from assistant.question_parts import asked_fact, question_parts


def test_a_question_is_split_where_it_asks_another_thing() -> None:
    assert question_parts("要满足哪些条件？什么时候申请？") == ["要满足哪些条件", "什么时候申请"]
    assert question_parts("疫情期间想申请综合计算工时，去哪申请") == [
        "疫情期间想申请综合计算工时",
        "去哪申请",
    ]
    assert question_parts("我被隔离了，工资怎么算？") == ["我被隔离了，工资怎么算？"]


def test_what_a_part_asks_for_is_read_as_the_kind_of_fact_that_answers_it() -> None:
    when = asked_fact("什么时候申请")
    assert (
        when is not None and when.search("于2020年4月1日至7月31日申请") and not when.search("缴费12个月以上")
    )
    figure = asked_fact("每人最高多少钱")
    assert figure is not None and figure.search("最高补贴6315元/人")
    assert asked_fact("公司能不能这样做") is None


def test_a_statement_before_the_question_stays_with_it_and_a_short_follow_up_is_a_part() -> None:
    assert question_parts("我在北京工作。被隔离了工资怎么算？") == ["我在北京工作。被隔离了工资怎么算？"]
    assert question_parts("病假工资怎么算？年假呢？") == ["病假工资怎么算", "年假呢"]
    assert question_parts("我被隔离了,工资标准是多少") == ["我被隔离了", "工资标准是多少"]
    assert question_parts("？？？") == ["？？？"]


def test_a_number_is_a_figure_only_with_its_unit() -> None:
    figure = asked_fact("每人最高多少钱")
    assert figure is not None
    assert not figure.search("根据京人社劳字〔2020〕11号执行") and figure.search("最高补贴6315元/人")
    length = asked_fact("能缓多久")
    assert length is not None
    assert not length.search("自2020年起实施") and length.search("缓缴期限不超过3个月")
