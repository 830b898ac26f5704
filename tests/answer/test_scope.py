"""answer/scope.py: what a question names that the corpus lacks, said truthfully and read off the documents."""

from __future__ import annotations

from dataclasses import replace

import pytest

from answer.scope import CorpusScope, abbreviates
from ingest.models import Clause, DocType, Document, SourceSpan, Subdivision
from lexicon import load_lexicon
from lexicon.places import load_gazetteer
from query.question import QuestionReader

SOURCE = SourceSpan("x.txt", 1, 1)


def document(doc_id: str, title: str, region: str, number: str | None = None, date: str = "2020-02-01",
             doc_type: DocType = DocType.NOTICE) -> Document:
    return Document(doc_id, number, number, title, ("某机关",), date, region, doc_type, (SOURCE,))


DOCS = [
    document("京人社劳字〔2020〕11号", "关于做好疫情防控期间维护劳动关系稳定有关问题的通知", "北京", "京人社劳字〔2020〕11号"),
    document("人社厅明电〔2020〕5号", "关于妥善处理疫情防控期间劳动关系问题的通知", "全国", "人社厅明电〔2020〕5号"),
    document("changde", "关于进一步做好新冠肺炎疫情防控期间务工人员返岗服务工作的通知", "常德"),

]
CLAUSES: dict[str, list[Clause]] = {}


@pytest.fixture(scope="module")
def scope() -> CorpusScope:
    return CorpusScope(DOCS, CLAUSES, load_gazetteer())


@pytest.fixture(scope="module")
def read():
    return QuestionReader(load_lexicon(), load_gazetteer()).read


def statements(scope: CorpusScope, question) -> list[str]:
    return [m.statement for m in scope.missing(question)]


def test_a_doc_number_the_corpus_lacks_is_named_and_is_what_the_question_is_about(scope, read) -> None:
    missing = scope.missing(read("京人社劳字〔2020〕99号规定了什么？"))
    assert [m.statement for m in missing] == ["现有文件中没有京人社劳字〔2020〕99号。"]
    assert missing[0].central


def test_a_missing_doc_number_is_named_without_the_words_the_question_puts_before_it(scope, read) -> None:
    asked = "请提供京人社劳字〔2020〕19号的全文"
    assert [ref.prefix for ref in read(asked).references.doc_numbers] == ["请提供京人社劳字"]
    assert statements(scope, read(asked)) == ["现有文件中没有京人社劳字〔2020〕19号。"]
    # an issuer the corpus holds no document of is named as the question gives it
    assert statements(scope, read("沪人社规〔2020〕2号规定了什么？")) == ["现有文件中没有沪人社规〔2020〕2号。"]


def test_a_title_the_corpus_lacks_is_said_but_the_users_own_papers_are_not_sources_it_could_lack(scope, read) -> None:
    missing = scope.missing(read("《关于做好企业工资支付工作的通知》是怎么规定的？"))
    assert [m.statement for m in missing] == ["现有文件中没有《关于做好企业工资支付工作的通知》。"]
    # a firm's handbook or a contract named in 《》 is the user's paper: the question about the law is answered
    assert scope.missing(read("公司以员工严重违反《员工手册》为由解除劳动合同，规章制度能作为审理依据吗？")) == []
    assert scope.missing(read("我签的《劳动合同》里没写试用期工资，按多少算？")) == []


def test_a_missing_doc_number_beside_one_the_corpus_has_is_said_but_is_not_the_whole_question(scope, read) -> None:
    missing = scope.missing(read("人社部发〔2020〕9号和人社厅明电〔2020〕5号哪个优先适用？"))
    assert [m.statement for m in missing] == ["现有文件中没有人社部发〔2020〕9号。"]
    assert not missing[0].central


def test_a_missing_law_named_only_in_a_side_question_does_not_decide_the_whole_question(scope, read) -> None:
    # the first part asks what the corpus answers; a later one about a law it lacks: answer the first, say
    # the law is missing
    side = scope.missing(read("隔离期间工资怎么发？另，《治安管理处罚法》第五十条怎么罚？"))
    assert [m.statement for m in side] == ["现有文件中没有《治安管理处罚法》的条文。"]
    assert not side[0].central
    alone = scope.missing(read("《治安管理处罚法》第五十条怎么罚？"))
    assert [m.central for m in alone] == [True]
    asked_first = scope.missing(read("《治安管理处罚法》第五十条怎么罚？另外，隔离期间工资怎么发？"))
    assert [m.central for m in asked_first] == [True]


