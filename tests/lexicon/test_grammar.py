"""lexicon/grammar.py: the one 文号 grammar, Chinese numerals, and a name said only to be left out."""

from lexicon.grammar import (
    bigram_tokens,
    chinese_numeral,
    cited_to_rule_out,
    find_doc_numbers,
    han_count,
    is_document_title,
    issuer_named,
    leaves_out,
    misdated_document,
    named_beyond_exclusion,
    numeral_value,
    percentages,
)


def test_doc_numbers_are_found_with_any_bracket_and_spacing_and_normalised():
    refs = find_doc_numbers("按照人社部发[2020]8 号和京人社劳字〔2020〕11号执行")
    assert [r.normalized for r in refs] == ["人社部发〔2020〕8号", "京人社劳字〔2020〕11号"]


def test_an_announcement_is_numbered_by_year():
    assert [r.normalized for r in find_doc_numbers("财政部 税务总局公告2020年第8号")] == ["财政部税务总局公告〔2020〕8号"]


def test_chinese_numerals_read_both_ways():
    assert [numeral_value(x) for x in ("二十三", "十", "两", "一百零七", "40")] == [23, 10, 2, 107, 40]
    assert [chinese_numeral(n) for n in (10, 23, 98)] == ["十", "二十三", "九十八"]


def test_han_count_ignores_digits_and_punctuation():
    assert han_count("第40条，2020年") == 3


def test_a_line_that_is_only_a_doc_number_is_read_and_filed_in_its_normal_form():
    from lexicon.grammar import doc_number_of_line

    assert doc_number_of_line(" 人社部发【2020】12 号 ") == ("人社部发〔2020〕12号", "人社部发【2020】12 号")
    assert doc_number_of_line("联防联控机制综发﹝2020﹞81号")[0] == "联防联控机制综发〔2020〕81号"
    assert doc_number_of_line("财政部 税务总局公告2020年第8号")[0] == "财政部税务总局公告2020年第8号"
    assert doc_number_of_line("〔十五届〕第 23 号")[0] == "〔十五届〕第23号"
    assert doc_number_of_line("按照人社部发〔2020〕8号执行") is None
    assert doc_number_of_line("（2020年2月7日北京市第十五届人民代表大会常务委员会第十八次会议通过）") is None


def test_a_cited_doc_number_is_the_code_alone_after_a_bracket_or_separator():
    from lexicon.grammar import cited_doc_numbers

    text = "《北京市人民政府办公厅关于落实“四方责任”…的通知》（京政办发〔2020〕4号）和人社厅明电[2020]5 号、京人社劳字〔2020〕11号"
    assert cited_doc_numbers(text) == ["京政办发〔2020〕4号", "京人社劳字〔2020〕11号"]


def test_the_han_class_takes_extension_a_characters():
    assert han_count("㐀乙2") == 2


def test_a_number_joined_on_to_a_doc_number_is_of_its_series_and_year() -> None:
    refs = find_doc_numbers("京人社劳字〔2020〕13号和17号是什么关系？")
    assert [r.normalized for r in refs] == ["京人社劳字〔2020〕13号", "京人社劳字〔2020〕17号"]
    assert [r.number for r in find_doc_numbers("〔2020〕11号、13号与17号")] == ["11", "13", "17"]
    # 2号文 is a short form of its own (its series unknown), and 第三条 is no number
    assert [r.number for r in find_doc_numbers("人社部发〔2020〕8号和2号文")] == ["8"]
    assert [r.number for r in find_doc_numbers("京人社劳字〔2020〕11号第二条和第三条")] == ["11"]
    # after a clause of the first: each its own clause
    assert [r.number for r in find_doc_numbers("京人社劳字〔2020〕13号第一条和17号第二条分别怎么说")] == ["13", "17"]


def test_bigram_tokens_are_overlapping_han_pairs_lone_characters_and_lowercased_ascii_words() -> None:
    assert bigram_tokens("滞纳金，免收。ESOP 4年") == ["滞纳", "纳金", "免收", "esop", "4", "年"]
    assert bigram_tokens("工资工资") == ["工资", "资工", "工资"]  # repeats kept: BM25 counts them
    assert bigram_tokens("——") == []


