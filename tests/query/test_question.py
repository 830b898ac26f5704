"""query/question.py: one reading of a question — normalised, standalone, its places, parts and situation."""

import pytest

from lexicon import load_lexicon
from lexicon.places import load_gazetteer
from query.models import Turn
from query.question import QuestionReader


@pytest.fixture(scope="module")
def reader() -> QuestionReader:
    return QuestionReader(load_lexicon(), load_gazetteer())


def test_traditional_characters_and_full_width_digits_are_read_as_the_circulars_write(reader) -> None:
    question = reader.read("我們公司被隔離了１４天，工資怎麼算？")
    assert question.text == "我们公司被隔离了14天，工资怎么算？"
    assert question.asked == "我們公司被隔離了１４天，工資怎麼算？"


def test_english_words_mixed_in_are_read_in_chinese_by_the_lexical_readers_and_kept_as_typed(reader) -> None:
    question = reader.read("公司通知要復工了，我怕擠地鐵不想去，會不會把我fire掉？")
    assert question.english == ("辞退",)
    assert "辞退" in question.expansion()  # BM25 reads the Chinese
    assert "辞退" in {c.word for c in question.concepts}
    assert "fire掉" in question.text  # the meaning retriever reads the words as typed


def test_a_question_asked_in_english_is_read_in_the_circulars_words_for_its_terms(reader) -> None:
    question = reader.read("Can my company fire me while I am in quarantine?")
    assert question.text == "Can my 公司 辞退 me while I am in 隔离?"  # every reader sees the circulars' words
    assert question.asked == "Can my company fire me while I am in quarantine?"


def test_places_come_from_the_gazetteer_and_abbreviations_from_the_lexicon(reader) -> None:
    assert reader.read("我们在常德有个工厂").place_names == ("常德",)
    assert reader.read("过年没能返京，年假能休几天").place_names == ("北京",)
    assert reader.read("国家层面怎么规定的").national


def test_a_later_part_is_read_with_the_first_parts_topic_carried_into_it(reader) -> None:
    question = reader.read("中小企业疫情期间社保可以免交吗？免几个月？")
    assert len(question.subquestions) == 1
    later = question.subquestions[0]
    assert later.text.startswith("免几个月") and "社保" in later.text


def test_the_situation_told_is_kept_apart_from_the_ask(reader) -> None:
    question = reader.read("我在武汉出差被困了一个月，公司只发了最低工资，对不对？")
    assert question.circumstance == "我在武汉出差被困了一个月"
    assert reader.read("工资怎么算？").circumstance == ""


def test_a_follow_up_carries_the_previous_questions_place(reader) -> None:
    history = [Turn(role="user", content="北京的企业停工停产期间工资怎么发？"), Turn(role="assistant", content="…")]
    question = reader.read("那病假呢？", history)
    assert "北京" in question.text and question.place_names == ("北京",)


def test_a_follow_up_does_not_carry_a_place_the_previous_question_named_as_not_the_users(reader) -> None:
    # conversations49 k49-13, conversations56 k56-03: a trip's destination or a home town is not where the rules come
    # from, and the answer must not say the corpus lacks its rules
    trip = turns("我被公司派去武汉出差，结果封城回不了北京，公司说这段时间只发基本生活费，对吗？")
    assert reader.read("那如果我不是出差，是自己回老家过年没赶回来呢？", trip).place_names == ("北京",)
    home = turns("过年回河北老家，村里封路一直出不来，到现在快一个月没回北京上班了，老版说这段时间不算出勤")
    assert reader.read("那公司能直接扣我年假顶上吗", home).place_names == ("北京",)


def test_a_later_question_naming_no_place_is_about_where_the_user_said_they_work(reader) -> None:
    history = turns("我从湖北回常德打工，到了以后要隔离几天才可以去厂里上班？")
    question = reader.read("隔离完了村里还是拦着不让我出去，我手机上能查到健康卡，这样也不行吗", history)
    # not a follow-up: its words are its own, but the user is still in 常德 (湖北 was where they came from)
    assert question.text.startswith("隔离完了") and question.place_names == ("常德",)
    # a place it names, or the nation it asks about, is its own
    assert reader.read("那北京呢，隔离完了能上班吗", history).place_names == ("北京",)
    assert reader.read("国家层面隔离完了能不能直接上班？", history).place_names == ()
    # nothing carried without history
    assert reader.read("隔离完了村里还是拦着不让我出去，这样也不行吗").place_names == ()


def turns(*questions: str) -> list[Turn]:
    return [t for q in questions for t in (Turn(role="user", content=q), Turn(role="assistant", content="…"))]


@pytest.mark.parametrize(
    ("earlier", "follow_up", "read_as"),
    [
        # a bare "X呢" asks the previous question of X, in place of the word of the same kind
        (["中小企业社保能免几个月？"], "大企业呢？", "大企业社保能免几个月？"),
        (["北京的企业停工停产期间工资怎么发？"], "那病假呢？", "北京的企业病假期间工资怎么发？"),
        (["北京隔离期间工资怎么算？"], "上海呢？", "上海隔离期间工资怎么算？"),
        (["劳动合同法第四十条是什么？"], "第四十一条呢？", "劳动合同法第四十一条是什么？"),
        # the previous question as it was read: its own follow-up carried the place in
        (["我被隔离了，工资怎么算？", "那北京呢？"], "病假呢？", "北京，我被病假了，工资怎么算？"),
    ],
)
def test_a_bare_follow_up_asks_the_previous_question_of_what_it_names(reader, earlier, follow_up, read_as) -> None:
    assert reader.read(follow_up, turns(*earlier)).text == read_as


def test_a_follow_up_asking_only_its_asking_words_carries_the_previous_topic(reader) -> None:
    question = reader.read("要提交什么材料？", turns("孩子停课在家我要照顾，工资怎么发？"))
    assert question.text.startswith("孩子") and question.text.endswith("要提交什么材料")


