"""ui/render.py and ui/sources.py: how quotes, answers, titles, filters, sources and statute links read, on real
corpus excerpts."""

from __future__ import annotations

from datetime import date

from ingest.pipeline import corpus_files
from retrieval.models import SearchFilters, SourceRef
from tests.conftest import CORPUS
from ui.render import (
    answer_markdown,
    book_title,
    citation_link_lines,
    describe_filters,
    highlight_quote,
    innermost_label,
    nest_title_marks,
    quote_html,
    reflow,
    source_label,
    split_heading,
    version_link_lines,
)
from ui.sources import read_source_names

# 京人社劳字〔2020〕11号#二、 as ingested: heading line, then two paragraphs.
CLAUSE_TWO = (
    "二、企业要妥善安置因疫情被隔离人员和未及时返京复工人员\n"
    "对于新型冠状病毒感染肺炎疑似病人及与新型冠状病毒感染肺炎病人、疑似病人密切接触者，经隔离、医学观察排除是病人"
    "或者病原携带者后，隔离、医学观察期间的工资待遇由所属企业按正常工作期间工资支付。\n"
    "对于因疫情未及时返京复工的职工，企业可以优先考虑安排职工年休假。"
)
HEADING_TWO = "企业要妥善安置因疫情被隔离人员和未及时返京复工人员"


def test_a_clause_heading_stays_on_its_own_line_instead_of_running_into_the_text():
    head, body = split_heading(CLAUSE_TWO, "二、", HEADING_TWO)
    assert head == "二、" + HEADING_TWO and body.startswith("对于新型冠状病毒")
    assert quote_html(CLAUSE_TWO, "二、", HEADING_TWO).startswith(f"<b>二、{HEADING_TWO}</b><br>对于新型")
    # the splitter found no heading field, but the first line is the clause's number and a short title
    assert split_heading("（四）依法规范个人防控行为，强化社会责任\n各单位要…。", "二、（四）", None)[0] is not None


def test_a_line_broken_off_mid_sentence_is_not_taken_for_a_heading():
    text = "一、在疫情防控期间“中国职业培训在线”（http://px.class.com.cn）、\n“劳动者”等平台免费开放。"
    assert split_heading(text, "一、", None) == (None, text)


def test_lines_a_pdf_wrapped_mid_sentence_are_joined_and_real_breaks_kept():
    wrapped = (
        "对于新型冠状病毒感染的肺炎患者、疑似病人、密切接触者在其隔离治疗\n"
        "期间或医学观察期间，企业应当支付职工在此期间的工作报酬。\n"
        "北京市人力资源和社会保障局\n"
        "2020年1月23日"
    )
    assert reflow(wrapped).splitlines() == [
        "对于新型冠状病毒感染的肺炎患者、疑似病人、密切接触者在其隔离治疗期间或医学观察期间，企业应当支付职工在此期间的工作报酬。",
        "北京市人力资源和社会保障局",
        "2020年1月23日",
    ]
    # a numbered item after an unfinished line starts its own line
    assert reflow("企业应当做好以下工作，包括但不限于下列各项措施\n（一）做好员工健康管理").count("\n") == 1


def test_a_list_item_that_carries_its_own_number_is_not_numbered_twice():
    answer = "要点：\n- 1.对新型冠状病毒感染的肺炎患者[2]\n- （二）落实部门责任[3]\n- 企业应当支付工资[1]"
    shown = answer_markdown(answer).split("  \n")
    assert shown == ["要点：", "1\\.对新型冠状病毒感染的肺炎患者[2]", "（二）落实部门责任[3]", "- 企业应当支付工资[1]"]


def test_a_title_that_quotes_another_title_gets_single_marks_inside():
    assert book_title("中国物协《关于全力做好物业管理区域新型冠状病毒肺炎疫情防控工作的倡议书》") == (
        "《中国物协〈关于全力做好物业管理区域新型冠状病毒肺炎疫情防控工作的倡议书〉》"
    )
    assert book_title("《关于延长2020年春节假期的通知》") == "《关于延长2020年春节假期的通知》"
    legal_form = "《市医保局解读《关于阶段性减征职工基本医疗保险单位缴费的通知》》第五条"
    assert nest_title_marks(legal_form) == "《市医保局解读〈关于阶段性减征职工基本医疗保险单位缴费的通知〉》第五条"
    assert "《《" not in answer_markdown("见《关于《a》的通知》") and "》》" not in answer_markdown("见《关于《a》》")


