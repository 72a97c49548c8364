"""Wording as data: agency names, headings, sentence variants and figure phrasings.

Everything the narrative says comes from these tables so that wording can grow
without touching code. Conventions:
- fixed sentences (`TEXTS`) contain no figures besides {year}/{next_year}, so every
  number in a generated narrative is a recorded claim;
- a figure phrase has exactly one "{n}" followed by its unit; the quote recorded for
  a claim is the phrase itself ("收到政府信息公开申请12件");
- zero values are said as negations ("未发生…行政诉讼"), recorded as value 0.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- agencies ------------------------------------------------------------------------

PLACE_FIRST = tuple("青白长新东西南北安平清永龙凤金石云兴宁和顺嘉华康泰丰盛临松柳桃")
PLACE_SECOND = tuple("山河江湖阳宁城泉林溪源水川平安丰州台岭海桥原坪关")

#: Departments and how they call themselves in the narrative.
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("财政局", "我局"),
    ("教育局", "我局"),
    ("自然资源局", "我局"),
    ("生态环境局", "我局"),
    ("住房和城乡建设局", "我局"),
    ("交通运输局", "我局"),
    ("农业农村局", "我局"),
    ("卫生健康委员会", "我委"),
    ("市场监督管理局", "我局"),
    ("人力资源和社会保障局", "我局"),
    ("民政局", "我局"),
    ("司法局", "我局"),
    ("应急管理局", "我局"),
    ("文化和旅游局", "我局"),
    ("水利局", "我局"),
    ("发展和改革委员会", "我委"),
)


@dataclass(frozen=True)
class AgencyKind:
    """A pattern of agency name with its level, self-reference and size profile weights."""

    pattern: str
    level: str
    we: tuple[str, ...]
    profiles: tuple[tuple[str, float], ...]


AGENCY_KINDS: tuple[tuple[AgencyKind, float], ...] = (
    (AgencyKind("{city}市人民政府", "city", ("我市", "市政府"), (("medium", 2), ("large", 2))), 1),
    (
        AgencyKind(
            "{city}市{district}区人民政府",
            "district",
            ("我区", "区政府"),
            (("small", 2), ("medium", 3), ("large", 1)),
        ),
        2,
    ),
    (
        AgencyKind(
            "{county}县人民政府",
            "county",
            ("我县", "县政府"),
            (("small", 2), ("medium", 3), ("large", 1)),
        ),
        2,
    ),
    (AgencyKind("{city}市{dept}", "city_dept", (), (("small", 2), ("medium", 2), ("large", 1))), 2),
    (
        AgencyKind(
            "{county}县{dept}", "county_dept", (), (("tiny", 2), ("small", 3), ("medium", 1))
        ),
        2,
    ),
    (
        AgencyKind(
            "{county}县{town}镇人民政府", "town", ("我镇", "镇政府"), (("tiny", 4), ("small", 2))
        ),
        2,
    ),
    (
        AgencyKind(
            "{county}县{town}乡人民政府", "town", ("我乡", "乡政府"), (("tiny", 4), ("small", 1))
        ),
        1,
    ),
    (
        AgencyKind(
            "{city}市{district}区{town}街道办事处",
            "town",
            ("我街道", "本街道"),
            (("tiny", 3), ("small", 2)),
        ),
        1,
    ),
    (
        AgencyKind("{city}市人民政府办公室", "city_dept", ("我办",), (("small", 2), ("medium", 1))),
        1,
    ),
)

# --- section headings ------------------------------------------------------------------


@dataclass(frozen=True)
class SectionWording:
    """A section: id, heading variants, whether a report must have it, how often it appears."""

    id: str
    headings: tuple[str, ...]
    required: bool = True
    probability: float = 1.0
    templates: tuple[str, ...] = ()
    min_year: int = 0


SECTIONS_GRID: tuple[SectionWording, ...] = (
    SectionWording("overview", ("总体情况",)),
    SectionWording("active", ("主动公开政府信息情况",)),
    SectionWording("applications", ("收到和处理政府信息公开申请情况",)),
    SectionWording(
        "review_litigation",
        (
            "政府信息公开行政复议、行政诉讼情况",
            "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        ),
    ),
    SectionWording(
        "problems", ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况")
    ),
    SectionWording("other", ("其他需要报告的事项",)),
)

SECTIONS_ART32: tuple[SectionWording, ...] = (
    SectionWording("overview", ("概述", "总体情况", "基本情况", "政府信息公开工作概述")),
    SectionWording(
        "active", ("主动公开政府信息情况", "主动公开政府信息的情况", "政府信息主动公开情况")
    ),
    SectionWording(
        "response",
        ("政策解读和回应社会关切情况", "回应解读情况"),
        required=False,
        probability=0.5,
        templates=("gov2014",),
    ),
    SectionWording(
        "applications",
        ("依申请公开政府信息情况", "政府信息依申请公开工作情况", "依申请公开和不予公开情况"),
    ),
    SectionWording(
        "fees", ("政府信息公开的收费及减免情况", "收费及减免情况", "政府信息公开收费及减免情况")
    ),
    SectionWording(
        "review_litigation",
        (
            "因政府信息公开申请行政复议、提起行政诉讼的情况",
            "行政复议和行政诉讼情况",
            "政府信息公开行政复议、行政诉讼情况",
        ),
    ),
    SectionWording(
        "org",
        ("机构建设和保障经费情况",),
        required=False,
        probability=0.4,
        templates=("gov2014",),
    ),
    SectionWording(
        "meetings_training",
        ("会议和培训情况", "政府信息公开会议和培训情况"),
        required=False,
        probability=0.5,
        templates=("gov2014",),
    ),
    SectionWording(
        "key_areas",
        ("重点领域信息公开情况", "推进重点领域政府信息公开情况"),
        required=False,
        probability=0.4,
        templates=("gov2014", "legacy"),
        min_year=2016,
    ),
    SectionWording(
        "internet_plus",
        ("“互联网+政务服务”工作情况", "推进“互联网+政务服务”情况", "网上办事服务公开情况"),
        required=False,
        probability=0.3,
        templates=("gov2014", "legacy"),
        min_year=2016,
    ),
    SectionWording(
        "npc_cppcc",
        ("人大代表建议和政协提案办理结果公开情况", "建议提案办理结果公开情况"),
        required=False,
        probability=0.3,
        templates=("gov2014", "legacy"),
        min_year=2016,
    ),
    SectionWording(
        "problems",
        (
            "存在的主要问题及改进措施",
            "政府信息公开工作存在的主要问题及改进情况",
            "主要问题和改进措施",
        ),
    ),
    SectionWording("other", ("其他需要报告的事项", "其他事项")),
)

#: Sections whose content is narrative only (no table covers them): the ones a
#: "missing_section" defect may remove so the loss is visible (FORMATS.md §3).
NARRATIVE_ONLY: dict[str, tuple[str, ...]] = {
    "gov2014": ("overview", "active", "applications", "problems", "other"),
    "legacy": ("overview", "active", "applications", "problems", "other"),
    "gov2019": ("overview", "problems", "other"),
    "gov2021": ("overview", "problems", "other"),
}

#: Where each grid table is printed: right after the body of this section.
TABLE_SECTIONS: dict[str, str] = {"t2": "active", "t3": "applications", "t4": "review_litigation"}

# --- figures ---------------------------------------------------------------------------

UNITS = ("万元", "人次", "元", "件", "条", "起", "次", "篇", "个", "人", "名", "项", "%")
#: Units after which a small count may be written in Chinese (两起, 一件).
CN_UNITS = ("件", "起", "次", "个", "篇")
CN_DIGITS = "零一二三四五六七八九"

DEFAULT_LEADS = ("{year}年，{we}", "本年度，{we}", "全年", "报告期内，{we}", "{year}年全年")
DEFAULT_ZERO_LEADS = ("{year}年，{we}", "本年度{we}", "报告期内，{we}", "全年")
PCT_SUFFIXES = ("，占{pct}%", "，占比{pct}%", "，占总数的{pct}%")


@dataclass(frozen=True)
class ClaimWording:
    """How one table figure is said: phrases with {n}, negations for zero, sentence leads.

    `pct` adds "占Y%" of the base indicator given in `PCT_BASE`.
    """

    phrases: tuple[str, ...]
    zero: tuple[str, ...] = ()
    leads: tuple[str, ...] = DEFAULT_LEADS
    zero_leads: tuple[str, ...] = DEFAULT_ZERO_LEADS
    pct: bool = False


CLAIMS: dict[str, ClaimWording] = {
    "active.total": ClaimWording(
        ("主动公开政府信息{n}条", "主动公开各类政府信息{n}条", "共主动公开政府信息{n}条"),
        ("未主动公开政府信息",),
    ),
    "active.normative": ClaimWording(
        ("主动公开规范性文件{n}件", "公开规范性文件{n}件"),
        ("无主动公开的规范性文件",),
        leads=("其中", "其中", "同时"),
        zero_leads=("其中", ""),
    ),
    "active.website": ClaimWording(
        ("通过政府网站公开{n}条", "政府网站公开政府信息{n}条"), leads=("其中", "其中")
    ),
    "active.cumulative": ClaimWording(
        ("累计主动公开政府信息{n}条", "历年累计公开政府信息{n}条"),
        leads=("截至{year}年底，{we}", "截至目前，"),
    ),
    "response.hotspots": ClaimWording(
        ("回应公众关注热点或重大舆情{n}次", "回应社会关切热点{n}次"),
        ("未发生需要回应的重大舆情",),
    ),
    "response.articles": ClaimWording(
        ("发布政策解读稿件{n}篇", "发布政策解读材料{n}篇"), ("未发布政策解读稿件",)
    ),
    "response.press": ClaimWording(
        ("举办新闻发布会{n}次", "参加或举办新闻发布会{n}次"), ("未举办新闻发布会",)
    ),
    "apply.received": ClaimWording(
        (
            "收到政府信息公开申请{n}件",
            "共收到政府信息公开申请{n}件",
            "新收政府信息公开申请{n}件",
            "受理政府信息公开申请{n}件",
        ),
        ("未收到政府信息公开申请", "没有收到公民、法人或其他组织提出的政府信息公开申请"),
    ),
    "apply.received_fj": ClaimWording(
        ("受理依申请公开信息{n}条", "收到政府信息公开申请{n}件", "受理政府信息公开申请{n}件"),
        ("未收到政府信息公开申请", "未受理依申请公开事项"),
    ),
    "apply.carried_in": ClaimWording(
        ("上年结转{n}件", "上年度结转申请{n}件"),
        ("无上年结转申请",),
        leads=("另有", ""),
        zero_leads=("",),
    ),
    "apply.concluded": ClaimWording(
        ("办结政府信息公开申请{n}件", "已办结申请{n}件", "依法答复办结{n}件"), leads=DEFAULT_LEADS
    ),
    "apply.carried_out": ClaimWording(
        ("结转下年度继续办理{n}件", "转入下年度办理{n}件"),
        ("无结转下年度继续办理的申请",),
        leads=("另有", "此外，"),
        zero_leads=("", "年底"),
    ),
    "apply.answered": ClaimWording(
        ("答复政府信息公开申请{n}件", "已答复{n}件", "申请答复数{n}件"), leads=("", "其中", "全年")
    ),
    "apply.granted": ClaimWording(
        ("予以公开{n}件", "同意公开{n}件", "同意公开答复{n}件"),
        leads=("其中", "其中", "经审核，", ""),
        pct=True,
    ),
    "apply.on_time": ClaimWording(("按时办结{n}件", "在法定期限内办结{n}件"), leads=("", "其中")),
    "review.total": ClaimWording(
        (
            "发生政府信息公开行政复议案件{n}起",
            "被申请行政复议{n}件",
            "收到涉及政府信息公开的行政复议申请{n}件",
        ),
        ("未发生因政府信息公开引起的行政复议", "未被申请行政复议", "无政府信息公开行政复议案件"),
    ),
    "litigation.total": ClaimWording(
        (
            "发生政府信息公开行政诉讼案件{n}起",
            "被提起行政诉讼{n}件",
            "涉及政府信息公开的行政诉讼{n}起",
        ),
        ("未发生因政府信息公开引起的行政诉讼", "未被提起行政诉讼", "无政府信息公开行政诉讼案件"),
    ),
    "complaints": ClaimWording(("收到举报投诉{n}件", "受理举报投诉{n}件"), ("未收到举报投诉",)),
    "fees_wan": ClaimWording(
        ("收取检索、复制、邮寄等费用{n}万元", "收取依申请公开相关费用{n}万元"),
        ("依申请提供政府信息未收取任何费用", "未收取政府信息公开相关费用"),
    ),
    "fees_yuan": ClaimWording(
        ("收取政府信息公开费用{n}元", "减免政府信息公开费用{n}元"),
        ("依申请提供政府信息未收取任何费用", "未收取政府信息公开相关费用"),
    ),
    "org.units": ClaimWording(("设立政府信息公开工作专门机构{n}个",), leads=("{we}", "目前{we}")),
    "org.staff": ClaimWording(
        ("配备政府信息公开工作人员{n}人", "从事政府信息公开工作人员{n}人"),
        leads=("{we}", "目前{we}共"),
    ),
    "meetings.meetings": ClaimWording(
        ("召开政府信息公开工作会议或专题会议{n}次", "召开政务公开专题会议{n}次"),
        ("未召开专题会议",),
    ),
    "meetings.trainings": ClaimWording(("举办各类培训班{n}次", "举办政务公开培训班{n}次")),
    "meetings.trainees": ClaimWording(
        ("培训{n}人次", "参加培训人员达{n}人次"), leads=("共", "累计")
    ),
    "t2.normative": ClaimWording(
        ("制发行政规范性文件{n}件", "新制作规范性文件{n}件", "印发规范性文件{n}件"),
        ("未制发规范性文件",),
    ),
    "t2.in_force": ClaimWording(
        ("现行有效规范性文件{n}件", "现行有效的行政规范性文件{n}件"), leads=("目前", "截至年底")
    ),
    "t2.licensing": ClaimWording(
        ("作出行政许可决定{n}件", "办理行政许可事项{n}件"), ("未作出行政许可决定",)
    ),
    "t2.penalty": ClaimWording(
        ("作出行政处罚决定{n}件", "办理行政处罚案件{n}件"), ("未作出行政处罚决定",)
    ),
    "t2.fees": ClaimWording(("收取行政事业性收费{n}万元", "行政事业性收费金额{n}万元")),
    "t2.procurement": ClaimWording(("政府集中采购总金额{n}万元", "完成政府集中采购{n}万元")),
}

#: Which indicator each figure restates, per template (absent = not said in that template).
CLAIM_INDICATORS: dict[str, dict[str, str]] = {
    "gov2014": {
        "active.total": "g14.active.total",
        "active.normative": "g14.active.normative",
        "response.hotspots": "g14.response.hotspots",
        "response.articles": "g14.response.articles",
        "response.press": "g14.response.press",
        "apply.received": "g14.apply.received",
        "apply.answered": "g14.apply.answered",
        "apply.granted": "g14.apply.answered.granted",
        "apply.on_time": "g14.apply.closed.on_time",
        "review.total": "g14.review.total",
        "litigation.total": "g14.litigation.total",
        "complaints": "g14.complaints",
        "fees_wan": "g14.fees",
        "org.units": "g14.org.units",
        "org.staff": "g14.org.staff",
        "meetings.meetings": "g14.meetings.meetings",
        "meetings.trainings": "g14.meetings.trainings",
        "meetings.trainees": "g14.meetings.trainees",
    },
    "legacy": {
        "active.total": "fj.active.total",
        "active.website": "fj.active.website",
        "active.cumulative": "fj.active.total@cumulative",
        "apply.received_fj": "fj.apply.received",
        "apply.answered": "fj.apply.answered",
        "apply.granted": "fj.apply.answered.granted",
        "review.total": "fj.review",
        "litigation.total": "fj.litigation",
        "complaints": "fj.complaints",
        "fees_yuan": "fj.fees",
    },
    "gov2019": {
        "apply.received": "g19.t3.new.total",
        "apply.carried_in": "g19.t3.carried_in.total",
        "apply.concluded": "g19.t3.total.total",
        "apply.carried_out": "g19.t3.carried_out.total",
        "apply.granted": "g19.t3.granted.total",
        "review.total": "g19.t4.review.total",
        "litigation.total": "g19.t4.litigation.total",
        "t2.normative": "g19.t2.normative.made",
        "t2.licensing": "g19.t2.licensing.decisions",
        "t2.penalty": "g19.t2.penalty.decisions",
        "t2.procurement": "g19.t2.procurement.amount",
    },
    "gov2021": {
        "apply.received": "g21.t3.new.total",
        "apply.carried_in": "g21.t3.carried_in.total",
        "apply.concluded": "g21.t3.total.total",
        "apply.carried_out": "g21.t3.carried_out.total",
        "apply.granted": "g21.t3.granted.total",
        "review.total": "g21.t4.review.total",
        "litigation.total": "g21.t4.litigation.total",
        "t2.normative": "g21.t2.normative.issued",
        "t2.in_force": "g21.t2.normative.in_force",
        "t2.licensing": "g21.t2.licensing.decisions",
        "t2.penalty": "g21.t2.penalty.decisions",
        "t2.fees": "g21.t2.fees.amount",
    },
}

#: Base of "占Y%" (FORMATS.md §6: percentages are computed on （七）总计 / 申请答复数).
PCT_BASE: dict[str, str] = {
    "gov2014": "g14.apply.answered",
    "legacy": "fj.apply.answered",
    "gov2019": "g19.t3.total.total",
    "gov2021": "g21.t3.total.total",
}

#: Other values an auditor may legitimately match a quote against (FORMATS.md §6: 收到
#: 申请X件 may be 新收 or 新收 + 上年结转); a mismatch must differ from all of them.
ALTERNATES: dict[str, tuple[tuple[str, ...], ...]] = {
    "g19.t3.new.total": (("g19.t3.new.total", "g19.t3.carried_in.total"),),
    "g21.t3.new.total": (("g21.t3.new.total", "g21.t3.carried_in.total"),),
}

#: "通过不同渠道和方式公开政府信息X条，其中A a条、B b条" (gov2014; parts sum to the total).
CHANNEL_LIST = {
    "total": ("通过不同渠道和方式公开政府信息{n}条", "通过各类渠道发布政府信息{n}条"),
    "indicator": "g14.active.channel_sum",
    "parts": (
        ("g14.active.channel.gazette", ("政府公报公开{n}条", "政府公报刊登{n}条")),
        ("g14.active.channel.website", ("政府网站公开政府信息{n}条", "政府网站发布{n}条")),
        ("g14.active.channel.weibo", ("政务微博公开政府信息{n}条", "政务微博发布{n}条")),
        ("g14.active.channel.wechat", ("政务微信公开政府信息{n}条", "政务微信发布{n}条")),
        ("g14.active.channel.other", ("其他方式公开政府信息{n}条", "公开栏等其他方式公开{n}条")),
    ),
}


@dataclass(frozen=True)
class ExtraWording:
    """A figure outside the tables (indicator None): phrases, value range, where it is said.

    `templates` empty = all; `unless` = skip when the report has one of these cells (the
    figure would then be a table claim); `zero_p` = chance the figure is zero (negation).
    """

    phrases: tuple[str, ...]
    low: int
    high: int
    zero: tuple[str, ...] = ()
    zero_p: float = 0.0
    leads: tuple[str, ...] = DEFAULT_LEADS
    zero_leads: tuple[str, ...] = DEFAULT_ZERO_LEADS
    templates: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()


EXTRAS: dict[str, ExtraWording] = {
    "x.active_total": ExtraWording(
        ("主动公开政府信息{n}条", "发布各类政府信息{n}条"),
        40,
        6000,
        templates=("gov2019", "gov2021"),
    ),
    "x.trainees": ExtraWording(
        ("组织政务公开业务培训{n}人次", "培训政务公开工作人员{n}人次"),
        10,
        300,
        leads=("全年", "{year}年，{we}", "本年度"),
        templates=("gov2019", "gov2021", "legacy"),
    ),
    "x.inspections": ExtraWording(
        ("开展政务公开专项检查{n}次", "组织督查检查{n}次"), 1, 12, leads=("全年", "本年度", "{we}")
    ),
    "x.visits": ExtraWording(
        ("政府信息公开专栏访问量达{n}人次", "门户网站信息公开栏目访问量{n}人次"),
        2000,
        400000,
        leads=("全年", "{year}年", ""),
    ),
    "x.guides": ExtraWording(
        ("更新政府信息公开指南{n}次", "修订完善政府信息公开目录{n}次"),
        1,
        3,
        leads=("全年", "本年度", ""),
    ),
    "x.newmedia": ExtraWording(
        ("关停整合政务新媒体账号{n}个", "清理整合政务新媒体{n}个"),
        1,
        6,
        leads=("全年", "本年度", "{we}"),
    ),
    "x.interpretations": ExtraWording(
        ("发布政策解读材料{n}篇", "开展政策解读{n}篇"),
        2,
        80,
        templates=("gov2019", "gov2021", "legacy"),
    ),
    "x.fee_processing": ExtraWording(
        ("收取信息处理费{n}元", "依法收取信息处理费{n}元"),
        50,
        3000,
        zero=("未收取信息处理费", "没有收取信息处理费", "未向申请人收取信息处理费"),
        zero_p=0.88,
        leads=("{year}年，{we}", "本年度{we}共"),
        zero_leads=(
            "{year}年，{we}",
            "本年度{we}",
            "按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），{we}本年度",
        ),
        templates=("gov2021",),
    ),
    "x.fees_none": ExtraWording(
        ("收取政府信息公开费用{n}元",),
        1,
        100,
        zero=("依申请提供政府信息未收取任何费用", "未收取政府信息公开相关费用"),
        zero_p=1.0,
        templates=("gov2014", "legacy"),
        unless=("g14.fees", "fj.fees"),
    ),
    "x.npc": ExtraWording(
        ("办理人大代表建议{n}件", "承办人大代表建议{n}件"), 1, 40, leads=("全年", "本年度{we}共")
    ),
    "x.cppcc": ExtraWording(
        ("办理政协提案{n}件", "承办政协委员提案{n}件"), 1, 40, leads=("", "同时")
    ),
}

# --- fixed sentences (no figures) --------------------------------------------------------

TEXTS: dict[str, tuple[str, ...]] = {
    "preamble": (
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。全文包括{parts}等部分。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。如对本报告有疑问，请与{agency}政府信息公开工作机构联系。",
        "根据《中华人民共和国政府信息公开条例》规定，现公布{agency}{year}年度政府信息公开工作年度报告。本报告电子版可在政府门户网站下载。",
        "按照《中华人民共和国政府信息公开条例》和上级关于做好政府信息公开工作年度报告编制发布工作的通知要求，{agency}编制了本报告。现将有关情况报告如下：",
    ),
    "intro_grid": (
        "{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，紧紧围绕中心工作，扎实推进政府信息公开各项工作。",
        "{year}年，{we}深入贯彻落实党中央、国务院关于全面推进政务公开的决策部署，严格执行《条例》规定，持续提升政务公开质量和实效。",
        "{year}年，在上级政务公开工作机构的指导下，{we}坚持以公开为常态、不公开为例外，不断完善工作机制，政府信息公开工作取得新进展。",
    ),
    "intro_art32": (
        "{year}年，{agency}政府信息公开工作在上级的正确领导和具体指导下，认真贯彻落实《中华人民共和国政府信息公开条例》，扎实做好各类政府信息公开工作。",
        "{year}年，{we}按照《条例》和上级有关要求，进一步加强组织领导，完善工作机制，政府信息公开工作稳步推进。",
        "为切实做好政府信息公开工作，{we}成立了政府信息公开工作领导小组，明确分管领导和具体工作人员，确保了信息公开工作的正常运转。",
    ),
    "sub_active": ("（一）主动公开", "（一）主动公开方面", "（一）主动公开情况"),
    "active_text": (
        "围绕重点领域信息公开，及时发布财政预决算、重大建设项目、公共资源配置等信息。",
        "严格落实“五公开”要求，将公开贯穿于决策、执行、管理、服务、结果全过程。",
        "通过政府门户网站、政务新媒体、公开栏等渠道及时公开群众关心关注的政策信息。",
    ),
    "sub_apply": ("（二）依申请公开", "（二）依申请公开方面", "（二）依申请公开情况"),
    "apply_text": (
        "严格按照法定时限和程序办理依申请公开事项，做到依法规范答复。",
        "进一步规范政府信息公开申请的受理、登记、审核、答复流程。",
        "畅通依申请公开渠道，提供当面、信函、网络等多种申请方式。",
    ),
    "sub_manage": ("（三）政府信息管理", "（三）政府信息管理方面", "（三）政府信息管理情况"),
    "manage_text": (
        "严格落实公开前保密审查制度，坚持“先审查、后公开”和“一事一审”原则。",
        "动态更新政府信息公开指南和公开目录，规范信息发布流程。",
        "定期开展规范性文件清理工作，及时公布清理结果。",
    ),
    "sub_platform": ("（四）平台建设", "（四）政府信息公开平台建设", "（四）平台建设方面"),
    "platform_text": (
        "持续优化政府网站信息公开专栏，完善栏目设置。",
        "加强政务新媒体管理，规范信息发布审核流程。",
        "充分发挥政务服务大厅、公开查阅点等线下平台作用，方便群众查阅。",
    ),
    "sub_oversight": ("（五）监督保障", "（五）监督保障方面", "（五）监督保障情况"),
    "oversight_text": (
        "将政务公开工作纳入年度绩效考核，压实工作责任。",
        "主动接受社会监督，认真处理群众对政务公开工作的意见建议。",
        "健全政务公开工作考核、社会评议和责任追究制度，以考核促落实。",
    ),
    "active_grid": (
        "{we}按照《条例》第二十条、第二十一条规定，做好规章、规范性文件和行政许可、行政处罚等信息的主动公开。",
        "各类主动公开信息统计如下：",
    ),
    "apply_grid": (
        "{we}依法依规办理政府信息公开申请，具体情况如下：",
        "本年度依申请公开工作情况统计如下：",
    ),
    "review_grid": ("政府信息公开行政复议、行政诉讼情况统计如下：", "具体情况见下表："),
    "sub_problems": ("（一）存在的主要问题", "（一）存在问题", "（一）主要问题"),
    "problems_text": (
        "一是主动公开的深度和广度还需进一步拓展；二是政策解读形式较为单一，解读质量有待提高；三是工作人员业务能力有待进一步提升。",
        "政务公开工作与群众期盼相比仍有差距，部分栏目更新不够及时，公开内容的规范性有待加强。",
        "公开形式的便民性还需进一步提高，回应社会关切的及时性和针对性有待增强。",
    ),
    "sub_improve": ("（二）改进情况", "（二）改进措施", "（二）下一步工作"),
    "improve_text": (
        "下一步，{we}将进一步加强组织领导，完善工作机制，拓展公开的深度和广度，不断提升政府信息公开工作水平。",
        "{next_year}年，{we}将加强业务培训，规范信息发布审核流程，提高政策解读质量，及时回应社会关切。",
        "针对上述问题，{we}将强化督促检查，完善考核机制，推动政务公开工作提质增效。",
    ),
    "problems_art32": (
        "{year}年{we}政府信息公开工作取得了一定成效，但也存在一些问题：主动公开的意识还不够强，公开内容不够全面，公开形式有待丰富。",
        "我们也清醒地认识到，政府信息公开工作还存在公开内容不够深入、更新不够及时等不足。",
        "工作中还存在一些不足：一是信息公开的及时性有待加强；二是政策解读工作有待进一步深化。",
    ),
    "other_grid": (
        "本年度无其他需要报告的事项。",
        "{we}认真落实{year}年政务公开工作要点，各项任务均已按要求完成。",
        "{we}按照要求做好人大代表建议和政协提案办理结果公开工作。",
    ),
    "other_art32": ("无。", "本年度无其他需要报告的事项。", "{we}无其他需要报告的事项。"),
    "fees_text": (
        "{we}严格执行政府信息公开收费有关规定。",
        "对符合条件的申请人依法减免相关费用。",
    ),
    "active_art32": (
        "{we}按照“公开为原则、不公开为例外”的要求，对政府信息进行了全面梳理。",
        "{we}坚持把主动公开作为政府信息公开工作的重点。",
        "{year}年，{we}进一步加大主动公开力度。",
    ),
    "apply_art32": (
        "{we}严格按照《条例》规定的程序和时限办理政府信息公开申请。",
        "{we}进一步规范依申请公开工作流程，做到依法受理、按时答复。",
    ),
    "sub_lead": ("（一）加强组织领导", "（一）健全工作机构", "（一）强化组织保障"),
    "lead_text": (
        "调整充实政府信息公开工作领导小组，明确办公室具体负责日常工作。",
        "主要领导亲自抓，分管领导具体抓，形成了一级抓一级、层层抓落实的工作格局。",
    ),
    "sub_system": ("（二）完善制度建设", "（二）健全工作制度", "（二）规范公开流程"),
    "system_text": (
        "制定完善政府信息主动公开、依申请公开、保密审查等制度，规范政府信息公开工作。",
        "严格执行信息发布审核制度，确保公开信息准确、及时、规范。",
    ),
    "sub_training": ("（三）加强学习培训", "（三）组织业务培训", "（三）提升队伍能力"),
    "training_text": (
        "积极组织政府信息公开工作人员参加上级举办的业务培训，提高业务水平。",
        "通过以会代训、集中学习等方式加强业务培训，增强工作人员公开意识。",
    ),
    "response_text": (
        "{we}高度重视政策解读和回应社会关切工作，做到政策文件与解读材料同步起草、同步审签、同步发布。",
        "{we}进一步健全舆情收集、研判、处置和回应机制。",
    ),
    "org_text": (
        "{we}明确了政府信息公开工作的责任部门和工作人员。",
        "政府信息公开工作经费纳入年度预算予以保障。",
        "政府信息公开工作机构设在办公室，配备专职和兼职人员负责信息的收集、审核和发布。",
        "各科室和下属单位均确定一名兼职信息员，负责本单位政府信息的报送。",
        "本年度政府信息公开工作支出主要用于网站维护、公开栏更新和宣传资料印制。",
        "{we}未单设政府信息公开专门机构，相关工作由综合科室承担，所需经费从办公经费中列支。",
        "从事政府信息公开工作的人员均为兼职，人员相对稳定。",
    ),
    "internet_text": (
        "{we}深入推进“互联网+政务服务”，依托政务服务网公开办事指南，推动更多事项网上可办。",
        "全面梳理行政审批和公共服务事项，逐项编制办事指南，做到要素齐全、内容准确、线上线下标准一致。",
        "持续深化“放管服”改革，精简申报材料，压缩办理时限，及时公开审批流程和办理结果。",
        "推进政务服务“一网通办”，网上办事大厅与实体服务大厅融合运行，让群众办事少跑腿。",
        "在门户网站开设在线办事栏目，提供表格下载、办件进度查询和结果公示等服务。",
        "推动政务服务事项数据同源发布，网上公开的事项名称、设定依据和办理流程与窗口保持一致。",
        "开展证明事项清理，取消无法律法规依据的证明材料，并将保留的证明事项清单向社会公布。",
        "利用移动客户端和自助服务终端拓展网上服务渠道，方便企业和群众随时查询办事信息。",
    ),
    "meetings_text": ("{we}高度重视政府信息公开业务学习。", "{we}定期研究部署政府信息公开工作。"),
    "key_areas_text": (
        "{we}着力推进财政预决算、重大建设项目、公共资源配置、社会公益事业建设等重点领域信息公开。",
        "围绕脱贫攻坚、教育、医疗卫生、环境保护等民生领域，及时公开相关政策和工作进展。",
        "及时公开征地拆迁、保障性住房、食品药品安全等群众关心关注的信息。",
    ),
    "npc_text": (
        "办理结果均已按要求在政府网站公开。",
        "对涉及公共利益、公众权益的建议提案办理结果及时向社会公开。",
        "在门户网站开设建议提案办理专栏，集中公开办理复文和办理情况。",
        "建立建议提案办理责任制，明确承办领导和经办人员，逐件跟踪督办，按期答复代表委员。",
        "根据代表议案安排实施的民生项目，其进展和资金使用情况均向社会公示。",
        "除涉及国家秘密等不宜公开的内容外，建议提案复文全文公开。",
        "办理过程中主动与代表委员沟通协商，认真听取意见，办理满意率较高。",
    ),
}

#: How a sub-topic label is joined to its text when inline ("（一）主动公开方面。围绕…").
SUBHEAD_INLINE_SEP = "。"

# --- section plans ---------------------------------------------------------------------
# A plan: section id → paragraphs; a paragraph is a tuple of items
# (kind, key, probability). kind: "h" sub-topic label, "t" fixed text, "c" table figure,
# "x" figure outside the tables, "l" the channel list (gov2014).

Item = tuple[str, str, float]

PLAN_GRID: dict[str, tuple[tuple[Item, ...], ...]] = {
    "overview": (
        (("t", "intro_grid", 1.0),),
        (
            ("h", "sub_active", 1.0),
            ("t", "active_text", 1.0),
            ("x", "x.active_total", 0.7),
            ("x", "x.interpretations", 0.4),
        ),
        (
            ("h", "sub_apply", 1.0),
            ("t", "apply_text", 1.0),
            ("c", "apply.received", 0.9),
            ("c", "apply.granted", 0.6),
        ),
        (("h", "sub_manage", 1.0), ("t", "manage_text", 1.0), ("x", "x.guides", 0.4)),
        (
            ("h", "sub_platform", 1.0),
            ("t", "platform_text", 1.0),
            ("x", "x.newmedia", 0.3),
            ("x", "x.visits", 0.3),
        ),
        (
            ("h", "sub_oversight", 1.0),
            ("t", "oversight_text", 1.0),
            ("x", "x.trainees", 0.6),
            ("x", "x.inspections", 0.4),
        ),
    ),
    "active": (
        (
            ("t", "active_grid", 0.4),
            ("c", "t2.normative", 0.4),
            ("c", "t2.in_force", 0.2),
            ("c", "t2.licensing", 0.3),
            ("c", "t2.penalty", 0.3),
            ("c", "t2.fees", 0.2),
            ("c", "t2.procurement", 0.2),
        ),
    ),
    "applications": (
        (
            ("t", "apply_grid", 0.4),
            ("c", "apply.carried_in", 0.3),
            ("c", "apply.concluded", 0.4),
            ("c", "apply.carried_out", 0.3),
        ),
    ),
    "review_litigation": (
        (("t", "review_grid", 0.3), ("c", "review.total", 0.5), ("c", "litigation.total", 0.5)),
    ),
    "problems": (
        (("h", "sub_problems", 1.0), ("t", "problems_text", 1.0)),
        (("h", "sub_improve", 1.0), ("t", "improve_text", 1.0)),
    ),
    "other": ((("x", "x.fee_processing", 1.0), ("t", "other_grid", 1.0)),),
}

PLAN_ART32: dict[str, tuple[tuple[Item, ...], ...]] = {
    "overview": (
        (("t", "intro_art32", 1.0),),
        (("h", "sub_lead", 1.0), ("t", "lead_text", 1.0)),
        (("h", "sub_system", 1.0), ("t", "system_text", 1.0), ("x", "x.guides", 0.4)),
        (
            ("h", "sub_training", 1.0),
            ("t", "training_text", 1.0),
            ("x", "x.trainees", 0.5),
            ("x", "x.inspections", 0.3),
        ),
    ),
    "active": (
        (
            ("t", "active_art32", 1.0),
            ("c", "active.total", 1.0),
            ("c", "active.normative", 0.6),
            ("c", "active.website", 0.6),
        ),
        (
            ("l", "channels", 0.7),
            ("c", "active.cumulative", 0.6),
            ("x", "x.visits", 0.3),
            ("x", "x.interpretations", 0.3),
        ),
    ),
    "response": (
        (
            ("t", "response_text", 1.0),
            ("c", "response.hotspots", 1.0),
            ("c", "response.articles", 0.7),
            ("c", "response.press", 0.5),
        ),
    ),
    "applications": (
        (
            ("t", "apply_art32", 1.0),
            ("c", "apply.received", 1.0),
            ("c", "apply.received_fj", 1.0),
            ("c", "apply.answered", 0.4),
            ("c", "apply.granted", 0.7),
            ("c", "apply.on_time", 0.4),
        ),
    ),
    "fees": (
        (
            ("c", "fees_wan", 1.0),
            ("c", "fees_yuan", 1.0),
            ("x", "x.fees_none", 1.0),
            ("t", "fees_text", 0.5),
        ),
    ),
    "review_litigation": (
        (("c", "review.total", 1.0), ("c", "litigation.total", 1.0), ("c", "complaints", 0.4)),
    ),
    "org": (
        (("t", "org_text", 1.0), ("c", "org.units", 0.5), ("c", "org.staff", 1.0)),
        (("t", "org_text", 0.6),),
    ),
    "meetings_training": (
        (
            ("t", "meetings_text", 1.0),
            ("c", "meetings.meetings", 1.0),
            ("c", "meetings.trainings", 0.7),
            ("c", "meetings.trainees", 0.7),
        ),
    ),
    "key_areas": ((("t", "key_areas_text", 1.0), ("t", "key_areas_text", 0.5)),),
    "npc_cppcc": (
        (("x", "x.npc", 1.0), ("x", "x.cppcc", 0.8), ("t", "npc_text", 1.0)),
        (("t", "npc_text", 0.6),),
    ),
    "internet_plus": ((("t", "internet_text", 1.0), ("t", "internet_text", 0.7)),),
    "problems": ((("t", "problems_art32", 1.0),), (("t", "improve_text", 1.0),)),
    "other": ((("t", "other_art32", 1.0),),),
}

# --- page furniture (HTML writer) -------------------------------------------------------

NAV_ITEMS = ("首页", "政务公开", "政务服务", "互动交流", "走进本地")
BREADCRUMB = ("首页", "政务公开", "政府信息公开", "政府信息公开年报")