def test_a_follow_up_pointing_at_the_articles_just_asked_carries_their_law() -> None:
    reader = QuestionReader(load_lexicon(), load_gazetteer(), law_names=("劳动合同法",))  # cited without 《》
    question = reader.read("这两条疫情期间能用吗？", turns("劳动合同法第四十条是什么？", "第四十一条呢？"))
    assert [(law.name, law.articles) for law in question.references.laws] == [("劳动合同法", ("第四十一条",))]


@pytest.mark.parametrize(
    ("question", "home", "rules"),
    [
        ("我2月中旬从安徽老家回北京，小区要求居家观察14天，工资能要吗", "安徽", ("北京",)),
        ("我老家湖北的，在北京投简历好几家一听湖北人就直接不要了", "湖北", ("北京",)),
        ("过年回黑龙江老家，结果村里封路了出不去，年假能休几天", "黑龙江", ()),
        # a place the user says they are not in
        ("集团公司，总部不在湖北，2月的养老失业工伤还要交吗", "湖北", ()),
        ("我们是湖北以外的中小微企业，单位部分能免多久", "湖北", ()),
        ("除湖北省外的企业社保能免几个月", "湖北", ()),
        # where a person came from (p-28, b57-36, k62-19), and where workers taken on come from (x62-25, k62-19)
        ("我们厂在常德，他们不是湖北来的，也没发烧，到了以后要不要隔离14天", "湖北", ("常德",)),
        ("我们厂在常德，从广西同一个县招了一批工人，要隔离吗", "广西", ("常德",)),
        # where the user was sent on a business trip: the employer's rules govern it (x64-04, s58-01)
        ("我是北京一家工程公司的技术员，年前被公司派去武汉项目上出差，封城了一直回不来", "武汉", ("北京",)),
        ("1月中旬被公司派去湖北一个项目现场出差，结果赶上封城，回不来北京", "湖北", ("北京",)),
        ("我在武汉出差被困了一个月，公司只发了最低工资，对不对？", "武汉", ()),
        # a place the user corrects away from (conversations58 k58-12, conversations65 k65-14)
        ("不对，我们公司是在上海，不是北京。上海有没有就隔离期间工资专门发过文件？", "北京", ("上海",)),
        ("等下我记错了，我其实是在天津的公司上班，不是北京", "北京", ("天津",)),
    ],
)
def test_a_home_town_is_named_but_is_not_where_the_users_rules_come_from(reader, question, home, rules) -> None:
    asked = reader.read(question)
    assert home in asked.place_names
    assert [p.short for p in asked.elsewhere] == [home]
    assert tuple(p.short for p in asked.rule_places) == rules


def test_asking_whether_a_rule_is_a_places_or_saying_where_one_is_from_is_no_correction(reader) -> None:
    assert reader.read("这是不是北京的规定？").elsewhere == ()
    asked = reader.read("我不是北京户口，在北京上班，隔离期间工资怎么发")
    assert asked.elsewhere == () and tuple(p.short for p in asked.rule_places) == ("北京",)


def test_a_follow_up_correcting_where_the_user_works_asks_the_previous_question_of_that_place(reader) -> None:
    # conversations65 k65-14: read with only the previous topic's words carried, it had been refused
    history = turns("春节延长假那几天，就是1月31号到2月2号，公司让我回去值班了，我在北京上班，这几天有加班费吗？")
    question = reader.read("等下我记错了，我其实是在天津的公司上班，不是北京。那天津这边应该怎么算？", history)
    assert question.text == "春节延长假那几天，就是1月31号到2月2号，公司让我回去值班了，我在天津上班，这几天有加班费吗？"
    assert question.place_names == ("天津",)
    # one naming a matter of its own keeps its own ask
    own = reader.read("我其实在天津上班。那天津的社保能缓缴吗？", history)
    assert "社保能缓缴" in own.text and not own.text.startswith("春节延长假")


def test_a_place_the_user_is_not_in_is_not_carried_into_a_later_part(reader) -> None:
    asked = reader.read("我们是湖北以外的中小微企业，社保能免吗？单位部分能免多久")
    assert [p.short for p in asked.not_in] == ["湖北"]
    assert asked.subquestions and "湖北" not in asked.subquestions[0].text
    # a home town is elsewhere but not a place the user says they are not in
    assert reader.read("我老家湖北的，回北京后被隔离了工资怎么算").not_in == ()


def test_a_place_the_user_works_in_is_where_the_rules_come_from(reader) -> None:
    asked = reader.read("我在湖北上班，老家是安徽的，被隔离了工资怎么算")
    assert [p.short for p in asked.elsewhere] == ["安徽"]
    assert [p.short for p in asked.rule_places] == ["湖北"]


def test_a_follow_up_pointing_at_a_document_carries_the_one_the_previous_answer_led_with(reader) -> None:
    answer = "根据《关于妥善处理新型冠状病毒感染的肺炎疫情防控期间劳动关系问题的通知》（人社厅明电〔2020〕5号）第一条：……"
    history = [Turn(role="user", content="我被隔离了14天，公司说不发工资，合法吗？"), Turn(role="assistant", content=answer)]
    question = reader.read("这个文件是哪天发的？", history)
    assert question.references.doc_numbers[0].normalized == "人社厅明电〔2020〕5号"
    assert question.parts[-1].kind == "issuer"  # the ask stays at the end, after what is carried
    untitled = "根据《关于进一步做好疫情防控期间本市人力资源和社会保障相关工作的通知》（北京市人力资源和社会保障局，2020-01-31）第一条"
    history = [Turn(role="user", content="复工后哺乳时间怎么安排？"), Turn(role="assistant", content=untitled)]
    assert reader.read("这个文件是谁发的？", history).references.titles == ("关于进一步做好疫情防控期间本市人力资源和社会保障相关工作的通知",)


def answered(question: str, answer: str) -> list[Turn]:
    return [Turn(role="user", content=question), Turn(role="assistant", content=answer)]


