"""answer/lead.py: which sentence leads and which stand beside it, from hand-built candidates (no index)."""

from __future__ import annotations

from answer.choose import Candidate
from answer.compose import Point
from answer.lead import (
    provision_before_its_items,
    related_notice_points,
    rule_before_explanation,
    stating_rules,
    whole_question_points,
)
from answer.notes import DocumentFacts
from answer.tuning import AnswerTuning
from tests.hits import make_hit

TUNING = AnswerTuning()


def candidate(clause_id: str, quote: str, score: float, dense_rank: int | None, region: str = "北京") -> Candidate:
    hit = make_hit(clause_id, quote, dense_rank=dense_rank, region=region)
    return Candidate(hit, quote, rank=0, cosine=0.9, score=score)


def test_a_national_rule_the_meaning_retriever_also_finds_leads_a_question_naming_no_place() -> None:
    local = candidate("京人社劳字〔2020〕11号#二、", "隔离期间的工资待遇由所属企业按正常工作期间工资支付。", 1.0, dense_rank=1)
    national = candidate("人社厅明电〔2020〕5号#一、", "企业应当支付职工在此期间的工作报酬。", 0.9, dense_rank=3, region="全国")
    points = whole_question_points(local, [local, national], True, TUNING)
    assert [p.hit.clause_id for p in points] == ["人社厅明电〔2020〕5号#一、", "京人社劳字〔2020〕11号#二、"]


def test_a_national_rule_leaving_out_the_fact_asked_does_not_lead_before_a_local_rule_stating_it() -> None:
    # 最晚哪天之前必须补完: the Beijing notice states 延长至3月底, the national one only 缓缴期间免收滞纳金
    local = Candidate(make_hit("b#一、", "x", dense_rank=1, region="北京"), "延长至3月底。", 0, 0.9, 1.0, states_fact=True)
    national = Candidate(make_hit("n#三、", "x", dense_rank=3, region="全国"), "可申请缓缴社会保险费。", 0, 0.9, 0.9)
    points = whole_question_points(local, [local, national], True, TUNING)
    assert [p.hit.clause_id for p in points] == ["b#一、", "n#三、"]
    # stating it too, it leads as a question naming no place's default
    national = Candidate(make_hit("n#三、", "x", dense_rank=3, region="全国"), "缓缴至6月底。", 0, 0.9, 0.9, states_fact=True)
    points = whole_question_points(local, [local, national], True, TUNING)
    assert [p.hit.clause_id for p in points] == ["n#三、", "b#一、"]


def test_another_places_rule_found_only_by_shared_words_is_not_set_beside_the_lead() -> None:
    # a rule made for another circumstance shares the story's words (在家, 出勤) but not its meaning: BM25
    # ranks it, the meaning retriever does not; the other place's rule that both find stands beside instead
    national = candidate("人社厅明电〔2020〕5号#一、", "企业应当支付职工在此期间的工作报酬。", 1.0, dense_rank=1, region="全国")
    lexical_only = candidate("京人社劳字〔2020〕13号#一、", "每户家庭可有一名职工在家看护未成年子女，期间工资按出勤照发。", 0.7, dense_rank=None)
    far = candidate("京人社劳字〔2020〕17号#二、", "需要在家看护未成年子女的职工，应当落实请假制度。", 0.68, dense_rank=32)
    near = candidate("京人社劳字〔2020〕11号#二、", "隔离期间的工资待遇由所属企业按正常工作期间工资支付。", 0.65, dense_rank=4)
    points = whole_question_points(national, [national, lexical_only, far, near], True, TUNING)
    assert [p.hit.clause_id for p in points] == ["人社厅明电〔2020〕5号#一、", "京人社劳字〔2020〕11号#二、"]


def test_another_places_rule_found_only_by_shared_words_is_not_a_further_point_either() -> None:
    # scoring nearly as well as the lead (a further point's bar) does not let it in by the other door: the
    # sick worker's 5号 answer once went on to quote Beijing's childcare rule (13号, dense rank 32)
    national = candidate("人社厅明电〔2020〕5号#一、", "企业应当支付职工在此期间的工作报酬。", 1.0, dense_rank=1, region="全国")
    lexical_only = candidate("京人社劳字〔2020〕13号#一、", "每户家庭可有一名职工在家看护未成年子女，期间工资按出勤照发。", 0.93, dense_rank=32)
    same_place = candidate("人社部发〔2020〕8号#三、（六）", "对因依法被隔离导致不能提供正常劳动的职工，要指导企业按正常劳动支付其工资。", 0.9, dense_rank=40, region="全国")
    points = whole_question_points(national, [national, lexical_only, same_place], True, TUNING)
    assert [p.hit.clause_id for p in points] == ["人社厅明电〔2020〕5号#一、", "人社部发〔2020〕8号#三、（六）"]


