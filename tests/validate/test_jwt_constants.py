"""A JWT claim written NaN or Infinity (JSON that Python reads, but no strict parser does) never
reaches a report bare: found by fuzzing, the JSON and SARIF reports were invalid."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from testing import secrets


def strict(text: str):
    def refuse(name: str):
        raise ValueError(f"bare {name} in the report")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999"])
@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_reports_stay_valid_json(tmp_path, constant, fmt):
    token = secrets.jwt({"env": "live", "merchant_id": "m_1", "key_type": "secret"}, seed=97)
    head, payload, sig = token.split(".")
    body = secrets.b64url(f'{{"env":"live","key_type":"secret","exp":{constant},"amount":{constant}}}'.encode())
    (tmp_path / "server.py").write_text(f'GLOMO_SECRET_KEY = "{head}.{body}.{sig}"\n')
    proc = subprocess.run([sys.executable, "-m", "leakscan", "scan", ".", "--format", fmt], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    doc = strict(proc.stdout)
    if fmt == "json":
        [finding] = doc["findings"]
        assert finding["rule_id"] == "glomo-api-key"
        assert constant in json.dumps(finding["validation"])  # kept, as text
