"""Acceptance of the ingestion over the real seed corpus."""

import json
import re
from collections import Counter

from ingest.clauses import HISTORY
from ingest.models import DocType
from ingest.pipeline import run_ingest


def _doc(result, doc_id):
    return next(d for d in result.documents if d.doc_id == doc_id)


def _clauses(result, doc_id):
    return [c for c in result.clauses if c.doc_id == doc_id]


def test_at_least_fifty_numbered_notices_each_exactly_once(parsed_corpus):
    numbers = [d.doc_number for d in parsed_corpus.documents if d.doc_number]
    assert len(set(numbers)) >= 50
    assert [n for n, k in Counter(numbers).items() if k > 1] == []


def test_notices_in_both_compilations_are_merged(parsed_corpus):
    merged = {doc_id for doc_id, _ in parsed_corpus.report.merges}
    assert {"京人社劳字〔2020〕11号", "京政办发〔2020〕7号", "京人社劳字〔2020〕17号"} <= merged
    assert len(merged) >= 8
    doc = _doc(parsed_corpus, "京人社劳字〔2020〕11号")
    assert {s.file[:3] for s in doc.sources} == {"002", "004"}


def test_labour_relations_notice_has_clauses_one_to_four(parsed_corpus):
    clauses = {c.label: c for c in _clauses(parsed_corpus, "京人社劳字〔2020〕11号")}
    assert {"一、", "二、", "三、", "四、"} <= set(clauses)
    assert "医学观察期间的工资待遇由所属企业按正常工作期间工资支付" in clauses["二、"].text
    assert clauses["二、"].clause_id == "京人社劳字〔2020〕11号#二、"
    doc = _doc(parsed_corpus, "京人社劳字〔2020〕11号")
    assert doc.title == "关于做好疫情防控期间维护劳动关系稳定有关问题的通知"
    assert doc.issuer == ("北京市人力资源和社会保障局",)
    assert doc.date == "2020-01-23"
    assert doc.region == "北京"


def test_nested_labels_form_a_path(parsed_corpus):
    labels = [c.label for c in _clauses(parsed_corpus, "京政办发〔2020〕7号")]
    assert labels[1:4] == ["一、1.", "一、2.", "一、3."]
    assert all(re.fullmatch(r"[一二三四五六七八九十]+、\d+\.", label) for label in labels if label not in ("引言", "结尾"))
    nested = {c.label for c in _clauses(parsed_corpus, "人社部发〔2020〕8号")}
    assert {"三、（四）", "三、（六）"} <= nested


def test_a_heading_over_items_too_short_to_stand_alone_keeps_them(parsed_corpus):
    clauses = {c.label: c for c in _clauses(parsed_corpus, "国卫办医函〔2020〕106号")}
    assert clauses["三、"].text.splitlines()[1:] == ["（一）佩戴外科口罩。", "（二）保持房间通风。"]
    assert "佩戴外科口罩" not in clauses["二、（十）"].text


def test_doc_numbers_are_normalised_and_printed_form_kept(parsed_corpus):
    doc = _doc(parsed_corpus, "京人社劳字〔2020〕23号")
    assert doc.doc_number_printed.replace(" ", "") == "京人社劳字[2020]23号"
    assert _doc(parsed_corpus, "人社部发〔2020〕11号").doc_number == "人社部发〔2020〕11号"


def test_no_clause_crosses_into_the_next_notice(parsed_corpus):
    for clause in parsed_corpus.clauses:
        body = clause.text.split("\n", 1)[-1]
        assert not re.search(r"^关于.{4,60}的通知$", body, re.MULTILINE) or clause.label.startswith("附件"), clause.clause_id
        numbers = re.findall(r"^[^\s（(]{2,12}〔\d{4}〕\d+号$", clause.text, re.MULTILINE)
        own = [] if clause.label != HISTORY else [_doc(parsed_corpus, clause.doc_id).doc_number]  # a rule's 题注 prints its own
        assert [n for n in numbers if n not in own] == [], clause.clause_id


def test_clause_text_is_verbatim_in_its_source_lines(parsed_corpus, corpus_dir):
    """Every clause is found in its source line range once spaces and line breaks are ignored."""
    from ingest.clean import clean_line

    cache: dict[str, list[str]] = {}
    for clause in parsed_corpus.clauses[::7]:
        lines = cache.setdefault(clause.source.file, (corpus_dir / clause.source.file).read_text(encoding="utf-8").splitlines())
        traditional = clause.source.file.startswith("003")
        window = "".join(clean_line(l, traditional) for l in lines[clause.source.line_start - 1 : clause.source.line_end])
        # statutes keep their text as printed (no cleaning): compare both sides cleaned alike
        assert re.sub(r"\s", "", clean_line(clause.text, traditional))[:30] in re.sub(r"\s", "", window), clause.clause_id