def test_a_best_scoring_local_rule_found_only_by_shared_words_does_not_follow_the_national_rule_it_gives_way_to() -> None:
    # the third door: Beijing's childcare rule (13号, dense rank 33) scored best for 我阳了在家躺了…不算出勤要扣钱,
    # gave first place to the national 5号 rule, and then stood after it as the answer's second point
    lexical_only = candidate("京人社劳字〔2020〕13号#一、", "每户家庭可有一名职工在家看护未成年子女，期间工资按出勤照发。", 1.0, dense_rank=33)
    national = candidate("人社厅明电〔2020〕5号#一、", "企业应当支付职工在此期间的工作报酬。", 0.99, dense_rank=2, region="全国")
    points = whole_question_points(lexical_only, [lexical_only, national], True, TUNING)
    assert [p.hit.clause_id for p in points] == ["人社厅明电〔2020〕5号#一、"]
    near = candidate("京人社劳字〔2020〕11号#二、", "隔离期间的工资待遇由所属企业按正常工作期间工资支付。", 1.0, dense_rank=5)
    points = whole_question_points(near, [near, national], True, TUNING)
    assert [p.hit.clause_id for p in points] == ["人社厅明电〔2020〕5号#一、", "京人社劳字〔2020〕11号#二、"]


def test_another_places_rule_much_further_in_meaning_neither_leads_nor_stands_beside() -> None:
    # 看护孩子的政策是根据哪个文件 led with the national rule for 一线医务人员's families (老幼照护): both retrievers
    # find it, and it scores near Beijing's childcare rule, but its sentence is about another circumstance
    local = candidate("京人社劳字〔2020〕13号#一、", "每户家庭可有一名职工在家看护未成年子女，期间工资按出勤照发。", 1.0, dense_rank=5)
    other = make_hit("国发明电〔2020〕5号#八、", "帮助解决老幼照护等实际困难。", dense_rank=11, region="全国")
    far = Candidate(other, "帮助解决老幼照护等实际困难。", rank=0, cosine=0.9 - 0.041, score=0.85)
    assert [p.hit.clause_id for p in whole_question_points(local, [local, far], True, TUNING)] == ["京人社劳字〔2020〕13号#一、"]
    near = Candidate(other, far.quote, rank=0, cosine=0.9 - 0.03, score=0.85)
    points = whole_question_points(local, [local, near], True, TUNING)
    assert [p.hit.clause_id for p in points] == ["国发明电〔2020〕5号#八、", "京人社劳字〔2020〕13号#一、"]


def test_a_provision_leads_before_its_own_item_when_it_scores_near_it() -> None:
    # which of 二、 and its item 二、5. wins a near tie moved with the wording of one question (dev paraphrases)
    item = candidate("派遣通知#二、5.", "5.用人单位统一社会信用代码。", 1.0, dense_rank=1)
    provision = candidate("派遣通知#二、", "劳务派遣机构在向用人单位输送劳动者前，必须进行防疫排查。", 0.85, dense_rank=2)
    sibling = candidate("派遣通知#三、", "报送时间：每3天为一个周期。", 0.95, dense_rank=3)
    assert provision_before_its_items(item, [item, sibling, provision], TUNING) is provision
    far = candidate("派遣通知#二、", "劳务派遣机构在向用人单位输送劳动者前，必须进行防疫排查。", 0.5, dense_rank=9)
    assert provision_before_its_items(item, [item, far], TUNING) is item


def test_a_provision_that_prints_only_its_heading_does_not_lead() -> None:
    item = candidate("人社部发〔2020〕8号#三、（四）", "（四）支持协商未返岗期间的工资待遇。", 1.0, dense_rank=1)
    heading_only = candidate("人社部发〔2020〕8号#三、", "三、协商处理疫情防控期间的工资待遇问题", 0.95, dense_rank=2)
    heading_only.hit.heading = "协商处理疫情防控期间的工资待遇问题"
    assert provision_before_its_items(item, [item, heading_only], TUNING) is item


ARTICLE = (
    "第十五条 职工有下列情形之一的，视同工伤：\n"
    "(一)在工作时间和工作岗位，突发疾病死亡或者在48小时之内经抢救无效死亡的；\n"
    "(二)在抢险救灾等维护国家利益、公共利益活动中受到伤害的；\n"
    "职工有前款第(一)项、第(二)项情形的，按照本条例的有关规定享受工伤保险待遇。"
)


