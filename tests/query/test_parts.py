"""query/parts.py: a question's parts, the clause that asks, and the kind of fact each asks."""

from lexicon import load_lexicon
from query.parts import asking_clause, read_parts

LEXICON = load_lexicon()


def kinds(question: str) -> list[str | None]:
    return [part.kind for part in read_parts(question, LEXICON)]


def test_a_story_told_before_the_question_does_not_decide_what_it_asks() -> None:
    story = "单位领导说这几天就算你请假了 没工资 这样合理吗"  # 这几天 is the story, not a length of time asked
    assert asking_clause(story) == "没工资 这样合理吗"
    assert kinds(story) == ["ruling"]


def test_items_joined_by_an_enumeration_comma_stay_in_the_ask_a_gap_statement_quotes() -> None:
    # 、 joins the things asked about (1月、2月; 哪天开始报、报到哪天截止), it does not end a clause: cut there, a
    # statement that the documents do not say it quoted 2月社保… as if the user had not asked about 1月
    assert asking_clause("北京这边1月、2月社保我们是延期缴的，最晚什么时候必须补完") == "北京这边1月、2月社保我们是延期缴的，最晚什么时候必须补完"
    assert asking_clause("健康证到底在哪办、多少钱、有效期几年") == "健康证到底在哪办、多少钱、有效期几年"


def test_a_clause_ending_in_ma_asks_a_ruling_whatever_numbers_it_names() -> None:
    assert kinds("延期那几个月的医保也能减吗？") == ["ruling"]


def test_a_clause_ending_in_shenme_asks_what_its_words_ask_not_a_yes_or_no() -> None:
    # 么 ends a yes/no question (这样合法么) but also 什么, a wh-question: the text, the basis, the issuer asked
    assert kinds("劳动合同法第四十条的原文是什么") == ["text"]
    assert kinds("文件自述的依据是什么") == ["basis"]
    assert kinds("京人社劳字〔2020〕17号的发文机关是什么") == ["issuer"]
    assert kinds("公司按事假扣钱，这样合法么") == ["ruling"]


def test_an_article_named_and_asked_what_it_is_or_says_asks_its_text() -> None:
    assert kinds("工伤保险条例第十四条是什么？") == ["text"]
    assert kinds("劳动争议司法解释（一）第四十四条说的什么") == ["text"]
    assert kinds("劳动合同法第四十条第三项是什么") == ["text"]
    # 是什么 after anything but an article asks what its own words ask
    assert kinds("两者的区别是什么") == [None]
    assert kinds("停工期间的工资标准是什么") == ["how"]


def test_asking_within_how_many_days_asks_a_length_of_time() -> None:
    assert kinds("用人单位应当在多少日内把失业人员名单报给社保经办机构？") == ["duration"]


def test_each_part_of_a_question_asking_several_things_has_its_kind() -> None:
    assert kinds("中小企业疫情期间社保可以免交吗？免几个月？") == ["ruling", "duration"]
    assert kinds("北京失业金一个月能领多少钱？什么时候申请？") == ["money", "date"]


def test_a_closing_clause_asking_a_fact_of_its_own_is_a_part() -> None:
    parts = read_parts("能实行综合计算工时吗，去哪申请", LEXICON)
    assert [p.text for p in parts] == ["能实行综合计算工时吗", "去哪申请"]
    assert [p.kind for p in parts] == ["ruling", "where"]


def test_a_clause_asking_nothing_before_the_closing_ask_is_its_circumstance_not_a_part() -> None:
    # the head had been the main part, asking nothing, and the ask a later part: 劳动合同法第三十一条 (不得强迫…加班)
    # led over 劳动法第四十一条 (每月不得超过三十六小时)
    parts = read_parts("等恢复正常以后我们要赶进度，国家规定加班一个月最多能加多少小时", LEXICON)
    assert [p.kind for p in parts] == ["duration"]
    assert [p.kind for p in read_parts("我们想申请综合计算工时，去哪申请", LEXICON)] == ["where"]


def test_whatever_a_user_ends_with_a_question_mark_is_a_part_of_its_own() -> None:
    # 哪几类 is no asked-fact pattern, but the user's question mark says it is asked
    parts = read_parts("决定第五条对阻碍执行职务的行为设定了哪几类法律责任？另，援引的《治安管理处罚法》具体条文为何？处罚幅度如何？", LEXICON)
    assert [p.text for p in parts] == ["决定第五条对阻碍执行职务的行为设定了哪几类法律责任", "另，援引的《治安管理处罚法》具体条文为何", "处罚幅度如何"]