def test_a_pronoun_points_at_the_document_the_previous_answer_led_with(reader) -> None:
    # 它的第二条原文是什么 was read without its document, and with 多少 carried from 文号是多少: refused
    lead = "根据《关于因防控疫情推迟开学企业职工看护未成年子女期间工资待遇问题的通知》（京人社劳字〔2020〕13号）落款：…"
    question = reader.read("它的第二條原文是什麼？", answered("北京看护子女工资待遇的那份文件，文号是多少？", lead))
    assert question.references.names_clause and question.references.doc_numbers[0].normalized == "京人社劳字〔2020〕13号"
    assert "多少" not in question.text and question.parts[-1].kind == "text"
    # 这个条例: the law the answer led with, cited by its title
    law = "根据《保障农民工工资支付条例》第三十条：第三十条 分包单位对所招用农民工的实名制管理和工资支付负直接责任。"
    question = reader.read("这个条例哪天开始施行的？", answered("分包单位拖欠农民工工资，总包要先行清偿吗？", law))
    assert "《保障农民工工资支付条例》" in question.text
    # 这是哪个文件说的 asks the source of the whole previous answer: it was read alone and refused
    rule = "根据《关于做好疫情防控期间维护劳动关系稳定有关问题的通知》（京人社劳字〔2020〕11号）第二条：对于因疫情未及时返京复工的职工…"
    question = reader.read("这是哪个文件说的？把文号发我一下", answered("员工过年回老家一直回不来，能先安排年假吗？", rule))
    assert question.references.doc_numbers[0].normalized == "京人社劳字〔2020〕11号"
    # 21.75这个数字出自哪个文件 asks where a number comes from: no document is pointed at
    leave = "根据《企业职工带薪年休假实施办法》第十一条：…"
    question = reader.read("21.75这个数字出自哪个文件？", answered("未休年假工资日工资除以21.75天对吧？", leave))
    assert "实施办法" not in question.text


def test_the_new_laws_article_asked_after_an_old_versions_is_its_counterpart(reader) -> None:
    # 新法对应的是第几条 was read alone and refused; the lead's version goes with its article
    lead = "根据《中华人民共和国突发事件应对法》（2007年）第六十四条第一款：第六十四条 有关单位有下列情形之一的…"
    question = reader.read("新法对应的是第几条？", answered("政府责令企业停产停业依据的是突发事件应对法哪一条？", lead))
    assert "（2007年）第六十四条" in question.text and question.asks("counterpart")
    # the answer as the command line prints it, the question first (a --history file copied from the terminal)
    printed = f"问：政府责令企业停产停业依据的是突发事件应对法哪一条？\n{lead}"
    question = reader.read("新法对应的是第几条？", answered("政府责令企业停产停业依据的是突发事件应对法哪一条？", printed))
    assert "（2007年）第六十四条" in question.text


def test_that_article_is_the_article_the_previous_answer_led_with(reader) -> None:
    lead = "根据《中华人民共和国突发事件应对法》（2007年）第四十九条：第四十九条 自然灾害、事故灾难或者公共卫生事件发生后…"
    question = reader.read("把那条第（四）项原文给我", answered("政府关闭场所是依据突发事件应对法哪一条？", lead))
    assert "第四十九条" in question.text


@pytest.mark.parametrize(
    ("earlier", "follow_up", "kept", "dropped"),
    [
        # going on with 那…: the previous matter is kept though the follow-up names words of its own (上班)
        ("我是密接，被拉去集中隔离了14天，公司说隔离期间不发工资，这合法吗？", "那北京呢？我在北京上班，北京有没有专门的文件？", "隔离", None),
        # the matter is what the reader reads the question to be about (its concepts), not only the lexicon's words
        ("我在工地干活，分包的老板欠了三个月工资跑路了", "那我能直接找总包单位要钱吗？有啥依据？", "分包", None),
        # a follow-up of asking words alone names nothing of its own
        ("北京对受疫情影响的困难企业有失业保险费返还，返还标准怎么算？", "什么时候申请？在哪申请？", "失业保险费返还", None),
        # a part closing with 呢 goes on with it too
        ("我们厂因为疫情停工一个多月了，员工工资怎么发？", "超过一个工资支付周期以后呢？没上班的员工发多少？", "停工", None),
        # …except a word it puts in place of one of the same kind
        ("我被隔离了14天，公司说这段时间不发工资，合法吗？", "那如果是工伤呢，工资应该怎么发？", "工伤", "隔离"),
        # a follow-up comparing with what was just asked goes on with it, words of its own or not (conversations58b kb58-07)
        ("春节假期延长那三天我在超市上班，公司没给补休，该给多少钱？", "还有大年初一到初三我也在店里上班，这几天是不是又不一样？", "春节", None),
        # …and so does a turn telling something before a clause opening with 那 (kb58-12)
        ("2022年5月朝阳划了居家办公区域，公司全员居家办公，工资全按七折算，这样扣钱有依据吗？", "HR说不服自己去告。那我该找谁？", "居家办公", None),
        # …even when what it tells names a matter of its own (自动离职): the story told before is still the user's (k61-12)
        ("我老家在孝感，过年回去村里封路出不去，厂子早开工了我还走不了。", "主管在群里说再不回来就按自动离职处理。那公司能辞退我吗？", "封路", None),
    ],
)
def test_a_follow_up_going_on_with_that_keeps_the_previous_matter(reader, earlier, follow_up, kept, dropped) -> None:
    text = reader.read(follow_up, answered(earlier, "…")).text
    assert kept in text
    if dropped is not None:
        assert dropped not in text


def test_where_people_came_from_told_later_does_not_move_the_user(reader) -> None:
    # 他们不是湖北来的 after a story set in 常德 was read as the user's place: 现有文件中没有湖北的地方规定, refused (k62-19)
    history = turns("我们厂在常德经开区，复工后缺人，招了一批工人，60来个，准备同一天出发", "他们不是湖北来的，也没发烧，到了以后要不要隔离14天？")
    question = reader.read("这么多人一起来，我们能不能找政府帮忙搞点对点接人？向谁申请？", history)
    assert [p.short for p in question.rule_places] == ["常德"]


def test_an_earlier_question_in_traditional_characters_is_carried_as_simplified(reader) -> None:
    question = reader.read("如果宿舍在地下室呢？", answered("我是單位的保安，住集體宿舍，一間擠了10個人，這樣合規嗎？", "…"))
    assert "单位的保安" in question.text and "單位" not in question.text


