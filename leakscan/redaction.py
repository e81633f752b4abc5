"""The one redaction function every report and fact goes through.

Shows at most the first 4 and last 2 characters, fewer for short secrets, so a
reader can tell two secrets apart without learning either.
"""

from __future__ import annotations


def redact(secret: str) -> str:
    n = len(secret)
    if n >= 24:
        return f"{secret[:4]}****{secret[-2:]}"
    if n >= 12:
        return f"{secret[:2]}****{secret[-1:]}"
    return "****"


def redact_in(text: str, secret: str) -> str:
    """``text`` with every occurrence of ``secret`` redacted."""
    return text.replace(secret, redact(secret)) if secret else text
