"""``leakscan scan``: exit codes, the JSON contract, output files, secrecy, errors, determinism."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from testing import secrets

LIVE_SECRET = secrets.glomo_key("live", "secret", seed=61)
TEST_PUBLIC = secrets.glomo_key("test", "public", seed=62)  # info: allowed by the usage table
HEX = secrets.hex_key(63)
WIF = secrets.wif(64)
BASIC = secrets.basic_token("gk_live_77aa01", "Zx9-secret-Qw2")
ALL_SECRETS = [LIVE_SECRET, TEST_PUBLIC, HEX, WIF, BASIC]


def _tree(root: Path) -> Path:
    (root / "server").mkdir()
    (root / "server" / ".env").write_text(f"GLOMO_SECRET_KEY={LIVE_SECRET}\nPRIVATE_KEY=0x{HEX}\n")
    (root / "docs").mkdir()
    (root / "docs" / "btc.md").write_text(f"# wallet\n\n    WIF={WIF}\n")
    (root / "client.py").write_text(f"headers = {{'Authorization': 'Basic {BASIC}'}}\n")
    (root / "checkout.ts").write_text(f'const publishableKey = "{TEST_PUBLIC}";\n')
    return root


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """The planted tree in its own folder, so reports can be written beside it."""
    root = tmp_path / "t"
    root.mkdir()
    return _tree(root)


def _leakscan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("leakscan")
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


# --- exit status ------------------------------------------------------------------------------------

def test_exit_0_on_clean_tree(tmp_path: Path, run_cli) -> None:
    (tmp_path / "a.py").write_text("print('hello')\n")
    run = run_cli("scan", str(tmp_path))
    assert run.exit_code == 0 and "0 findings" in run.stdout


def test_exit_1_on_findings(tmp_path: Path, run_cli) -> None:
    run = run_cli("scan", str(_tree(tmp_path)), "--no-color")
    assert run.exit_code == 1
    assert "CRITICAL  glomo-api-key  " in run.stdout and "fix: Rotate the key in the Glomo dashboard" in run.stdout


@pytest.mark.parametrize(("args", "code"), [
    (["--bogus"], 2),
    (["--format", "yaml"], 2),
    (["--fail-on", "severe"], 2),
    (["--jobs", "0"], 2),
])
def test_exit_2_on_bad_usage(tmp_path: Path, run_cli, args: list[str], code: int) -> None:
    run = run_cli("scan", str(tmp_path), *args)
    assert run.exit_code == code
    assert run.stderr.startswith("leakscan: error:") and run.stderr.count("\n") == 1
    assert "Traceback" not in run.stderr


def test_nonexistent_path_is_exit_2(tmp_path: Path, run_cli) -> None:
    run = run_cli("scan", str(tmp_path / "nope"))
    assert run.exit_code == 2
    assert run.stderr.count("\n") == 1 and "nope" in run.stderr and "Traceback" not in run.stderr


def test_fail_on_skipped_makes_any_skip_exit_2(tmp_path: Path, run_cli) -> None:
    (tmp_path / "a.py").write_text("print('hello')\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(64))
    assert run_cli("scan", str(tmp_path)).exit_code == 0  # a binary file is a skip, not a fault
    run = run_cli("scan", str(tmp_path), "--fail-on-skipped")
    assert run.exit_code == 2
    assert run.stderr.strip().splitlines() == ["leakscan: error: --fail-on-skipped: 1 skipped: logo.png (binary)"]
    assert "skipped: logo.png: binary" in run.stdout  # the report is written first
    both = run_cli("scan", str(tmp_path), "--fail-on-skipped", "--allow-skipped")
    assert both.exit_code == 2 and "exclusive" in both.stderr


def test_info_never_fails_by_default(tmp_path: Path, run_cli) -> None:
    (tmp_path / "checkout.ts").write_text(f'const publishableKey = "{TEST_PUBLIC}";\n')
    run = run_cli("scan", str(tmp_path), "--format", "json")
    [finding] = run.json()["findings"]
    assert finding["severity"] == "info"
    assert run.exit_code == 0
    assert run_cli("scan", str(tmp_path), "--fail-on", "info").exit_code == 1


@pytest.mark.parametrize(("fail_on", "code"), [
    ("info", 1), ("low", 1), ("medium", 1), ("high", 1), ("critical", 0), ("never", 0)])
def test_fail_on_threshold(tmp_path: Path, run_cli, fail_on: str, code: int) -> None:
    (tmp_path / "client.py").write_text(f"auth = 'Basic {BASIC}'\n")  # high
    run = run_cli("scan", str(tmp_path), "--fail-on", fail_on, "--format", "json")
    assert run.exit_code == code
    assert run.json()["summary"]["fail_on"] == fail_on


# --- the JSON contract ------------------------------------------------------------------------------

CONTRACT = {"rule_id", "severity", "key_type", "environment", "client_side", "client_side_reason", "path",
            "line", "column", "commit", "fingerprint", "secret", "validation"}


def test_json_contract(tmp_path: Path, run_cli) -> None:
    run = run_cli("scan", ".", "--format", "json", cwd=str(_tree(tmp_path)))
    assert run.exit_code == 1
    doc = run.json()
    findings = {f["rule_id"]: f for f in doc["findings"]}
    assert set(findings) == {"glomo-api-key", "hex-private-key", "bitcoin-wif-private-key", "gluwa-basic-token"}
    assert len(doc["findings"]) == 5
    values = {"glomo-api-key": LIVE_SECRET, "hex-private-key": HEX, "bitcoin-wif-private-key": WIF,
              "gluwa-basic-token": BASIC}
    for f in doc["findings"]:
        assert set(f) >= CONTRACT
        assert f["severity"] in ("critical", "high", "medium", "low", "info")
        assert f["environment"] in ("test", "live", "unknown")
        assert isinstance(f["client_side"], bool) and isinstance(f["client_side_reason"], str)
        assert f["client_side_reason"]
        assert f["commit"] is None
        assert not f["path"].startswith(("/", "./")) and "\\" not in f["path"]
        assert isinstance(f["line"], int) and f["line"] >= 1 and f["column"] >= 1
        assert isinstance(f["validation"], dict)
    g = findings["glomo-api-key"]
    assert (g["path"], g["line"], g["column"]) == ("server/.env", 1, 18)
    assert (g["key_type"], g["environment"], g["severity"]) == ("secret", "live", "critical")
    assert g["validation"]["claims"]["env"] == "live"
    h = findings["hex-private-key"]
    assert (h["path"], h["line"], h["column"], h["key_type"]) == ("server/.env", 2, 15, "private-key")
    assert h["validation"]["address"] == secrets.eth_address(63)
    w = findings["bitcoin-wif-private-key"]
    assert (w["path"], w["line"], w["column"]) == ("docs/btc.md", 3, 9)
    assert findings["gluwa-basic-token"]["validation"]["api_key"] == "gk****1"
    for rule_id, secret in values.items():
        f = findings[rule_id] if rule_id != "glomo-api-key" else g
        assert f["fingerprint"] == hashlib.sha256(f"{rule_id}:{secret}".encode()).hexdigest()
        shown = f["secret"]
        visible = shown.replace("****", "")
        assert "****" in shown and len(visible) <= 6
        assert secret.startswith(visible[:4]) and secret.endswith(visible[4:])
    summary = doc["summary"]
    assert summary["findings"] == 5 and summary["files_scanned"] == 4
    assert summary["by_severity"]["info"] == 1


def test_output_file(tmp_path: Path, tree: Path, run_cli) -> None:
    root = tree
    report = tmp_path / "report.json"
    run = run_cli("scan", str(root), "--format", "json", "--output", str(report))
    assert run.exit_code == 1
    assert run.stdout == ""
    assert "5 findings" in run.stderr  # the summary still reaches the terminal
    assert len(json.loads(report.read_text())["findings"]) == 5
    bad = run_cli("scan", str(root), "--output", str(tmp_path / "no" / "such" / "dir.txt"))
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1


# --- secrets are never shown unless asked -----------------------------------------------------------

def _all_output(run_cli, root: Path, *extra: str) -> str:
    out = []
    for fmt in ("text", "json"):
        run = run_cli("scan", ".", "--format", fmt, "--show-suppressed", *extra, cwd=str(root))
        out.append(run.stdout + run.stderr)
    report = root.parent / "report.out"
    run_cli("scan", ".", "--format", "json", "--output", str(report), *extra, cwd=str(root))
    out.append(report.read_text())
    return "\n".join(out)


def test_default_output_never_contains_a_secret(tree: Path, run_cli) -> None:
    root = tree
    two = secrets.hex_key(65), secrets.hex_key(66)
    (root / "pair.py").write_text(f'keys = ["{two[0]}", "{two[1]}"]\n')  # two secrets on one line
    (root / "quiet.env").write_text(f"PRIVATE_KEY={secrets.hex_key(67)}  # leakscan:allow hex-private-key test\n")
    text = _all_output(run_cli, root)
    for secret in [*ALL_SECRETS, *two, secrets.hex_key(67), "gk_live_77aa01", "Zx9-secret-Qw2"]:
        assert secret not in text
        assert secret.lower() not in text.lower()


def test_show_secrets_shows_them_whole(tree: Path, run_cli) -> None:
    root = tree
    text = _all_output(run_cli, root, "--show-secrets")
    for secret in ALL_SECRETS:
        assert secret in text


# --- bad configuration -----------------------------------------------------------------------------

BAD_CONFIGS = [
    ('[[rules]]\nid = "acme"\ntitle = "t"\nseverity = "high"\nregex = "acme_(?P<secret>[a-z"\n',
     ["rule 'acme'", "field 'regex'"]),
    ('[[rules]]\nid = "acme"\ntitle = "t"\nseverity = "severe"\nregex = "acme_[a-z]+"\n',
     ["rule 'acme'", "field 'severity'"]),
    ('[[rules]]\nid = "acme"\ntitle = "t"\nseverity = "low"\nregex = "acme"\nvalidator = "magic"\n',
     ["rule 'acme'", "field 'validator'"]),
    ('[[rules]]\nid = "acme"\ntitle = "t"\nseverity = "low"\nregex = "acme"\ncolour = "red"\n',
     ["rule 'acme'", "field 'colour'"]),
    ('[[rules]]\nid = "hex-private-key"\ntitle = "t"\nseverity = "low"\nregex = "acme"\n',
     ["rule 'hex-private-key'", "field 'id'"]),
    ('[[allowlist]]\npaths = ["x"]\n', ["field 'allowlist[0].reason'"]),
    ('[scan]\ndisabled_rules = ["nope"]\n', ["field 'scan.disabled_rules'"]),
    ('[scan]\nmax_file_size = "big"\n', ["field 'scan.max_file_size'"]),
    ('[policy]\n"hex-private-key" = {client = "awful"}\n', ["field 'policy.hex-private-key.client'"]),
    ("[scan\n", ["invalid TOML"]),
    ('[surprise]\n', ["field 'surprise'"]),
]


@pytest.mark.parametrize(("text", "names"), BAD_CONFIGS, ids=[f"bad-{i}" for i in range(len(BAD_CONFIGS))])
def test_bad_config_one_line_exit_2(tmp_path: Path, run_cli, text: str, names: list[str]) -> None:
    config = tmp_path / ".leakscan.toml"
    config.write_text(text)
    for args in (["scan", str(tmp_path)], ["scan", str(tmp_path), "--config", str(config)],
                 ["rules", "check", "--config", str(config)]):
        run = run_cli(*args)
        assert run.exit_code == 2, run.stdout
        assert run.stderr.count("\n") == 1, run.stderr
        assert str(config) in run.stderr and "Traceback" not in run.stderr
        for name in names:
            assert name in run.stderr


def test_missing_config_file(tmp_path: Path, run_cli) -> None:
    run = run_cli("scan", str(tmp_path), "--config", str(tmp_path / "absent.toml"))
    assert run.exit_code == 2 and "absent.toml" in run.stderr and run.stderr.count("\n") == 1


def test_bad_config_in_a_real_process(tmp_path: Path) -> None:
    (tmp_path / ".leakscan.toml").write_text(BAD_CONFIGS[0][0])
    proc = _leakscan("scan", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "field 'regex'" in proc.stderr and "Traceback" not in proc.stderr


# --- determinism and the process pool ---------------------------------------------------------------

def test_order_is_deterministic_across_jobs(tmp_path: Path, run_cli) -> None:
    filler = ("x = compute(a, b)  # filler line for size\n" * 1200).encode()
    for i in range(60):  # ~3 MiB in 60 files, over the 2 MiB below which the pool is skipped
        sub = tmp_path / f"d{i % 7}"
        sub.mkdir(exist_ok=True)
        (sub / f"f{i:02d}.py").write_bytes(filler + f"KEY_{i}={secrets.hex_key(100 + i)}\n".encode() + filler)
    runs = [run_cli("scan", ".", "--format", "json", "--jobs", jobs, cwd=str(tmp_path)) for jobs in ("1", "2")]
    docs = [r.json() for r in runs]
    assert docs[0]["summary"]["bytes_scanned"] > 2 * 1024 * 1024
    assert docs[0]["findings"] == docs[1]["findings"] and len(docs[0]["findings"]) == 60
    keys = [(f["path"], f["line"], f["column"]) for f in docs[0]["findings"]]
    assert keys == sorted(keys)


def test_scan_in_a_real_process(tree: Path) -> None:
    root = tree
    proc = _leakscan("scan", "--format", "json", "--no-color", cwd=root)
    assert proc.returncode == 1, proc.stderr
    assert len(json.loads(proc.stdout)["findings"]) == 5
    env = {**os.environ}
    proc = subprocess.run([str(Path(sys.executable).with_name("leakscan")), "scan", str(root), "--fail-on", "never"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0 and "5 findings" in proc.stdout
    for secret in ALL_SECRETS:
        assert secret not in proc.stdout