def test_a_modal_verb_and_the_verb_it_governs_is_no_topic_of_the_question(reader) -> None:
    # 能领 (能 + 领) is no word of jieba's; tagged a noun, it was what 能领多久 asked a length of, and no sentence
    # naming 领取失业保险金的期限 was about it
    assert "能领" not in {c.word for c in reader.read("失业了社保交了4年，失业金能领多久？").concepts}
    assert not {"能领", "能报"} & {c.word for c in reader.read("能领多久？一个月大概能报多少").concepts}
    # a word of the dictionary opening with one of those characters is still a topic
    assert "能源" in {c.word for c in reader.read("能源企业复工有什么规定？").concepts}


def test_a_layoff_told_in_everyday_verbs_is_read_as_the_circulars_layoff(reader) -> None:
    # 裁掉, 被裁, 裁人: the colloquial verb for 裁员 in twelve questions of the sets and probes
    for asked in ("公司要把我们整个部门裁掉，这样可以吗？", "我刚被裁了，补偿怎么算？", "订单少了一半要裁人，先裁谁？"):
        assert "裁减人员" in reader.read(asked).expansion()


def test_a_follow_up_about_nothing_but_a_place_or_the_nation_goes_on_with_the_previous_matter(reader) -> None:
    # 北京有没有具体规定？ names no concept of its own: read alone it was refused
    earlier = answered("被隔离期间工资怎么发？", "根据《关于妥善处理…的通知》（人社厅明电〔2020〕5号）第一条：……")
    assert "隔离" in reader.read("北京有没有具体规定？", earlier).text
    assert "隔离" in reader.read("国家层面是怎么规定的？", earlier).text
    # a question of its own after it is read as asked
    assert reader.read("公司裁员了，失业金要去哪里领？", earlier).text == "公司裁员了，失业金要去哪里领？"


def test_the_previous_rule_named_by_what_it_is_is_pointed_at_but_the_nations_rules_are_not_its_document(reader) -> None:
    beijing = "根据《…关于做好疫情防控期间有关就业工作的通知》（京人社就字〔2020〕14号）第十条：十、防止就业歧视。……"
    earlier = answered("一听我是湖北人就直接说不要了，这合法吗？", beijing)
    # 这是…的规定 points back (it was read alone and refused) …
    question = reader.read("这是北京的规定吧？全国有没有统一说法？", earlier)
    assert "湖北" in question.text and question.national
    # … but asking for the nation's rules, it does not carry the Beijing notice the answer led with
    assert question.references.doc_numbers == ()
    assert reader.read("这是哪份文件？第几条？", earlier).references.doc_numbers[0].normalized == "京人社就字〔2020〕14号"
    # 两者 points back at the two rules just quoted
    assert "湖北" in reader.read("两者列举的情形有区别吗？", earlier).text


def test_a_refusal_to_hire_told_in_everyday_words_is_read_as_the_circulars_refusal(reader) -> None:
    # 直接不要, 就不要, 说不要: an applicant turned away, in the held-out 湖北 paraphrases and the stop-50 probe
    for asked in ("一听我是湖北的就直接不要了", "一看身份证是湖北的就说不要", "知道是湖北人就不要"):
        assert "拒绝招用" in reader.read(asked).expansion()


def test_time_off_to_recover_from_a_work_injury_is_read_as_the_circulars_leave(reader) -> None:
    # 养伤: the everyday word for the 停工留薪期, in statutes-gold gS-10, the stop-47 probe and s50-24
    assert "停工留薪期" in reader.read("工伤养伤这段时间工资是不是应该照原来的发？").expansion()


def test_rest_told_beside_an_injury_is_read_as_the_work_injury_leave_and_beside_an_illness_is_not(reader) -> None:
    # 病休, 休养, 在家养: the 停工留薪期 in work-injury stories (probes s53-25, t55-01, t57-01) and sick leave in others
    # (阳了在家休养): synonyms.tsv's third column, the word the question must also say
    for asked in ("压伤了手，认定工伤，医生开了三个月病休，这期间工资照发吗", "骨折了在家休养两个月，工资怎么算"):
        assert "停工留薪期" in reader.read(asked).expansion()
    for asked in ("感冒发烧医生开了一周病休，工资照发吗", "阳了在家休养一周，工资怎么算"):
        assert "停工留薪期" not in reader.read(asked).expansion()


def test_working_days_together_and_resting_days_together_read_as_the_circulars_pattern(reader) -> None:
    # 集中干几天再集中休几天: the everyday words for 集中工作、集中休息 (综合计算工时), in probes s49-15 and s50-21
    expansion = reader.read("想让员工集中干几天再集中休几天，轮着来，要报批吗？").expansion()
    assert {"集中工作", "集中休息", "综合计算工时"} <= set(expansion)


def test_a_follow_up_of_nothing_of_its_own_after_another_follow_up_keeps_the_matter_both_go_on_with(reader) -> None:
    # probe k50-20: 那到岗的这些人…下班后能去逛超市吗？ after 到岗人数有上限吗？ carried only 人数, and 超市 found 就业超市
    history = [
        *answered("我们公司在北京划的居家办公区域里，还能不能让一部分人来公司上班？", "根据《北京市进一步规范疫情期间居家办公管理的相关要求》…"),
        *answered("到岗人数有上限吗？", "根据《北京市进一步规范疫情期间居家办公管理的相关要求》…"),
    ]
    assert "居家办公" in reader.read("那到岗的这些人平时上下班有啥要求？下班后能去逛超市吗？", history).text
    # a follow-up with a matter of its own keeps to what the one before it asked (停产 is not carried past 工资支付周期)
    history = [
        *answered("疫情期间我们工厂整体停产了，工人的工资按规定该怎么发？", "根据…"),
        *answered("要是停了两个多月，超过一个工资支付周期了呢？", "根据…"),
    ]
    assert "工厂" not in reader.read("那在北京的话，没上班的员工生活费有没有具体比例？", history).text


