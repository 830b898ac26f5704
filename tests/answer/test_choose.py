"""answer/choose.py: which sentence answers — retrieval order, meaning, the fact asked, force of law."""

from __future__ import annotations

import numpy as np

from answer.choose import about_the_ask, score_units, states_fact
from answer.tuning import AnswerTuning
from lexicon import load_lexicon
from tests.hits import make_hit

LEXICON = load_lexicon()


def asked(text: str):
    return LEXICON.asked_fact(text)


def test_a_rate_of_the_very_thing_asked_does_not_state_its_amount() -> None:
    part = "北京现行最低工资标准每月具体是多少钱"
    assert not states_fact("按月足额发放不低于本市职工最低工资标准1.2倍的工资。", asked(part), part)
    assert states_fact("最低工资标准为每月2200元。", asked(part), part)


def test_a_rate_of_something_else_is_the_amount_asked() -> None:
    part = "待岗期间生活费最低给多少"
    assert states_fact("企业应当按照不低于本市最低工资标准的70%支付基本生活费。", asked(part), part)
    # 最低 and 工资 of the ask met apart are not the rate's base named: 病假工资最低能发多少 asks the 病假工资
    part = "病假工资最低能发多少"
    assert states_fact("病假工资不得低于北京市最低工资标准的80%。", asked(part), part)


def test_a_limit_on_a_period_is_not_an_amount_and_pay_kept_as_it_was_is_one() -> None:
    part = "停工养伤这段时间工资发多少"
    assert not states_fact("停工留薪期一般不超过12个月。", asked(part), part)
    assert states_fact("七级伤残为13个月的本人工资。", asked(part), part)
    assert states_fact("一次性给予该企业3个月实际缴纳社会保险费一定比例的补贴。", asked(part), part)
    assert not states_fact("缓缴期限原则上不超过6个月。", asked(part), part)
    assert states_fact("在停工留薪期内，原工资福利待遇不变，由所在单位按月支付。", asked(part), part)


def test_a_figure_printed_in_chinese_numerals_states_the_amount_or_the_length_asked() -> None:
    # statutes print their figures in words: 二百万元, 一千元, 一百八十天
    part = "劳务派遣公司的注册资本最少要多少"
    assert states_fact("（一）注册资本不得少于人民币二百万元；", asked(part), part)
    assert not states_fact("（二）有与开展业务相适应的固定的经营场所和设施；", asked(part), part)
    money = "罚款多少钱"
    assert states_fact("由劳动行政部门处每人一千元以上五千元以下的标准处以罚款。", asked(money), money)
    days = "试用期最长多久"
    assert states_fact("试用期最长不得超过一百八十天。", asked(days), days)
    within = "应当在多少日内报送"
    assert states_fact("自终止或者解除劳动关系之日起十五日内告知社会保险经办机构。", asked(within), within)
    assert states_fact("自终止或者解除劳动关系之日起7日内报社会保险经办机构备案。", asked(within), within)
    assert not states_fact("自2020年2月十五日起执行。", asked(within), within)  # a day of a month is a date


def test_a_date_is_stated_only_by_a_sentence_that_prints_one() -> None:
    part = "具体哪天开始报"
    assert not states_fact("疫情防控工作结束后，开始申请工作（具体申报时间另行通知）。", asked(part), part)
    assert states_fact("申报时间为2020年3月1日至3月31日。", asked(part), part)


def test_a_time_told_by_the_end_of_an_event_says_when_but_not_which_day() -> None:
    when = "什么时候申请"
    assert states_fact("符合条件的，可在疫情结束后申请享受一次性就业创业服务补助。", asked(when), when)
    assert states_fact("补办手续应在疫情解除后三个月内完成。", asked("什么时候截止补办"), "什么时候截止补办")
    assert not states_fact("对符合条件的企业给予一次性补助。", asked(when), when)
    day = "几号开始申请"
    assert not states_fact("符合条件的，可在疫情结束后申请享受一次性就业创业服务补助。", asked(day), day)


def units_of(table: dict[str, tuple[str, ...]]):
    return lambda clause_id: table[clause_id]


def similarities(table: dict[str, list[float]]):
    return lambda clause_id: np.array(table[clause_id], dtype=np.float32)


def test_within_a_clause_the_sentence_closest_in_meaning_leads() -> None:
    hit = make_hit("a#一、", "一、甲。乙。")
    units = {"a#一、": ("职工在年休假期间享受正常工资。", "隔离期间的工资按正常工作期间工资支付。")}
    sims = {"a#一、": [0.85, 0.93]}
    ranked = score_units([hit], units_of(units), similarities(sims), (), lambda c: 1.0, None, "", AnswerTuning())
    assert ranked[0].quote == "隔离期间的工资按正常工作期间工资支付。"


