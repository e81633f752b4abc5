"""A fleet of generated repositories for audit tests: secrets added, fixed and reintroduced between runs.

``Fleet.step(n)`` brings every repository to the state audited by run ``n`` (1, 2, 3), and
``Fleet.expected(n)`` says which secrets that run must call new, open, reintroduced and fixed.
Secrets are generated here, never committed as literals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from leakscan.findings import fingerprint
from testing import secrets
from testing.gitrepo import GitRepo


def hex_secret(seed: int) -> tuple[str, str]:
    key = secrets.hex_key(seed)
    return fingerprint("hex-private-key", key), f'private_key = "{key}"\n'


def glomo_secret(seed: int) -> tuple[str, str]:
    key = secrets.glomo_key(seed=seed)
    return fingerprint("glomo-api-key", key), f'GLOMO_SECRET_KEY = "{key}"\n'


@dataclass
class Fleet:
    """``size`` repositories under ``root``; the plan of repository i (see :meth:`step`) depends on i only."""

    root: Path
    size: int = 20
    repos: list[GitRepo] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [str(r.path) for r in self.repos]

    def a(self, i: int) -> tuple[str, str]:  # at HEAD in run 1; removed before run 2 where i % 3 == 0, back in run 3
        return hex_secret(100 + i)

    def b(self, i: int) -> tuple[str, str]:  # even i: at HEAD throughout
        return glomo_secret(200 + i)

    def c(self, i: int) -> tuple[str, str]:  # i % 4 == 0: added for run 2, removed before run 3
        return hex_secret(300 + i)

    def h(self, i: int) -> tuple[str, str]:  # i % 5 == 0: added and removed before run 1 (history only)
        return hex_secret(400 + i)

    shared = staticmethod(lambda: hex_secret(500))  # repos 1 and 2, from run 3 on: one secret, two repositories

    def step(self, run: int) -> None:
        if run == 1:
            for i in range(self.size):
                repo = GitRepo(self.root / f"repo{i:02d}")
                self.repos.append(repo)
                repo.commit("start", {"README.md": f"repository {i}\n"})
                if i % 5 == 0:
                    repo.commit("oops", {"old.env": self.h(i)[1]})
                    repo.commit("remove it", {"old.env": None})
                files = {"app/settings.py": self.a(i)[1]}
                if i % 2 == 0:
                    files["web/server.py"] = self.b(i)[1]
                repo.commit("settings", files)
        for i, repo in enumerate(self.repos):
            if run == 2:
                if i % 3 == 0:
                    repo.commit("drop the key", {"app/settings.py": "private_key = os.environ['KEY']\n"})
                if i % 4 == 0:
                    repo.commit("add c", {"deploy/c.py": self.c(i)[1]})
            if run == 3:
                if i % 3 == 0:
                    repo.commit("put it back", {"app/settings.py": self.a(i)[1]})
                if i % 4 == 0:
                    repo.commit("drop c", {"deploy/c.py": None})
                if i in (1, 2):
                    repo.commit("shared", {"shared/key.py": self.shared()[1]})

    def expected(self, run: int) -> dict[str, set[str]]:
        n = range(self.size)
        a_gone = {self.a(i)[0] for i in n if i % 3 == 0}
        a_stay = {self.a(i)[0] for i in n if i % 3 != 0}
        b = {self.b(i)[0] for i in n if i % 2 == 0}
        c = {self.c(i)[0] for i in n if i % 4 == 0}
        h = {self.h(i)[0] for i in n if i % 5 == 0}
        if run == 1:
            return {"new": a_gone | a_stay | b, "open": set(), "reintroduced": set(), "fixed": h}
        if run == 2:
            return {"new": c, "open": a_stay | b, "reintroduced": set(), "fixed": h | a_gone}
        return {"new": {self.shared()[0]}, "open": a_stay | b, "reintroduced": a_gone, "fixed": h | c}
