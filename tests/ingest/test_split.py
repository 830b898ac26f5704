"""Cutting a compilation into documents: tiny excerpts of corpus/002 where an item without a 关于… title
follows another one."""

from ingest.models import Line, SourceText
from ingest.split import separate_run_on_dates, split_compilation


def _source(numbered: list[tuple[int, str]]) -> SourceText:
    return SourceText("002.txt", tuple(Line(text, n, n) for n, text in numbered))


def _spans(source: SourceText) -> list[tuple[int, int]]:
    return [(doc.span.line_start, doc.span.line_end) for doc in split_compilation(source)]


def test_a_meeting_report_after_a_notices_attachment_is_a_document_of_its_own():
    source = _source([
        (719, "国家卫生健康委办公厅关于印发新型冠状病毒感染的肺炎防控中居家隔离医学观察感染防控指引（试行）的通知"),
        (722, "国卫办医函〔2020〕106号"),
        (725, "为积极应对新型冠状病毒感染的肺炎疫情，我委组织制定了《新型冠状病毒感染的肺炎防控中居家隔离医学观察感染防控指引（试行）》。现印发给你们，请参考使用。"),
        (727, "国家卫生健康委办公厅"),
        (729, "2020年2月4日"),
        (731, "新型冠状病毒感染的肺炎防控中居家隔离医学观察感染防控指引（试行）"),
        (786, "其他人员如物业保洁人员、保安人员等需接触居家隔离医学观察对象时，按居家隔离医学观察随访者要求使用防护用品。"),
        (788, "北京市新型冠状病毒感染肺炎疫情防控工作领导小组"),
        (790, "召开第十六次会议"),
        (793, "2月6日下午，市新型冠状病毒感染肺炎疫情防控工作领导小组召开第十六次会议，进一步调度疫情防控工作。"),
    ])
    assert _spans(source) == [(719, 786), (788, 793)]


def test_an_appeal_titled_over_three_lines_after_a_notice_is_a_document_of_its_own():
    source = _source([
        (1403, "关于印发新冠肺炎流行期间办公场所和公共场所空调通风系统运行管理指南的通知"),
        (1406, "肺炎机制综发〔2020〕50号"),
        (1411, "现将《新冠肺炎流行期间办公场所和公共场所空调通风系统运行管理指南》印发给你们，请参照执行。"),
        (1416, "疫情联防联控机制综合组"),
        (1419, "2020年2月12日"),
        (1421, "新冠肺炎流行期间办公场所和公共场所空调通风系统运行管理指南"),
        (1478, "经卫生学评价合格后方可重新启用。"),
        (1480, "风雨同行、携手共济"),
        (1481, "共同维护全市劳动关系和谐稳定"),
        (1482, "——致全市企业和职工的倡议书"),
        (1484, "全市企业和职工："),
        (1486, "当前，我市正处于新冠肺炎疫情联防联控的关键时期。"),
        (1505, "北京市人力资源和社会保障局"),
        (1513, "2020年2月12日"),
    ])
    assert _spans(source) == [(1403, 1478), (1480, 1513)]


def test_a_signature_date_run_on_into_the_next_headline_is_cut_where_the_date_ends():
    lines = (Line("北京市人大常委会法制办公室", 1375, 1375), Line("2020年2月7日市新冠肺炎疫情防控工作领导小组召开第二十一次会议", 1376, 1376))
    assert [line.text for line in separate_run_on_dates(lines)] == [
        "北京市人大常委会法制办公室",
        "2020年2月7日",
        "市新冠肺炎疫情防控工作领导小组召开第二十一次会议",
    ]
    unsigned = (Line("自2月17日起受理补缴业务。", 1, 1), Line("2020年1月31日至2月2日期间因疫情防控不能休假的职工", 2, 2))
    assert separate_run_on_dates(unsigned) == unsigned


def test_a_headline_and_a_link_with_no_text_of_their_own_are_no_document():
    source = _source([
        (436, "北京市住房和城乡建设委员会"),
        (438, "2020年1月30日"),
        (440, "中国物业管理协会发布《物业管理区域新型冠状病毒肺炎疫情防控工作操作指引（试行）》"),
        (442, "http://www.ecpmi.org.cn/NewsInfo.aspx?NewsID=9485"),
        (443, "北京物协《关于全力做好新型冠状病毒感染肺炎疫情防控工作的倡议书》"),
        (445, "各会员单位："),
        (447, "随着春节假期结束，返京人员大量回流，防控防疫工作进入了关键阶段。"),
    ])
    assert _spans(source) == [(443, 447)]