def test_retrieval_order_leads_between_clauses_that_mean_much_the_same() -> None:
    # a realistic pool: the candidates' cosines spread over a few hundredths, two near the top
    ids = ["a#一、", "b#一、", "c#一、", "d#一、", "e#一、"]
    hits = [make_hit(cid, "x") for cid in ids]
    units = {cid: (f"{cid}规定。",) for cid in ids}
    sims = dict(zip(ids, [[0.900], [0.905], [0.870], [0.860], [0.850]], strict=True))
    ranked = score_units(hits, units_of(units), similarities(sims), (), lambda c: 1.0, None, "", AnswerTuning())
    assert ranked[0].hit.clause_id == "a#一、"


def test_a_clause_placed_first_by_the_fusion_alone_counts_below_one_a_retriever_found() -> None:
    # 工资支付暂行规定第十条 reached through its 条旨 alone (no dense, no BM25 rank) comes first in the fused order
    # for 我阳了在家躺了一个多礼拜…; 人社厅明电〔2020〕5号 一、, second, is the dense retriever's second
    gist_only = make_hit("statute#第十条", "x", doc_type="departmental_rule", region="全国")
    found = make_hit("notice#一、", "x", dense_rank=2, region="全国")
    units = {"statute#第十条": ("第十条 视同其提供了正常劳动而支付工资。",), "notice#一、": ("一、企业应当支付职工在此期间的工作报酬。",)}
    sims = {"statute#第十条": [0.897], "notice#一、": [0.897]}
    ranked = score_units([gist_only, found], units_of(units), similarities(sims), (), lambda c: 1.0, None, "", AnswerTuning())
    assert [c.hit.clause_id for c in ranked] == ["notice#一、", "statute#第十条"]
    assert ranked[1].rank == AnswerTuning().dense_rank_lag  # first in the fused order, counted that lag lower


def test_a_notice_outranks_a_news_item_printing_the_same_rule() -> None:
    news = make_hit("n#引言", "x", doc_type="news")
    notice = make_hit("m#二、", "x")
    units = {"n#引言": ("隔离期间工资照发。",), "m#二、": ("隔离期间工资照发。",)}
    sims = {"n#引言": [0.9], "m#二、": [0.9]}
    tuning = AnswerTuning(rank_weight=0.0)  # order aside: only the kind of document differs
    ranked = score_units([news, notice], units_of(units), similarities(sims), (), lambda c: 1.0, None, "", tuning)
    assert ranked[0].hit.clause_id == "m#二、"


def test_every_kind_of_statute_has_the_force_of_law_a_notice_has() -> None:
    # the names are the document types ingestion writes: a misspelt one silently loses its weight
    from answer.choose import AUTHORITATIVE
    from ingest.models import DocType

    assert set(AUTHORITATIVE) == {DocType.NOTICE.value} | {t.value for t in DocType if t.is_statute}


def test_the_circular_applying_a_rule_outranks_the_statute_saying_it_generally() -> None:
    statute = make_hit("law#第十二条", "x", doc_type="law", region="全国")
    circular = make_hit("m#二、", "x", region="全国")
    units = {"law#第十二条": ("停工停产在一个工资支付周期内的，按劳动合同规定的标准支付工资。",),
             "m#二、": ("企业停工停产在一个工资支付周期内的，按劳动合同规定的标准支付职工工资。",)}
    sims = {"law#第十二条": [0.9], "m#二、": [0.9]}
    tuning = AnswerTuning(rank_weight=0.0)
    ranked = score_units([statute, circular], units_of(units), similarities(sims), (), lambda c: 1.0, None, "", tuning)
    assert ranked[0].hit.clause_id == "m#二、"
    general = AnswerTuning(rank_weight=0.0, specific_weight=0.0)
    tied = score_units([statute, circular], units_of(units), similarities(sims), (), lambda c: 1.0, None, "", general)
    assert tied[0].score == tied[1].score  # the preference is the specific weight, nothing else


def test_a_day_of_a_month_is_a_date_not_a_length_of_time() -> None:
    part = "最长多久"
    assert not states_fact("本规定自1995年5月1日起施行。", asked(part), part)
    assert states_fact("缓缴期限原则上不超过6个月，缓缴期间免收滞纳金。", asked(part), part)


def test_a_list_item_means_what_its_list_is_about() -> None:
    # (三) alone is near a question on sick pay; under its lead-in it is a case of losing annual leave
    leave = make_hit("职工带薪年休假条例#第四条", "第四条 …", doc_type="administrative_regulation")
    pay = make_hit("京人社劳字〔2020〕11号#一、", "一、…", doc_type="administrative_regulation")
    units = {
        leave.clause_id: ("第四条 职工有下列情形之一的，不享受当年的年休假：", "(三)累计工作满1年不满10年的职工，请病假累计2个月以上的；"),
        pay.clause_id: ("职工医疗期中，企业应当支付病假工资。",),
    }
    sims = {leave.clause_id: [0.80, 0.95], pay.clause_id: [0.92]}

    def lead(share: float) -> str:
        tuning = AnswerTuning(lead_in_share=share, rank_weight=0.0)  # the two clauses retrieved alike
        return score_units([leave, pay], units_of(units), similarities(sims), (), lambda c: 1.0, None, "", tuning)[0].quote

    assert lead(0.0).startswith("(三)")
    assert lead(0.5) == "职工医疗期中，企业应当支付病假工资。"


