from __future__ import annotations

from leakscan.model import Fragment
from leakscan.scans.files import scan_fragments
from testing import secrets


def test_live_secret_glomo_key_is_critical():
    key = secrets.glomo_key("live", "secret")
    result = scan_fragments([Fragment(f"GLOMO_SECRET_KEY={key}\n".encode(), "server/.env")])
    [finding] = result.findings
    assert (finding.rule_id, finding.severity, finding.environment) == ("glomo-api-key", "critical", "live")
