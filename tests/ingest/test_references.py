"""Citations of statutes in clauses: found in every printed form, resolved to the article of the version in
force on the citing date, and kept with the reason when the corpus cannot resolve them."""

from __future__ import annotations

import re

import pytest

from ingest.models import Clause, DocType, Document, ReferenceStatus, SourceSpan
from ingest.references import find_mentions, resolve_references

KNOWN = ["劳动合同法", "中华人民共和国劳动合同法", "劳动法", "中华人民共和国劳动法", "传染病防治法",
         "中华人民共和国传染病防治法", "工伤保险条例", "劳动合同法实施条例", "中华人民共和国劳动合同法实施条例"]  # fmt: skip


def cited(text: str, inside_statute: bool = False) -> list[tuple[str | None, tuple[tuple[str, str | None], ...]]]:
    return [(m.law, m.articles) for m in find_mentions(text, KNOWN, inside_statute)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("依据《中华人民共和国劳动合同法》第四十条规定", [("中华人民共和国劳动合同法", (("第四十条", None),))]),
        ("劳动法第五十条规定，工资应当以货币形式按月支付", [("劳动法", (("第五十条", None),))]),
        ("按《工伤保险条例》第十四条认定", [("工伤保险条例", (("第十四条", None),))]),
        ("依照《传染病防治法》有关规定", [("传染病防治法", ())]),
        ("劳动合同法第十四条第二款规定", [("劳动合同法", (("第十四条", "第二款"),))]),
        ("不得依据劳动合同法第四十条、四十一条解除", [("劳动合同法", (("第四十条", None), ("第四十一条", None)))]),
        ("依照刑法第二百七十七条第一款、第三款的规定", [("刑法", (("第二百七十七条", "第一款"), ("第二百七十七条", "第三款")))]),
        ("劳动合同法第四十条第三项", [("劳动合同法", (("第四十条", "第（三）项"),))]),
        ("依照刑法第二百二十五条第（四）项", [("刑法", (("第二百二十五条", "第（四）项"),))]),
        ("刑法第二百二十五条", []),  # a name the corpus lacks counts unbracketed only after 依照, 根据 …
        ("第40条", []),  # a bare article in a circular cites nothing named
        ("依照《中华人民共和国民法典》的规定", [("中华人民共和国民法典", ())]),  # a code is a law too
    ],
)
def test_every_printed_form_of_a_citation_is_read(text, expected):
    assert cited(text) == expected


def test_a_longer_name_wins_and_other_texts_with_a_known_name_inside_are_not_that_law():
    assert cited("根据劳动合同法实施条例第六条") == [("劳动合同法实施条例", (("第六条", None),))]
    assert cited("传染病防治法实施办法的精神") == [("传染病防治法实施办法", ())]
    assert cited("宣传劳动法律法规") == []
    assert cited("和《北京市实施〈中华人民共和国传染病防治法〉办法》") == [("北京市实施〈中华人民共和国传染病防治法〉办法", ())]
    assert cited("依照劳动法规定的条件") == [("劳动法", ())]


def test_inside_a_statute_its_own_articles_are_cited_by_benfa_or_bare_numbers():
    text = "（三）连续订立二次固定期限劳动合同，且劳动者没有本法第三十九条和第四十条第一项、第二项规定的情形"
    assert cited(text, inside_statute=True) == [
        (None, (("第三十九条", None), ("第四十条", "第（一）项"), ("第四十条", "第（二）项")))
    ]
    assert cited("第十九条 依照第三条至第五条的规定", inside_statute=True) == [
        (None, (("第三条", None), ("第四条", None), ("第五条", None)))
    ]
    assert cited("第十九条 本条的规定", inside_statute=True) == []  # its own label is no citation


def _statute(doc_id: str, title: str, effective_from: str, effective_to: str | None, articles: int) -> tuple[Document, list[Clause]]:
    doc = Document(
        doc_id=doc_id, doc_number=None, doc_number_printed=None, title=title, issuer=("全国人民代表大会常务委员会",),
        date=effective_from, region="全国", doc_type=DocType.LAW, sources=(), effective_from=effective_from,
        effective_to=effective_to, aliases=(title, title.removeprefix("中华人民共和国")),
    )  # fmt: skip
    clauses = [
        Clause(f"{doc_id}#第{n}条", doc_id, f"第{n}条", None, f"第{n}条 正文", SourceSpan(f"statutes/{doc_id}.md", n, n))
        for n in ("一", "二", "三")[:articles]
    ]
    return doc, clauses


def _circular(date: str, text: str) -> tuple[Document, Clause]:
    doc = Document("京人社劳字〔2020〕99号", "京人社劳字〔2020〕99号", None, "关于测试的通知", ("北京市人力资源和社会保障局",),
                   date, "北京", DocType.NOTICE, ())  # fmt: skip
    return doc, Clause("京人社劳字〔2020〕99号#一、", doc.doc_id, "一、", None, text, SourceSpan("x.txt", 1, 1))


def test_a_citation_resolves_to_the_version_in_force_on_the_citing_date():
    old, old_clauses = _statute("应对法(2007)", "中华人民共和国应对法", "2007-11-01", "2024-11-01", 3)
    new, new_clauses = _statute("应对法(2024)", "中华人民共和国应对法", "2024-11-01", None, 3)
    for date, expected in (("2020-02-07", "应对法(2007)#第二条"), ("2025-01-01", "应对法(2024)#第二条")):
        circular, clause = _circular(date, "依照《应对法》第二条")
        (ref,) = resolve_references([old, new, circular], [*old_clauses, *new_clauses, clause])
        assert (ref.status, ref.target_clause_id, ref.note) == (ReferenceStatus.RESOLVED, expected, "")


