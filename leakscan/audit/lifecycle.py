"""A secret's status in a run, from what the run saw and what the runs before it saw.

Present means present at a repository's HEAD or at a branch's tip.  ``new``: present, never seen before;
``open``: present now and at the last audit of its repositories; ``reintroduced``:
present again after an audit that did not find it present; ``fixed``: no longer
present (removed from every tip, or gone from history altogether).  A secret that the first
audit finds only in history is ``fixed``: it left every tip before any audit saw it,
but it is still in history, so it stays listed until it is rotated (triage ``revoked``)
or the history is rewritten.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from leakscan.audit.records import Triage

FAILING = ("new", "reintroduced")  # what makes a scheduled audit exit 1 at or above --fail-on


def statuses(present: Mapping[str, bool], before: Set[str], seen_before: Set[str]) -> dict[str, str]:
    """``present``: fingerprint -> at a tip somewhere, for every secret this run found;
    ``before``: those present at the previous audit of the same repositories;
    ``seen_before``: every fingerprint any earlier run found."""
    out: dict[str, str] = {}
    for fp, at_tip in present.items():
        if not at_tip:
            out[fp] = "fixed"
        elif fp in before:
            out[fp] = "open"
        else:
            out[fp] = "reintroduced" if fp in seen_before else "new"
    for fp in before:
        out.setdefault(fp, "fixed")
    return out


def triage_applies(triage: Triage | None, today: str) -> bool:
    """A triage holds until its expiry date (inclusive); after that the secret counts as untriaged again."""
    return triage is not None and (triage.expires is None or triage.expires >= today)
