from answer.citations import clause_list, legal_form, legal_label, short_form, verify_citations
from answer.models import Citation
from retrieval.models import Hit, SourceRef


def _hit(**overrides) -> Hit:
    values = {
        "clause_id": "京人社劳字〔2020〕11号#二、",
        "doc_id": "京人社劳字〔2020〕11号",
        "doc_number": "京人社劳字〔2020〕11号",
        "title": "关于做好疫情防控期间维护劳动关系稳定有关问题的通知",
        "issuer": ["北京市人力资源和社会保障局"],
        "date": "2020-01-23",
        "label": "二、",
        "text": "二、企业要妥善安置因疫情被隔离人员和未及时返京复工人员\n对于……隔离、医学观察期间的工资待遇由所属企业按正常工作期间工资支付。",
        "score": 1.0,
        "source": SourceRef(file="002_d60ccd470af96181.txt", line_start=140, line_end=146),
        "region": "北京",
        "doc_type": "notice",
    }
    values.update(overrides)
    return Hit(**values)


def test_legal_form_is_ready_to_paste():
    assert legal_form(_hit()) == "《关于做好疫情防控期间维护劳动关系稳定有关问题的通知》（京人社劳字〔2020〕11号）第二条"


def test_nested_labels_read_as_article_item_and_subitem():
    assert legal_label("二、（三）") == "第二条第（三）项"
    assert legal_label("一、1.") == "第一条第1目"
    assert legal_label("第五条") == "第五条"
    assert legal_label("二、~2") == "第二条"
    assert legal_label("附件/一、") == "附件第一条"


def test_a_statement_names_clauses_by_number_and_label_each_document_once():
    assert short_form(_hit()) == "京人社劳字〔2020〕11号第二条"
    assert short_form(_hit(doc_number=None, label="一、")) == "《关于做好疫情防控期间维护劳动关系稳定有关问题的通知》第一条"
    hits = [_hit(label="三、（六）"), _hit(label="二、（三）"), _hit(label="三、（六）~2"), _hit(doc_number="人社厅明电〔2020〕5号", label="一、")]
    assert clause_list(hits) == "京人社劳字〔2020〕11号第三条第（六）项、第二条第（三）项、人社厅明电〔2020〕5号第一条"
    # a statute is named by its title, even one with a 文号, as a lawyer cites it
    rule = _hit(doc_number="劳部发〔1994〕489号", title="工资支付暂行规定", label="第十二条", doc_type="departmental_rule")
    assert short_form(rule) == "《工资支付暂行规定》第十二条"


def test_document_without_number_is_cited_by_issuer_and_date():
    form = legal_form(_hit(doc_number=None, title="关于进一步加强社区（村）疫情防控工作的通告", label="一、"))
    assert form == "《关于进一步加强社区（村）疫情防控工作的通告》（北京市人力资源和社会保障局，2020-01-23）第一条"


def _citation(quote: str) -> Citation:
    hit = _hit()
    return Citation(
        n=1, clause_id=hit.clause_id, doc_id=hit.doc_id, doc_number=hit.doc_number, title=hit.title,
        issuer=hit.issuer, date=hit.date, label=hit.label, quote=quote, legal_form=legal_form(hit), source=hit.source,
    )


def test_a_quote_not_verbatim_in_the_stored_clause_is_dropped():
    stored = {"京人社劳字〔2020〕11号#二、": _hit().text}
    good = _citation("隔离、医学观察期间的工资待遇由所属企业按正常工作期间工资支付。")
    paraphrased = _citation("隔离期间工资照发。")
    assert verify_citations([good, paraphrased], stored.get) == [good]


def test_a_citation_of_an_unknown_clause_is_dropped():
    assert verify_citations([_citation("任何文字")], {}.get) == []


ARTICLE_40 = (
    "第四十条 有下列情形之一的，用人单位提前三十日以书面形式通知劳动者本人或者额外支付劳动者一个月工资后，可以解除劳动合同:\n"
    "（一）劳动者患病或者非因工负伤，在规定的医疗期满后不能从事原工作，也不能从事由用人单位另行安排的工作的；\n"
    "（二）劳动者不能胜任工作，经过培训或者调整工作岗位，仍不能胜任工作的；\n"
    "（三）劳动合同订立时所依据的客观情况发生重大变化，致使劳动合同无法履行，经用人单位与劳动者协商，未能就变更劳动合同内容达成协议的。"
)


def _article(text: str, label: str, **overrides) -> Hit:
    from ingest.statutes import article_subdivisions
    from retrieval.models import SubdivisionSpan

    units = [SubdivisionSpan(label=u.label, start=u.start, end=u.end) for u in article_subdivisions(text.split("\n"))]
    values = {
        "clause_id": f"劳动合同法(2012-12-28)#{label}", "doc_id": "劳动合同法(2012-12-28)", "doc_number": None,
        "title": "中华人民共和国劳动合同法", "issuer": ["全国人民代表大会常务委员会"], "date": "2012-12-28",
        "label": label, "text": text, "score": 1.0, "region": "全国", "doc_type": "law", "subdivisions": units,
        "source": SourceRef(file="statutes/劳动合同法(2012-12-28).md", line_start=199, line_end=205),
        "effective_from": "2013-07-01",
    }  # fmt: skip
    return _hit(**(values | overrides))


def test_a_statute_quote_is_cited_by_the_item_that_holds_it():
    quote = "劳动合同订立时所依据的客观情况发生重大变化，致使劳动合同无法履行"
    assert legal_form(_article(ARTICLE_40, "第四十条"), quote) == "《中华人民共和国劳动合同法》第四十条第（三）项"


def test_a_quote_of_a_paragraph_is_cited_by_its_kuan_and_one_across_the_article_by_the_article():
    text = "第十条 建立劳动关系，应当订立书面劳动合同。\n已建立劳动关系，未同时订立书面劳动合同的，应当自用工之日起一个月内订立书面劳动合同。"
    hit = _article(text, "第十条")
    assert legal_form(hit, "应当自用工之日起一个月内订立书面劳动合同") == "《中华人民共和国劳动合同法》第十条第二款"
    assert legal_form(hit, "建立劳动关系，应当订立书面劳动合同。") == "《中华人民共和国劳动合同法》第十条第一款"
    assert legal_form(_article(ARTICLE_40, "第四十条"), "可以解除劳动合同") == "《中华人民共和国劳动合同法》第四十条"
    assert legal_form(hit) == "《中华人民共和国劳动合同法》第十条"


def test_a_statute_version_no_longer_in_force_is_cited_with_its_year_and_an_interpretation_with_its_number():
    old = _article("第五十七条 突发事件发生地的公民应当服从人民政府…", "第五十七条", title="中华人民共和国突发事件应对法",
                   date="2007-08-30", effective_to="2024-11-01")  # fmt: skip
    assert legal_form(old) == "《中华人民共和国突发事件应对法》（2007年）第五十七条"
    spc = _article("第四十四条 因用人单位作出的开除…", "第四十四条", doc_type="judicial_interpretation",
                   title="最高人民法院关于审理劳动争议案件适用法律问题的解释（一）", doc_number="法释〔2020〕26号")  # fmt: skip
    assert legal_form(spc) == "《最高人民法院关于审理劳动争议案件适用法律问题的解释（一）》（法释〔2020〕26号）第四十四条"
