"""The official statistics forms as data: rows, columns, labels and cell ids.

The generator must print exactly the rows of the real forms (FORMATS.md §4), so the
layouts live here once and every other module (values, identities, writers) reads
them. Ids follow `reference/indicators.tsv` (g14/g19/g21) and
`corpora/gold/legacy_forms.tsv` (fj, form `fujian_2col`).
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATES = ("gov2014", "gov2019", "gov2021", "legacy")

#: Report years each template is generated for (the brief's ranges).
YEARS: dict[str, tuple[int, int]] = {
    "gov2014": (2014, 2018),
    "gov2019": (2019, 2020),
    "gov2021": (2021, 2025),
    "legacy": (2009, 2018),
}

#: Suffix of the 历年累计 value of a legacy cell.
CUMULATIVE = "@cumulative"


@dataclass(frozen=True)
class LongRow:
    """One row of a long (label | unit | value…) form; `id` None = a block header row."""

    label: str
    unit: str
    id: str | None


# --- gov2014: 《政府信息公开情况统计表》 (国办发〔2014〕32号), row for row -----------------

GOV2014_ROWS: tuple[LongRow, ...] = (
    LongRow("一、主动公开情况", "", None),
    LongRow(
        "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", "g14.active.total"
    ),
    LongRow("其中：主动公开规范性文件数", "条", "g14.active.normative"),
    LongRow("制发规范性文件总数", "件", "g14.active.normative_issued"),
    LongRow("（二）通过不同渠道和方式公开政府信息的情况", "", None),
    LongRow("1.政府公报公开政府信息数", "条", "g14.active.channel.gazette"),
    LongRow("2.政府网站公开政府信息数", "条", "g14.active.channel.website"),
    LongRow("3.政务微博公开政府信息数", "条", "g14.active.channel.weibo"),
    LongRow("4.政务微信公开政府信息数", "条", "g14.active.channel.wechat"),
    LongRow("5.其他方式公开政府信息数", "条", "g14.active.channel.other"),
    LongRow("二、回应解读情况", "", None),
    LongRow(
        "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）",
        "次",
        "g14.response.hotspots",
    ),
    LongRow("（二）通过不同渠道和方式回应解读的情况", "", None),
    LongRow("1.参加或举办新闻发布会总次数", "次", "g14.response.press"),
    LongRow("其中：主要负责同志参加新闻发布会次数", "次", "g14.response.press_leader"),
    LongRow("2.政府网站在线访谈次数", "次", "g14.response.interview"),
    LongRow("其中：主要负责同志参加政府网站在线访谈次数", "次", "g14.response.interview_leader"),
    LongRow("3.政策解读稿件发布数", "篇", "g14.response.articles"),
    LongRow("4.微博微信回应事件数", "次", "g14.response.social"),
    LongRow("5.其他方式回应事件数", "次", "g14.response.other"),
    LongRow("三、依申请公开情况", "", None),
    LongRow("（一）收到申请数", "件", "g14.apply.received"),
    LongRow("1.当面申请数", "件", "g14.apply.received.in_person"),
    LongRow("2.传真申请数", "件", "g14.apply.received.fax"),
    LongRow("3.网络申请数", "件", "g14.apply.received.online"),
    LongRow("4.信函申请数", "件", "g14.apply.received.letter"),
    LongRow("（二）申请办结数", "件", "g14.apply.closed"),
    LongRow("1.按时办结数", "件", "g14.apply.closed.on_time"),
    LongRow("2.延期办结数", "件", "g14.apply.closed.extended"),
    LongRow("（三）申请答复数", "件", "g14.apply.answered"),
    LongRow("1.属于已主动公开范围数", "件", "g14.apply.answered.already_public"),
    LongRow("2.同意公开答复数", "件", "g14.apply.answered.granted"),
    LongRow("3.同意部分公开答复数", "件", "g14.apply.answered.partial"),
    LongRow("4.不同意公开答复数", "件", "g14.apply.answered.refused"),
    LongRow("其中：涉及国家秘密", "件", "g14.apply.answered.refused.state_secret"),
    LongRow("涉及商业秘密", "件", "g14.apply.answered.refused.trade_secret"),
    LongRow("涉及个人隐私", "件", "g14.apply.answered.refused.privacy"),
    LongRow(
        "危及国家安全、公共安全、经济安全和社会稳定", "件", "g14.apply.answered.refused.security"
    ),
    LongRow("不是《条例》所指政府信息", "件", "g14.apply.answered.refused.not_gov_info"),
    LongRow("法律法规规定的其他情形", "件", "g14.apply.answered.refused.other_law"),
    LongRow("5.不属于本行政机关公开数", "件", "g14.apply.answered.not_this_agency"),
    LongRow("6.申请信息不存在数", "件", "g14.apply.answered.not_exist"),
    LongRow("7.告知作出更改补充数", "件", "g14.apply.answered.amend"),
    LongRow("8.告知通过其他途径办理数", "件", "g14.apply.answered.other_route"),
    LongRow("四、行政复议数量", "件", "g14.review.total"),
    LongRow("（一）维持具体行政行为数", "件", "g14.review.upheld"),
    LongRow("（二）被依法纠错数", "件", "g14.review.corrected"),
    LongRow("（三）其他情形数", "件", "g14.review.other"),
    LongRow("五、行政诉讼数量", "件", "g14.litigation.total"),
    LongRow("（一）维持具体行政行为或者驳回原告诉讼请求数", "件", "g14.litigation.upheld"),
    LongRow("（二）被依法纠错数", "件", "g14.litigation.corrected"),
    LongRow("（三）其他情形数", "件", "g14.litigation.other"),
    LongRow("六、举报投诉数量", "件", "g14.complaints"),
    LongRow("七、依申请公开信息收取的费用", "万元", "g14.fees"),
    LongRow("八、机构建设和保障经费情况", "", None),
    LongRow("（一）政府信息公开工作专门机构数", "个", "g14.org.units"),
    LongRow("（二）设置政府信息公开查阅点数", "个", "g14.org.reading_points"),
    LongRow("（三）从事政府信息公开工作人员数", "人", "g14.org.staff"),
    LongRow("1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", "g14.org.staff.fulltime"),
    LongRow("2.兼职人员数", "人", "g14.org.staff.parttime"),
    LongRow(
        "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
        "万元",
        "g14.org.budget",
    ),
    LongRow("九、政府信息公开会议和培训情况", "", None),
    LongRow("（一）召开政府信息公开工作会议或专题会议数", "次", "g14.meetings.meetings"),
    LongRow("（二）举办各类培训班数", "次", "g14.meetings.trainings"),
    LongRow("（三）接受培训人员数", "人次", "g14.meetings.trainees"),
)

GOV2014_HEADER = ("统计指标", "单位", "统计数")

#: gov2014 sums (FORMATS.md §5, OFF by structure): total = Σ parts.
GOV2014_SUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "g14.apply.received",
        (
            "g14.apply.received.in_person",
            "g14.apply.received.fax",
            "g14.apply.received.online",
            "g14.apply.received.letter",
        ),
    ),
    ("g14.apply.closed", ("g14.apply.closed.on_time", "g14.apply.closed.extended")),
    (
        "g14.apply.answered",
        (
            "g14.apply.answered.already_public",
            "g14.apply.answered.granted",
            "g14.apply.answered.partial",
            "g14.apply.answered.refused",
            "g14.apply.answered.not_this_agency",
            "g14.apply.answered.not_exist",
            "g14.apply.answered.amend",
            "g14.apply.answered.other_route",
        ),
    ),
    (
        "g14.apply.answered.refused",
        (
            "g14.apply.answered.refused.state_secret",
            "g14.apply.answered.refused.trade_secret",
            "g14.apply.answered.refused.privacy",
            "g14.apply.answered.refused.security",
            "g14.apply.answered.refused.not_gov_info",
            "g14.apply.answered.refused.other_law",
        ),
    ),
    ("g14.review.total", ("g14.review.upheld", "g14.review.corrected", "g14.review.other")),
    (
        "g14.litigation.total",
        ("g14.litigation.upheld", "g14.litigation.corrected", "g14.litigation.other"),
    ),
    ("g14.org.staff", ("g14.org.staff.fulltime", "g14.org.staff.parttime")),
)

#: De-duplicated totals: max(channel) ≤ total ≤ Σ channels, never a plain sum.
GOV2014_BOUNDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "g14.active.total",
        (
            "g14.active.channel.gazette",
            "g14.active.channel.website",
            "g14.active.channel.weibo",
            "g14.active.channel.wechat",
            "g14.active.channel.other",
        ),
    ),
    (
        "g14.response.hotspots",
        (
            "g14.response.press",
            "g14.response.interview",
            "g14.response.articles",
            "g14.response.social",
            "g14.response.other",
        ),
    ),
)

#: 其中 rows: part ≤ parent.
GOV2014_AT_MOST: tuple[tuple[str, str], ...] = (
    ("g14.active.normative", "g14.active.total"),
    ("g14.response.press_leader", "g14.response.press"),
    ("g14.response.interview_leader", "g14.response.interview"),
)

#: A heuristic pair (申请办结数 ≈ 申请答复数): kept equal, and never the target of a defect.
GOV2014_NEAR_EQUAL: tuple[str, ...] = ("g14.apply.closed", "g14.apply.answered")

# --- legacy: Fujian fujian_2col (指标名称 / 计量单位 / YYYY年度 / 历年累计) -----------------

LEGACY_HEADER = ("指标名称", "计量单位", "{year}年度", "历年累计")

#: 2009–2013 row set (县政府 tables; 其它形式 present in some years only).
LEGACY_ROWS_2009: tuple[LongRow, ...] = (
    LongRow("主动公开信息数", "条", "fj.active.total"),
    LongRow("其中：1.网站公开", "条", "fj.active.website"),
    LongRow("2.政府公报公开", "条", "fj.active.gazette"),
    LongRow("受理依申请公开信息总数", "条", "fj.apply.received"),
    LongRow("其中：1.当面申请数", "条", "fj.apply.received.in_person"),
    LongRow("2.传真申请数", "条", "fj.apply.received.fax"),
    LongRow("3.电子邮件申请数", "条", "fj.apply.received.email"),
    LongRow("4.网上申请数", "条", "fj.apply.received.online"),
    LongRow("5.信函申请数", "条", "fj.apply.received.letter"),
    LongRow("6.其它形式申请数", "条", "fj.apply.received.other"),
    LongRow("对申请的答复数", "条", "fj.apply.answered"),
    LongRow("其中：1.同意公开答复数", "条", "fj.apply.answered.granted"),
    LongRow("2.同意部分公开答复数", "条", "fj.apply.answered.partial"),
    LongRow("3.否决公开答复数", "条", "fj.apply.answered.refused"),
    LongRow("行政复议数", "条", "fj.review"),
    LongRow("行政诉讼数", "条", "fj.litigation"),
    LongRow("行政申诉数", "条", "fj.complaints"),
)

#: 2014–2018 row set (实验区 tables).
LEGACY_ROWS_2014: tuple[LongRow, ...] = (
    LongRow("主动公开文件数", "条", "fj.active.total"),
    LongRow("其中：1、政府网站公开数", "条", "fj.active.website"),
    LongRow("2、政府公报公开数", "条", "fj.active.gazette"),
    LongRow("受理依申请公开信息总数", "条", "fj.apply.received"),
    LongRow("其中：1、当面申请数", "条", "fj.apply.received.in_person"),
    LongRow("2、网上申请数", "条", "fj.apply.received.online"),
    LongRow("3、信函、传真申请数", "条", "fj.apply.received.letter_fax"),
    LongRow("对申请的答复总数", "条", "fj.apply.answered"),
    LongRow("其中：1、同意公开答复数", "条", "fj.apply.answered.granted"),
    LongRow("2、同意部分公开答复数", "条", "fj.apply.answered.partial"),
    LongRow("3、不予公开答复数", "条", "fj.apply.answered.refused"),
    LongRow("4、其他类型答复数", "条", "fj.apply.answered.other"),
    LongRow("政府信息公开收费减免金额", "元", "fj.fees"),
    LongRow("行政申诉、举报数", "件", "fj.complaints"),
    LongRow("行政复议数", "件", "fj.review"),
    LongRow("行政诉讼数", "件", "fj.litigation"),
)

LEGACY_RECEIVED_PARTS = (
    "fj.apply.received.in_person",
    "fj.apply.received.fax",
    "fj.apply.received.email",
    "fj.apply.received.online",
    "fj.apply.received.letter",
    "fj.apply.received.other",
    "fj.apply.received.letter_fax",
)
LEGACY_ANSWERED_PARTS = (
    "fj.apply.answered.granted",
    "fj.apply.answered.partial",
    "fj.apply.answered.refused",
    "fj.apply.answered.other",
)
#: Publication channels are 其中 rows of the total, not an exhaustive split.
LEGACY_AT_MOST = (
    ("fj.active.website", "fj.active.total"),
    ("fj.active.gazette", "fj.active.total"),
)


def legacy_rows(year: int) -> tuple[LongRow, ...]:
    """The Fujian row set in use in `year` (the two variants are never mixed)."""
    return LEGACY_ROWS_2009 if year <= 2013 else LEGACY_ROWS_2014


# --- gov2019 / gov2021 表二 --------------------------------------------------------------


@dataclass(frozen=True)
class T2Block:
    """One stacked sub-table of 表二: an Art. 20 item, its column heads, its rows."""

    item: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]


T2_2021: tuple[T2Block, ...] = (
    T2Block(
        "第二十条第（一）项",
        ("本年制发件数", "本年废止件数", "现行有效件数"),
        (
            (
                "规章",
                (
                    "g21.t2.regulations.issued",
                    "g21.t2.regulations.repealed",
                    "g21.t2.regulations.in_force",
                ),
            ),
            (
                "行政规范性文件",
                (
                    "g21.t2.normative.issued",
                    "g21.t2.normative.repealed",
                    "g21.t2.normative.in_force",
                ),
            ),
        ),
    ),
    T2Block(
        "第二十条第（五）项",
        ("本年处理决定数量",),
        (("行政许可", ("g21.t2.licensing.decisions",)),),
    ),
    T2Block(
        "第二十条第（六）项",
        ("本年处理决定数量",),
        (("行政处罚", ("g21.t2.penalty.decisions",)), ("行政强制", ("g21.t2.coercion.decisions",))),
    ),
    T2Block(
        "第二十条第（八）项",
        ("本年收费金额（单位：万元）",),
        (("行政事业性收费", ("g21.t2.fees.amount",)),),
    ),
)

T2_2019: tuple[T2Block, ...] = (
    T2Block(
        "第二十条第（一）项",
        ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
        (
            (
                "规章",
                (
                    "g19.t2.regulations.made",
                    "g19.t2.regulations.published",
                    "g19.t2.regulations.total_published",
                ),
            ),
            (
                "规范性文件",
                (
                    "g19.t2.normative.made",
                    "g19.t2.normative.published",
                    "g19.t2.normative.total_published",
                ),
            ),
        ),
    ),
    T2Block(
        "第二十条第（五）项",
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        (
            (
                "行政许可",
                (
                    "g19.t2.licensing.prev_items",
                    "g19.t2.licensing.delta",
                    "g19.t2.licensing.decisions",
                ),
            ),
            (
                "其他对外管理服务事项",
                (
                    "g19.t2.other_services.prev_items",
                    "g19.t2.other_services.delta",
                    "g19.t2.other_services.decisions",
                ),
            ),
        ),
    ),
    T2Block(
        "第二十条第（六）项",
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        (
            (
                "行政处罚",
                ("g19.t2.penalty.prev_items", "g19.t2.penalty.delta", "g19.t2.penalty.decisions"),
            ),
            (
                "行政强制",
                (
                    "g19.t2.coercion.prev_items",
                    "g19.t2.coercion.delta",
                    "g19.t2.coercion.decisions",
                ),
            ),
        ),
    ),
    T2Block(
        "第二十条第（八）项",
        ("上一年项目数量", "本年增/减"),
        (("行政事业性收费", ("g19.t2.fees.prev_items", "g19.t2.fees.delta")),),
    ),
    T2Block(
        "第二十条第（九）项",
        ("采购项目数量", "采购总金额"),
        (("政府集中采购", ("g19.t2.procurement.items", "g19.t2.procurement.amount")),),
    ),
)

#: Cells whose value is money in 万元 (floats, up to 2 decimals); all others are counts.
MONEY_IDS = frozenset(
    {"g14.fees", "g14.org.budget", "g21.t2.fees.amount", "g19.t2.procurement.amount"}
)

# --- gov2019 / gov2021 表三 --------------------------------------------------------------

T3_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("social", "社会公益组织"),
    ("legal", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)
T3_APPLICANTS = tuple(k for k, _ in T3_COLUMNS if k != "total")
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_OUTCOMES_LABEL = "三、本年度办理结果"


@dataclass(frozen=True)
class T3Row:
    """A data row of 表三: id key, its row group (rowspan label) or None, its label."""

    key: str
    group: str | None
    label: str
    outcome: bool


def _t3_rows(other_rows: tuple[tuple[str, str], ...]) -> tuple[T3Row, ...]:
    refused = "（三）不予公开"
    unable = "（四）无法提供"
    unprocessed = "（五）不予处理"
    other = "（六）其他处理"
    rows = [
        T3Row("new", None, "一、本年新收政府信息公开申请数量", False),
        T3Row("carried_in", None, "二、上年结转政府信息公开申请数量", False),
        T3Row("granted", None, "（一）予以公开", True),
        T3Row("partial", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", True),
        T3Row("refused.state_secret", refused, "1.属于国家秘密", True),
        T3Row("refused.law_prohibited", refused, "2.其他法律行政法规禁止公开", True),
        T3Row("refused.security", refused, "3.危及“三安全一稳定”", True),
        T3Row("refused.third_party", refused, "4.保护第三方合法权益", True),
        T3Row("refused.internal", refused, "5.属于三类内部事务信息", True),
        T3Row("refused.process", refused, "6.属于四类过程性信息", True),
        T3Row("refused.enforcement", refused, "7.属于行政执法案卷", True),
        T3Row("refused.query", refused, "8.属于行政查询事项", True),
        T3Row("unable.not_held", unable, "1.本机关不掌握相关政府信息", True),
        T3Row("unable.needs_creation", unable, "2.没有现成信息需要另行制作", True),
        T3Row("unable.unclear", unable, "3.补正后申请内容仍不明确", True),
        T3Row("unprocessed.petition", unprocessed, "1.信访举报投诉类申请", True),
        T3Row("unprocessed.duplicate", unprocessed, "2.重复申请", True),
        T3Row("unprocessed.publication", unprocessed, "3.要求提供公开出版物", True),
        T3Row("unprocessed.excessive", unprocessed, "4.无正当理由大量反复申请", True),
        T3Row("unprocessed.confirm", unprocessed, "5.要求行政机关确认或重新出具已获取信息", True),
    ]
    if len(other_rows) == 1:
        rows.append(T3Row(other_rows[0][0], None, other_rows[0][1], True))
    else:
        rows.extend(T3Row(k, other, label, True) for k, label in other_rows)
    rows.append(T3Row("total", None, "（七）总计", True))
    rows.append(T3Row("carried_out", None, "四、结转下年度继续办理", False))
    return tuple(rows)


T3_ROWS_2019 = _t3_rows((("other", "（六）其他处理"),))
T3_ROWS_2021 = _t3_rows(
    (
        ("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        (
            "other.unpaid_fee",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ),
        ("other.other", "3.其他"),
    )
)

# --- gov2019 / gov2021 表四 --------------------------------------------------------------

T4_BLOCKS: tuple[tuple[str, str | None], ...] = (
    ("review", None),
    ("lit_direct", "未经复议直接起诉"),
    ("lit_after_review", "复议后起诉"),
)
T4_RESULTS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)


def prefix(template: str) -> str:
    """Id prefix of a grid template ("g19" / "g21")."""
    return {"gov2019": "g19", "gov2021": "g21"}[template]


def t2_blocks(template: str) -> tuple[T2Block, ...]:
    return T2_2019 if template == "gov2019" else T2_2021


def t3_rows(template: str) -> tuple[T3Row, ...]:
    return T3_ROWS_2019 if template == "gov2019" else T3_ROWS_2021


def t3_id(template: str, row: str, col: str) -> str:
    return f"{prefix(template)}.t3.{row}.{col}"


def t4_id(template: str, block: str, result: str) -> str:
    return f"{prefix(template)}.t4.{block}.{result}"


def cell_ids(template: str, year: int, extra_rows: bool = False) -> list[str]:
    """Every table cell id of a template's form in print order (no derived ids).

    `extra_rows` switches on the optional 其它形式申请数 row of the 2009–2013 Fujian form.
    """
    if template == "gov2014":
        return [r.id for r in GOV2014_ROWS if r.id]
    if template == "legacy":
        ids = [
            r.id
            for r in legacy_rows(year)
            if r.id and (extra_rows or r.id != "fj.apply.received.other")
        ]
        return ids + [i + CUMULATIVE for i in ids]
    ids = [i for block in t2_blocks(template) for _, row in block.rows for i in row]
    ids += [t3_id(template, r.key, c) for r in t3_rows(template) for c, _ in T3_COLUMNS]
    ids += [t4_id(template, b, r) for b, _ in T4_BLOCKS for r, _ in T4_RESULTS]
    return ids


#: Derived values the narrative may quote (not table cells): id → summed cells.
DERIVED: dict[str, tuple[str, ...]] = {
    "g14.active.channel_sum": GOV2014_BOUNDS[0][1],
    "g14.response.channel_sum": GOV2014_BOUNDS[1][1],
    "g19.t4.litigation.total": ("g19.t4.lit_direct.total", "g19.t4.lit_after_review.total"),
    "g21.t4.litigation.total": ("g21.t4.lit_direct.total", "g21.t4.lit_after_review.total"),
}
