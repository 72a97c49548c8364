"""Checks on the seed and on mutated copies of it: they must fail loudly."""

from __future__ import annotations

from conftest import audit_text


def _failed(result, rule=None):
    return [k for k in result.checks if k.status == "fail" and (rule is None or k.rule == rule)]


def test_seed_every_table_identity_passes(seed_result):
    arithmetic = [k for k in seed_result.checks if k.category == "arithmetic"]
    sums = [k for k in arithmetic if k.rule == "A001"]
    assert len(sums) == 7  # 收到, 办结, 答复, 不同意, 复议, 诉讼, 人员: every one passes
    assert all(k.status == "pass" for k in sums)
    assert not [k for k in arithmetic if k.status == "fail"]


def test_seed_zero_narrative_mismatches(seed_result):
    assert not _failed(seed_result, "N001")
    assert not _failed(seed_result, "N002")
    n001 = [k for k in seed_result.checks if k.rule == "N001" and k.status == "pass"]
    assert len(n001) >= 13


def test_seed_road_length_inconsistency_is_a_warning(seed_result):
    n003 = [k for k in seed_result.checks if k.rule == "N003"]
    failed = [k for k in n003 if k.status == "fail"]
    assert len(failed) == 1
    k = failed[0]
    assert k.severity == "warning" and k.expected == 5.019 and abs(k.actual - 4.87) < 1e-9
    passed = [k for k in n003 if k.status == "pass"]
    assert len(passed) == 1 and passed[0].expected == 151.2


def test_seed_summary_is_clean(seed_result):
    assert seed_result.errors == 0
    assert seed_result.warnings == 1


def test_mutation_table_wechat_297(tmp_path, seed_text):
    mutated = seed_text.replace(
        "4. 政务微信公开政府信息数\t条\t279", "4. 政务微信公开政府信息数\t条\t297"
    )
    assert mutated != seed_text
    r = audit_text(tmp_path, mutated)
    failed = [k for k in _failed(r) if "g14.active.channel.wechat" in k.indicators]
    assert failed, "a wrong table value must produce a failed check naming it"
    assert any(k.rule == "N001" and k.severity == "error" for k in failed)
    assert r.errors >= 1


def test_mutation_narrative_279_to_289(tmp_path, seed_text):
    mutated = seed_text.replace("政务微信公开政府信息279条", "政务微信公开政府信息289条")
    r = audit_text(tmp_path, mutated)
    mism = [c for c in r.claims if c.status == "mismatch"]
    assert [c.text for c in mism] == ["289条"]
    assert mism[0].indicator == "g14.active.channel.wechat" and mism[0].table_value == 279
    n001 = _failed(r, "N001")
    assert len(n001) == 1 and "289条" in n001[0].message
    assert n001[0].spans[0] == mism[0].span
    # the enumeration 53+68+289+140 no longer adds up to the stated 540
    assert _failed(r, "N002")


def test_mutation_sum_identity(tmp_path, seed_text):
    mutated = seed_text.replace("(一) 收到申请数\t件\t1", "(一) 收到申请数\t件\t3")
    r = audit_text(tmp_path, mutated)
    a001 = [k for k in _failed(r, "A001") if k.indicators[0] == "g14.apply.received"]
    assert len(a001) == 1 and a001[0].expected == 1 and a001[0].actual == 3


def test_blank_part_makes_sum_not_assessable(tmp_path, seed_text):
    mutated = seed_text.replace("2. 传真申请数\t件\t0", "2. 传真申请数\t件\t")
    r = audit_text(tmp_path, mutated)
    a001 = [k for k in r.checks if k.rule == "A001" and k.indicators[0] == "g14.apply.received"]
    assert a001[0].status == "not_assessable"
    assert any(k.rule == "E003" and k.status == "fail" for k in r.checks)


def test_delete_section_eight_makes_applications_missing(tmp_path, seed_text):
    start = seed_text.index("八、政府信息依申请公开工作情况")
    end = seed_text.index("九、完善公开制度机制建设情况")
    r = audit_text(tmp_path, seed_text[:start] + seed_text[end:])
    sec = next(s for s in r.sections if s.id == "applications")
    assert sec.status == "missing"
    s001 = [k for k in _failed(r, "S001")]
    assert len(s001) == 1 and "依申请公开" in s001[0].message


def test_empty_required_section_is_thin(tmp_path, seed_text):
    start = seed_text.index("一是主动公开政府信息122条")
    end = seed_text.index("三、重点领域")
    r = audit_text(tmp_path, seed_text[:start] + "无。\n\n" + seed_text[end:])
    sec = next(s for s in r.sections if s.id == "active")
    assert sec.status == "thin"


def test_year_inconsistency_in_table_title(tmp_path, seed_text):
    mutated = seed_text.replace(
        "灵武市白土岗乡2018年度政府信息公开 情况统计表",
        "灵武市白土岗乡2017年度政府信息公开 情况统计表",
    )
    r = audit_text(tmp_path, mutated)
    m003 = _failed(r, "M003")
    assert len(m003) == 1 and m003[0].actual == 2017 and m003[0].expected == 2018


def test_rules_can_be_disabled_and_regraded(tmp_path, seed_path):
    import auditor

    cfg = tmp_path / "auditor.toml"
    cfg.write_text('disable = ["N003"]\n[severity]\nA003 = "warning"\n', encoding="utf-8")
    r = auditor.audit(seed_path, config=str(cfg))
    assert not [k for k in r.checks if k.rule == "N003"]
    assert all(k.severity == "warning" for k in r.checks if k.rule == "A003")
