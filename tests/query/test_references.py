"""query/references.py: what a question names — 文号, clause labels, laws and their articles, titles, years."""

from lexicon.grammar import chinese_numeral
from query.references import read_references, write_out_short_numbers


def test_a_doc_number_with_variant_brackets_and_a_clause_label_are_read() -> None:
    ref = read_references("京人社劳字[2020]11 号第十二条（三）")
    assert [r.normalized for r in ref.doc_numbers] == ["京人社劳字〔2020〕11号"]
    assert (ref.article, ref.sub) == ("十二", "三")
    assert ref.names_clause


def test_a_clause_label_typed_without_its_pause_mark_or_called_a_part_is_read() -> None:
    # users write 二（一） for 二、（一）, and lawyers call a circular's 二、 its 第二部分
    for asked in ("法发〔2020〕7号，二（一）原文贴一下", "法发〔2020〕7号第二部分第（一）项的原文", "法发〔2020〕7号 二(一)"):
        ref = read_references(asked)
        assert (ref.article, ref.sub) == ("二", "一"), asked
    assert read_references("法发〔2020〕7号，（一）是什么").article is None  # a sub-item alone names no article


def test_a_short_number_is_a_document_and_a_topic_question_names_none() -> None:
    assert read_references("2020年17号文件").short_numbers == (("2020", "17"),)
    assert read_references("综合计算工时怎么申请").names_document is False


LAWS = ("劳动合同法", "劳动法", "突发事件应对法")  # names the corpus's statutes are cited by without 《》


def test_a_law_article_is_the_laws_not_a_circular_label() -> None:
    ref = read_references("人社厅明电〔2020〕5号第一条限定的是“不得依据劳动合同法第四十条、四十一条”解除", LAWS)
    assert [(law.name, law.articles) for law in ref.laws] == [("劳动合同法", ("第四十条", "第四十一条"))]
    assert ref.article == "一"  # 5号's own 第一条


def test_a_code_or_a_law_the_corpus_lacks_is_read_as_a_law_where_a_question_asks_for_its_article() -> None:
    # 《民法典》 ends in 典, not 法 (a lawyer's probe, x60-08); 个人所得税法哪一条 names a law without 《》 or a verb of
    # citing (statutes61 t61-37): each is a law whose absence the answer must state
    named = {law.name: law.articles for law in read_references("依《民法典》第五百九十条主张不可抗力免责", LAWS).laws}
    assert named == {"民法典": ("第五百九十条",)}
    named = {law.name: law.articles for law in read_references("交个税吗？个人所得税法哪一条说补偿免税", LAWS).laws}
    assert named == {"个人所得税法": ()}
    assert [law.name for law in read_references("民法典第五百九十条怎么说", LAWS).laws] == ["民法典"]
    # a method or a way (有什么办法) before an ordinal is not a law, nor is the ask for one (哪部法哪条), and a verb of
    # citing is not part of the name (依照刑法哪一条)
    assert read_references("工资怎么算？有什么办法第一时间知道", LAWS).laws == ()
    assert read_references("有没有法律依据？哪部法哪条", LAWS).laws == ()
    assert read_references("这个有依据吗？法律上是哪部法哪一条", LAWS).laws == ()
    assert [law.name for law in read_references("引起传播的，依照刑法哪一条处罚", LAWS).laws] == ["刑法"]


def test_a_bare_article_after_one_named_law_is_that_laws() -> None:
    ref = read_references("《突发事件应对法》2007年文本里，第十三条怎么规定的", LAWS)
    assert [(law.name, law.articles) for law in ref.laws] == [("突发事件应对法", ("第十三条",))]


def test_a_bare_label_right_after_a_doc_number_is_the_circulars_not_the_named_laws() -> None:
    # a follow-up carries the circular just quoted (人社厅明电〔2020〕5号 第三条) before the law it asks about
    ref = read_references("人社厅明电〔2020〕5号 第三条 时效，这一规定在劳动争议调解仲裁法中对应哪一条", ("劳动争议调解仲裁法",))
    assert [(law.name, law.articles) for law in ref.laws] == [("劳动争议调解仲裁法", ())]
    assert ref.article == "三"
    # after a word, it is still the one named law's
    assert read_references("劳动合同法 时效 第四十条呢", LAWS).laws[0].articles == ("第四十条",)


