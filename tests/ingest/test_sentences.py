"""ingest/sentences.py: where a sentence of a clause ends, and which one leans on the one before."""

from __future__ import annotations

from ingest.sentences import clause_sentences, with_continuations


def test_a_sentence_the_page_wrapped_after_its_label_is_not_taken_for_a_heading() -> None:
    wrapped = "1.对新型冠状病毒感染的肺炎患者、疑似病人、密切接触者在其隔离治疗\n期间或医学观察期间的职工，企业应当支付其工资。"
    assert clause_sentences(wrapped) == [wrapped]
    headed = "二、企业要妥善安置因疫情被隔离人员\n隔离期间的工资待遇由所属企业按正常工作期间工资支付。"
    assert clause_sentences(headed)[0] == "二、企业要妥善安置因疫情被隔离人员"


def test_a_sentence_that_leans_on_the_one_before_is_quoted_with_it() -> None:
    text = "企业应当支付职工工资。\n在此期间，劳动合同到期的，顺延至隔离期期满。另起一条规定。"
    joined = with_continuations(text, clause_sentences(text), max_chars=220)
    assert joined[0] == "企业应当支付职工工资。\n在此期间，劳动合同到期的，顺延至隔离期期满。"
    assert joined[0] in text and joined[1] == "另起一条规定。"


def test_a_condition_joins_the_rule_it_varies_but_a_new_subject_starts_its_own() -> None:
    text = (
        "职工在年休假期间享受与正常工作期间相同的工资收入。职工未复工时间较长的，企业经与职工协商一致，"
        "可以安排职工待岗。待岗期间，企业应当按照不低于本市最低工资标准的70%支付基本生活费。"
    )
    joined = with_continuations(text, clause_sentences(text), max_chars=220)
    assert joined == [
        "职工在年休假期间享受与正常工作期间相同的工资收入。",
        "职工未复工时间较长的，企业经与职工协商一致，可以安排职工待岗。待岗期间，企业应当按照不低于本市最低工资标准的70%支付基本生活费。",
    ]


def test_a_sentence_after_a_responsibility_note_is_still_quotable():
    from ingest.sentences import quotable_units

    clause = (
        "16.精心做好企业服务。发挥12345企业服务热线功能，及时帮助企业解决困难和问题。开通中小微企业法律咨询热线专席服务，"
        "组建律师专家服务团，为中小微企业提供咨询、代理、“法治体检”等多种形式的法律服务。出台涉疫情防控公证事项办事指引，"
        "为受疫情影响的中小微企业提供专门公证服务。\n"
        "（责任单位：市发展改革委、市司法局)\n"
        "以上政策措施自印发之日起实施，有效期至2020年底。"
    )
    units = quotable_units(clause)
    assert "以上政策措施自印发之日起实施，有效期至2020年底。" in units
    assert not any("责任单位" in unit for unit in units)


def test_an_articles_rule_that_leads_into_a_list_is_quotable_and_an_addressee_line_is_not() -> None:
    from ingest.sentences import quotable_units

    # the rule of 劳动合同法第四十一条 ends in a colon before its items; it was taken for a heading, and its
    # second list's lead-in for an addressee line, so only the bare items could be quoted
    article = (
        "第四十一条 有下列情形之一，需要裁减人员二十人以上或者裁减不足二十人但占企业职工总数百分之十以上的，"
        "用人单位提前三十日向工会或者全体职工说明情况，听取工会或者职工的意见后，裁减人员方案经向劳动行政部门报告，可以裁减人员:\n"
        "（一）依照企业破产法规定进行重整的；\n（二）生产经营发生严重困难的；\n"
        "裁减人员时，应当优先留用下列人员:\n（一）与本单位订立较长期限的固定期限劳动合同的；"
    )
    units = quotable_units(article)
    assert units[0].startswith("第四十一条 有下列情形之一") and units[0].endswith("可以裁减人员:")
    assert "裁减人员时，应当优先留用下列人员:" in units
    short = "第十四条 具备下列条件的失业人员，可以领取失业保险金：\n(一)按照规定参加失业保险的；\n(二)非因本人意愿中断就业的。"
    assert quotable_units(short) == (short,)  # a short article is quoted whole, its rule with it
    circular = "各省、自治区、直辖市人力资源社会保障厅（局）：\n现将有关问题通知如下：\n一、企业应当支付职工在此期间的工作报酬，不得解除劳动合同，并做好相关安排工作。"
    assert not any(u.endswith("：") for u in quotable_units(circular))


