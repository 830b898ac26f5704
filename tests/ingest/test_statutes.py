"""The statutes under corpus/statutes/: one document each, one clause per article, 款 and 项 labelled,
version facts from versions.tsv that agree with every date the texts print."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ingest.meta import normalise_doc_number, parse_date
from ingest.models import DocType
from ingest.statutes import (
    CATALOG_FILE,
    ParsedStatute,
    article_count,
    article_subdivisions,
    parse_statutes,
    read_catalog,
    says_only_when_in_force,
)

STATUTES = Path(__file__).resolve().parents[2] / "corpus" / "statutes"
STATUTE_FILES = sorted(p.name for p in STATUTES.glob("*.md") if p.name != "README.md")
ARTICLE_HEADING = re.compile(r"^第[一二三四五六七八九十百零〇]+条(?:之[一二三四五六七八九十]+)?[ \u3000]", re.MULTILINE)


@pytest.fixture(scope="module")
def statutes() -> dict[str, ParsedStatute]:
    parsed, skipped, warnings = parse_statutes(STATUTES.parent, [f"statutes/{name}" for name in STATUTE_FILES])
    assert skipped == [] and warnings == []
    return {Path(p.document.sources[0].file).name: p for p in parsed}


def test_the_folder_holds_the_23_texts_and_the_catalog_lists_each_once():
    assert len(STATUTE_FILES) == 23
    assert sorted(read_catalog(STATUTES / CATALOG_FILE)) == STATUTE_FILES


@pytest.mark.parametrize("name", STATUTE_FILES)
def test_each_statute_has_one_clause_per_article_heading_of_its_file(statutes, name):
    text = (STATUTES / name).read_text(encoding="utf-8").partition("<!-- INFO END -->")[2]
    assert article_count(statutes[name].clauses) == len(ARTICLE_HEADING.findall(text))


def test_the_labour_contract_law_has_98_articles_and_the_labour_law_107(statutes):
    assert article_count(statutes["劳动合同法(2012-12-28).md"].clauses) == 98
    assert article_count(statutes["劳动法(2018-12-29).md"].clauses) == 107


def test_a_statute_is_a_national_document_of_its_kind_with_its_full_title_and_issuer(statutes):
    law = statutes["劳动合同法(2012-12-28).md"].document
    assert (law.doc_id, law.title, law.doc_type, law.region) == (
        "劳动合同法(2012-12-28)", "中华人民共和国劳动合同法", DocType.LAW, "全国"
    )
    assert law.issuer == ("全国人民代表大会常务委员会",)
    assert (law.adopted, law.amended, law.effective_from, law.effective_to) == (
        "2007-06-29", "2012-12-28", "2013-07-01", None
    )
    assert law.validity == "本法自2008年1月1日起施行"
    assert "劳动合同法" in law.aliases
    kinds = {p.document.doc_type for p in statutes.values()}
    assert kinds == {DocType.LAW, DocType.ADMINISTRATIVE_REGULATION, DocType.DEPARTMENTAL_RULE,
                     DocType.JUDICIAL_INTERPRETATION}  # fmt: skip
    interpretation = statutes["最高人民法院关于审理劳动争议案件适用法律问题的解释（一）(2020-12-29).md"].document
    assert (interpretation.issuer, interpretation.doc_number) == (("最高人民法院",), "法释〔2020〕26号")


def test_an_article_is_one_clause_headed_by_its_chapter_and_section(statutes):
    clauses = {c.label: c for c in statutes["劳动合同法(2012-12-28).md"].clauses}
    article = clauses["第五十八条"]
    assert article.clause_id == "劳动合同法(2012-12-28)#第五十八条"
    assert article.heading == "第五章 特别规定 > 第二节 劳务派遣"
    assert article.text.startswith("第五十八条 劳务派遣单位是本法所称用人单位")
    assert (article.source.file, article.source.line_start, article.source.line_end) == (
        "statutes/劳动合同法(2012-12-28).md", 325, 327
    )
    assert clauses["第一条"].heading == "第一章 总则"


def test_paragraphs_are_kuan_and_numbered_lines_are_xiang_of_the_kuan_before(statutes):
    clauses = {c.label: c for c in statutes["劳动合同法(2012-12-28).md"].clauses}
    fourteen = clauses["第十四条"]
    assert [u.label for u in fourteen.subdivisions] == [
        "第一款", "第二款", "第二款第（一）项", "第二款第（二）项", "第二款第（三）项", "第三款"
    ]
    spans = {u.label: fourteen.text[u.start : u.end] for u in fourteen.subdivisions}
    assert spans["第二款第（一）项"] == "（一）劳动者在该用人单位连续工作满十年的；"
    assert spans["第二款"].startswith("用人单位与劳动者协商一致") and spans["第二款"].endswith("续订劳动合同的。")
    assert spans["第三款"].startswith("用人单位自用工之日起满一年")
    forty = clauses["第四十条"]  # one 款: its items are cited without it, 第四十条第（三）项
    assert [u.label for u in forty.subdivisions] == ["第（一）项", "第（二）项", "第（三）项"]
    assert forty.text[forty.subdivisions[2].start : forty.subdivisions[2].end].startswith("（三）劳动合同订立时所依据的客观情况")


def test_a_paragraph_the_source_broke_inside_a_sentence_is_one_kuan(statutes):
    # the markdown breaks 劳动法第三十七条 after 合理确定其劳动 and 工资支付暂行规定第十三条's items mid-sentence, each piece a
    # paragraph of its own: read as written, 第三十七条第二款 was 定额和计件报酬标准。
    labour = {c.label: c for c in statutes["劳动法(2018-12-29).md"].clauses}
    assert labour["第三十七条"].subdivisions == ()
    assert "合理确定其劳动定额和计件报酬标准。" in labour["第三十七条"].text
    wages = {c.label: c for c in statutes["工资支付暂行规定(1994-12-06).md"].clauses}["第十三条"]
    spans = {u.label: wages.text[u.start : u.end] for u in wages.subdivisions}
    assert list(spans)[:4] == ["第一款", "第一款第（一）项", "第一款第（二）项", "第一款第（三）项"]
    assert spans["第一款第（一）项"].endswith("小时工资标准的１５０％支付劳动者工资；")
    assert spans["第二款"].startswith("实行计件工资的劳动者")


def test_an_article_of_one_paragraph_has_no_units():
    assert article_subdivisions(["第一条 为了完善劳动合同制度，制定本法。"]) == ()


def test_an_appendix_is_kept_apart_from_the_last_article(statutes):
    clauses = statutes["女职工劳动保护特别规定(2012-04-28).md"].clauses
    assert clauses[-5].label == "第十六条" and "附录" not in clauses[-5].text
    assert [c.label for c in clauses[-4:]] == ["附录一", "附录二", "附录三", "附录四"]
    assert clauses[-4].heading == "附录 女职工禁忌从事的劳动范围"


def test_a_text_without_articles_is_split_along_its_own_numbering(statutes):
    notice = statutes["关于职工全年月平均工作时间和工资折算问题的通知(2009-03-29).md"]
    assert [c.label for c in notice.clauses] == ["题注", "引言", "一、", "二、", "三、"]
    assert notice.document.doc_number == "劳社部发〔2008〕3号"


def test_versions_are_linked_both_ways_with_their_time_in_force(statutes):
    old = statutes["突发事件应对法(2007-08-30).md"].document
    new = statutes["突发事件应对法(2024-06-28).md"].document
    assert (old.effective_to, old.replaced_by) == ("2024-11-01", new.doc_id)
    assert (new.effective_from, new.replaces) == ("2024-11-01", (old.doc_id,))
    assert old.in_force_on("2022-06-01") and not new.in_force_on("2022-06-01")
    assert new.in_force_on("2024-11-01") and not old.in_force_on("2024-11-01")
    old_spc = statutes["最高人民法院关于审理劳动争议案件适用法律若干问题的解释(2001-04-16).md"].document
    new_spc = statutes["最高人民法院关于审理劳动争议案件适用法律问题的解释（一）(2020-12-29).md"].document
    assert (old_spc.effective_to, old_spc.replaced_by, new_spc.replaces) == (
        "2021-01-01", new_spc.doc_id, (old_spc.doc_id,)
    )
    assert old_spc.in_force_on("2020-12-31") and new_spc.in_force_on("2021-01-01")


_HEADER_DATE = re.compile(r"^(\d{4}年\d{1,2}月\d{1,2}日)\s*(.*)$")
_ARTICLE_EFFECTIVE = re.compile(r"本(?:法|条例|规定|办法|解释)自(\d{4}年\d{1,2}月\d{1,2}日)起施行")


@pytest.mark.parametrize("name", STATUTE_FILES)
def test_the_catalog_agrees_with_every_date_and_number_the_text_prints(statutes, name):
    """The first adoption or promulgation date of the header is the adoption; its last 修正/修订 is at most the latest amendment (some
    headers stop early: 工伤保险条例 omits 2010); a 施行 date, in the header or the closing article, is when
    an unamended text took effect; a 文号 in the header is the document's."""
    statute = statutes[name]
    doc = statute.document
    dated = [(parse_date(m.group(1)), m.group(2)) for line in statute.header if (m := _HEADER_DATE.match(line))]
    adoption = [day for day, what in dated if re.search(r"通过|公布|发布", what)]
    if adoption:
        assert adoption[0] == doc.adopted
    amendments = [day for day, what in dated if re.search(r"修正|修订", what)]
    if amendments:
        assert doc.amended is not None and doc.amended >= amendments[-1]
    effective = [day for day, what in dated if re.fullmatch(r"(施行|执行)", what.strip())]
    closing = [parse_date(m.group(1)) for c in statute.clauses[-3:] if (m := _ARTICLE_EFFECTIVE.search(c.text))]
    if doc.amended is None:
        for day in effective + closing:
            assert day == doc.effective_from
    numbers = [normalise_doc_number(line) for line in statute.header if re.fullmatch(r".{1,8}[\[〔]\d{4}[\]〕]\d+号", line)]
    if numbers:
        assert numbers == [doc.doc_number]