def test_leave_not_taken_told_in_everyday_words_is_read_as_the_circulars_leave_due_and_not_taken(reader) -> None:
    # 没休的年假, 没休完的, 都没休: in five questions of the sets and probes (gS-07, bS-07, c-06, s48-34, s50-36)
    for asked in ("没休的年假就这么没了吗？", "年假没休完公司要赔钱吗？", "今年的年假一天都没休，离职能折算吗？"):
        assert "应休未休" in reader.read(asked).expansion()
    # 没休息日 is no leave left untaken
    assert "应休未休" not in reader.read("工人每天干12个小时，基本没休息日，算违法加班吗？").expansion()


def test_a_matter_pointed_at_by_its_noun_is_the_earlier_questions_that_named_it(reader) -> None:
    # the conversation turned aside (能算工伤不) and back: 这个补助 is the 临时性工作补助 asked first, not the 工伤 matter
    history = [
        *answered("我是北京一家医院发热门诊的护士，天天直接接触确诊病人，听说有临时性工作补助，一天给多少钱？", "…"),
        *answered("要是上班的时候被传染了，能算工伤不", "…"),
    ]
    text = reader.read("那这个补助到手还要扣个稅吗", history).text
    assert "临时性工作补助" in text and "工伤" not in text
    # a requirement pointed at is the rule the previous answer quoted, as a 规定 is: the previous question's matter
    history = [
        *answered("我们公司在北京的写字楼里办公，复工以后员工到岗率有上限要求吗？", "…"),
        *answered("后来2022年有些区域划为居家办公区域，区域内单位确实需要到岗的，比例是多少？", "…"),
    ]
    assert "居家办公" in reader.read("这个要求是什么时候、由谁发布的？原文怎么写的", history).text


def test_a_clause_label_alone_is_of_the_document_the_previous_answer_led_with(reader) -> None:
    answer = "根据《关于对〈…〉有关问题说明的通知》（京人社劳字〔2020〕17号）第二条：二、需要在家看护未成年子女的职工，应当落实请假制度。"
    history = answered("那个说明里，要求这些员工请假吗？", answer)
    asked = reader.read("第三条说的是什么？", history)
    assert [ref.normalized for ref in asked.references.doc_numbers] == ["京人社劳字〔2020〕17号"]
    assert asked.references.article == "三"


def test_the_那_of_那个_points_at_a_thing_and_is_kept(reader) -> None:
    history = answered("京人社劳字13号之后，人社局是不是又出过一个说明文件？", "…")
    assert "那个说明里" in reader.read("那个说明里，要求这些员工请假吗？", history).text


def test_a_matter_named_by_its_noun_after_刚才_is_the_earlier_questions(reader) -> None:
    history = [
        *answered("我们是中关村的一家小微企业，北京那个一次性社会保险补贴是怎么回事，怎么申请？", "…"),
        *answered("另外问一下，我们想招的一个人是从湖北回来的，公司可以不招他吗？", "…"),
    ]
    asked = reader.read("好的。那刚才那个补贴，网上申报审核通过以后要公示多久？", history)
    assert "一次性社会保险补贴" in asked.text and "湖北" not in asked.text


def test_a_chat_acknowledgement_before_a_follow_up_does_not_hide_it(reader) -> None:
    # probe k54-02: 明白了。那要是… was read as a new question and lost the sick leave it went on with
    history = [
        *answered("我们公司有个员工阳了，医生让他在家休息两周，这期间按病假处理可以吗？", "…"),
        *answered("他平时表现一般，能不能趁病假这段时间直接跟他解除合同？", "…"),
    ]
    text = reader.read("明白了。那要是他的劳动合同正好这个月底到期呢，到期能不能就不续了？", history).text
    assert "病假" in text and not text.startswith("明白")
    # without the acknowledgement the follow-up reads the same; 好滴 / 好， / 行。 acknowledge as 明白了。 does
    assert text == reader.read("那要是他的劳动合同正好这个月底到期呢，到期能不能就不续了？", history).text
    for said in ("好滴 ", "好，", "行。", "行吧。", "对，", "是的。"):
        assert reader.read(f"{said}那要是他的劳动合同正好这个月底到期呢，到期能不能就不续了？", history).text == text
    # a word that only begins like one is no acknowledgement
    # (他, the employee, makes it a follow-up: what it carries comes before it, and 行 stays)
    assert reader.read("行政部门能不能直接终止他的劳动合同？", history).text.endswith("，行政部门能不能直接终止他的劳动合同")


def test_a_follow_up_asking_the_nations_rules_does_not_keep_the_previous_questions_place(reader) -> None:
    # conversations54b k54b-20: 行。那国家层面哺乳时间本来是怎么规定的？ was carried 北京 from the question before it
    history = answered("我们北京公司复工了，有个哺乳期的女员工想把每天的哺乳时间攒在一起用，可以吗？", "…")
    asked = reader.read("那国家层面哺乳时间本来是怎么规定的？", history)
    assert "北京" not in asked.text and "哺乳期" in asked.text and asked.national


def test_a_follow_up_after_one_with_no_matter_of_its_own_keeps_the_matter_that_one_carried(reader) -> None:
    # probe k54-15: 那我能主张什么？ after 公司这么做合法麽？ was read alone (主张 found 加班费 举证)
    history = [
        *answered("我20年2月被集中隔离了，隔离期间公司HR打电话说公司困难要裁员，直接把我列进名单解除合同了。", "…"),
        *answered("公司这么做合法麽？", "…"),
    ]
    assert "隔离" in reader.read("那我能主张什么？", history).text


@pytest.mark.parametrize(
    ("asked", "circulars_words"),
    [
        # wages owed (欠薪, 欠工资) are the statute's 未及时足额支付劳动报酬 (bS-17, s53b-17, c-28)
        ("老板欠薪半年了，我能直接走人吗", "未及时足额支付劳动报酬"),
        # an employer who did not insure (没给她上工伤保险, 没交工伤保险, 没买保险: k49-11, k50-09, k52-08, k53-07, bS-11,
        # bS-31, k54-14) is the statute's 未参加工伤保险
        ("我们之前没给她上工伤保险，那她的治疗费用谁来出？", "参加工伤保险"),
        ("老板说没买保险他也没办法，出了事谁赔", "未参加"),
        # stuck away (被困, 困在) is the circulars' 滞留 and 未及时返京 as well as their emergency measures (gold, dev, s51-19,
        # conversations50, conversations53b, s54-02)
        ("我在武汉出差被困了一个月，工资怎么算？", "未及时返京"),
        # leave used up (年假也用完了, 年假已经休完了: cal-014, bA-10, s49-40, s50-03, k54-04) is 用完各类休假
        ("员工回老家回不来，年假也已经给他安排休完了，后面工资怎么处理？", "用完各类休假"),
    ],
)
def test_statute_and_stranding_wordings_are_read_in_the_texts_words(reader, asked, circulars_words) -> None:
    assert circulars_words in reader.read(asked).expansion()