def test_news_and_meeting_reports_are_typed_as_news(parsed_corpus):
    by_title = {d.title: d for d in parsed_corpus.documents}
    assert by_title["北京市新冠肺炎疫情防控工作领导小组召开第二十三次会议"].doc_type is DocType.NEWS
    assert by_title["北京市进一步规范疫情期间居家办公管理的相关要求"].doc_type is DocType.NEWS
    qa = [d for d in parsed_corpus.documents if "答记者问" in d.title]
    assert qa and all(d.doc_type is DocType.QA for d in qa)


def test_traditional_notice_is_one_simplified_document(parsed_corpus):
    docs = [d for d in parsed_corpus.documents if d.sources[0].file.startswith("003")]
    assert len(docs) == 1
    assert docs[0].title == "关于进一步做好新冠肺炎疫情防控期间务工人员返岗服务工作的通知"
    assert docs[0].region == "常德" and docs[0].issuer == ("常德市人民政府",)
    assert docs[0].date == "2020-02-20"


def test_supersession_and_clarification_are_recorded(parsed_corpus):
    assert "京城管发〔2020〕8号" in _doc(parsed_corpus, "京城管发〔2020〕13号").supersedes
    assert "京人社劳字〔2020〕13号" in _doc(parsed_corpus, "京人社劳字〔2020〕17号").clarifies
    assert any(c.doc_number == "京人社劳字〔2020〕13号" for c in _doc(parsed_corpus, "京人社劳字〔2020〕17号").cites)


def test_a_press_qa_explains_the_notice_whose_subject_its_title_retells(parsed_corpus):
    # no 《》 and no 文号 in its title or opening: 就阶段性减免企业社会保险费具体贯彻实施工作答记者问 retells the subject of
    # 关于阶段性减免企业社会保险费的通知
    qa = next(d for d in parsed_corpus.documents if d.title.endswith("就阶段性减免企业社会保险费具体贯彻实施工作答记者问"))
    assert qa.clarifies == ("人社部发〔2020〕11号",)
    # a Q&A naming nothing a notice's title is about is linked to nothing
    assert _doc_titled(parsed_corpus, "答记者问：北京快递能进小区吗？").clarifies == ()


def _doc_titled(parsed, title):
    return next(d for d in parsed.documents if d.title == title)


def test_validity_wording_is_kept(parsed_corpus):
    # the parenthesis qualifying the date is part of it, closed as printed
    assert _doc(parsed_corpus, "京政办发〔2020〕7号").validity == (
        "有效期至2020年底（文中具体措施有明确期限规定的从其规定，因本市新型冠状病毒感染的肺炎疫情应急响应结束等原因政策措施"
        "不再有必要性的自然失效)"
    )


def test_preamble_and_closing_are_clauses(parsed_corpus):
    labels = [c.label for c in _clauses(parsed_corpus, "京人社劳字〔2020〕11号")]
    assert labels[0] == "引言" and labels[-1] == "结尾"


def test_clause_ids_are_unique(parsed_corpus):
    ids = [c.clause_id for c in parsed_corpus.clauses]
    assert len(ids) == len(set(ids))


def test_output_is_deterministic_and_idempotent(corpus_dir, tmp_path):
    run_ingest(corpus_dir, tmp_path / "a")
    run_ingest(corpus_dir, tmp_path / "b")
    run_ingest(corpus_dir, tmp_path / "b")
    for name in ("documents.jsonl", "clauses.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    first = json.loads((tmp_path / "a" / "clauses.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert set(first) >= {"clause_id", "doc_id", "label", "heading", "text", "source"}
    assert set(first["source"]) == {"file", "line_start", "line_end"}


def test_malformed_file_is_reported_and_skipped(corpus_dir, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "003_8df370229ed5119a.txt").write_bytes((corpus_dir / "003_8df370229ed5119a.txt").read_bytes())
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02 binary junk")
    (corpus / "bad.pdf").write_bytes(b"%PDF-1.4 truncated")
    (corpus / "notes.xlsx").write_bytes(b"PK")
    result = run_ingest(corpus, tmp_path / "data")
    skipped = dict(result.report.skipped)
    assert set(skipped) == {"broken.txt", "bad.pdf", "notes.xlsx"}
    assert "binary" in skipped["broken.txt"] and "PDF" in skipped["bad.pdf"]
    assert len(result.documents) == 1 and result.clauses
