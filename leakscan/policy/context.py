"""Where a finding sits: client-side code or not, and in what kind of token.

The full client-side judgement is built on top of this seam; until then every
finding is judged ``client_side: false`` with the reason "not analysed".
"""

from __future__ import annotations

from leakscan.model import Fragment, Placement, RuleMatch


def judge(fragment: Fragment, match: RuleMatch) -> Placement:
    return Placement(client_side=False, reason="not analysed")