def test_a_question_pointing_at_a_matter_an_earlier_one_named_goes_on_with_it(reader) -> None:
    # probe k54-19: 规定里这种区域… names words of its own (规定, 到岗) and was read alone, finding the 2020 office rules
    history = answered("我们公司在朝阳，22年5月那阵子被划进居家办公区域了，可老板还是要求所有人每天都来公司打卡。", "…")
    assert "居家办公" in reader.read("规定里这种区域的单位最多能让多少人到岗？", history).text
    # a demonstrative pointing at nothing named before is no follow-up
    assert reader.read("这种补贴去哪儿申请？", history).text == "这种补贴去哪儿申请？"


def test_a_follow_up_opening_with_如果_goes_on_with_the_previous_matter(reader) -> None:
    # conversations54b k54b-08: 明白。如果案件是2021年1月1日以后审理的，应当适用哪一条？ was read alone (那如果 and 如果是 were
    # openings, a bare 如果 was not) and quoted the 2020 interpretation's 施行 article
    history = answered("疫情期间用人单位单方面给员工降薪，员工不认可，仲裁后起诉到法院。2020年审理时，关于减少劳动报酬的举证责任由谁承担？", "…")
    text = reader.read("明白。如果案件是2021年1月1日以后审理的，应当适用哪一条？", history).text
    assert "举证责任" in text and "降薪" in text


def test_a_follow_up_asking_what_the_law_says_does_not_carry_the_circular_named_before(reader) -> None:
    # conversations55 k55-20: 那哺乳时间本身法定是每天多长？ carried 京人社劳字〔2020〕23号, whose clauses then came first,
    # and the answer quoted its 集中使用哺乳时间 again instead of 女职工劳动保护特别规定第九条
    history = answered("京人社劳字〔2020〕23号实施意见里说，允许哺乳期女职工自行选择集中使用哺乳时间，这个具体怎么操作？", "…")
    question = reader.read("那哺乳时间本身法定是每天多长？", history)
    assert not question.references.doc_numbers and "哺乳期" in question.text
    # without a word asking the law, the circular is carried as before; pointing back at it (它的依据) carries it too
    assert reader.read("那哺乳时间每天多长？", history).references.doc_numbers
    assert reader.read("它在法律上的依据是哪一条？", history).references.doc_numbers


def test_a_follow_up_telling_of_the_person_the_conversation_is_about_carries_their_situation(reader) -> None:
    # conversations54b k54b-12: 不过他的劳动合同下周就到期了… names a matter of its own and was read alone, losing the
    # 医学观察 its rule (人社厅明电〔2020〕5号 一、: 顺延至…医学观察期期满) turns on
    history = answered("有个员工是密接，现在还在集中医学观察，我们公司正好在裁员，能把他列进名单吗？", "…")
    assert "医学观察" in reader.read("不裁他。不过他的劳动合同下周就到期了，到期直接终止可以吗？", history).text
    # 其他 is no person pointed at
    alone = "其他员工的劳动合同到期可以直接终止吗？"
    assert reader.read(alone, history).text == alone


def test_the_article_a_follow_up_names_of_the_rule_is_not_replaced_by_the_one_the_answer_led_with() -> None:
    # conversations55 k55-12: 通知第三条说按劳动法安排补休，劳动法具体是哪一条？ had the answer's lead article (第一条) carried
    reader = QuestionReader(load_lexicon(), load_gazetteer(), law_names=("劳动法",))
    lead = "根据《关于延长2020年春节假期的通知》（国办发明电〔2020〕1号）第一条：一、延长2020年春节假期至2月2日…"
    history = answered("2020年春节延长假那几天公司叫我回去值班，说之后给补休，结果到现在也没补，这个该怎么算？", lead)
    text = reader.read("国务院那个延长春节假期的通知第三条说按劳动法安排补休，劳动法具体是哪一条？", history).text
    assert "国办发明电〔2020〕1号" in text and "第一条" not in text
    # the rule's article not named, the one the answer led with is the rule meant
    assert "第一条" in reader.read("这个补休是劳动法里哪一条规定的？", history).text


def test_an_asking_word_tagged_as_a_noun_is_no_concept(reader) -> None:
    # conversations55 k55-14: 哪几个 of 具体是哪几个月减半 was a concept, the thing a figure had to be of
    words = [c.word for c in reader.read("北京具体是哪几个月减半征收？").concepts]
    assert "北京" in words and not any("哪" in w for w in words)



def after_answer(question: str, answer: str) -> list[Turn]:
    return [Turn(role="user", content=question), Turn(role="assistant", content=answer)]


@pytest.mark.parametrize(
    ("earlier", "answer", "follow_up", "read_with"),
    [
        # a 款 named alone is of the article the answer led with
        (
            "员工年中离职，年休假实施办法里没休完的年假怎么折算？",
            "根据《企业职工带薪年休假实施办法》第十二条第一款：第十二条 用人单位与职工解除或者终止劳动合同时……[1]",
            "第三款呢？他今年已经休超了，能扣回来吗",
            "第十二条第三款",
        ),
        # the article pointed at, of a law held in several texts, goes with the 款 the answer quoted
        (
            "突发事件应对法里，职工参加应急救援期间，在原单位的工资待遇怎么规定？按2020年当时有效的文本。",
            "根据《中华人民共和国突发事件应对法》（2007年）第六十一条第三款：公民参加应急救援工作或者协助维护社会秩序期间……[1]",
            "这条在2024年修订后的新法里是第几条？措辞有没有变化？",
            "（2007年）第六十一条第三款",
        ),
    ],
)
def test_a_paragraph_is_read_with_the_article_the_previous_answer_quoted_it_of(reader, earlier, answer, follow_up, read_with) -> None:
    assert read_with in reader.read(follow_up, after_answer(earlier, answer)).text


