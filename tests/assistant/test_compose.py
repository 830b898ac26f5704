"""How the extractive answer is put together: several-part questions, places compared, list items,
restatements, clarifying notices.

Unit tests build the hits by hand (the answerer only reads them); the last tests ask the real index.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from answer.models import Citation
from assistant.answer import ExtractiveAnswerer
from assistant.relevance import ConceptReader
from retrieval.models import Hit
from tests.hits import make_hit


def hit(clause_id: str, text: str, heading: str | None = None, doc_type: str = "notice") -> Hit:
    return make_hit(clause_id, text, title="关于支持企业稳定就业岗位的通知", heading=heading, doc_type=doc_type)


READER = ConceptReader()


def compose(question: str, support: list[Hit], others: Sequence[Hit] = ()) -> tuple[str, list[Citation]]:
    answerer = ExtractiveAnswerer()
    concepts = READER.concepts(question)
    return answerer.compose(concepts, [(h, 1.0) for h in support], question, others=list(others))


def test_the_other_items_of_a_standard_are_quoted_with_the_first() -> None:
    heading = "一次性社会保险补贴 > 补贴标准"
    items = [
        hit("a#三、2.（1）", "(1)人数持平或增长20%以内的，给予30%的补贴；", heading),
        hit("a#三、2.（2）", "(2)人数增长20%及以上的，给予50%的补贴；", heading),
        hit("a#一、2.（3）", "(3)对享受社会保险补贴的企业，核减已享受的补贴。", "岗位补贴 > 补贴标准"),
    ]
    answer, citations = compose("一次性社会保险补贴的补贴标准", items[:1], others=items)
    assert "30%的补贴" in answer and "50%的补贴" in answer
    assert [c.clause_id for c in citations] == ["a#三、2.（1）", "a#三、2.（2）"], (
        "an item under another heading is not"
    )


def test_a_news_item_repeating_the_notice_is_not_cited_beside_it() -> None:
    rule = "对暂无工资支付能力的，要引导企业与工会或职工代表协商延期支付工资。"
    notice = hit("a#三、", rule)
    other_notice = hit("b#三、", f"（五）{rule}")
    news = hit("c#引言", f"会议指出，{rule}", doc_type="news")
    _, citations = compose("工资能延期支付吗", [notice], others=[notice, news, other_notice])
    assert [c.clause_id for c in citations] == ["a#三、", "b#三、"]


def test_an_elliptical_condition_is_read_with_the_rule_before_it() -> None:
    clause = hit(
        "a#二、",
        "企业停工停产在一个工资支付周期内的，企业应按劳动合同规定的标准支付职工工资。"
        "超过一个工资支付周期的，若职工提供了正常劳动，企业支付给职工的工资不得低于当地最低工资标准。",
    )
    answer, _ = compose("停工停产超过一个工资支付周期的，工资怎么发", [clause])
    assert "超过一个工资支付周期的，若职工提供了正常劳动" in answer


def test_a_question_comparing_places_gets_each_places_rule(policy_assistant) -> None:
    response = policy_assistant.ask("对被隔离职工的工资，国家层面和北京市的规定分别是什么")
    regions = {policy_assistant.document(c.doc_id).region for c in response.citations}
    assert {"全国", "北京"} <= regions
    assert "隔离" in response.citations[0].quote
    # each labelled point cites only documents of the place its label names
    body = response.answer.split("\n\n引用")[0]
    labelled = 0
    for line in body.splitlines():
        label = "全国" if "（全国性规定）" in line else "北京" if "（北京规定）" in line else None
        if label is None:
            continue
        markers = [int(n) for n in re.findall(r"\[(\d+)\]", line)]
        cited = [c for c in response.citations if c.n in markers]
        assert cited and all(policy_assistant.document(c.doc_id).region == label for c in cited)
        labelled += 1
    assert labelled >= 2


def test_parts_nothing_answers_are_named_not_dropped(policy_assistant) -> None:
    response = policy_assistant.ask("隔离期间工资怎么发？外籍员工的签证能延期吗？")
    assert not response.abstained
    assert "没有找到直接回答以下问题的规定" in response.answer and "签证" in response.answer


def test_each_part_of_a_two_part_question_is_answered(policy_assistant) -> None:
    response = policy_assistant.ask("北京职工医保单位缴费减半是从几月到几月？员工个人那部分要不要照常代扣？")
    assert "2020年2月至2020年6月" in response.answer
    assert "代扣代缴个人缴费" in response.answer
    assert all(c.quote in policy_assistant.clause(c.clause_id).text for c in response.citations)


def test_a_part_asking_when_is_answered_with_the_dates(policy_assistant) -> None:
    response = policy_assistant.ask("困难企业失业保险费返还要满足哪些条件？什么时候申请？")
    assert not response.abstained
    assert "4月1日至7月31日" in response.answer


def test_the_notice_that_clarifies_a_cited_one_is_quoted_on_the_question(policy_assistant) -> None:
    response = policy_assistant.ask("看护未成年子女的职工，工资和请假分别怎么规定")
    cited = {c.doc_number for c in response.citations}
    assert {"京人社劳字〔2020〕13号", "京人社劳字〔2020〕17号"} <= cited
    assert "按出勤照发" in response.answer and "落实请假制度" in response.answer


def test_a_question_naming_one_notice_is_not_answered_from_the_notice_it_clarifies(policy_assistant) -> None:
    response = policy_assistant.ask("京人社劳字〔2020〕17号对请假是怎么说明的")
    assert {c.doc_number for c in response.citations} == {"京人社劳字〔2020〕17号"}


def test_a_question_asking_many_things_at_once_is_answered_not_refused(policy_assistant) -> None:
    response = policy_assistant.ask("我被隔离了工资怎么算？那病假呢？年假呢？待岗呢？社保呢？公积金呢？")
    assert not response.abstained
    assert any("隔离" in c.quote for c in response.citations)
    assert all(c.quote in policy_assistant.clause(c.clause_id).text for c in response.citations)
