"""answer/notes.py: the notes under an answer name each document as a lawyer reads it."""

from __future__ import annotations

from answer.models import Citation
from answer.notes import DocumentFacts, context_notes
from retrieval.models import SourceRef


def test_a_title_quoting_another_title_is_marked_once_with_the_inner_one_nested() -> None:
    title = "《北京市人民代表大会常务委员会关于依法防控新型冠状病毒感染肺炎疫情坚决打赢疫情防控阻击战的决定》涉及的法律法规相关条款"
    citation = Citation(
        n=1, clause_id="terms#2、", doc_id="terms", doc_number=None, title=title, issuer=[], date="2020-02-07", label="2、",
        quote="…", legal_form="", source=SourceRef(file="x.txt", line_start=1, line_end=1), region="北京",
    )
    facts = DocumentFacts(region="北京", validity=None, superseded_by=None, clarified_by=(), clarifies=())
    notes = context_notes([citation], lambda _: facts, epidemic_rules=False)
    assert notes[0].startswith("《〈北京市人民代表大会常务委员会关于依法防控新型冠状病毒感染肺炎疫情坚决打赢疫情防控阻击战的决定〉涉及的法律法规相关条款》（2020-02-07）是北京的地方规定")


def test_a_quote_its_source_garbled_is_marked_so_once_per_run() -> None:
    quote = "各地要收集并公布主要?jiǎng)趧?wù)输入地的防控要求，尽快与主要?jiǎng)趧?wù)输入地建立互认机制。"
    citation = Citation(
        n=2, clause_id="常德通知#二、2.", doc_id="常德通知", doc_number=None, title="关于做好务工人员返岗服务工作的通知", issuer=[],
        date="2020-02-20", label="二、2.", quote=quote, legal_form="", source=SourceRef(file="003.txt", line_start=23, line_end=23),
        region="常德",
    )
    facts = DocumentFacts(region="常德", validity=None, superseded_by=None, clarified_by=(), clarifies=())
    notes = context_notes([citation], lambda _: facts, epidemic_rules=False)
    assert notes[1] == "引文[2]中的“?jiǎng)趧?wù)”是原文的乱码，无法还原，照录未改；请以发文机关公布的文本为准。"
    clean = Citation(**{**citation.model_dump(), "quote": "各地要收集并公布防控要求。"})
    assert len(context_notes([clean], lambda _: facts, epidemic_rules=False)) == 1


def test_what_the_corpus_cannot_show_of_a_statutes_versions_is_said_under_the_answer() -> None:
    citation = Citation(
        n=1, clause_id="劳动合同法(2012-12-28)#第四十条", doc_id="劳动合同法(2012-12-28)", doc_number=None,
        title="中华人民共和国劳动合同法", issuer=["全国人民代表大会常务委员会"], date="2012-12-28", label="第四十条",
        quote="…", legal_form="", source=SourceRef(file="statutes/劳动合同法(2012-12-28).md", line_start=1, line_end=1),
        region="全国",
    )
    note = "2012年修正前的文本（2008年1月1日起施行）不在现有文件中"
    facts = DocumentFacts(region="全国", validity=None, superseded_by=None, clarified_by=(), version_note=note)
    notes = context_notes([citation], lambda _: facts, epidemic_rules=False)
    assert notes == ["《中华人民共和国劳动合同法》（2012-12-28）是全国性规定。", f"关于《中华人民共和国劳动合同法》的版本：{note}。"]


def test_a_news_report_or_a_qa_is_not_called_a_rule() -> None:
    news = Citation(
        n=1, clause_id="news#四是", doc_id="news", doc_number=None, title="北京市进一步规范疫情期间居家办公管理的相关要求",
        issuer=[], date="2022-05-23", label="四是", quote="…", legal_form="",
        source=SourceRef(file="000.txt", line_start=21, line_end=22), region="北京",
    )
    facts = DocumentFacts(region="北京", validity=None, superseded_by=None, clarified_by=(), doc_type="news")
    assert context_notes([news], lambda _: facts, epidemic_rules=False) == [
        "《北京市进一步规范疫情期间居家办公管理的相关要求》（2022-05-23）是新闻报道，只涉及北京，不是规范性文件；所述规定以发文机关的文件为准。"
    ]
    qa = Citation(**{**news.model_dump(), "title": "关于阶段性减免企业社会保险费的政策解读", "date": None, "region": "全国"})
    national = DocumentFacts(region="全国", validity=None, superseded_by=None, clarified_by=(), doc_type="qa")
    assert context_notes([qa], lambda _: national, epidemic_rules=False) == [
        "《关于阶段性减免企业社会保险费的政策解读》是对文件的解读或问答，不是规范性文件；所述规定以发文机关的文件为准。"
    ]
