"""Tables whose cells ran together: splits only where forced, never guessed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from auditor.flat import FlatRow, _strip_numbering, solve, split_candidates
from auditor.templates import load_template


def test_spaces_are_boundaries():
    assert split_candidates("0 1 0", 3) == [(0, 1, 0)]
    assert split_candidates("24252.311082", 1) == [(24252.311082,)]


def test_zeros_are_forced_and_fusions_are_not():
    assert split_candidates("00", 2) == [(0, 0)]
    assert split_candidates("0000000", 7) == [(0,) * 7]
    assert len(split_candidates("4251516", 2)) > 1  # 425|1516 or 42|51516 …: ambiguous


@given(st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=6))
def test_the_true_split_is_always_a_candidate(values):
    fused = "".join(str(v) for v in values)
    assert tuple(values) in split_candidates(fused, len(values))


def test_row_total_identity_makes_a_split_unique():
    tpl = load_template("gov2021")
    keys = [
        f"g21.t3.new.{c}"
        for c in ("natural", "commercial", "research", "social", "legal", "other_org", "total")
    ]
    row = FlatRow(keys, "新收", "801000081", (0, 9))
    row.candidates = split_candidates(row.value_text, 7)
    fixed, unresolved = solve([row], tpl)
    assert [fixed[k] for k in keys] == [80, 1, 0, 0, 0, 0, 81]
    assert not unresolved


def test_ambiguous_rows_stay_unresolved():
    tpl = load_template("gov2021")
    keys = ["g21.t2.normative.issued", "g21.t2.normative.repealed", "g21.t2.normative.in_force"]
    row = FlatRow(keys, "规范性文件", "77132470", (0, 8))
    row.candidates = split_candidates(row.value_text, 3)
    fixed, unresolved = solve([row], tpl)
    assert not fixed and set(unresolved) == set(keys)


def test_glued_numbering_is_stripped_only_when_expected():
    assert _strip_numbering("1382、", 2) == ("138", 3)
    assert _strip_numbering("18182.", 2) == ("1818", 3)
    assert _strip_numbering("0其中：1.", None) == ("0", 2)
    assert _strip_numbering("1382、", 5) == ("", None)  # not the numbering expected: unreadable