def test_a_place_the_corpus_has_a_notice_of_is_covered_whatever_that_notice_is_about(scope, read) -> None:
    assert scope.places(read("我们在常德有个工厂，员工隔离工资怎么算？")).uncovered == ()


def test_a_place_without_local_rules_is_said_to_lack_them_and_national_rules_still_apply(scope, read) -> None:
    places = scope.places(read("我在上海，被隔离了工资怎么算？"))
    assert places.uncovered == ("上海",) and places.regions == ("全国",)
    assert scope.place_statement("上海") == "现有文件中没有上海的地方规定，以下只引全国性规定。"
    # a refusal quotes nothing, so it does not say it quotes national rules only
    assert scope.place_statement("上海", quoting=False) == "现有文件中没有上海的地方规定。"


def test_a_place_inside_an_uncovered_province_is_not_said_twice_and_covered_rules_are_not_denied(scope, read) -> None:
    places = scope.places(read("我老公是湖北监利的，想来常德这边厂里上班，要隔离多久？"))
    assert places.uncovered == ("湖北",) and places.local == ("常德",)
    assert scope.place_statement("湖北", places.local) == "现有文件中没有湖北的地方规定。"


def test_a_province_is_told_which_of_its_cities_the_corpus_has(scope) -> None:
    assert scope.place_statement("湖南") == "现有文件中没有湖南的地方规定，只有其中常德的。"


def test_a_district_is_answered_by_its_citys_rules(scope, read) -> None:
    assert scope.places(read("我在朝阳区上班")).regions == ("北京", "全国")


def test_a_bare_name_that_is_also_a_covered_citys_district_is_not_said_to_lack_rules(scope, read) -> None:
    # 朝阳 alone is 辽宁's 朝阳市 and 北京's 朝阳区: Beijing's rules may be the user's
    places = scope.places(read("朝阳装修公司的，被隔离了14天，工资怎么算"))
    assert places.uncovered == () and places.regions == ("北京", "全国")
    # named with its province it is the city alone
    anchored = scope.places(read("我在辽宁朝阳上班，被隔离了14天，工资怎么算"))
    assert anchored.regions == ("全国",) and anchored.uncovered == ("辽宁",)
    # a bare name whose other readings lie in places without local rules is still said to lack them
    assert scope.places(read("我在西安上班，被隔离了工资怎么算")).uncovered == ("西安",)


def test_a_home_town_is_neither_said_to_lack_rules_nor_limits_the_answer_to_national_ones(scope, read) -> None:
    places = scope.places(read("我2月中旬从湖南老家回北京，社区说我得在家待着，能不能直接去上班"))
    assert places.uncovered == () and places.regions == ("北京", "全国")


def test_a_year_without_circulars_is_named_with_the_years_there_are(scope, read) -> None:
    assert statements(scope, read("2023年阳了在家，工资照发吗")) == ["现有文件中的通知只有2020年的，没有2023年的。"]


def test_a_year_a_statute_held_was_made_in_is_not_said_to_be_missing(read) -> None:
    # 2001年解释: the question may mean the text of that year, which the corpus holds
    interpretation = document("解释(2001-04-16)", "最高人民法院关于审理劳动争议案件适用法律若干问题的解释", "全国",
                              date="2001-04-16", doc_type=DocType.JUDICIAL_INTERPRETATION)
    scope = CorpusScope([*DOCS, interpretation], CLAUSES, load_gazetteer())
    assert statements(scope, read("2001年解释第十五条现在还适用吗")) == []
    assert statements(scope, read("2023年阳了在家，工资照发吗")) == ["现有文件中的通知只有2020年的，没有2023年的。"]


