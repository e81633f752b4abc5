"""Run every rule's examples through the production pipeline (``leakscan rules check``).

A positive example must yield a finding of that rule whose fields and
validation facts match its ``expect`` table; a negative example must yield
none of that rule. Known misses are listed, not failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from leakscan.config import Config
from leakscan.detect import Detector
from leakscan.model import Example, Finding, Fragment, Rule

MIN_EXAMPLES = 8


@dataclass(frozen=True)
class Problem:
    rule_id: str
    message: str


def _field(finding: Finding, name: str) -> object:
    if name in finding.validation:
        return finding.validation[name]
    return getattr(finding, name, None)


def check_example(detector: Detector, rule: Rule, example: Example, positive: bool) -> str | None:
    """None when the example behaves, else what went wrong."""
    found = [f for f in detector.detect(Fragment(example.text.encode(), example.path)) if f.rule_id == rule.id]
    short = example.text if len(example.text) < 70 else example.text[:67] + "..."
    if not positive:
        return f"negative example reported: {short!r}" if found else None
    if not found:
        return f"example not found: {short!r}"
    for finding in found:
        wrong = {k: _field(finding, k) for k, v in example.expect.items() if _field(finding, k) != v}
        if not wrong:
            return None
    return f"example {short!r}: expected {dict(example.expect)}, got {wrong}"


def check_rules(config: Config, rules: Sequence[Rule] | None = None, minimum: int = MIN_EXAMPLES,
                engine: str = "auto") -> list[Problem]:
    """Every example on the chosen engine; with ``auto``, on every engine installed.

    A rule must behave the same on Hyperscan and on the regex fallback (keywords
    that miss an example, syntax only the ``regex`` package understands).
    """
    detectors = [Detector(config, engine=e) for e in _engines(engine)]
    problems: list[Problem] = []
    for rule in rules if rules is not None else config.rules:
        for kind, count in (("examples", len(rule.examples)), ("negative_examples", len(rule.negative_examples))):
            if count < minimum:
                problems.append(Problem(rule.id, f"has {count} {kind}, needs at least {minimum}"))
        for positive, examples in ((True, rule.examples), (False, rule.negative_examples)):
            for example in examples:
                problems.extend(_on_engines(detectors, rule, example, positive))
    return problems


def _engines(engine: str) -> list[str]:
    from leakscan.engine.matcher import hyperscan_available

    if engine != "auto":
        return [engine]
    return ["hyperscan", "regex"] if hyperscan_available() else ["regex"]


def _on_engines(detectors: list[Detector], rule: Rule, example: Example, positive: bool) -> list[Problem]:
    """One problem when every engine fails alike, else one per engine that fails."""
    results = [(d.engine, check_example(d, rule, example, positive)) for d in detectors]
    failed = [(name, msg) for name, msg in results if msg is not None]
    if failed and len(failed) == len(results) and len({msg for _, msg in failed}) == 1:
        return [Problem(rule.id, failed[0][1])]
    return [Problem(rule.id, f"{msg} (on the {name} engine only)") for name, msg in failed]
