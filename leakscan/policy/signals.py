"""One piece of evidence about where code runs, and how conflicting evidence is settled.

Every signal says a side (client or server), a rank and a reason. The highest
rank wins; between equal ranks the one found deeper in the path wins
(``server/public/app.js`` is a public asset of a server); a remaining tie goes
to the server marker, as the design says server markers beat weaker client
signals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CLIENT, SERVER = "client", "server"

# Ranks, strongest last. Named so the default rules read as a table.
WEAK = 0  # file types that may also run on a server (.jsx, .tsx, .kt), browser globals
FOLDER = 1  # conventional folders: public/, web/, server/, api/
LANGUAGE = 2  # HTML-like files, back-end languages, dist/, Angular component files
FRAMEWORK = 3  # framework conventions: pages/api/, *.server.ts, android/, inline <script>
USER = 4  # globs from [client_side] in the configuration; built bundles
EXPLICIT = 5  # "use client" / "use server", server-only imports
VALUE = 6  # the value itself is bound to a build-time public variable


@dataclass(frozen=True)
class Signal:
    side: str
    rank: int
    reason: str  # reads after the path: '<path> starts with "use client"', or whole when value-level
    depth: int = 0  # path component the evidence sits at (deeper wins ties)
    whole: bool = False  # the reason is a full sentence, not a predicate of the path


@dataclass(frozen=True)
class Decision:
    client_side: bool
    reason: str


def _text(signal: Signal, path: str) -> str:
    return signal.reason if signal.whole else f"{path} {signal.reason}"


def decide(signals: Iterable[Signal], path: str) -> Decision:
    ordered = sorted(signals, key=lambda s: (s.rank, s.depth, s.side == SERVER), reverse=True)
    if not ordered:
        return Decision(False, f"{path}: no client-side signal in its path, file type or content")
    winner = ordered[0]
    reason = _text(winner, path)
    beaten = next((s for s in ordered[1:] if s.side != winner.side), None)
    if beaten is not None:
        reason += f"; overrides: {beaten.reason}"
    return Decision(winner.side == CLIENT, reason)