def test_a_year_named_as_when_a_text_took_effect_is_not_said_to_be_missing(read) -> None:
    # 自2021年1月1日起施行的新司法解释 was told 现有文件中的通知只有2020年的…没有2021年的, of the text the corpus holds
    interpretation = replace(
        document("解释（一）(2020-12-29)", "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）", "全国",
                 date="2020-12-29", doc_type=DocType.JUDICIAL_INTERPRETATION),
        effective_from="2021-01-01",
    )
    scope = CorpusScope([*DOCS, interpretation], CLAUSES, load_gazetteer())
    assert statements(scope, read("该规则在自2021年1月1日起施行的新司法解释中对应第几条？")) == []
    assert statements(scope, read("2021年公司让我们原地过年，有补贴吗？")) == ["现有文件中的通知只有2020年的，没有2021年的。"]


def test_a_year_holding_only_news_is_not_called_a_year_of_notices(read) -> None:
    # the seeds' two 2022 items are news reports (居家办公, 打卡制度): 2022 holds no rule
    news = document("news-2022", "北京严格工作场所打卡制度", "北京", date="2022-05-12", doc_type=DocType.NEWS)
    scope = CorpusScope([*DOCS, news], CLAUSES, load_gazetteer())
    assert statements(scope, read("2021年公司让我们原地过年，有补贴吗？")) == [
        "现有文件中的通知只有2020年的，另有2022年的新闻报道，没有2021年的。"
    ]
    reports_only = CorpusScope([news], CLAUSES, load_gazetteer())
    assert statements(reports_only, read("2021年公司让我们原地过年，有补贴吗？")) == ["现有文件只有2022年的新闻报道，没有2021年的。"]


def _clauses(doc_id: str, *labels: str) -> list[Clause]:
    return [Clause(f"{doc_id}#{label}", doc_id, label, None, label, SOURCE) for label in labels]


@pytest.fixture(scope="module")
def numbered_scope() -> CorpusScope:
    docs = [
        document("京人社劳字〔2020〕11号", "关于做好疫情防控期间维护劳动关系稳定有关问题的通知", "北京", "京人社劳字〔2020〕11号"),
        document("人社部发〔2020〕8号", "关于做好疫情防控期间稳定劳动关系的意见", "全国", "人社部发〔2020〕8号"),
        document("人社部发〔2020〕11号", "关于阶段性减免企业社会保险费的通知", "全国", "人社部发〔2020〕11号"),
    ]
    clauses = {
        "京人社劳字〔2020〕11号": _clauses("京人社劳字〔2020〕11号", "引言", "一、", "二、", "三、", "四、", "结尾"),
        # items numbered on across provisions, and provisions printed only through their items
        "人社部发〔2020〕8号": _clauses("人社部发〔2020〕8号", "引言", "一、", "二、（一）", "二、（二）", "三、（三）", "五、（十）", "五、（十一）"),
        "人社部发〔2020〕11号": _clauses("人社部发〔2020〕11号", "一、", "二、", "三、", "四、", "五、"),
    }
    return CorpusScope(docs, clauses, load_gazetteer())


def test_a_circulars_clause_it_does_not_have_is_said_to_be_missing_with_what_it_has(numbered_scope, read) -> None:
    missing = numbered_scope.missing(read("京人社劳字〔2020〕11号第五条说了什么"))
    assert [m.statement for m in missing] == ["京人社劳字〔2020〕11号正文只有第一条至第四条，没有第五条。"]
    assert missing[0].central
    # a provision printed only through its items is there; an item it lacks is named with the items it has
    assert statements(numbered_scope, read("人社部发〔2020〕8号第五条第（一）项")) == [
        "人社部发〔2020〕8号第五条只有（十）至（十一）项，没有第五条第（一）项。"
    ]
    assert statements(numbered_scope, read("京人社劳字〔2020〕11号第二条第（三）项")) == [
        "京人社劳字〔2020〕11号第二条不分项，没有第二条第（三）项。"
    ]


def test_a_clause_one_of_the_documents_a_short_number_names_has_is_not_said_to_be_missing(numbered_scope, read) -> None:
    # 11号文 names both 11号 notices: 人社部发〔2020〕11号 has a 第五条
    assert statements(numbered_scope, read("11号文第五条怎么规定的")) == []
    assert statements(numbered_scope, read("人社部发〔2020〕8号第五条")) == []
    assert statements(numbered_scope, read("京人社劳字〔2020〕11号第二条")) == []