def test_the_issuer_a_prefix_names_is_the_longest_known_code_it_ends_with() -> None:
    known = {"人社部发", "京人社劳字", "人社部函"}
    assert issuer_named("请问京人社劳字", known) == "京人社劳字"
    assert issuer_named("依人社部函", known) == "人社部函"
    assert issuer_named("京人社劳字", known) == "京人社劳字"
    assert issuer_named("沪人社规", known) == "沪人社规"


def test_a_place_named_only_to_be_left_out_is_not_named_as_covered():
    rule = "自2020年2月起，各省、自治区、直辖市（除湖北省外）及新疆生产建设兵团可免征中小微企业三项社会保险单位缴费部分"
    assert leaves_out(rule, "湖北") and not named_beyond_exclusion(rule, "湖北")
    assert leaves_out("具体来说，湖北省以外的其他省份可免征", "湖北")
    assert not leaves_out("自2020年2月起，湖北省可免征各类参保单位三项社会保险单位缴费部分", "湖北")
    assert named_beyond_exclusion("自2020年2月起，湖北省可免征各类参保单位三项社会保险单位缴费部分", "湖北")
    # left out once and named again as covered
    assert named_beyond_exclusion("各省（除湖北省外）减半征收；湖北省可免征", "湖北")
    # an exception that is no place leaves nothing out
    assert not leaves_out("除法律另有规定外，湖北省可免征", "湖北")
    # the production and construction corps beside the provinces is not 新疆's own rule
    assert not named_beyond_exclusion(rule, "新疆") and named_beyond_exclusion("新疆维吾尔自治区可免征", "新疆")


def test_an_article_cited_only_to_be_ruled_out_is_told_from_one_applied():
    text = "企业应当支付职工在此期间的工作报酬，并不得依据劳动合同法第四十条、四十一条与职工解除劳动合同。"
    assert cited_to_rule_out(text, text.index("劳动合同法"))
    applied = "根据《中华人民共和国劳动合同法》第四十条规定解除劳动合同的，应当支付经济补偿。"
    assert not cited_to_rule_out(applied, applied.index("《"))


def test_a_title_ends_as_an_official_sources_title_does() -> None:
    for title in ("中华人民共和国劳动合同法", "工伤保险条例", "关于阶段性减免企业社会保险费的通知", "北京市工资支付规定",
                  "新型冠状病毒肺炎流行期间办公场所防控指引（2.0版）", "企业职工带薪年休假实施办法"):
        assert is_document_title(title), title
    for paper in ("员工手册", "劳动合同", "保密协议", "离职证明"):
        assert not is_document_title(paper), paper


def test_a_doc_number_with_another_year_names_the_one_document_of_that_issuer_and_number() -> None:
    have = [(find_doc_numbers(n)[0], n) for n in ("京人社劳字〔2020〕17号", "京人社劳字〔2020〕11号", "人社部发〔2020〕11号")]
    assert misdated_document(have, find_doc_numbers("京人社劳字〔2019〕17号")[0]) == ["京人社劳字〔2020〕17号"]
    # the issuer must be named: 〔2019〕11号 alone could be either 11号
    assert misdated_document(have, find_doc_numbers("〔2019〕11号")[0]) == []
    assert misdated_document(have, find_doc_numbers("京人社就字〔2019〕17号")[0]) == []
    # the same year is not a wrong one
    assert misdated_document(have, find_doc_numbers("京人社劳字〔2020〕12号")[0]) == []


def test_a_percentage_is_read_however_it_is_written():
    # 劳动法第四十四条 prints 百分之二百, 工资支付暂行规定第十三条 ２００％, the Beijing notice 200%
    assert percentages("支付不低于工资的百分之二百的工资报酬") == {"200%"}
    assert percentages("按照不低于劳动合同规定的劳动者本人日或小时工资标准的２００％支付") == {"200%"}
    assert percentages("这个200%是根据哪部法律哪一条来的？以及150%呢") == {"200%", "150%"}
    assert percentages("年休假5天") == set()
