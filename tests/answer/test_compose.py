"""answer/compose.py: the lead with its legal form, further points, place marks, restated notices, gaps."""

from __future__ import annotations

from answer.compose import Point, compose
from tests.hits import make_hit

RULE = "隔离期间的工资待遇由所属企业按正常工作期间工资支付。"


def test_the_lead_carries_its_legal_form_and_every_point_its_marker() -> None:
    lead = make_hit("京人社劳字〔2020〕11号#二、", RULE, doc_number="京人社劳字〔2020〕11号")
    text, citations = compose([Point(lead, RULE)], [], [], 12)
    assert text.startswith("根据《关于疫情防控期间有关问题的通知》（京人社劳字〔2020〕11号）第二条：")
    assert text.endswith("[1]") and [c.quote for c in citations] == [RULE]


def test_an_answer_spanning_places_marks_each_point_with_its_place() -> None:
    national = make_hit("n#一、", "对被隔离的职工，企业应当支付工作报酬。", region="全国")
    beijing = make_hit("b#二、", RULE)
    text, _ = compose([Point(national, national.text), Point(beijing, RULE)], [], [], 12)
    first, second = text.split("\n")
    assert "（全国性规定）" in first and "（北京的地方规定）" in second


def test_a_news_report_or_a_qa_beside_a_rule_is_marked_as_what_it_is_not_as_a_rule() -> None:
    national = make_hit("n#一、", "对被隔离的职工，企业应当支付工作报酬。", region="全国")
    news = make_hit("b#四是", "居家办公期间要维护劳动者合法权益。", doc_type="news")
    qa = make_hit("q#问2", "湖北省以外的其他省份可免征三项社会保险单位缴费。", doc_type="qa", region="全国")
    text, _ = compose([Point(national, national.text), Point(news, news.text), Point(qa, qa.text)], [], [], 12)
    first, second, third = text.split("\n")
    assert "（全国性规定）" in first and "（新闻报道，北京）" in second and "（解读，全国）" in third
    assert "地方规定" not in second


def test_another_notice_printing_the_same_sentence_is_cited_beside_it() -> None:
    lead = make_hit("a#二、", RULE)
    repeat = make_hit("c#三、", f"三、{RULE}")
    news = make_hit("d#引言", RULE, doc_type="news")
    text, citations = compose([Point(lead, RULE)], [repeat, news], [], 12)
    assert [c.clause_id for c in citations] == ["a#二、", "c#三、"]
    assert text.endswith("[1][2]")


def test_what_the_documents_do_not_say_closes_the_answer() -> None:
    lead = make_hit("a#二、", RULE)
    gap = "所找到的条文未载明“最低工资标准是多少”所问的具体金额。"
    text, _ = compose([Point(lead, RULE)], [], [gap], 12)
    assert text.splitlines()[-1] == gap
    # which document is read for the one named comes before the quotes, the rest still after them
    substituted = "现有文件中没有京人社劳字〔2019〕17号，只有京人社劳字〔2020〕17号《…》，以下按该文件回答。"
    lines = compose([Point(lead, RULE)], [], [gap], 12, preface=[substituted])[0].splitlines()
    assert (lines[0], lines[-1]) == (substituted, gap)


ARTICLE = "第四条 职工有下列情形之一的，不享受当年的年休假：\n(一)职工依法享受寒暑假的；\n(二)职工请事假累计20天以上且单位按照规定不扣工资的；"
ITEM = "(二)职工请事假累计20天以上且单位按照规定不扣工资的；"
LEAD_IN = "第四条 职工有下列情形之一的，不享受当年的年休假："


def test_a_list_item_is_printed_under_its_lead_in_and_its_citation_carries_it() -> None:
    article = make_hit("职工带薪年休假条例#第四条", ARTICLE, doc_type="administrative_regulation")
    text, citations = compose([Point(article, ITEM)], [], [], 12)
    assert f"：{LEAD_IN}……{ITEM}[1]" in text
    assert citations[0].quote == ITEM and citations[0].lead_in == LEAD_IN  # the quote keeps its pinpoint


def test_an_item_whose_lead_in_another_point_quotes_is_printed_alone() -> None:
    article = make_hit("职工带薪年休假条例#第四条", ARTICLE, doc_type="administrative_regulation")
    text, _ = compose([Point(article, LEAD_IN), Point(article, ITEM)], [], [], 12)
    assert text.splitlines()[1].endswith(f"：{ITEM}[2]")
