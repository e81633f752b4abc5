"""What every provider check is handed, and the one way a check builds its answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from leakscan.model import Finding, Verification
from leakscan.verify.http import Client, Response
from leakscan.verify.settings import VerifySettings


@dataclass(frozen=True)
class Context:
    settings: VerifySettings
    client: Client
    clock: Callable[[], float]

    def stamp(self) -> str:
        return dt.datetime.fromtimestamp(self.clock(), dt.timezone.utc).isoformat(timespec="seconds")

    def answer(self, status: str, reason: str, host: str | None = None,
               http_status: int | None = None) -> Verification:
        return Verification(status, self.stamp(), host, http_status, reason)

    def unanswered(self, response: Response) -> Verification:
        """``unknown``: a network failure, a refused redirect, 429 or 5xx after the retries."""
        if response.status is None:
            return self.answer("unknown", response.error, response.host)
        what = "rate limited (429)" if response.status == 429 else f"server error ({response.status})"
        return self.answer("unknown", f"{what} after {self.settings.retries} retries; try again later",
                           response.host, response.status)


class Provider(Protocol):
    """A live check for one provider's findings: a module with this function, listed in leakscan.verify.run."""

    def check(self, finding: Finding, ctx: Context) -> Verification: ...