def test_an_articles_text_is_the_one_its_citation_names_by_year() -> None:
    # a follow-up carries the article just quoted with its text's year, and asks another text by year
    ref = read_references("突发事件应对法 （2007年）第六十一条 工资，2024年修订后的新版本怎么规定的", LAWS)
    assert [(law.articles, law.versions) for law in ref.laws] == [(("第六十一条",), (2007,))]
    assert set(ref.text_years) == {2007, 2024}
    # each text's article named by year: both
    ref = read_references("突发事件应对法2007年文本第六十一条和2024年文本第六十一条分别怎么规定", LAWS)
    assert set(ref.laws[0].versions) == {2007, 2024}
    # no year in the citation: the texts the question names decide, as before
    assert read_references("2024年文本的突发事件应对法第九十条", LAWS).laws[0].versions == ()


def test_a_quoted_law_drops_the_country_name_and_a_quoted_notice_is_a_title() -> None:
    assert read_references("《中华人民共和国劳动合同法》第四十条", LAWS).laws[0].name == "劳动合同法"
    ref = read_references("请提供《关于阶段性减免企业社会保险费的通知》的文号")
    assert ref.titles == ("关于阶段性减免企业社会保险费的通知",) and ref.laws == ()


def test_an_unquoted_title_may_be_plain_words_for_rules_on_a_topic() -> None:
    ref = read_references("有没有关于隔离期间工资支付的规定？")
    assert ref.titles == () and ref.described_titles == ("关于隔离期间工资支付的规定",)
    assert read_references("国家出台了关于减免社保费的通知吗").described_titles == ("关于减免社保费的通知",)
    ref = read_references("最高法关于涉新冠疫情劳动争议案件的指导意见里，不可抗力怎么认定")
    assert ref.titles == ("关于涉新冠疫情劳动争议案件的指导意见",) and ref.described_titles == ()


def test_an_unquoted_title_right_after_a_law_describes_that_laws_provision() -> None:
    ref = read_references("突发事件应对法关于单位不得解除劳动合同的规定在哪一条？", ("突发事件应对法",))
    assert ref.titles == () and ref.described_titles == ("关于单位不得解除劳动合同的规定",)
    assert read_references("《劳动合同法》中关于经济补偿的规定", LAWS).described_titles == ("关于经济补偿的规定",)
    # after anything else it still names a document (the scope then says whether the corpus holds it)
    assert read_references("劳动合同法和关于做好返岗服务工作的通知", LAWS).titles == ("关于做好返岗服务工作的通知",)


def test_an_unquoted_title_right_after_a_doc_number_and_its_article_describes_that_provision() -> None:
    ref = read_references("人社厅明电〔2020〕5号第三条关于疫情期间劳动人事争议仲裁时效中止的规定，上位法依据是什么？")
    assert ref.titles == () and ref.described_titles == ("关于疫情期间劳动人事争议仲裁时效中止的规定",)
    joined = read_references("人社部发〔2020〕11号和关于延长阶段性减免企业社会保险费政策实施期限等问题的通知有什么区别")
    assert joined.titles == ("关于延长阶段性减免企业社会保险费政策实施期限等问题的通知",)


def test_years_are_read_and_a_bare_number_question_has_no_topic() -> None:
    assert read_references("2023年的规定和2020年比").years == (2023, 2020)
    assert read_references("2020—2022年间适用的文本").years == (2020, 2022)  # a span names both ends
    assert read_references("电话2020-1234").years == ()
    assert read_references("京人社劳字〔2020〕11号第二条").has_topic is False
    assert [chinese_numeral(n) for n in (1, 10, 12, 20, 23)] == ["一", "十", "十二", "二十", "二十三"]


def test_a_year_naming_a_texts_version_is_told_from_a_year_naming_a_time() -> None:
    ref = read_references("2022年发生的适用2007年《突发事件应对法》哪一条？2024年11月1日以后发生的呢")
    assert (ref.years, ref.text_years) == ((2022, 2007, 2024), (2007,))
    assert read_references("2012年修正的劳动合同法第四十条").text_years == (2012,)
    # the text before an amendment: the amendment's year names neither that text nor a time
    before = read_references("2012年修正前的劳动合同法第五十七条")
    assert (before.text_years, before.before_years) == ((), (2012,))
    assert before.names_version_of(2007) and not before.names_version_of(2012)
    assert read_references("2024年修订之前的突发事件应对法第六十六条").before_years == (2024,)
    assert read_references("2020年版的解释（一）和2001年《若干问题的解释》").text_years == (2020, 2001)
    # the same year as a time as well: not only a version's
    assert read_references("2020年《关于…的通知》发布后，2020年被隔离的工资").text_years == ()
    assert read_references("2020年疫情期间被隔离").text_years == ()