def test_the_quote_is_marked_inside_its_clause_with_the_heading_apart():
    quote = "隔离、医学观察期间的工资待遇由所属企业按正常工作期间工资支付"
    shown = highlight_quote(CLAUSE_TWO, quote, "二、", HEADING_TWO)
    assert shown.startswith(f"<b>二、{HEADING_TWO}</b><br>")
    assert f'<mark style="background-color:#ffe58f;padding:0 2px">{quote}</mark>' in shown
    assert highlight_quote("<script>x</script>", "x").count("<script>") == 0


def test_innermost_label_is_the_clauses_own_number():
    assert [innermost_label(x) for x in ("二、（三）1.", "第四十条第（三）项", "二、", "引言")] == [
        "1.",
        "第（三）项",
        "二、",
        "引言",
    ]


def test_active_filters_are_said_in_words():
    filters = SearchFilters(region="全国", date_from=date(2020, 2, 1), notices_only=True)
    assert describe_filters(filters, date(2020, 1, 23), date(2022, 5, 23)) == (
        "地区：全国；发布日期：2020-02-01 至 2022-05-23；只看正式文件"
    )
    assert "{" not in describe_filters(SearchFilters(issuer="人力资源", doc_type="qa"))


def test_every_corpus_file_has_a_name_in_words():
    names = read_source_names(CORPUS / "sources.tsv")
    sources = [p.relative_to(CORPUS).as_posix() for p in corpus_files(CORPUS) if p.suffix != ".tsv"]  # tables, not texts
    unnamed = [name for name in sources if name not in names]
    assert not unnamed, f"add a row for each to corpus/sources.tsv: {unnamed}"
    shown = source_label(SourceRef(file="002_d60ccd470af96181.txt", line_start=140, line_end=146), names)
    assert shown.endswith(" 第140–146行") and ".txt" not in shown


def test_a_source_without_a_name_falls_back_to_its_file_name(tmp_path):
    assert read_source_names(tmp_path / "missing.tsv") == {}
    source = SourceRef(file="my.docx", line_start=3, line_end=3)
    assert source_label(source, {}) == "my.docx 第3行"


def _link(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "printed": "劳动合同法第四十条、四十一条", "law": "劳动合同法", "article": "第四十条", "unit": None,
        "status": "resolved", "note": "", "source_clause_id": "人社厅明电〔2020〕5号#一、",
        "source_doc_id": "人社厅明电〔2020〕5号", "source_title": "关于妥善处理新型冠状病毒感染的肺炎疫情防控期间劳动关系问题的通知",
        "source_label": "一、", "target_doc_id": "劳动合同法(2012-12-28)", "target_clause_id": "劳动合同法(2012-12-28)#第四十条",
        "target_title": "中华人民共和国劳动合同法", "target_label": "第四十条", "target_anchor": "clause-39",
    }  # fmt: skip
    return base | fields


def test_a_resolved_citation_links_to_the_article_in_its_statute():
    (line,) = citation_link_lines([_link()])
    assert line.startswith("[《中华人民共和国劳动合同法》第四十条 ↗](?doc=")
    assert line.endswith("#clause-39)") and "clause=%E5%8A%B3" in line


def test_an_unresolved_citation_is_shown_with_its_reason_and_no_link():
    (line,) = citation_link_lines([_link(status="law_not_in_corpus", law="刑法", printed="刑法第二百三十四条",
                                         note="现有文件中没有这部法律法规", target_doc_id=None, target_clause_id=None)])  # fmt: skip
    assert line == "刑法第二百三十四条（现有文件中没有这部法律法规）"


def test_cited_by_links_to_the_citing_clause():
    (line,) = citation_link_lines([_link()], cited_by=True)
    assert line.startswith("[《关于妥善处理新型冠状病毒感染的肺炎疫情防控期间劳动关系问题的通知》一、 ↗](?doc=")


def test_the_same_provision_in_another_version_links_to_it_with_its_time_in_force():
    link = {"clause_id": "突发事件应对法(2024-06-28)#第九十条", "doc_id": "突发事件应对法(2024-06-28)",
            "title": "中华人民共和国突发事件应对法", "label": "第九十条", "version_year": 2024,
            "effective_from": "2024-11-01", "effective_to": None, "anchor": "clause-95"}  # fmt: skip
    (line,) = version_link_lines([link])
    # dates escaped for markdown (a hyphen can start a list)
    assert line.startswith(r"[《中华人民共和国突发事件应对法》（2024年文本，自2024\-11\-01起施行）第九十条 ↗](?doc=")
    assert line.endswith("#clause-95)")
    old = link | {"version_year": 2007, "effective_from": "2007-11-01", "effective_to": "2024-11-01"}
    assert r"（2007年文本，2007\-11\-01起施行，2024\-11\-01起不再施行）" in version_link_lines([old])[0]