def _copy(tmp_path: Path, names: list[str], catalog: str | None) -> Path:
    folder = tmp_path / "statutes"
    folder.mkdir()
    for name in names:
        shutil.copy(STATUTES / name, folder / name)
    if catalog is not None:
        (folder / CATALOG_FILE).write_text(catalog, encoding="utf-8")
    return tmp_path


def test_a_statute_the_catalog_does_not_list_is_ingested_with_a_warning_naming_the_file(tmp_path):
    header = (STATUTES / CATALOG_FILE).read_text(encoding="utf-8").splitlines()
    first_row = next(i for i, line in enumerate(header) if line.startswith("file\t"))
    corpus = _copy(tmp_path, ["劳动法(2018-12-29).md"], "\n".join(header[: first_row + 1]) + "\n")
    parsed, skipped, warnings = parse_statutes(corpus, ["statutes/劳动法(2018-12-29).md"])
    assert skipped == [] and len(parsed) == 1
    assert parsed[0].document.doc_type is DocType.LAW  # guessed from the title
    assert any("劳动法(2018-12-29).md" in w and CATALOG_FILE in w for w in warnings)


def test_a_malformed_catalog_is_reported_and_the_statutes_are_still_ingested(tmp_path):
    corpus = _copy(tmp_path, ["劳动法(2018-12-29).md"], "file\tkind\n劳动法(2018-12-29).md\tlaw\n")
    parsed, skipped, _ = parse_statutes(corpus, ["statutes/劳动法(2018-12-29).md"])
    assert [name for name, _ in skipped] == [f"statutes/{CATALOG_FILE}"]
    assert "header" in skipped[0][1]
    assert article_count(parsed[0].clauses) == 107


