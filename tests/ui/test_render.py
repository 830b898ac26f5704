"""ui/render.py's pure helpers for the statute links on a citation card."""

from __future__ import annotations

from ui.render import citation_link_lines


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
                                         note="语料中没有这部法律法规", target_doc_id=None, target_clause_id=None)])  # fmt: skip
    assert line == "刑法第二百三十四条（语料中没有这部法律法规）"


def test_cited_by_links_to_the_citing_clause():
    (line,) = citation_link_lines([_link()], cited_by=True)
    assert line.startswith("[《关于妥善处理新型冠状病毒感染的肺炎疫情防控期间劳动关系问题的通知》一、 ↗](?doc=")