def test_a_lead_in_is_quoted_with_its_list_unless_the_answer_already_quotes_the_item_that_answers() -> None:
    from answer.answerer import with_their_lists
    from answer.compose import Point

    hit = make_hit("工伤保险条例#第十五条", ARTICLE)
    lead_in = "第十五条 职工有下列情形之一的，视同工伤："
    (alone,) = with_their_lists([Point(hit, lead_in)])
    assert alone.quote == ARTICLE[: ARTICLE.index("\n职工有前款")]  # its items, verbatim; not the next paragraph
    item = "(一)在工作时间和工作岗位，突发疾病死亡或者在48小时之内经抢救无效死亡的；"
    # the item chosen as a point of its own keeps its pinpoint (第十五条第一款第（一）项); the lead-in stays short
    assert [p.quote for p in with_their_lists([Point(hit, lead_in), Point(hit, item)])] == [lead_in, item]


def test_a_clauses_heading_line_is_not_quoted_as_a_point_of_its_own() -> None:
    # an item opens with its own number (3.), not its clause's whole label (一、3.); either way the line is a title
    body = candidate("工信明电〔2020〕14号#一、3.", "会同有关部门帮助企业协调解决职工返岗等难题，指导企业开展生产自救。", 1.0, dense_rank=1)
    item_title = candidate("工信明电〔2020〕14号#一、3.", "3.强化复工复产要素保障。", 0.98, dense_rank=1)
    item_title.hit.heading = body.hit.heading = "全力保障企业有序复工复产 > 强化复工复产要素保障"
    provision_title = candidate("人社部发〔2020〕8号#三、", "三、协商处理疫情防控期间的工资待遇问题", 0.9, dense_rank=2)
    provision_title.hit.heading = "协商处理疫情防控期间的工资待遇问题"
    assert stating_rules([item_title, body, provision_title]) == [body]


def test_a_heading_line_is_quoted_when_nothing_else_was_found() -> None:
    title = candidate("人社部发〔2020〕8号#三、", "三、协商处理疫情防控期间的工资待遇问题", 0.9, dense_rank=2)
    title.hit.heading = "协商处理疫情防控期间的工资待遇问题"
    assert stating_rules([title]) == [title]


# 17号 says it explains 13号 (说明): the two are read together, the rule first
EXPLAINS = {
    "京人社劳字〔2020〕17号": DocumentFacts("北京", None, None, (), clarifies=("京人社劳字〔2020〕13号",)),
    "京人社劳字〔2020〕13号": DocumentFacts("北京", None, None, ("京人社劳字〔2020〕17号",)),
}


def notice(clause_id: str, quote: str, score: float) -> Candidate:
    doc_number = clause_id.partition("#")[0]
    return Candidate(make_hit(clause_id, quote, dense_rank=1, doc_number=doc_number), quote, rank=0, cosine=0.9, score=score)


def test_the_rule_leads_before_the_notice_explaining_it_when_it_answers_nearly_as_well() -> None:
    explanation = notice("京人社劳字〔2020〕17号#二、", "需要在家看护未成年子女的职工，应当落实请假制度。", 1.0)
    rule = notice("京人社劳字〔2020〕13号#一、", "每户家庭可有一名职工在家看护未成年子女，期间的工资待遇由职工所属企业按出勤照发。", 0.8)
    assert rule_before_explanation([explanation, rule], EXPLAINS, TUNING) is rule
    weak = notice("京人社劳字〔2020〕13号#三、", "鼓励在家看护职工采用电话、网络等灵活办公方式提供劳动。", 0.5)
    assert rule_before_explanation([explanation, weak], EXPLAINS, TUNING) is explanation


def test_the_rule_leads_before_a_qa_retelling_it_but_not_before_one_saying_something_else() -> None:
    # 深圳疫情期间社保可以缓缴吗 led with the 答记者问's 问7 rather than 人社部发〔2020〕11号 三、, which says the same; and
    # 接到密接电话要告诉单位吗 gave the news item's 接到本人为密接…要原地不动 up for a notice on 社保投诉 handled 通过电话
    qa = Candidate(
        make_hit("答记者问#问7", "", dense_rank=1, doc_type="qa"),
        "答：受疫情影响生产经营出现严重困难的参保单位，包括参加企业基本养老保险的事业单位，可申请缓缴社会保险费。",
        rank=0,
        cosine=0.93,
        score=1.0,
    )
    rule = notice("人社部发〔2020〕11号#三、", "三、受疫情影响生产经营出现严重困难的企业，可申请缓缴社会保险费，缓缴期限原则上不超过6个月。", 0.8)
    assert rule_before_explanation([qa, rule], {}, TUNING) is rule
    other = notice("社保经办通知#二、（七）3.", "3.社保投诉举报案件，各区可酌情通过电话或邮件等多种方式与投诉人沟通联系。", 0.95)
    assert rule_before_explanation([qa, other], {}, TUNING) is qa