def test_a_sentence_leaving_out_the_users_place_falls_below_the_one_for_it() -> None:
    # asked about 武汉: 各省（除湖北省外） is everyone else's rule, though it leads by order and meaning alike
    others = make_hit("m#一、", "x", region="全国")
    hubei = make_hit("m#二、", "x", region="全国")
    units = {
        "m#一、": ("一、各省（除湖北省外）可免征中小微企业三项社会保险单位缴费部分，免征期限不超过5个月。",),
        "m#二、": ("二、湖北省可免征各类参保单位三项社会保险单位缴费部分，免征期限不超过5个月。",),
    }
    sims = {"m#一、": [0.92], "m#二、": [0.90]}
    ranked = score_units([others, hubei], units_of(units), similarities(sims), (), lambda c: 1.0, None, "", AnswerTuning())
    assert ranked[0].hit.clause_id == "m#一、"  # a question naming no place: order and meaning lead
    ranked = score_units(
        [others, hubei], units_of(units), similarities(sims), (), lambda c: 1.0, None, "", AnswerTuning(), places=["湖北", "武汉"]
    )
    assert [c.hit.clause_id for c in ranked] == ["m#二、", "m#一、"]


def test_a_contact_line_is_quoted_only_to_a_question_asking_where_to_turn_and_an_attachment_list_never() -> None:
    notice = make_hit("m#附件/2.", "x")
    units = {
        "m#附件/2.": ("上岗人员名单 联系人：某某 联系电话：010-00000000", "附件：1.补助申请审批表", "补助由市人力资源和社会保障局审核。")
    }
    sims = {"m#附件/2.": [0.95, 0.94, 0.90]}
    ruling = score_units(
        [notice], units_of(units), similarities(sims), (), lambda c: 1.0, asked("北京有这个补贴吗"), "", AnswerTuning()
    )
    assert [c.quote for c in ruling] == ["补助由市人力资源和社会保障局审核。"]
    where = "有问题找谁咨询"
    ranked = score_units([notice], units_of(units), similarities(sims), (), lambda c: 1.0, asked(where), where, AnswerTuning())
    assert ranked[0].quote.startswith("上岗人员名单 联系人")
    assert "附件：1.补助申请审批表" not in [c.quote for c in ranked]


def test_a_rate_of_the_thing_asked_states_it_when_the_rate_itself_is_asked() -> None:
    unit = "待岗期间，企业应当按照不低于本市最低工资标准的70%支付基本生活费。"
    part = "待岗生活费按最低工资的多少发"
    assert states_fact(unit, asked(part), part)
    amount = "北京现行最低工资标准每月具体是多少钱"
    assert not states_fact(unit, asked(amount), amount)


def test_a_figure_is_about_the_ask_only_when_its_sentence_shares_wording_with_what_is_asked() -> None:
    # 医疗期 asked: 试用期最长不得超过六个月 states a length of time, of another thing
    assert not about_the_ask("试用期最长不得超过六个月。", ["医疗期"])
    # a circular's form of the user's word counts (年假 -> 年休假)
    assert about_the_ask("职工累计工作已满1年不满10年的，年休假5天", ["年假", "年休假"])
    # an ask naming nothing besides its asking words: any sentence is about it
    assert about_the_ask("给予每人每天300元补助", [])


def test_a_count_of_days_is_no_multiple_asked_and_a_rate_is() -> None:
    # asked 按几倍算, 职工带薪年休假条例第三条's 年休假5天 had counted as the figure asked and led over 劳动法第四十四条
    part = "法定假日的加班费应该按几倍算"
    assert not states_fact("职工累计工作已满1年不满10年的，年休假5天", asked(part), part)
    assert states_fact("法定休假日安排劳动者工作的，支付不低于工资的百分之三百的工资报酬", asked(part), part)


def test_hours_in_chinese_numerals_state_a_length_as_digits_do() -> None:
    # 劳动法第四十一条 prints 三十六小时; 劳动合同法第三十一条, which states no length, had led over it
    part = "国家规定加班一个月最多能加多少小时"
    assert states_fact("但是每月不得超过三十六小时", asked(part), part)
    assert states_fact("每月不得超过36小时", asked(part), part)
    assert not states_fact("不得强迫或者变相强迫劳动者加班", asked(part), part)
