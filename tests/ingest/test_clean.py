from ingest.clean import (
    breaks_a_word,
    clean_file,
    collapse_spaced_numbers,
    damaged_runs,
    should_join,
    strip_pinyin,
    to_simplified,
    wrap_widths,
)
from ingest.load import load_file
from ingest.models import Line


def test_pinyin_annotations_are_removed():
    assert strip_pinyin("關(guān)於進(jìn)一步") == "關於進一步"


def test_parenthesised_chinese_is_not_taken_for_pinyin():
    assert strip_pinyin("村(社區(qū))要允許進出") == "村(社區)要允許進出"


def test_traditional_is_converted_with_opencc():
    assert to_simplified("務工人員返崗服務工作的通知") == "务工人员返岗服务工作的通知"


def test_spaced_numbers_and_dates_are_collapsed():
    assert collapse_spaced_numbers("2020 年 2 月 22 日") == "2020年2月22日"
    assert collapse_spaced_numbers("国办发明电〔2020〕1 号") == "国办发明电〔2020〕1号"
    assert collapse_spaced_numbers("不低于本市最低工资标准的 70%") == "不低于本市最低工资标准的70%"


def test_sentence_broken_mid_line_is_rejoined():
    assert should_join("为落实市委、市政府关于疫情防控工作的要求，确保患病职工安心接受治", "疗，保障因疫情被隔离人员")


def test_heading_is_not_glued_to_the_next_line():
    assert not should_join("一、企业应当保障患病职工依法享有医疗期和病假工资", "根据国家和本市相关法律法规规定，")
    assert not should_join("关于做好疫情防控期间维护劳动关系稳定有关问题的通知", "京人社劳字〔2020〕11号")
    assert not should_join("北京市人力资源和社会保障局", "2020年1月23日")


def test_a_numbered_line_as_long_as_the_pages_lines_runs_on_into_the_next():
    wrapped = "一、对新型冠状病毒感染的肺炎患者、疑似病人、密切接触者在其隔离治"
    following = "疗期间或医学观察期间以及因政府实施隔离措施或采取其他紧急措施导致不能"
    assert should_join(wrapped, following, range(31, 36))
    # with nothing saying the page wraps, the break inside 治疗 says it runs on
    assert should_join(wrapped, following)
    heading = "一、企业应当保障患病职工依法享有医疗期和病假工资"
    assert not should_join(heading, "根据国家和本市相关法律法规规定，", range(31, 36))
    assert not should_join(heading, "根据国家和本市相关法律法规规定，")


def test_a_line_broken_inside_a_word_runs_on_though_it_looks_like_a_heading():
    # 京人社劳字〔2020〕11号 四、 in the seed: its heading breaks inside 处置, and 置工作各区… was quoted as a sentence
    assert breaks_a_word("四、各区人力资源社会保障部门要切实做好服务指导和监测处", "置工作各区要落实属地责任，")
    assert should_join("四、各区人力资源社会保障部门要切实做好服务指导和监测处", "置工作各区要落实属地责任，")
    assert breaks_a_word("用1000mg/L的含氯消毒剂浸泡或擦", "拭消毒，作用30分钟后")
    # a break between words, after a full stop or before a number is no word's
    assert not breaks_a_word("一、企业应当保障患病职工依法享有医疗期和病假工资", "企业职工因患病")
    assert not breaks_a_word("北京市人力资源和社会保障局", "2020年1月23日")
    assert not should_join("这是一段话。", "置工作")


def test_the_wrap_width_is_measured_from_the_file_not_assumed():
    page = [Line("甲" * length, n, n) for n, length in enumerate([34] * 6 + [32, 33, 12, 20], 1)]
    assert wrap_widths(page) == range(31, 36)
    prose = [Line("乙" * length, n, n) for n, length in enumerate([34, 12, 60, 80, 25, 45, 17, 90], 1)]
    assert wrap_widths(prose) == range(0)
    assert wrap_widths([]) == range(0)


