"""Every wrapping through the real CLI: the outer line and column, how it was decoded, the inner fingerprint."""

from __future__ import annotations

import base64
import json
import urllib.parse
from pathlib import Path

from leakscan.findings import fingerprint
from testing import secrets
from tests.engine.test_decode import BASIC, KEY

HEX = secrets.hex_key(125)
PAIR = ("gk_live_5e6f7a8b", "Vq3-zT8wLp1xN7cR")


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _files(root: Path) -> dict[str, tuple[int, int, list[str], str, str]]:
    """name -> (line, column, decoded, rule, fingerprint) each file must give."""
    key, secret = PAIR
    dockercfg = json.dumps({"auths": {"registry.example.com": {"auth": b64(f"{key}:{secret}")}}})
    inner = json.dumps({"level": "info", "auth": f"Basic {BASIC}"}).replace("/", "\\/")
    q = urllib.parse.quote(f"Basic {BASIC}", safe="")
    files = {
        "k8s/secret.yaml": (f"apiVersion: v1\nkind: Secret\ndata:\n  GLOMO_SECRET_KEY: {b64(KEY)}\n",
                            (4, 21, ["base64"], "glomo-api-key", fingerprint("glomo-api-key", KEY))),
        "k8s/key.yaml": (f"kind: Secret\ndata:\n  PRIVATE_KEY: {b64('0x' + HEX)}\n",
                         (3, 16, ["base64"], "hex-private-key", fingerprint("hex-private-key", HEX))),
        "k8s/pull.yaml": (f"kind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n"
                          f"  .dockerconfigjson: {b64(dockercfg)}\n",
                          (4, 22, ["base64"], "gluwa-basic-credential",
                           fingerprint("gluwa-basic-token", b64(f"{key}:{secret}")))),
        "logs/access.log": (f'10.0.0.1 - - [01/Dec/2026:10:00:00 +0000] "GET /v1?a={q} HTTP/1.1" 200 1\n',
                            (1, 62, ["percent"], "gluwa-basic-token", fingerprint("gluwa-basic-token", BASIC))),
        "logs/app-json.log": (json.dumps({"log": inner + "\n", "stream": "stdout"}) + "\n",
                              (1, 50, ["json-escape", "json-escape"], "gluwa-basic-token",
                               fingerprint("gluwa-basic-token", BASIC))),
        "logs/ci.log": (f"\x1b[36m+ curl -H 'Authorization: Basic \x1b[1m{BASIC}\x1b[0m' https://api\x1b[0m\n",
                        (1, 42, ["ansi"], "gluwa-basic-token", fingerprint("gluwa-basic-token", BASIC))),
        "scripts/pay.sh": (f"# gluwa\ncurl -u {key}:{secret} https://api.gluwa.com/v1/balance\n",
                           (2, 9, [], "gluwa-basic-credential",
                            fingerprint("gluwa-basic-token", b64(f"{key}:{secret}")))),
    }
    for name, (text, _) in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return {name: want for name, (_, want) in files.items()}


def test_each_wrapping_at_its_outer_line_and_column(leakscan, tmp_path: Path) -> None:
    want = _files(tmp_path)
    run = leakscan("scan", ".", "--format", "json", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    doc = json.loads(run.stdout)
    got = {f["path"]: (f["line"], f["column"], f.get("decoded", []), f["rule_id"], f["fingerprint"])
           for f in doc["findings"]}
    assert got == want
    for value in (KEY, BASIC, HEX, b64(KEY), PAIR[1]):
        assert value not in run.stdout  # neither the secret nor its encoded form


def test_text_report_says_how_it_was_decoded(leakscan, tmp_path: Path) -> None:
    _files(tmp_path)
    run = leakscan("scan", "k8s/secret.yaml", cwd=tmp_path)
    assert "k8s/secret.yaml:4:21" in run.stdout and "decoded: base64" in run.stdout
    assert b64(KEY) not in run.stdout and KEY not in run.stdout


def test_logs_command_reads_wrapped_values_too(leakscan, tmp_path: Path) -> None:
    _files(tmp_path)
    run = leakscan("logs", "logs/access.log", "logs/ci.log", "--format", "json", cwd=tmp_path)
    got = sorted((f["path"], f["line"], f["column"], f.get("decoded")) for f in json.loads(run.stdout)["findings"])
    assert got == [("logs/access.log", 1, 62, ["percent"]), ("logs/ci.log", 1, 42, ["ansi"])]


def test_redact_replaces_the_whole_encoded_span(leakscan, tmp_path: Path) -> None:
    _files(tmp_path)
    run = leakscan("redact", "logs/access.log", cwd=tmp_path)
    assert run.returncode in (0, 1), run.stderr
    assert "%2B" not in run.stdout.split("a=Basic%20", 1)[1].split(" ", 1)[0]
    assert urllib.parse.quote(BASIC, safe="") not in run.stdout and "[REDACTED" in run.stdout


def test_the_documentation_example_is_info_and_never_blocks(leakscan, tmp_path: Path) -> None:
    pair = "abcd" + ":" + "1234"  # the provider's own example, built here so this file stays clean
    (tmp_path / "README.md").write_text(f"Authorization: Basic {b64(pair)}\n\n    curl -u {pair} https://x\n")
    run = leakscan("scan", ".", "--format", "json", cwd=tmp_path)
    doc = json.loads(run.stdout)
    assert run.returncode == 0
    assert sorted((f["rule_id"], f["severity"]) for f in doc["findings"]) == [
        ("gluwa-basic-credential", "info"), ("gluwa-basic-token", "info")]
    assert all(f["validation"]["known_public"] for f in doc["findings"])


def test_diff_and_history_find_wrapped_secrets_at_the_new_line(leakscan, tmp_path: Path) -> None:
    from testing.gitrepo import GitRepo

    repo = GitRepo(tmp_path / "repo")
    repo.commit("base", {"k8s/s.yaml": "kind: Secret\ndata:\n"})
    repo.commit("add key", {"k8s/s.yaml": f"kind: Secret\ndata:\n  GLOMO_SECRET_KEY: {b64(KEY)}\n"})
    history = leakscan("git", ".", "--format", "json", cwd=repo.path)
    [found] = json.loads(history.stdout)["findings"]
    assert (found["path"], found["line"], found["column"], found["decoded"]) == ("k8s/s.yaml", 3, 21, ["base64"])
    assert found["fingerprint"] == fingerprint("glomo-api-key", KEY)
    patch = repo.git("log", "-p", "-1")
    (tmp_path / "p.diff").write_text(patch)
    diff = leakscan("diff", str(tmp_path / "p.diff"), "--format", "json", cwd=repo.path)
    [found] = json.loads(diff.stdout)["findings"]
    assert (found["line"], found["column"], found["decoded"]) == (3, 21, ["base64"])
