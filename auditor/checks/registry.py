"""The rule registry: stable codes, Chinese messages, severities, docs.

Like pyflakes' messages module, one data file (rules.toml) lists every rule, and each
check function creates its results through `RuleSet.result()`, so a message, severity
or on/off switch never lives in the check code. Users re-grade or switch off rules in
`auditor.toml` or `[tool.auditor]` of pyproject.toml.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from auditor.errors import InputError
from auditor.model import CheckResult, Span

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Rule:
    code: str
    category: str
    severity: str
    title: str
    message: str
    doc: str


@cache
def load_rules() -> dict[str, Rule]:
    text = resources.files("auditor.checks").joinpath("rules.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return {code: Rule(code=code, **spec) for code, spec in data.items()}


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass
class RuleSet:
    """The rules in force for one run, after the user's configuration."""

    disabled: set[str] = field(default_factory=set)
    severity: dict[str, str] = field(default_factory=dict)

    def enabled(self, code: str) -> bool:
        return code not in self.disabled

    def result(
        self,
        code: str,
        status: str,
        *,
        indicators: list[str] | None = None,
        spans: list[Span] | None = None,
        expected: float | None = None,
        actual: float | None = None,
        message: str | None = None,
        **fmt: object,
    ) -> CheckResult:
        rule = load_rules()[code]
        values = _SafeDict(expected=_fmt_num(expected), actual=_fmt_num(actual))
        values.update({k: _fmt_num(v) if isinstance(v, float) else v for k, v in fmt.items()})
        return CheckResult(
            rule=code,
            category=rule.category,
            severity=self.severity.get(code, rule.severity),  # type: ignore[arg-type]
            status=status,  # type: ignore[arg-type]
            message=message or rule.message.format_map(values),
            indicators=list(indicators or []),
            spans=list(spans or []),
            expected=expected,
            actual=actual,
        )


def _fmt_num(v: object) -> object:
    if isinstance(v, float):
        return int(v) if v.is_integer() else round(v, 6)
    return "" if v is None else v


def load_config(path: str | None = None) -> RuleSet:
    """Read rule settings from `path`, ./auditor.toml or ./pyproject.toml [tool.auditor]."""
    data: dict = {}
    candidates = [path] if path else ["auditor.toml", "pyproject.toml"]
    for cand in candidates:
        if cand and os.path.isfile(cand):
            try:
                with open(cand, "rb") as fh:
                    raw = tomllib.load(fh)
            except (tomllib.TOMLDecodeError, OSError) as exc:
                raise InputError(f"配置文件 {cand} 无法解析：{exc}") from exc
            data = (
                raw.get("tool", {}).get("auditor", {}) if cand.endswith("pyproject.toml") else raw
            )
            break
        if path:
            raise InputError(f"配置文件不存在：{path}")
    rules = load_rules()
    disabled = set(data.get("disable", []))
    severity = dict(data.get("severity", {}))
    unknown = (disabled | set(severity)) - set(rules)
    if unknown:
        raise InputError(f"配置中有未知规则代码：{', '.join(sorted(unknown))}")
    bad = {k: v for k, v in severity.items() if v not in SEVERITIES}
    if bad:
        raise InputError(f"配置中的严重程度无效：{bad}（可选 error / warning / info）")
    return RuleSet(disabled=disabled, severity=severity)