def test_a_circumstance_ended_by_a_semicolon_leads_into_the_question_it_is_told_for() -> None:
    parts = read_parts("我在北京一家餐馆上班；店里停业两个月了，工资怎么发？", LEXICON)
    assert [p.text for p in parts] == ["我在北京一家餐馆上班，店里停业两个月了，工资怎么发"]


def test_asking_who_issued_a_document_or_when_is_the_issuer_not_a_date_or_a_place_to_apply() -> None:
    assert kinds("京人社劳字〔2020〕11号是哪个单位发的？什么时候发的？") == ["issuer", "issuer"]
    assert kinds("这个通知的印发日期是哪天") == ["issuer"]
    # 哪个部门 asked for where to apply, and 什么时候 for a deadline, keep their kinds
    assert kinds("社保缓缴要找哪个部门申请？") == ["where"]
    assert kinds("稳岗返还什么时候申请？") == ["date"]


def test_an_english_part_is_read_in_chinese_and_whole_since_english_asks_first() -> None:
    asked = "Could you give me the 文号, the co-issuing agencies and the 成文日期 of 《关于阶段性减免企业社会保险费的通知》?"
    assert kinds(asked) == ["issuer"]
    assert read_parts(asked, LEXICON)[0].asking.startswith("of 《")  # quoted as written, never translated
    # a Chinese part whose closing clause asks nothing known is not read whole: its story names lengths of time
    assert kinds("春节延长假那几天我被叫回去值班了，后来也没给我调休，这算加班不") == [None]


def test_asking_which_bodies_issued_a_notice_together_and_when_it_was_signed_is_the_issuer() -> None:
    assert kinds("《关于阶段性减免企业社会保险费的通知》文号是啥？哪几个部门一起发的，哪天成文的？") == ["number", "issuer"]
    # how many articles a document has is a count of its own, not an amount a sentence states
    assert kinds("工伤保险条例一共有多少条") == ["count"]
    assert kinds("京人社劳字〔2020〕11号一共几条") == ["count"]
    assert kinds("人社部发〔2020〕8号一共几项措施") == ["count"]
    assert kinds("一共能补多少钱") == ["money"]
    # 最高 of 最高人民法院 asks no ceiling
    assert kinds("最高人民法院的司法解释中，举证责任规定于第几条？") == ["text"]
    assert kinds("每人最高补多少") == ["amount"]
    # which bodies issued it, asked without 的 after 印发/发布 (a lawyer's 系由哪些单位联合印发)
    assert kinds("该意见系由哪些单位联合印发") == ["issuer"]
    assert kinds("两份通告分别由哪些部门于何日发布") == ["issuer"]
    assert kinds("补贴由哪个部门发放") != ["issuer"]
    # 文号是多少 asks the number, not an amount
    assert kinds("京人社劳字〔2020〕11号的发文机关是谁？文号是多少？") == ["issuer", "number"]
    assert kinds("看护孩子工资照发的规定文号是多少") == ["number"]
    # a deadline asked is a day to apply or pay by, not the document's end; a document's 截止日期 is its end
    assert kinds("餐饮业要去哪儿申请？deadline是哪天？") == ["where", "date"]
    assert kinds("截止日期是哪天") == ["date"]
    assert kinds("这个政策的截止日期是什么时候") == ["expiry"]
    # 几号文 is how people ask which circular (11号文), not a day of the month (几号)
    assert kinds("看护孩子工资照发的那个是几号文？") == ["number"]
    assert kinds("上海那个文件是沪人社规几号文") == ["number"]
    assert kinds("最晚几号之前要交") == ["date"]


def test_a_period_the_user_tells_of_is_not_a_length_of_time_asked() -> None:
    assert kinds("春节延长假那几天被叫回去上班了，有没有加班费") == ["ruling"]
    assert kinds("这几个月收入少了，公司能不能少交社保？") == ["ruling"]
    assert kinds("中小企业疫情期间社保可以免交吗？免几个月？") == ["ruling", "duration"]


def test_asking_from_when_a_document_applies_is_its_own_kind_not_a_date_or_its_issuer() -> None:
    assert kinds("保障农民工工资支付条例什么时候开始施行的？") == ["effective"]
    assert kinds("该条例自何时起施行？") == ["effective"]
    assert kinds("这个政策执行到什么时候？") == ["date"]  # until when: a date the rule states
    assert kinds("这个文件是什么时候发的？") == ["issuer"]


