"""Metadata read off a document: where it applies, who answers a press Q&A, the day a news item names."""

from ingest.meta import issuers_named_in_title, lead_date, region_of
from ingest.models import DocType


def test_the_region_is_the_place_the_issuers_name_through_the_gazetteer():
    assert region_of(("常德市人民政府",), "关于进一步做好…的通知", "", DocType.NOTICE, None) == "常德"
    assert region_of(("中国银行保险监督管理委员会北京监管局",), "", "", DocType.NOTICE, None) == "北京"


def test_a_central_body_that_names_no_place_gives_the_whole_country():
    assert region_of(("人力资源社会保障部", "公安部"), "关于做好农民工返岗复工的通知", "", DocType.NOTICE, "北京") == "全国"


def test_a_citys_own_unsigned_item_is_the_city_of_the_documents_around_it():
    assert region_of(("市医保局",), "市医保局解读《关于阶段性减征…的通知》", "", DocType.QA, "北京") == "北京"
    lead = "3月3日上午，市委书记蔡奇到海淀区调研检查疫情防控和复工复产。"
    assert region_of((), "蔡奇调研小米科技园并随机检查写字楼、超市", lead, DocType.NEWS, "北京") == "北京"


def test_a_district_body_applies_its_rules_in_its_district():
    assert region_of(("北京市海淀区人民政府",), "", "", DocType.NOTICE, None) == "海淀区"


def test_a_press_qa_is_issued_by_the_bodies_its_title_names_as_answering():
    assert issuers_named_in_title("人力资源社会保障部财政部税务总局有关司局负责人就阶段性减免企业社会保险费具体贯彻实施工作答记者问") == (
        "人力资源社会保障部",
        "财政部",
        "税务总局",
    )
    assert issuers_named_in_title("人力资源社会保障部职业能力司负责人就《…》答记者问") == ("人力资源社会保障部职业能力司",)
    assert issuers_named_in_title("市医保局解读《关于阶段性减征职工基本医疗保险单位缴费的通知》") == ("市医保局",)
    assert issuers_named_in_title("北京市加强商务楼宇疫情防控工作解读") == ()


def test_a_news_item_is_dated_by_the_day_its_first_sentence_names():
    assert lead_date(["2月6日下午，市新型冠状病毒感染肺炎疫情防控工作领导小组召开第十六次会议"], "2020") == "2020-02-06"
    assert lead_date(["李克强主持 栗战书汪洋王沪宁赵乐际韩正出席", "新华社北京2月23日电 统筹推进"], "2020") == "2020-02-23"
    assert lead_date(["国务院总理李克强2020年2月25日主持召开国务院常务会议，"], None) == "2020-02-25"


def test_a_news_item_without_month_and_day_is_not_dated():
    assert lead_date(["昨天（20日）下午，市新冠肺炎疫情防控工作领导小组召开第二十九次会议"], "2020") is None
    assert lead_date(["2月6日下午，…"], None) is None