def test_a_paragraph_or_item_an_article_does_not_have_is_said_to_be_missing_with_what_it_has(read) -> None:
    law = document("劳动合同法(2012-12-28)", "中华人民共和国劳动合同法", "全国", date="2012-12-28", doc_type=DocType.LAW)
    units = {
        "第四十条": ("第（一）项", "第（二）项", "第（三）项"),
        "第十九条": ("第一款", "第二款", "第三款", "第四款"),
        "第四十一条": ("第一款", "第一款第（一）项", "第一款第（二）项", "第二款", "第二款第（一）项", "第二款第（二）项"),
    }
    clauses = {
        law.doc_id: [
            Clause(f"{law.doc_id}#{article}", law.doc_id, article, None, article, SOURCE,
                   subdivisions=tuple(Subdivision(label, 0, 1) for label in labels))
            for article, labels in units.items()
        ]
    }
    scope = CorpusScope([law], clauses, load_gazetteer())
    read_law = QuestionReader(load_lexicon(), load_gazetteer(), law_names=["劳动合同法"]).read
    missing = scope.missing(read_law("劳动合同法第四十条第（四）项是什么"))
    assert [m.statement for m in missing] == ["《中华人民共和国劳动合同法》第四十条只有第（一）项至第（三）项，没有第（四）项。"]
    assert missing[0].central
    assert statements(scope, read_law("劳动合同法第十九条第五款")) == ["《中华人民共和国劳动合同法》第十九条只有四款，没有第五款。"]
    assert statements(scope, read_law("劳动合同法第四十一条第二款第（三）项")) == [
        "《中华人民共和国劳动合同法》第四十一条第二款只有第（一）项至第（二）项，没有第二款第（三）项。"
    ]
    # those it has, and a 项 named without the one 款 that has it
    assert statements(scope, read_law("劳动合同法第四十条第（三）项")) == []
    assert statements(scope, read_law("劳动合同法第十九条第二款")) == []
    assert statements(scope, read_law("劳动合同法第四十一条第二款第（二）项")) == []


def test_a_place_under_its_own_law_is_told_no_rule_here_is_its_unless_a_mainland_place_is_named(scope, read) -> None:
    missing = scope.missing(read("香港的公司疫情期间能裁员吗"))
    assert [m.statement for m in missing] == ["现有文件都是中国内地的规定，不适用于香港；香港的劳动用工适用其本地法律。"]
    assert missing[0].central
    # nor is it said to lack local rules while national ones are quoted
    assert scope.places(read("香港的公司疫情期间能裁员吗")).uncovered == ()
    # a Taiwanese employee working in Beijing: Beijing's rules are the user's
    assert statements(scope, read("台湾员工在北京工作被隔离工资怎么发")) == []


def test_a_text_of_a_law_named_by_a_year_the_corpus_does_not_hold_is_said_to_be_missing_with_the_texts_it_holds() -> None:
    law = replace(
        document("传染病防治法(2013-06-29)", "中华人民共和国传染病防治法", "全国", date="2013-06-29", doc_type=DocType.LAW),
        adopted="1989-02-21", amended="2013-06-29", effective_from="2013-06-29", effective_to="2025-09-01",
    )
    clauses = {law.doc_id: [Clause(f"{law.doc_id}#第四十一条", law.doc_id, "第四十一条", None, "第四十一条", SOURCE)]}
    scope = CorpusScope([law], clauses, load_gazetteer())
    read_law = QuestionReader(load_lexicon(), load_gazetteer(), law_names=["传染病防治法"]).read
    missing = scope.missing(read_law("2025年修订后的传染病防治法第四十一条怎么写？"))
    assert [m.statement for m in missing] == ["现有文件中没有2025年的《中华人民共和国传染病防治法》文本，只有2013年的。"]
    assert missing[0].central
    # the text held, named by the year it was amended, adopted or took effect
    for year in ("2013年修正的", "1989年通过的"):
        assert statements(scope, read_law(f"{year}传染病防治法第四十一条怎么写？")) == []


