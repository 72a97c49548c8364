"""Narrative figures: parsing, linking to indicators, comparison with the table."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from auditor.claims import values_agree
from auditor.figures import find_figures


def _claims_by_text(result):
    out: dict[str, list] = {}
    for c in result.claims:
        out.setdefault(c.text, []).append(c)
    return out


def test_seed_required_claims_linked_and_matched(seed_result):
    expected = {
        "122条": "g14.active.total",
        "540条": "g14.active.channel_sum",
        "53条": "g14.active.channel.website",
        "68条": "g14.active.channel.weibo",
        "279条": "g14.active.channel.wechat",
        "140条": "g14.active.channel.other",
        "2次": "g14.response.hotspots",
        "2685次": "g14.response.channel_sum",
        "5次": "g14.response.social",
        "2680次": "g14.response.other",
    }
    by_text = _claims_by_text(seed_result)
    for text, ind in expected.items():
        claims = by_text[text]
        assert len(claims) == 1, text
        assert claims[0].indicator == ind, text
        assert claims[0].status == "match", text
    one = {c.indicator: c.status for c in by_text["1件"]}
    for ind in ("g14.apply.received", "g14.apply.closed.on_time", "g14.apply.answered"):
        assert one.get(ind) == "match", ind


def test_seed_has_no_mismatch_and_measures_stay_unlinked(seed_result):
    assert not [c for c in seed_result.claims if c.status == "mismatch"]
    for text in ("5.019公里", "1.86公里", "3.01公里", "151.2万元", "65万元", "86.2万元"):
        claim = next(c for c in seed_result.claims if c.text == text)
        assert claim.indicator is None


def test_claim_spans_index_the_text(seed_result):
    text = seed_result.document.text
    for c in seed_result.claims:
        assert text[c.span[0] : c.span[1]] == c.text


def test_figures_skip_dates_and_ordinals():
    text = "2018年7月23日开工，第3次会议，编号G20，收到申请12件"
    assert [f.raw for f in find_figures(text)] == ["12件"]


def test_figures_units_and_multipliers():
    figs = {f.raw: f for f in find_figures("投资151.2万元，培训2万人次，共1,234条，近300件")}
    assert figs["151.2万元"].unit == "万元" and figs["151.2万元"].value == 151.2
    assert figs["2万人次"].value == 20000 and figs["2万人次"].unit == "人次"
    assert figs["1,234条"].value == 1234
    assert figs["300件"].approx == "about"


@given(
    st.integers(min_value=0, max_value=10**7), st.sampled_from(["条", "件", "次", "人次", "万元"])
)
def test_figure_roundtrip(n, unit):
    figs = find_figures(f"共公开{n}{unit}。")
    assert len(figs) == 1
    assert figs[0].value == n and figs[0].unit == unit


def test_value_comparison_rules():
    assert values_agree(279, "条", 0, None, 279, "条")
    assert not values_agree(289, "条", 0, None, 279, "条")
    assert values_agree(2500, "元", 0, None, 0.25, "万元")
    assert values_agree(300, "件", 0, "more", 310, "件")
    assert not values_agree(300, "件", 0, "more", 290, "件")
    assert values_agree(1.2, "万元", 1, None, 1.23, "万元")


def test_spacy_factory_links_figures():
    import spacy

    import auditor.nlp  # noqa: F401  (registers the components)

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("gov_figures")
    nlp.add_pipe("gov_claims", config={"template": "gov2014"})
    doc = nlp("一是主动公开政府信息122条。其中政务微信公开政府信息279条，培训120人次。")
    assert [(s.text, s._.indicator) for s in doc.spans["claims"]] == [
        ("122条", "g14.active.total"),
        ("279条", "g14.active.channel.wechat"),
        ("120人次", "g14.meetings.trainees"),  # "培训" before a figure in 人次
    ]
    assert [s.text for s in doc.spans["figures"]] == ["122条", "279条", "120人次"]


def test_chinese_numerals_and_zero_statements(tmp_path, seed_text):
    from conftest import audit_text

    text = seed_text.replace(
        "全年累计受理依申请公开政府信息1件", "全年累计受理依申请公开政府信息一件"
    )
    r = audit_text(tmp_path, text)
    c = next(c for c in r.claims if c.text == "一件")
    assert c.indicator == "g14.apply.received" and c.status == "match"
    text = seed_text.replace("全年累计受理依申请公开政府信息1件。", "全年未收到政府信息公开申请。")
    r = audit_text(tmp_path, text)
    zero = next(c for c in r.claims if c.text.startswith("未收到"))
    assert zero.value == 0 and zero.indicator == "g14.apply.received" and zero.status == "mismatch"


def test_percentage_against_its_base(tmp_path):
    from auditor.checks.narrative import _SHARE_LINK

    assert _SHARE_LINK.match("，占")
    assert not _SHARE_LINK.match("，同比增长")


def test_quantifier_between_verb_and_object_does_not_hide_the_metric():
    from auditor.claims import _candidates
    from auditor.templates import load_template

    def top(clause: str, unit: str, template: str, after: str = "") -> str | None:
        cands = _candidates(clause, unit, load_template(template), after=after)
        return cands[0].indicator.id if cands else None

    assert top("2016年全年主动公开各类政府信息", "条", "gov2014") == "g14.active.total"
    # "各类渠道" is itself the metric of the channel sum
    assert top("通过各类渠道发布政府信息", "条", "gov2014") == "g14.active.channel_sum"
    assert top("共培训", "人次", "gov2014") == "g14.meetings.trainees"
    assert top("报告期内，我局新制作规范性文件", "件", "gov2021") == "g21.t2.normative.issued"


def test_fujian_form_links_yu_yi_gong_kai_to_granted_not_partial_or_refused():
    from auditor.claims import _candidates
    from auditor.templates import load_template

    t = load_template("legacy")
    ids = [c.indicator.id for c in _candidates("其中予以公开", "件", t, form="fujian_2col")]
    assert ids[:1] == ["fj.apply.answered.granted"]
    for clause in ("部分予以公开", "不予以公开"):
        ids = [c.indicator.id for c in _candidates(clause, "件", t, form="fujian_2col")]
        assert "fj.apply.answered.granted" not in ids[:1], clause
