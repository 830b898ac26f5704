"""How users say it vs. how circulars say it: colloquial terms mapped to the circulars' wording.

Used to rewrite follow-ups and to pick the sentences of a clause that answer a question.
"""

from __future__ import annotations

import re

from ingest.clean import looks_traditional, to_simplified

_FULL_WIDTH_ALNUM = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}

# colloquial or short form -> words the circulars use (all matched as plain substrings)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "隔离": ("隔离", "医学观察", "观察期"),
    "带娃": ("看护未成年子女", "看护", "子女"),
    "带孩子": ("看护未成年子女", "看护", "子女"),
    "看孩子": ("看护未成年子女", "看护", "子女"),
    "照顾孩子": ("看护未成年子女", "看护", "子女"),
    "孩子": ("未成年子女", "子女"),
    "娃": ("未成年子女", "子女"),
    "开学": ("推迟开学", "开学"),
    "工资": ("工资", "工资待遇", "薪酬", "劳动报酬", "生活费"),
    "扣工资": ("工资", "工资待遇", "薪酬"),
    "发工资": ("工资", "工资待遇", "支付"),
    "不发工资": ("工资", "工资待遇", "支付"),
    "薪水": ("工资", "薪酬"),
    "病假": ("病假", "医疗期", "病假工资"),
    "生病": ("患病", "医疗期", "病假"),
    "年假": ("年休假",),
    "休假": ("休假", "年休假"),
    "社保": ("社会保险", "社会保险费", "养老", "失业", "工伤"),
    "医保": ("医疗保险", "医保"),
    "公积金": ("住房公积金",),
    "裁员": ("裁员", "解除劳动合同"),
    "辞退": ("解除劳动合同", "裁员"),
    "开除": ("解除劳动合同",),
    "炒鱿鱼": ("解除劳动合同",),
    "回不来": ("未及时返京", "未能及时返", "返岗", "复工"),
    "回不了": ("未及时返京", "未能及时返", "返岗", "复工"),
    "没回": ("未及时返京", "未复工", "返岗"),
    "上班": ("复工", "到岗", "返岗", "工作"),
    "复工": ("复工", "复产", "返岗"),
    "在家办公": ("居家办公", "灵活", "电话、网络"),
    "远程办公": ("居家办公", "灵活", "电话、网络"),
    "居家": ("居家", "居家办公"),
    "停工": ("停工停产", "停工"),
    "停产": ("停工停产", "停产"),
    "放假": ("休假", "假期", "春节假期"),
    "春节": ("春节假期",),
    "加班": ("加班", "补休", "加班工资"),
    "轮班": ("轮岗调休", "综合计算工时"),
    "调休": ("轮岗调休", "调休", "补休"),
    "工时": ("综合计算工时", "工作时间", "工时"),
    "弹性": ("弹性", "错时", "灵活"),
    "补贴": ("补贴", "补助", "补助金"),
    "补助": ("补贴", "补助", "补助金"),
    "稳岗": ("稳岗返还", "稳定就业岗位", "稳岗"),
    "失业金": ("失业保险金",),
    "失业": ("失业保险金", "失业"),
    "减免": ("减免", "减征", "免征"),
    "缓交": ("缓缴", "延长", "缴费期"),
    "缓缴": ("缓缴", "延长", "缴费期"),
    "交社保": ("缴纳", "社会保险费", "缴费"),
    "工伤": ("工伤", "工伤保险"),
    "感染": ("感染", "患病"),
    "传染": ("感染", "传染"),
    "医护": ("医护", "医务人员"),
    "劳务派遣": ("劳务派遣",),
    "派遣": ("劳务派遣",),
    "培训": ("培训", "职业技能"),
    "招聘": ("招聘",),
    "毕业生": ("毕业生", "高校"),
    "待岗": ("待岗", "基本生活费"),
    "生活费": ("基本生活费", "生活费"),
    "最低工资": ("最低工资标准",),
    "合同到期": ("劳动合同期满", "顺延", "劳动合同"),
    "合同": ("劳动合同",),
    "仲裁": ("仲裁", "仲裁时效"),
    "房租": ("房租", "租金"),
    "租金": ("租金", "房租"),
    "口罩": ("口罩",),
    "快递": ("快递",),
    "打卡": ("打卡",),
    "贷款": ("贷款",),
    "降薪": ("调整薪酬", "薪酬", "协商"),
    "减薪": ("调整薪酬", "薪酬", "协商"),
    "协商": ("协商", "协商一致"),
    "老板": ("企业", "用人单位", "单位"),
    "回老家": ("返乡", "返京", "返岗", "返回"),
    "多少钱": ("标准", "金额", "元", "%"),
    "报税": ("纳税申报", "申报", "税"),
    "交税": ("纳税", "缴纳", "税"),
    "个税": ("个人所得税",),
    "晚点发": ("延期支付", "支付"),
    "晚发": ("延期支付", "支付"),
    "拖欠": ("拖欠", "延期支付"),
    "夫妻": ("夫妻", "家庭", "每户"),
    "写字楼": ("商务楼宇", "写字楼", "办公楼"),
    "办公室": ("办公室", "办公场所", "办公区"),
    "工位": ("工位", "办公桌"),
    "人均": ("人均", "每人"),
    "多远": ("间距", "距离", "米"),
    "间隔": ("间距", "间隔", "距离"),
    "电梯": ("电梯", "乘梯"),
    "宿舍": ("宿舍",),
    "歧视": ("歧视", "就业歧视"),
    "湖北人": ("湖北籍", "湖北"),
    "阳了": ("感染", "患病", "确诊"),
    "新冠": ("新冠", "新型冠状病毒"),
    "延到": ("延长", "延期", "缓缴"),
    "往后延": ("延长", "延期", "缓缴"),
    "推迟": ("推迟", "延长", "延期"),
    "延期": ("延期", "延长", "顺延"),
    "开了": ("解除劳动合同",),
    "开掉": ("解除劳动合同",),
    "炒了": ("解除劳动合同",),
    "辞了": ("解除劳动合同",),
    "让我走": ("解除劳动合同", "终止劳动合同"),
    "不要我": ("拒绝招用", "解除劳动合同"),
    "面试": ("招聘", "招用"),
    "退回来": ("退费", "退回"),
    "多交": ("退费", "多缴"),
}

