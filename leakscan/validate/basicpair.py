"""The Gluwa key and secret written raw: ``curl -u key:secret``, ``HTTPBasicAuth("k", "s")``,
``req.SetBasicAuth("k", "s")``, axios ``auth: {username, password}``, or a bare base64
``key:secret`` bound to a ``*_TOKEN`` / ``basic`` / ``auth`` name (a Docker config's ``auth``).

The same pair a ``Basic`` header carries, so it is judged the same way: both halves
literal (no ``$VAR``, ``{{ x }}``, ``<key>``), not a placeholder pair.  The provider
documents' own example (``abcd`` / ``1234``) is a known public value: reported, never
blocking.  Without a Gluwa mention nearby it is still a credential, one level lower.
"""

from __future__ import annotations

import regex

from leakscan.model import Fragment, RuleMatch, Scratch, Verdict
from leakscan.redaction import redact
from leakscan.validate.basic import KNOWN_PUBLIC, PLACEHOLDER_PAIRS, decode_pair, pair_identity
from leakscan.validate.context import is_placeholder, mentions

_QUOTED = regex.compile(r"""^(?P<key>.*?)["']\s*,\s*(?:password\s*:\s*)?["'](?P<secret>.*)$""", regex.S)
_BASE64 = regex.compile(r"^[A-Za-z0-9+/]+={0,2}$")
_REFERENCE = regex.compile(r"[$%]\{|\$\(|^\$|:\$|\{\{|<[A-Za-z_ -]+>|\*\*\*|process\.env|os\.environ")


def split(text: str) -> tuple[str, str, str] | None:
    """(key, secret, form) from the matched text, or None."""
    if (m := _QUOTED.match(text)) is not None:
        return m["key"], m["secret"], "arguments"
    if ":" in text:
        key, _, secret = text.partition(":")
        return key.strip("'\""), secret.strip("'\"").rstrip(".,;)"), "user:password"
    if _BASE64.match(text) and (pair := decode_pair(text)) is not None:
        return pair[0], pair[1], "base64"
    return None


def validate(match: RuleMatch, fragment: Fragment, now: float, scratch: Scratch | None = None) -> Verdict:
    found = split(match.secret.decode("utf-8", "replace"))
    if found is None:
        return Verdict(False, reason="not a key:secret pair")
    key, secret, form = found
    if not key or not secret or _REFERENCE.search(key + ":" + secret):
        return Verdict(False, reason="a variable reference, not a value")
    if is_placeholder(key) or is_placeholder(secret) or (key.lower(), secret.lower()) in PLACEHOLDER_PAIRS:
        return Verdict(False, reason="placeholder credentials")
    gluwa = mentions(fragment, match.start, match.end, (b"gluwa",), radius=600)
    facts = {"api_key": redact(key), "api_secret": redact(secret), "form": form, "gluwa_context": gluwa,
             "corroborated": gluwa}
    if (why := KNOWN_PUBLIC.get((key, secret))) is not None:
        facts["known_public"] = why
    return Verdict(True, rule_id=match.rule_id, key_type="api-key-and-secret", facts=facts,
                   identity=pair_identity(key, secret))