@pytest.mark.parametrize(
    ("follow_up", "read_as"),
    [
        ("那2024年新法里呢？", "《中华人民共和国突发事件应对法》（2007年）第六十一条第三款在2024年文本中对应哪一条"),
        ("修订后的呢？", "《中华人民共和国突发事件应对法》（2007年）第六十一条第三款在修订后的文本中对应哪一条"),
    ],
)
def test_a_follow_up_naming_another_text_of_the_law_asks_the_counterpart_of_the_article_quoted(reader, follow_up, read_as) -> None:
    history = after_answer(
        "员工被抽调去做志愿者，突发事件应对法里单位要不要照发工资？",
        "根据《中华人民共和国突发事件应对法》（2007年）第六十一条第三款：公民参加应急救援工作……[1]",
    )
    question = reader.read(follow_up, history)
    assert question.text == read_as
    assert question.asks("counterpart")


def test_a_year_of_another_text_asks_the_counterpart_and_a_year_of_the_events_does_not(reader) -> None:
    history = after_answer(
        "2001年那个劳动争议司法解释里，因单位辞退发生的争议，举证责任谁承担？",
        "根据《最高人民法院关于审理劳动争议案件适用法律若干问题的解释》（法释〔2001〕14号）第十三条：第十三条 因用人单位作出的……[1]",
    )
    assert reader.read("那2020年的解释（一）里是第几条？", history).text == "法释〔2001〕14号第十三条在2020年文本中对应哪一条"
    # a time the case is brought asks the text in force then, not what the article is in another text
    assert "对应哪一条" not in reader.read("如果起诉是在2021年以后呢？这条还适用吗", history).text


def test_a_follow_up_naming_only_a_law_asks_it_of_the_clause_the_previous_answer_led_with(reader) -> None:
    reader = QuestionReader(load_lexicon(), load_gazetteer(), law_names=("劳动合同法",))
    history = after_answer(
        "隔离期间的职工，企业不得依据劳动合同法哪几条解除合同？",
        "根据《关于妥善处理新型冠状病毒感染的肺炎疫情防控期间劳动关系问题的通知》（人社厅明电〔2020〕5号）第一条：……[1]",
    )
    question = reader.read("劳动合同法里原文怎么说？", history)
    assert question.references.doc_numbers and question.references.doc_numbers[0].normalized == "人社厅明电〔2020〕5号"
    assert [law.name for law in question.references.laws] == ["劳动合同法"]


def test_a_bare_follow_up_with_where_the_user_works_asks_the_nations_question_of_that_place(reader) -> None:
    history = turns("我是密接被集中隔离了14天，公司说没上班不给钱，国家对这个有规定没？")
    question = reader.read("那北京呢？我单位在朝阳", history)
    assert question.text.startswith("我是密接被集中隔离了14天，公司说没上班不给钱，北京对这个有规定没？")
    assert not question.national and "北京" in question.place_names


def test_a_follow_up_asking_the_law_behind_a_figure_carries_the_rule_the_previous_answer_led_with(reader) -> None:
    history = after_answer(
        "公司让我们把疫情在家那几天先用年假抵了，我参加工作8年了，年假能有几天？",
        "根据《职工带薪年休假条例》第三条（全国性规定）：第三条 职工累计工作已满1年不满10年的，年休假5天……[1]",
    )
    question = reader.read("这个天数是哪个法规定的？", history)
    assert question.text.startswith("《职工带薪年休假条例》 第三条")
    assert question.asks("basis")


def test_a_follow_up_carries_only_the_earlier_words_some_clause_says(reader) -> None:
    # conversations57 k57-15: the story's 机加工 and 现金流 no clause says; carried beside 公积金呢 they outweighed it
    clauses = ["受疫情影响的企业可申请缓缴住房公积金", "企业可申请缓缴社会保险费，缓缴期间免收滞纳金", "订单减少的企业"]
    reading_the_corpus = QuestionReader(
        load_lexicon(), load_gazetteer(), corpus_prints=lambda text: any(text in c for c in clauses)
    )
    story = "北京顺义一个做机加工的小厂，疫情一来订单全停了，现金流快断了。社保能不能先缓一缓再交？"
    read = reading_the_corpus.read("那公积金呢？也能先不交吗", turns(story)).text
    assert read.endswith("公积金呢？也能先不交") and "订单" in read
    assert "机加工" not in read and "现金流" not in read
    # the reader that cannot ask a corpus carries the story's words as it always did
    assert "机加工" in reader.read("那公积金呢？也能先不交吗", turns(story)).text


def test_another_kind_of_insurance_asked_after_one_takes_its_place(reader) -> None:
    read = reader.read("那公积金呢？也能先不交吗", turns("疫情期间小企业社保能不能先缓一缓再交？"))
    assert "公积金" in read.text and "社保" not in read.text


def test_nursing_a_baby_told_in_everyday_words_is_read_as_the_circulars_nursing_time(reader) -> None:
    # 喂奶: the everyday word for 哺乳, alone in statutes57 t57-19 and conversations57 k57-17 (beside 哺乳 in s48-17, s50-39)
    assert "哺乳时间" in reader.read("宝宝才5个月，公司每天要给她留多长时间喂奶？").expansion()


def test_what_the_assistant_said_pointed_at_is_the_document_its_answer_led_with(reader) -> None:
    # conversations57b k57b-04: 你说的那个时效“中止” was read alone, and the law behind the rule was looked for in no rule
    lead = "根据《关于妥善处理新型冠状病毒感染的肺炎疫情防控期间劳动关系问题的通知》（人社厅明电〔2020〕5号）第三条：三、…仲裁时效中止…"
    question = reader.read(
        "你说的那个时效“中止”，法律上是哪部法哪条哪款规定的？", answered("劳动仲裁只有一年时效，我是不是已经过期了？", lead)
    )
    assert question.references.doc_numbers[0].normalized == "人社厅明电〔2020〕5号"