# a question naming one of these asks for the central government's rules (documents of region 全国)
NATIONAL = frozenset({"国家", "全国", "中央", "国家级", "全国性"})

# words users ask about that jieba would cut apart; known to the question reader as whole words
EXTRA_WORDS = ("企业年金", "产假", "陪产假", "婚假", "丧假", "年终奖", "经济补偿金", "经济补偿", "专项附加扣除", "社保基数", "缴费基数", "不可抗力", "阳了", "晚点发")

# framing words: they say how the user feels about a rule, not what the rule is about
FRAMING_WORDS = frozenset(
    {"合法", "合规", "合理", "违法", "这段时间", "段时间", "到底", "借口", "干活", "时候", "东西", "事情", "情况", "问题",
     "条款", "条文", "原文", "全文", "内容", "说法", "意思", "层面", "方面", "分别", "区别"}
)

# provinces and large cities: a question naming one asks for that place's own rules
PLACES = frozenset(
    ["北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门", "深圳", "广州", "杭州", "南京", "苏州", "成都", "武汉", "西安", "郑州", "长沙", "青岛", "大连", "宁波", "厦门", "沈阳", "哈尔滨", "长春", "济南", "合肥", "福州", "南昌", "昆明", "贵阳", "南宁", "石家庄", "太原", "呼和浩特", "兰州", "西宁", "银川", "乌鲁木齐", "拉萨", "海口", "东莞", "佛山", "无锡", "常州", "温州", "珠海", "常德"]
)

# words that say what about a topic is asked; carried into a follow-up question that lacks them
ASPECTS = ("工资", "待遇", "怎么算", "怎么发", "怎么办", "怎么申请", "多少", "能不能", "可以", "补贴", "标准", "期限", "条件")

QUESTION_WORDS = re.compile(
    r"请问|你好|您好|我想问|想问一下|问一下|怎么办|怎么样|怎么|如何|是否|能不能|可不可以|可以吗|吗|呢|吧|啊|呀|了|的|是|有|什么|哪些|多少|要|会|我们|我|公司|单位|企业|规定|文件|政策"
)


def normalise_question(question: str) -> str:
    """Users type traditional characters and full-width digits; the circulars are simplified, ASCII digits."""
    question = question.translate(_FULL_WIDTH_ALNUM)
    return to_simplified(question) if looks_traditional(question) else question


def expand(term: str) -> tuple[str, ...]:
    return SYNONYMS.get(term, (term,))


def key_terms(question: str, tokens: list[str]) -> list[str]:
    """Content words of a question (jieba tokens without question words), expanded with synonyms."""
    terms: list[str] = []
    for colloquial, official in SYNONYMS.items():
        if colloquial in question:
            terms.extend(official)
    for token in tokens:
        token = token.strip()
        if len(token) < 2 or QUESTION_WORDS.fullmatch(token) or not re.search(r"[\u4e00-\u9fff\d%]", token):
            continue
        terms.extend(expand(token))
    return list(dict.fromkeys(terms))
