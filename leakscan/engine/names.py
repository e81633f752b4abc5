"""The matcher engines a user can choose: the one list the CLI and the matcher share."""

from __future__ import annotations

ENGINES = ("auto", "hyperscan", "regex")