def test_a_numbered_clauses_lead_in_to_its_list_is_quotable_and_a_qa_answer_label_alone_is_not() -> None:
    from ingest.sentences import is_boilerplate, quotable_units

    # 二、 of the notice on placing workers by name: its lead-in was dropped as an addressee line, so the
    # five items could be quoted only without the rule that they must be recorded
    clause = (
        "二、管理要求\n劳务派遣机构和人力资源服务机构在向用人单位输送劳动者前，必须进行防疫排查，有武汉接触史或密切接触史，"
        "未过隔离期，或有疫情相关不适症状的人员，一律不得输送给用人单位。目前在湖北的员工不得返京，其他地区返京人员严格落实"
        "居家或集中医学观察14天措施。向用人单位输送的劳动者，必须实施实名动态管理，登记以下5项重要信息：\n"
        "1.劳动者姓名；\n2.劳动者身份证号；\n3.劳动者手机号；\n4.用人单位名称；"
    )
    assert "向用人单位输送的劳动者，必须实施实名动态管理，登记以下5项重要信息：" in quotable_units(clause)
    # the addressee heads the notice, before its first numbered clause
    assert is_boilerplate("各区人力资源和社会保障局，各有关单位：")
    assert is_boilerplate("答：", in_numbered_clause=True)


def test_a_lead_in_is_extended_by_the_whole_items_that_follow_it_and_other_quotes_are_not() -> None:
    from ingest.sentences import with_its_list

    text = (
        "第十三条 用人单位…应按以下标准支付工资：\n"
        "（一）用人单位依法安排劳动者在日法定标准工作时间以外延长工作时间的，\n按照不低于…１５０％支付\n劳动者工资；\n"
        "（二）…按照不低于…２００％支付劳动者工资。\n"
        "实行计件工资的劳动者，…"
    )
    lead_in = "第十三条 用人单位…应按以下标准支付工资："
    whole = with_its_list(lead_in, text)
    assert whole.startswith(lead_in) and whole.endswith("２００％支付劳动者工资。")  # a wrapped item kept whole
    assert with_its_list(lead_in, text, max_chars=60) == lead_in  # never cut inside an item
    assert with_its_list("实行计件工资的劳动者，…", text) == "实行计件工资的劳动者，…"


def test_a_list_item_has_the_sentence_leading_into_its_list_and_nothing_else_has_one() -> None:
    from ingest.sentences import list_lead_in

    text = (
        "第四条 职工有下列情形之一的，不享受当年的年休假：\n"
        "(一)职工依法享受寒暑假，其休假天数多于年休假天数的；\n"
        "(二)职工请事假累计20天以上且单位按照规定不扣工资的；\n"
        "对于上述情形。另有规定的，从其规定：\n"
    )
    lead_in = "第四条 职工有下列情形之一的，不享受当年的年休假："
    assert list_lead_in("(二)职工请事假累计20天以上且单位按照规定不扣工资的；", text) == lead_in  # over item (一)
    assert list_lead_in(lead_in, text) == ""  # not an item
    assert list_lead_in("(三)不在这一条里的；", text) == ""  # not in the text
    # a lead-in closing a longer line is its last sentence only
    notice = "二、加强管理。对派遣人员实行动态管理，登记以下2项信息：\n1.姓名；\n2.身份证号。"
    assert list_lead_in("2.身份证号。", notice) == "对派遣人员实行动态管理，登记以下2项信息："
    assert list_lead_in("1.姓名；", "二、加强管理。\n1.姓名；") == ""  # a heading, not a lead-in


def test_a_units_lead_in_is_the_unit_its_list_hangs_from() -> None:
    from ingest.sentences import lead_in_index

    units = ("第四条 职工有下列情形之一的，不享受当年的年休假：", "(一)寒暑假多于年休假的；", "(二)请事假累计20天以上的；", "另有规定的，从其规定。")
    assert [lead_in_index(units, i) for i in range(4)] == [None, 0, 0, None]
    assert lead_in_index(("二、加强管理。", "1.姓名；"), 1) is None  # a heading, not a lead-in


def test_each_list_item_is_read_under_the_sentence_its_list_hangs_from_without_the_article_label() -> None:
    from ingest.sentences import list_items_under_lead_in

    article = (
        "第三十八条 用人单位有下列情形之一的，劳动者可以解除劳动合同：\n（一）未及时足额支付劳动报酬的；\n"
        "（二）未依法为劳动者缴纳社会保险费的；\n用人单位以暴力、威胁的手段强迫劳动者劳动的，劳动者可以立即解除劳动合同。"
    )
    assert list_items_under_lead_in(article) == [
        "用人单位有下列情形之一的，劳动者可以解除劳动合同：（一）未及时足额支付劳动报酬的；",
        "用人单位有下列情形之一的，劳动者可以解除劳动合同：（二）未依法为劳动者缴纳社会保险费的；",
    ]
    # a second paragraph's list hangs from its own sentence, not from the article's first
    second = "第二十条 委员会应当设仲裁员名册。\n仲裁员应当符合下列条件之一：\n（一）曾任审判员的；"
    assert list_items_under_lead_in(second) == ["仲裁员应当符合下列条件之一：（一）曾任审判员的；"]
    # numbered provisions that lead into nothing, and a heading over items, give none
    assert list_items_under_lead_in("一、企业应当支付工资。\n二、不得解除劳动合同。") == []
    assert list_items_under_lead_in("二、加强管理。\n1.姓名；") == []