def test_the_seed_compilations_numbered_rule_is_one_paragraph_with_no_heading(corpus_dir):
    source = clean_file(load_file(corpus_dir / "004_2c56830f1951adb6.txt"))
    opening = next(line.text for line in source.lines if line.text.startswith("一、对新型冠状病毒感染的肺炎患者"))
    assert "在其隔离治疗期间或医学观察期间" in opening
    assert opening.endswith("或者政府采取的紧急措施结束。")


def test_traditional_notice_comes_out_simplified_without_pinyin(corpus_dir):
    source = clean_file(load_file(corpus_dir / "003_8df370229ed5119a.txt"))
    text = "\n".join(line.text for line in source.lines)
    assert "关于进一步做好新冠肺炎疫情防控期间" in text
    assert "關" not in text and "務" not in text
    assert "(guān)" not in text and "(jìn)" not in text
    import re

    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", text)


def test_site_furniture_is_dropped(corpus_dir):
    source = clean_file(load_file(corpus_dir / "003_8df370229ed5119a.txt"))
    text = "\n".join(line.text for line in source.lines)
    assert "免责声明" not in text and "举报邮箱" not in text


def test_pdf_page_furniture_is_dropped(corpus_dir):
    source = clean_file(load_file(corpus_dir / "004_2c56830f1951adb6.txt"))
    text = "\n".join(line.text for line in source.lines)
    assert "凯 联 律 师" not in text
    assert "人力资源法律政策 2020 第 2 期" not in text


def test_line_ranges_point_back_into_the_source(corpus_dir):
    path = corpus_dir / "004_2c56830f1951adb6.txt"
    raw = path.read_text(encoding="utf-8").splitlines()
    source = clean_file(load_file(path))
    line = next(line for line in source.lines if line.text.startswith("京人社劳字〔2020〕11号"))
    assert "京人社劳字〔2020〕11" in raw[line.line_start - 1]


def test_a_headline_does_not_run_into_the_first_sentence_of_its_news_item():
    assert not should_join("北京排查楼宇防控，发现六大问题，提出八项建议", "3月5日，在北京市新型冠状病毒肺炎疫情防控工作新闻发布会上，")
    assert not should_join("市委常委会会议强调，一点马虎不得、大意不得、松劲不得，毫不懈怠抓实抓细防控工作", "昨天下午，市委常委会会议暨")
    long_headline = "习近平在统筹推进新冠肺炎疫情防控和经济社会发展工作部署会议上强调毫不放松抓紧抓实抓细防控工作统筹做好经济社会发展各项工作"
    assert not should_join(long_headline, "李克强主持 栗战书汪洋王沪宁赵乐际韩正出席")


def test_a_sentence_broken_before_a_date_is_still_rejoined():
    assert should_join("视疫情变化情况，适时启动乡村教师特岗计划、乡村振兴协理员招聘工作，2020年毕业生签署就业协议书开始时间推迟到", "3月1日，结束时间延至12月31日。")


def test_a_signature_is_not_glued_to_the_last_sentence_or_its_seal():
    assert not should_join("各会员单位如有需要协调的事项，请联系我协会的值班电话：010-63396255", "北京物业管理行业协会")
    assert not should_join("国务院应对新型冠状病毒肺炎疫情联防联控机制综合组", "（代章）")


def test_what_a_garbled_page_lost_is_found_and_left_as_printed(corpus_dir):
    assert damaged_runs("公布主要?jiǎng)趧?wù)输入地，根据当?shù)匦枰狝橥獬鳑?wù)工人员") == ["?jiǎng)趧?wù)", "?shù)匦枰狝橥獬鳑?wù)"]
    assert damaged_runs("申请\ufffd提供") == ["\ufffd"]
    assert damaged_runs("劳动者(乙方)和用人单位（甲方）？是的") == []
    source = clean_file(load_file(corpus_dir / "003_8df370229ed5119a.txt"))
    line = next(line for line in source.lines if line.line_start == 23)
    assert "主要?jiǎng)趧?wù)输入地" in line.text  # a quote must match its source: nothing is guessed
