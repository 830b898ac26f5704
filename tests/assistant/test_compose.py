"""How the extractive answer is put together: several-part questions, list items, restatements.

Unit tests build the hits by hand (the answerer only reads them); the last tests ask the real index.
"""

from __future__ import annotations

from assistant.answer import ExtractiveAnswerer
from assistant.models import Hit, SourceRef
from assistant.question_parts import asked_fact, question_parts
from assistant.relevance import ConceptReader
from assistant.sentences import clause_sentences, with_continuations


def hit(clause_id: str, text: str, heading: str | None = None, doc_type: str = "notice") -> Hit:
    return Hit(
        clause_id=clause_id,
        doc_id=clause_id.split("#")[0],
        doc_number=None,
        title="关于支持企业稳定就业岗位的通知",
        issuer=[],
        date=None,
        label=clause_id.split("#")[1],
        text=text,
        score=1.0,
        source=SourceRef(file="x.txt", line_start=1, line_end=1),
        region="北京",
        doc_type=doc_type,  # type: ignore[arg-type]
        heading=heading,
    )


READER = ConceptReader()


def compose(question: str, support: list[Hit], others: list[Hit] = ()) -> tuple[str, list]:
    answerer = ExtractiveAnswerer()
    concepts = READER.concepts(question)
    return answerer.compose(concepts, [(h, 1.0) for h in support], question, others=list(others))


def test_a_question_is_split_where_it_asks_another_thing() -> None:
    assert question_parts("要满足哪些条件？什么时候申请？") == ["要满足哪些条件", "什么时候申请"]
    assert question_parts("疫情期间想申请综合计算工时，去哪申请") == ["疫情期间想申请综合计算工时", "去哪申请"]
    assert question_parts("我被隔离了，工资怎么算？") == ["我被隔离了，工资怎么算？"]


def test_what_a_part_asks_for_is_read_as_the_kind_of_fact_that_answers_it() -> None:
    when = asked_fact("什么时候申请")
    assert when is not None and when.search("于2020年4月1日至7月31日申请") and not when.search("缴费12个月以上")
    figure = asked_fact("每人最高多少钱")
    assert figure is not None and figure.search("最高补贴6315元/人")
    assert asked_fact("公司能不能这样做") is None


def test_the_other_items_of_a_standard_are_quoted_with_the_first() -> None:
    heading = "一次性社会保险补贴 > 补贴标准"
    items = [
        hit("a#三、2.（1）", "(1)人数持平或增长20%以内的，给予30%的补贴；", heading),
        hit("a#三、2.（2）", "(2)人数增长20%及以上的，给予50%的补贴；", heading),
        hit("a#一、2.（3）", "(3)对享受社会保险补贴的企业，核减已享受的补贴。", "岗位补贴 > 补贴标准"),
    ]
    answer, citations = compose("一次性社会保险补贴的补贴标准", items[:1], others=items)
    assert "30%的补贴" in answer and "50%的补贴" in answer
    assert [c.clause_id for c in citations] == ["a#三、2.（1）", "a#三、2.（2）"], "an item under another heading is not"


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


def test_a_sentence_the_page_wrapped_after_its_label_is_not_taken_for_a_heading() -> None:
    wrapped = "1.对新型冠状病毒感染的肺炎患者、疑似病人、密切接触者在其隔离治疗\n期间或医学观察期间的职工，企业应当支付其工资。"
    assert clause_sentences(wrapped) == [wrapped]
    headed = "二、企业要妥善安置因疫情被隔离人员\n隔离期间的工资待遇由所属企业按正常工作期间工资支付。"
    assert clause_sentences(headed)[0] == "二、企业要妥善安置因疫情被隔离人员"


def test_a_sentence_that_leans_on_the_one_before_is_quoted_with_it() -> None:
    text = "企业应当支付职工工资。\n在此期间，劳动合同到期的，顺延至隔离期期满。另起一条规定。"
    joined = with_continuations(text, clause_sentences(text), max_chars=220)
    assert joined[0] == "企业应当支付职工工资。\n在此期间，劳动合同到期的，顺延至隔离期期满。"
    assert joined[0] in text and joined[1] == "另起一条规定。"


def test_a_condition_joins_the_rule_it_varies_but_a_new_subject_starts_its_own() -> None:
    text = (
        "职工在年休假期间享受与正常工作期间相同的工资收入。职工未复工时间较长的，企业经与职工协商一致，"
        "可以安排职工待岗。待岗期间，企业应当按照不低于本市最低工资标准的70%支付基本生活费。"
    )
    joined = with_continuations(text, clause_sentences(text), max_chars=220)
    assert joined == [
        "职工在年休假期间享受与正常工作期间相同的工资收入。",
        "职工未复工时间较长的，企业经与职工协商一致，可以安排职工待岗。待岗期间，企业应当按照不低于本市最低工资标准的70%支付基本生活费。",
    ]


def test_a_question_comparing_places_gets_each_places_rule(policy_assistant) -> None:
    response = policy_assistant.ask("对被隔离职工的工资，国家层面和北京市的规定分别是什么")
    regions = {policy_assistant.document(c.doc_id).region for c in response.citations}
    assert {"全国", "北京"} <= regions
    assert "（全国性规定）" in response.answer and "（北京）" in response.answer
    assert "隔离" in response.citations[0].quote


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
