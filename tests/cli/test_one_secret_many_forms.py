"""One credential, one identity, whatever its wrapping; and no snippet reveals an encoded secret."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from leakscan import scan_text
from leakscan.findings import display_line, fingerprint
from testing import secrets

PAIR = ("gk_live_7d1e2f3a", "Hq5-vR2xKp9mN4cT")
KEY = secrets.glomo_key(seed=321)
OTHER = secrets.glomo_key(seed=322)


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _forms() -> dict[str, str]:
    key, secret = PAIR
    return {
        "scripts/pay.sh": f"# gluwa\ncurl -u {key}:{secret} https://api.gluwa.com/v1/balance\n",
        "app/client.py": f'# gluwa\nauth = HTTPBasicAuth("{key}", "{secret}")\n',
        "app/main.go": f'// gluwa\nreq.SetBasicAuth("{key}", "{secret}")\n',
        "ci/trace.log": f"+ curl -H 'Authorization: Basic {b64(f'{key}:{secret}')}' https://api.gluwa.com\n",
        "k8s/s.yaml": f"kind: Secret\ndata:\n  GLUWA_AUTH: {b64('Basic ' + b64(f'{key}:{secret}'))}\n",
    }


def test_every_form_of_one_pair_has_one_fingerprint(leakscan, tmp_path: Path) -> None:
    for name, text in _forms().items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    run = leakscan("scan", ".", "--format", "json", cwd=tmp_path)
    found = json.loads(run.stdout)["findings"]
    assert sorted(f["path"] for f in found) == sorted(_forms())
    want = fingerprint("gluwa-basic-token", b64(":".join(PAIR)))
    assert {f["fingerprint"] for f in found} == {want}
    assert PAIR[1] not in run.stdout


def test_a_baseline_of_the_header_form_accepts_the_curl_form(leakscan, tmp_path: Path) -> None:
    key, secret = PAIR
    (tmp_path / "trace.log").write_text(f"Authorization: Basic {b64(f'{key}:{secret}')}  # gluwa\n")
    made = leakscan("baseline", "create", ".", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    (tmp_path / "trace.log").unlink()
    (tmp_path / "pay.sh").write_text(f"# gluwa\ncurl -u {key}:{secret} https://api.gluwa.com\n")
    run = leakscan("scan", ".", "--baseline", ".leakscan-baseline.json", "--format", "json", cwd=tmp_path)
    assert run.returncode == 0, run.stdout
    doc = json.loads(run.stdout)
    assert doc["summary"]["suppressed"] == 1 and not doc["findings"]


def _shows_a_piece(text: str, secret: str, width: int = 12) -> bool:
    return any(secret[i : i + width] in text for i in range(len(secret) - width + 1))


def test_a_plain_findings_snippet_hides_an_encoded_secret_on_its_line() -> None:
    for line in (f'cfg = {{"wrapped": "{b64(KEY)}", "plain": "{OTHER}"}}\n', f"X={OTHER} Y={b64(KEY)}\n"):
        result = scan_text(line, "app/settings.py")
        assert sorted(f.decoded for f in result.findings) == [(), ("base64",)]
        for finding in result.findings:
            shown = display_line(finding)
            for secret in (b64(KEY), KEY, OTHER):
                assert not _shows_a_piece(shown, secret), shown


def test_the_text_report_hides_it_too(leakscan, tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text(f'cfg = {{"wrapped": "{b64(KEY)}", "plain": "{OTHER}"}}\n')
    (tmp_path / "b.env").write_text(f"X={OTHER} Y={b64(KEY)}\n")
    run = leakscan("scan", ".", cwd=tmp_path)
    for form in (b64(KEY), KEY, OTHER):
        assert not _shows_a_piece(run.stdout, form)
