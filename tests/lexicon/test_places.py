"""lexicon/places.py: every Chinese province, city and county, from cpca's adcode table."""

from lexicon import load_lexicon
from lexicon.places import Gazetteer, load_gazetteer, short_name
from query.question import QuestionReader


def test_a_city_government_gives_its_city_as_the_region():
    assert load_gazetteer().region_of(["常德市人民政府"]) == "常德"


def test_a_national_ministry_names_no_place():
    assert load_gazetteer().region_of(["人力资源社会保障部", "财政部"]) is None


def test_a_question_naming_a_city_and_a_province_finds_both_in_order():
    found = load_gazetteer().find("我在武汉出差被困了，公司在湖南")
    assert [p.short for p in found] == ["武汉", "湖南"]


def test_a_county_is_found_by_its_full_name_and_placed_under_the_province_named_with_it():
    found = load_gazetteer().find("北京市朝阳区人民政府")
    county = [p for p in found if p.level == "county"]
    assert county[0].name == "朝阳区" and county[0].province == "北京"


def test_a_county_named_without_its_suffix_counts_only_beside_the_place_it_lies_in():
    gazetteer = load_gazetteer()
    assert [(p.name, p.province) for p in gazetteer.find("我在北京朝阳一家公司上班")] == [("北京市", "北京"), ("朝阳区", "北京")]
    assert [(p.name, p.province) for p in gazetteer.find("北京海淀的公司")] == [("北京市", "北京"), ("海淀区", "北京")]
    assert [(p.name, p.province) for p in gazetteer.find("辽宁朝阳的工厂")] == [("辽宁省", "辽宁"), ("朝阳市", "辽宁")]
    assert gazetteer.find("海淀有个公司") == []  # a bare district stem alone is too often a common word


def test_short_names_drop_the_administrative_suffix_and_the_peoples_names():
    assert [short_name(n) for n in ("湖南省", "广西壮族自治区", "内蒙古自治区", "黔东南苗族侗族自治州", "香港特别行政区")] == [
        "湖南", "广西", "内蒙古", "黔东南", "香港"
    ]


def test_a_city_lies_within_its_province_and_not_within_another():
    gazetteer = load_gazetteer()
    assert gazetteer.within("常德", "湖南") and not gazetteer.within("常德", "湖北")


def test_a_place_name_inside_another_word_names_no_place() -> None:
    gazetteer = load_gazetteer()
    assert [p.short for p in gazetteer.find("我们是北京一家民营口腔医院")] == ["北京"]  # 民营口腔 is not 营口
    assert [p.short for p in gazetteer.find("湖北人在北京找工作")] == ["湖北", "北京"]


def test_a_reader_of_questions_loads_the_word_boundaries_before_the_first_question() -> None:
    # the dictionary takes 0.4 s to load: a question reader loads it when built, not on a user's first question
    gazetteer = Gazetteer(load_gazetteer().places)
    QuestionReader(load_lexicon(), gazetteer)
    words = gazetteer.load_word_boundaries()
    assert words.initialized
    assert gazetteer.load_word_boundaries() is words


def test_the_regions_under_their_own_law_are_known_by_their_codes() -> None:
    gazetteer = load_gazetteer()
    assert [p.outside_mainland for p in gazetteer.find("香港、澳门和台湾")] == [True, True, True]
    assert not any(p.outside_mainland for p in gazetteer.find("北京、常德、深圳"))