def test_an_article_named_without_its_law_is_of_the_law_the_conversation_cited_it_from(reader) -> None:
    # conversations57b k57b-03: 第四十条 after a notice citing 劳动合同法第四十条 is the law's article, not the notice's
    earlier = "人社厅明电〔2020〕5号第一条是不是说，企业不得依据劳动合同法第四十条、四十一条解除合同？"
    knowing_the_law = QuestionReader(load_lexicon(), load_gazetteer(), law_names=["劳动合同法"])
    question = knowing_the_law.read("第四十条里讲“客观情况发生重大变化”的是第几项？", answered(earlier, "…"))
    assert [(law.name, law.articles) for law in question.references.laws] == [("劳动合同法", ("第四十条",))]
    assert not question.references.doc_numbers


def test_a_follow_up_pointing_at_the_situation_told_goes_on_with_it(reader) -> None:
    # 这种情况 in the middle of a follow-up (北京有没有文件专门管这种情况的？): the situation the user just told, in thirteen
    # turns of the conversation probes of stops 52 to 59; read alone, conversations59 k59-01 was refused
    earlier = answered(
        "HR说隔离那两周没来上班按事假算，直接扣了快三千",
        "根据《关于妥善处理…的通知》（人社厅明电〔2020〕5号）第一条：……",
    )
    question = reader.read("北京那会儿有没有文件专门管这种情况的？麻烦把文号和具体哪一条告诉我", earlier)
    assert "隔离" in question.text
    # a question without such a pointer, about a matter of its own, is read as asked
    assert reader.read("公司裁员了，失业金要去哪里领？", earlier).text == "公司裁员了，失业金要去哪里领？"


def test_a_follow_up_opening_with_a_bare_zhezhong_points_at_the_situation_told(reader) -> None:
    # conversations60 k60-06, k60-13, k60-17: 这种要审批吗 / 这种算不算… / 这种说法合法吗 open with 这种 standing for what was
    # just told (a work pattern, a child's age, what HR said); read alone, k60-13 asked for no matter at all
    earlier = answered("疫情期间订单扎堆，产线想搞集中干一阵、再集中休一阵的模式，每天会超过8小时", "根据……")
    assert "集中" in reader.read("这种要审批吗？我该去找哪个部门办", earlier).text
    # 这种 before a noun of the question's own (这种大型企业) is not the pointer
    assert reader.read("这种病假工资怎么算？", earlier).text == "这种病假工资怎么算？"


def test_a_turn_telling_more_of_the_story_goes_on_with_the_turn_before_it(reader) -> None:
    # conversations59 k59-11, k59-12: the question after a turn that only tells (…结果到现在也没安排) asks of the whole story,
    # the matter of the turn before that one (春节 延长) as well
    history = [
        *answered("2020年春节那会儿国务院把假延长到2月2号了对吧", "根据《关于延长2020年春节假期的通知》（国办发明电〔2020〕1号）第一条：……"),
        *answered("我在北京一家超市当店长，1月31号到2月2号三天全被叫回店里顶班，老板说以后给调休，结果到现在也没安排", "……"),
    ]
    assert "春节" in reader.read("这种情况按北京的文件该怎么给钱？按几倍算？", history).text
    # a turn asking in words of its own (…今年在新公司的年假咋算) is no telling turn: it does not take the earlier matter
    # (回不了北京) along (conversations52b m52-01 lost its lead so)
    history = answered("疫情回不了北京，公司让我先把年假休了，我累计上班3年了，能休几天啊", "根据《职工带薪年休假条例》第三条：……")
    asked = "不过我是今年7月1号才跳槽到现在这家的，之前那家干了3年，今年在新公司的年假咋算"
    assert "回不了" not in reader.read(asked, history).text


def test_a_telling_turn_may_name_a_ruling_or_a_count_without_asking(reader) -> None:
    # conversations59 k59-16: …但机房运维、出纳这几个岗位必须有人在公司 tells (必须, 这几个), and the question after it asks of
    # the 居家办公区域 told before it
    history = [
        *answered("2022年5月那会儿我们公司在北京朝阳，刚好被划进居家办公区域", "根据《北京市进一步规范疫情期间居家办公管理的相关要求》……"),
        *answered("大部分人WFH没问题，但机房运维、出纳这几个岗位必须有人在公司", "……"),
    ]
    assert "居家办公" in reader.read("那按北京的要求，最多能让多少比例的人到岗？", history).text


@pytest.mark.parametrize(
    "asked",
    [
        "公司已经复工了，有两个员工就是不想来，工会也劝过了还是不来，理由就是怕。这种公司能处理吗？",  # hr59 h59-31
        "有几个员工就是怕感染，一直不肯回来上班，公司能处理吗？",  # singles55 s55-13
        "已经按要求复工了，但有十几个员工就是不愿意回来，说怕被传染。",  # singles53b s53b-33
    ],
)
def test_an_employee_unwilling_to_come_back_is_read_as_the_circulars_不愿复工(reader, asked: str) -> None:
    # the kind 不想去 / 不愿意去 already named, told with 来 and 回 (ten questions of the probes ask of 人社部发〔2020〕8号 二、（三）)
    assert "不愿复工" in reader.read(asked).expansion()


def test_obeying_a_places_orders_is_not_coming_from_it(reader) -> None:
    # 从{place} marks where people came from (lexicon/elsewhere.txt); 服从北京… is the user's own place
    asked = reader.read("员工不服从北京的防控安排，公司能解除合同吗")
    assert asked.elsewhere == () and [p.short for p in asked.rule_places] == ["北京"]


def test_a_circumstance_the_circulars_set_rules_apart_by_is_a_concept_though_jieba_tags_it_a_verb(reader) -> None:
    # 出差 (京人社劳字〔2020〕11号 二、's 出差职工): without it the story's circumstance ranked nothing
    assert "出差" in [c.word for c in reader.read("我在武汉出差被困了一个月，公司只发了最低工资，对不对？").concepts]