def test_the_item_or_paragraph_named_of_a_laws_article_is_read_as_the_statutes_label_it() -> None:
    law = read_references("劳动合同法第四十条第三项是什么内容？", LAWS).laws[0]
    assert law.articles == ("第四十条",) and law.units == (("第四十条", "第（三）项"),)
    assert read_references("《劳动合同法》第四十一条第二款", LAWS).laws[0].units == (("第四十一条", "第二款"),)
    assert read_references("劳动合同法第四十条", LAWS).laws[0].units == ()


def test_each_document_named_with_its_own_clause_is_paired_with_it() -> None:
    ref = read_references("京人社劳字〔2020〕13号第一条和17号第二条分别怎么说")
    assert [(number.normalized, article, item) for number, article, item in ref.clauses] == [
        ("京人社劳字〔2020〕13号", "一", None),
        ("京人社劳字〔2020〕17号", "二", None),
    ]
    ref = read_references("人社部发〔2020〕8号第三条和人社厅明电〔2020〕5号第一条有什么不同")
    assert [(number.number, article) for number, article, _ in ref.clauses] == [("8", "三"), ("5", "一")]
    # each clause with its own item (the single label read before took the first article's item only)
    ref = read_references("人社部发〔2020〕8号第三条第（六）项和京人社劳字〔2020〕23号第三条（五）有什么区别")
    assert [(number.number, article, item) for number, article, item in ref.clauses] == [("8", "三", "六"), ("23", "三", "五")]
    # one document, or one clause: no pairs, the single label as before
    assert read_references("京人社劳字〔2020〕11号第二条和第三条").clauses == ()
    assert read_references("京人社劳字〔2020〕13号和17号是什么关系？").clauses == ()


def test_a_version_year_before_a_laws_name_or_between_it_and_the_article_names_the_text() -> None:
    laws = ["突发事件应对法"]
    for asked, year, article in [
        ("2007年突发事件应对法第六十一条现在对应哪一条", 2007, "第六十一条"),
        ("突发事件应对法2024年文本第九十条", 2024, "第九十条"),
        ("《突发事件应对法》（2007年版）第六十一条", 2007, "第六十一条"),
    ]:
        ref = read_references(asked, laws)
        assert [(law.name, law.articles) for law in ref.laws] == [("突发事件应对法", (article,))]
        assert ref.text_years == (year,) and ref.article is None
    # a time told before the law is no version
    assert read_references("2022年疫情期间突发事件应对法第十三条能用吗", laws).text_years == ()


def test_a_short_number_is_written_out_as_the_full_one_it_stands_for_and_others_are_left() -> None:
    written = {(None, "13"): "京人社劳字〔2020〕13号", ("2020", "11"): "人社部发〔2020〕11号、京人社劳字〔2020〕11号"}
    text = "13号文和2020年11号文件，还有17号文"
    assert write_out_short_numbers(text, written) == (
        "京人社劳字〔2020〕13号和人社部发〔2020〕11号、京人社劳字〔2020〕11号，还有17号文"
    )
    assert read_references(write_out_short_numbers(text, written)).short_numbers == ((None, "17"),)


def test_words_a_question_quotes_are_read_and_a_quoted_short_number_is_not_among_them() -> None:
    refs = read_references("“限制人员流动、封闭管理”是2007年就有的吗？两份都叫“11号文”；「困难企业失业保险费返还」的条件")
    assert refs.quoted == ("限制人员流动、封闭管理", "困难企业失业保险费返还")
    assert read_references("“好”字太短").quoted == ()


def test_a_year_written_with_two_digits_before_a_month_is_a_year_but_a_length_of_service_is_not() -> None:
    # 22年5月, 20年2月, 22年底: how users date their stories (probes s54-16, k54-15, b54-36)
    for text, year in (("22年5月朝阳那边要求居家办公", 2022), ("我20年2月被集中隔离了", 2020), ("22年底公交停运", 2022)):
        assert read_references(text).years == (year,)
    for text in ("我工作了20年，年假几天", "已满20年的，年休假15天", "第21年的年假"):
        assert read_references(text).years == ()
