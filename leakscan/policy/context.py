"""Where a finding sits: client-side code or not, why, and in what kind of token.

:class:`Judge` gathers signals from the path (:mod:`.paths`), the file's text
(:mod:`.content`) and the value's binding (:mod:`.publicvars`), settles them
(:mod:`.signals`), and asks pygments for the token around the match
(:mod:`.tokens`). It is built once from the configuration, before workers fork.
"""

from __future__ import annotations

from leakscan.model import Fragment, Placement, RuleMatch, Scratch
from leakscan.policy import content, manifests, publicvars, tokens
from leakscan.policy.paths import PathRule, build_rules, path_signals
from leakscan.policy.settings import ClientSideSettings
from leakscan.policy.signals import CLIENT, USER, Signal, decide

# archives that are installed on a user's device or browser: everything inside ships to it
_PACKAGES = {".apk": "an Android app", ".aab": "an Android app bundle", ".ipa": "an iOS app",
             ".xpi": "a browser extension", ".crx": "a browser extension"}


def package_signals(chain: tuple[str, ...]) -> list[Signal]:
    """Inside an app or extension package, the inner path is judged too, but the package itself ships."""
    for outer in chain[:-1]:
        kind = next((what for ext, what in _PACKAGES.items() if outer.lower().endswith(ext)), None)
        if kind is not None:
            return [Signal(CLIENT, USER, f"is inside {outer}, {kind} installed on users' devices")]
    return []


class Judge:
    def __init__(self, settings: ClientSideSettings | None = None):
        self.settings = settings or ClientSideSettings()
        self.rules: tuple[PathRule, ...] = build_rules(self.settings)
        self.public = publicvars.PublicVars.with_extra(self.settings.public_prefixes)

    def file_signals(self, fragment: Fragment, scratch: Scratch | None = None) -> list[Signal]:
        """Signals that hold for every match in the fragment: path and whole-file content
        (once per fragment, in the detector's scratch); inside an archive, the inner path and
        the package kind."""
        return scratch.get(self._file_signals) if scratch is not None else self._file_signals(fragment)

    def _file_signals(self, fragment: Fragment) -> list[Signal]:
        found = path_signals(fragment.archive[-1] if fragment.archive else fragment.path, self.rules)
        found += package_signals(fragment.archive)
        if self.settings.content:
            found += content.file_signals(fragment)
            if fragment.disk_path and not fragment.archive:
                found += manifests.signals(fragment.disk_path, fragment.path)
        return found

    def match_signals(self, fragment: Fragment, match: RuleMatch, scratch: Scratch | None = None) -> list[Signal]:
        found = [self.public.binding(fragment, match), publicvars.config_block(fragment, match, scratch)]
        if self.settings.content:
            found.append(content.inline_script(fragment, match))
        return [s for s in found if s is not None]

    def __call__(self, fragment: Fragment, match: RuleMatch, scratch: Scratch | None = None) -> Placement:
        language, token = tokens.token_context(fragment, match, scratch)
        if not self.settings.enabled:
            return Placement(False, "client-side analysis is disabled ([client_side] enabled = false)",
                             token, language)
        decision = decide([*self.file_signals(fragment, scratch), *self.match_signals(fragment, match, scratch)],
                          fragment.path)
        return Placement(decision.client_side, decision.reason, token, language)


def build_judge(settings: ClientSideSettings | None = None) -> Judge:
    return Judge(settings)


def judge(fragment: Fragment, match: RuleMatch) -> Placement:
    """The judgement with default settings (a Detector builds its own from its Config)."""
    return Judge()(fragment, match)