def test_asking_until_when_a_document_applies_is_its_own_kind() -> None:
    assert kinds("京政办发〔2020〕7号 有效期？") == ["expiry"]
    assert kinds("人社部发〔2020〕11号什么时候失效") == ["expiry"]
    assert kinds("自何时实施、有效期到何时？") == ["expiry"]
    assert kinds("这个政策执行到什么时候？") == ["date"]  # a rule's own end is a date it states
    # still in force, asked yes-or-no, asks the same: a ruling on a document's force is its end, stated or not
    assert kinds("京人社劳字〔2020〕13号现在还有效吗") == ["expiry"]
    assert kinds("人社部发〔2020〕11号废止了吗") == ["expiry"]
    assert kinds("这个规定是否有效？") == ["expiry"]
    assert kinds("2001年那个劳动争议司法解释现在还适用吗") == ["expiry"]
    assert kinds("我这种情况还适用吗") == ["ruling"]  # whether a rule fits the user's case, not its force
    # a contract or a claim still valid is a ruling, not a document's end
    assert kinds("劳动合同到期了还能续签吗") == ["ruling"]


def test_asking_which_laws_a_document_cites_or_which_documents_cite_an_article_are_kinds_of_their_own() -> None:
    assert kinds("人社部发〔2020〕8号引用了哪些法律？") == ["cites"]
    assert kinds("哪些文件引用了劳动合同法第四十条？") == ["cited_by"]
    assert kinds("哪些通知援引了传染病防治法第三十九条？") == ["cited_by"]
    # …asked of one document too (a lawyer's 哪一份援引了…)
    assert kinds("现有疫情期间文件中，哪一份援引了《突发事件应对法》第三十八条第三款？") == ["cited_by"]
    assert kinds("这条规定的依据是什么？") == ["basis"]
    # which document a notice follows or explains is its basis (its preamble names it)
    assert kinds("京人社劳字〔2020〕23号是根据哪个文件制定的") == ["basis"]
    assert kinds("17号文是对哪个文件的说明") == ["basis"]
    # a law named and its article asked: the article behind the rule
    assert kinds("具体是2007年那版突发事件应对法的哪一条？") == ["basis"]
    assert kinds("它说依法履行相关程序，对应劳动合同法哪条") == ["basis"]


def test_how_many_days_in_advance_is_a_length_of_time_asked_but_a_few_days_ago_is_a_story() -> None:
    # 前几天 tells when something happened; 提前几天 asks the notice period (劳动合同法第三十七条's 提前三日)
    assert kinds("试用期干不下去了想跑路，要提前几天说")[-1] == "duration"
    assert kinds("辞职要提前几个月通知公司") == ["duration"]
    # how much of a time: a length (1小时 states it), not an amount
    assert kinds("哺乳期每天有多少哺乳时间") == ["duration"]
    assert kinds("前几天公司通知我下岗了，这样合法吗") == ["ruling"]


def test_a_document_named_before_the_ask_is_what_it_asks_about_not_a_part() -> None:
    # a follow-up rewritten with the document it is about (它什么时候失效 -> 人社部发〔2020〕11号，什么时候失效)
    assert kinds("人社部发〔2020〕11号，什么时候失效") == ["expiry"]
    # a head telling the circumstance is none either; one asking something of its own is
    assert kinds("公司在北京做餐饮的，社保最晚什么时候交") == ["date"]
    assert kinds("公司在北京做餐饮的能缓交吗，社保最晚什么时候交") == ["ruling", "date"]


def test_a_gap_quotes_the_closing_clause_alone_when_the_one_before_only_tells_the_story() -> None:
    assert [p.said for p in read_parts("我查出腰椎间盘突出要做手术，医疗期最长能有几个月", LEXICON)] == ["医疗期最长能有几个月"]
    # the clause before asks too: both are what is asked
    assert [p.said for p in read_parts("北京的标准具体是怎么算的，多少钱一个月", LEXICON)] == ["北京的标准具体是怎么算的", "多少钱一个月"]


def test_a_procedure_asked_is_no_amount_though_it_names_a_rate() -> None:
    # 比例 is what the procedure changes, not what is asked: the answer had said the figure asked was unstated
    assert kinds("平时单位想降低公积金缴存比例或者缓缴，需要走什么程序") == ["how"]
    assert kinds("经济性裁员的法定程序怎么走") == ["how"]
    assert kinds("稳岗返还的返还比例是多少") == ["amount"]