def test_the_notice_a_quoted_one_explains_is_quoted_beside_it() -> None:
    rule = notice("京人社劳字〔2020〕13号#一、", "每户家庭可有一名职工在家看护未成年子女，期间的工资待遇由职工所属企业按出勤照发。", 1.0)
    explanation = notice("京人社劳字〔2020〕17号#一、", "需要在家看护的未成年子女是指，因中小学和幼儿园推迟开学…", 0.3)
    unrelated = notice("京人社劳字〔2020〕11号#二、", "隔离期间的工资待遇由所属企业按正常工作期间工资支付。", 0.9)
    added = related_notice_points([Point(rule.hit, rule.quote)], [rule, unrelated, explanation], EXPLAINS)
    assert [p.hit.clause_id for p in added] == ["京人社劳字〔2020〕17号#一、"]


def test_two_items_of_one_list_are_two_points_though_they_share_most_of_their_words() -> None:
    law = "劳动法(2018-12-29)#第四十四条"
    holiday = candidate(law, "（三）法定休假日安排劳动者工作的，支付不低于工资的百分之三百的工资报酬。", 1.0, dense_rank=2, region="全国")
    rest_day = candidate(law, "（二）休息日安排劳动者工作又不能安排补休的，支付不低于工资的百分之二百的工资报酬；", 0.95, dense_rank=2, region="全国")
    reprinted = candidate("工资支付暂行规定(1994-12-06)#第十三条", "（三）法定休假日安排劳动者工作的，支付不低于工资的百分之三百的工资报酬。", 0.9, dense_rank=3, region="全国")
    points = whole_question_points(holiday, [holiday, rest_day, reprinted], True, TUNING)
    # the same item printed again by another document is still a repeat
    assert [p.quote for p in points] == [holiday.quote, rest_day.quote]


def test_two_provisions_of_one_document_worded_alike_are_two_rules_not_one_printed_twice() -> None:
    # 工伤保险条例 第十四条 (应当认定为工伤) and 第十六条 (不得认定为工伤): the best leads, whatever the labels' order
    law = "工伤保险条例(2010-12-20)"
    best = candidate(f"{law}#第十四条", "第十四条 职工有下列情形之一的，应当认定为工伤：", 2.4, dense_rank=6, region="全国")
    other = candidate(
        f"{law}#第十六条",
        "第十六条 职工符合本条例第十四条、第十五条的规定，但是有下列情形之一的，不得认定为工伤或者视同工伤：\n(一)故意犯罪的；",
        2.2,
        dense_rank=1,
        region="全国",
    )
    points = whole_question_points(best, [best, other], True, TUNING)
    assert points[0].hit.clause_id == f"{law}#第十四条"
    # the same rule printed by another document still speaks through the earlier, national one
    retold = candidate("京人社劳字〔2020〕23号#三、（六）", "对因依法被隔离导致不能提供正常劳动的职工，要指导企业按正常劳动支付其工资。", 1.0, dense_rank=1)
    printed = candidate("人社部发〔2020〕8号#三、（六）", "对因依法被隔离导致不能提供正常劳动的职工，要指导企业按正常劳动支付其工资。", 0.95, dense_rank=2, region="全国")
    points = whole_question_points(retold, [retold, printed], True, TUNING)
    assert points[0].hit.clause_id == "人社部发〔2020〕8号#三、（六）"


def test_the_notice_carrying_out_another_speaks_for_the_rule_both_print() -> None:
    # 京政办发〔2020〕7号 13. announces the 岗位补贴 rule; 京人社就字〔2020〕15号, whose preamble names 7号 (为贯彻落实…), prints
    # it again as 一、（一） and says who applies, where and how: the later notice leads, the earlier follows it
    rule = "用人单位招用本市登记失业人员和城乡就业困难人员，依法签订一年及以上期限劳动合同的，可按规定申请享受岗位补贴、社会保险补贴。"
    announced = Candidate(make_hit("京政办发〔2020〕7号#三、13.", rule, date="2020-02-21"), rule, 0, 0.9, 1.0)
    carried_out = Candidate(make_hit("京人社就字〔2020〕15号#一、（一）", rule, date="2020-03-02"), rule, 0, 0.9, 0.98)
    candidates = [announced, carried_out]
    points = whole_question_points(announced, candidates, True, TUNING)
    assert points[0].hit.clause_id == "京政办发〔2020〕7号#三、13."  # nothing says one carries out the other: the earlier

    def follows(follower: str, followed: str) -> bool:
        return (follower, followed) == ("京人社就字〔2020〕15号", "京政办发〔2020〕7号")

    points = whole_question_points(announced, candidates, True, TUNING, follows)
    assert points[0].hit.clause_id == "京人社就字〔2020〕15号#一、（一）"