def test_a_catalog_row_with_a_bad_date_names_its_line(tmp_path):
    catalog = (STATUTES / CATALOG_FILE).read_text(encoding="utf-8").replace("2018-12-29\t2018-12-29", "2018-13-29\t2018-12-29")
    corpus = _copy(tmp_path, [], catalog)
    from ingest.statutes import CatalogError

    with pytest.raises(CatalogError, match=r"versions\.tsv:\d+:"):
        read_catalog(corpus / "statutes" / CATALOG_FILE)


def test_a_statute_file_without_a_title_is_reported_and_skipped(tmp_path):
    corpus = _copy(tmp_path, [], None)
    (corpus / "statutes" / "broken.md").write_text("第一条 没有标题。\n", encoding="utf-8")
    parsed, skipped, _ = parse_statutes(corpus, ["statutes/broken.md"])
    assert parsed == [] and skipped[0][0] == "statutes/broken.md" and "# title" in skipped[0][1]


def test_the_note_under_a_laws_title_is_a_clause_a_lawyer_can_cite(statutes):
    statute = statutes["劳动合同法(2012-12-28).md"]
    history = statute.clauses[0]
    assert history.clause_id == "劳动合同法(2012-12-28)#题注" and history.subdivisions == ()
    assert history.text.splitlines() == list(statute.header)  # verbatim: who adopted and amended it, and when
    assert history.text.startswith("2007年6月29日 第十届全国人民代表大会常务委员会第二十八次会议通过")
    assert [c.order for c in statute.clauses] == list(range(len(statute.clauses)))


def test_an_article_saying_when_its_text_takes_effect_is_told_from_rules() -> None:
    assert says_only_when_in_force("第一百零六条 本法自2024年11月1日起施行。")
    assert says_only_when_in_force("第三十三条 本条例自发布之日起施行。1993年4月12日国务院发布的《国有企业职工待业保险规定》同时废止。")
    assert not says_only_when_in_force("第九十条 公民参加应急救援工作或者协助维护社会秩序期间，其所在单位应当保证其工资待遇和福利不变。")
    # a rule on when a provision applies is a rule (本法施行前已依法订立…)
    assert not says_only_when_in_force("第九十七条 本法施行前已依法订立且在本法施行之日存续的劳动合同，继续履行。")