def test_an_article_beyond_the_end_and_a_law_not_in_the_corpus_are_kept_with_the_reason():
    law, clauses = _statute("应对法(2007)", "中华人民共和国应对法", "2007-11-01", None, 3)
    circular, clause = _circular("2020-02-07", "依照《应对法》第九十九条和《刑法》第三百三十条的规定")
    beyond, missing = resolve_references([law, circular], [*clauses, clause])
    assert (beyond.status, beyond.target_doc_id, beyond.target_clause_id) == (
        ReferenceStatus.NO_SUCH_ARTICLE, "应对法(2007)", None
    )
    assert "共3条" in beyond.note
    assert (missing.status, missing.law, missing.article) == (ReferenceStatus.LAW_NOT_IN_CORPUS, "刑法", "第三百三十条")
    assert clause.text[missing.start : missing.end] == missing.printed == "《刑法》第三百三十条"


def test_a_name_the_text_defines_for_itself_is_read_as_that_law():
    law, clauses = _statute("职工带薪年休假条例(2007)", "职工带薪年休假条例", "2008-01-01", None, 3)
    rules = Document("实施办法(2008)", None, None, "企业职工带薪年休假实施办法", ("人力资源和社会保障部",), "2008-09-18",
                     "全国", DocType.DEPARTMENTAL_RULE, (), effective_from="2008-09-18")  # fmt: skip
    first = Clause("实施办法(2008)#第一条", rules.doc_id, "第一条", None,
                   "第一条 为了实施《职工带薪年休假条例》（以下简称条例），制定本实施办法。", SourceSpan("x.md", 1, 1))  # fmt: skip
    second = Clause("实施办法(2008)#第二条", rules.doc_id, "第二条", None, "第二条 依照条例第三条规定", SourceSpan("x.md", 2, 2))
    refs = resolve_references([law, rules], [*clauses, first, second])
    assert [(r.printed, r.target_clause_id or r.target_doc_id) for r in refs] == [
        ("《职工带薪年休假条例》", "职工带薪年休假条例(2007)"),
        ("条例第三条", "职工带薪年休假条例(2007)#第三条"),
    ]


# ---------------------------------------------------------------- on the real corpus


@pytest.fixture(scope="module")
def corpus_references(parsed_corpus):
    return parsed_corpus.references


def test_the_circulars_citations_of_corpus_statutes_resolve(parsed_corpus, corpus_references):
    circulars = {d.doc_id for d in parsed_corpus.documents if not d.doc_type.is_statute}
    of_corpus = [r for r in corpus_references if r.source_doc_id in circulars and r.target_doc_id]
    resolved = [r for r in of_corpus if r.status is ReferenceStatus.RESOLVED]
    assert len(of_corpus) >= 30 and len(resolved) / len(of_corpus) >= 0.95
    by_printed = {(r.printed, r.article): r.target_clause_id for r in of_corpus}
    assert by_printed[("劳动合同法第四十条、四十一条", "第四十条")] == "劳动合同法(2012-12-28)#第四十条"
    assert by_printed[("劳动合同法第四十条、四十一条", "第四十一条")] == "劳动合同法(2012-12-28)#第四十一条"


def test_an_article_a_circular_quotes_after_citing_it_is_the_article_it_resolves_to(parsed_corpus, corpus_references):
    """The Beijing Q&A prints 《突发事件应对法》第五十七条 then the article: the 2007 text's, in force in 2020."""
    texts = {c.clause_id: c.text for c in parsed_corpus.clauses}
    checked = 0
    for ref in corpus_references:
        if ref.status is not ReferenceStatus.RESOLVED or not ref.target_clause_id:
            continue
        quoted = re.match(r"\s+([^，。；]{8,})", texts[ref.source_clause_id][ref.end :])
        if quoted is None or ref.source_doc_id.endswith(")"):  # a statute's citation is not followed by the article
            continue
        assert quoted.group(1)[:12] in texts[ref.target_clause_id], ref
        checked += 1
    assert checked >= 4
    emergency = [r for r in corpus_references if r.printed.startswith("《突发事件应对法》第")]
    assert emergency and all(r.target_doc_id == "突发事件应对法(2007-08-30)" for r in emergency)


def test_statutes_cite_each_other_and_their_own_articles(corpus_references):
    links = {(r.source_clause_id, r.target_clause_id) for r in corpus_references}
    assert ("劳动合同法实施条例(2008-09-18)#第六条", "劳动合同法(2012-12-28)#第八十二条") in links
    assert ("劳动合同法(2012-12-28)#第十四条", "劳动合同法(2012-12-28)#第三十九条") in links
    assert ("最高人民法院关于审理劳动争议案件适用法律问题的解释（一）(2020-12-29)#第十九条",
            "劳动争议调解仲裁法(2007-12-29)#第四十七条") in links  # fmt: skip


def test_the_circulars_citations_of_laws_the_corpus_lacks_are_listed_not_dropped(corpus_references):
    missing = {r.law for r in corpus_references if r.status is ReferenceStatus.LAW_NOT_IN_CORPUS}
    assert {"刑法", "突发公共卫生事件应急条例", "治安管理处罚法"} <= missing