def test_the_text_before_an_amendment_is_said_to_be_missing_when_every_text_held_is_of_that_amendment_or_later() -> None:
    law = replace(
        document("劳动合同法(2012-12-28)", "中华人民共和国劳动合同法", "全国", date="2012-12-28", doc_type=DocType.LAW),
        adopted="2007-06-29", amended="2012-12-28", effective_from="2013-07-01",
    )
    clauses = {law.doc_id: [Clause(f"{law.doc_id}#第五十七条", law.doc_id, "第五十七条", None, "第五十七条", SOURCE)]}
    scope = CorpusScope([law], clauses, load_gazetteer())
    read_law = QuestionReader(load_lexicon(), load_gazetteer(), law_names=["劳动合同法"]).read
    asked = read_law("劳动合同法2012年修正前的文本第五十七条对注册资本的要求是多少？")
    missing = scope.missing(asked)
    assert [m.statement for m in missing] == ["现有文件中没有2012年修改前的《中华人民共和国劳动合同法》文本，只有2012年的。"]
    assert missing[0].central
    # the year of the amendment names no text the question asks for, nor a time it is about
    assert (asked.text_years, asked.time_years) == ((), ())
    # the amended text itself is held
    assert statements(scope, read_law("2012年修正后的劳动合同法第五十七条怎么写？")) == []


def test_a_doc_number_with_a_wrong_year_is_read_as_the_one_document_of_that_number_and_said_so(numbered_scope, read) -> None:
    missing = numbered_scope.missing(read("京人社劳字〔2019〕11号第二条怎么说的？"))
    title = "关于做好疫情防控期间维护劳动关系稳定有关问题的通知"
    assert [(m.statement, m.central) for m in missing] == [
        (f"现有文件中没有京人社劳字〔2019〕11号，只有京人社劳字〔2020〕11号《{title}》。", False)
    ]
    # its clauses are checked as that document's: 第九条 is not in it
    assert "京人社劳字〔2020〕11号正文只有第一条至第四条，没有第九条。" in statements(
        numbered_scope, read("京人社劳字〔2019〕11号第九条怎么说的？")
    )
    # two documents of that number (人社部发〔2020〕8号, 〔2020〕11号 are of one issuer, not one number): a number no
    # document has is missing, as before
    assert statements(numbered_scope, read("人社部发〔2019〕9号规定了什么？")) == ["现有文件中没有人社部发〔2019〕9号。"]


def test_a_year_asked_of_a_statute_named_by_its_number_is_the_time_of_the_case_not_a_missing_year(read) -> None:
    # probe k54-12: 如果起诉是在2021年以后呢 of 法释〔2001〕14号第十三条 (carried from the turn before) was told
    # 现有文件中的通知只有2020年的…没有2021年的: the year is when the case is, and the versions answer it
    interpretation = document("解释(2001-04-16)", "最高人民法院关于审理劳动争议案件适用法律若干问题的解释", "全国",
                              "法释〔2001〕14号", date="2001-04-16", doc_type=DocType.JUDICIAL_INTERPRETATION)
    scope = CorpusScope([*DOCS, interpretation], CLAUSES, load_gazetteer())
    assert statements(scope, read("法释〔2001〕14号 举证责任，如果起诉是在2021年以后呢？这条现在还适用吗")) == []
    # a circular's 文号 with a year it has no notices of is still told
    assert statements(scope, read("京人社劳字〔2020〕11号 隔离，2021年还适用吗")) == ["现有文件中的通知只有2020年的，没有2021年的。"]


def test_a_law_named_by_a_lay_abbreviation_is_held_and_one_the_corpus_lacks_is_said_missing(read) -> None:
    # 年假条例, 劳动仲裁法: users shorten the laws the corpus holds; since a question may now name a law without 《》
    # (个人所得税法哪一条), saying such a law is missing would be untrue
    assert abbreviates("年假条例", "职工带薪年休假条例") and abbreviates("劳动仲裁法", "劳动争议调解仲裁法")
    assert not abbreviates("民法典", "社会保险法") and not abbreviates("刑法", "劳动法")
    law = replace(document("年休假条例", "职工带薪年休假条例", "全国", date="2007-12-14"), doc_type=DocType.ADMINISTRATIVE_REGULATION)
    held = CorpusScope([*DOCS, law], {"年休假条例": [Clause("年休假条例#第五条", "年休假条例", "第五条", None, "第五条 …", SOURCE)]}, load_gazetteer())
    assert statements(held, read("年假条例第五条怎么说的？")) == []
    assert statements(held, read("个人所得税法哪一条说补偿金免税？")) == ["现有文件中没有《个人所得税法》的条文。"]

