"""Path globs that say client or server: the defaults for common layouts, plus the user's own.

Globs use gitignore syntax (``**/public/**``, ``*.tsx``; no ``/`` matches the file
name at any depth) with ``{a,b}`` alternatives. Each match also records how deep
in the path it sits, so ``server/public/app.js`` reads as a public asset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from leakscan.policy.globs import compile_glob
from leakscan.policy.settings import ClientSideSettings
from leakscan.policy.signals import CLIENT, FOLDER, FRAMEWORK, LANGUAGE, SERVER, USER, WEAK, Signal

_C, _S = CLIENT, SERVER
_BACKEND = "py,rb,go,java,php,cs,rs,ex,exs,erl,pl,pm,scala,clj,fs,groovy"

# (glob, side, rank, reason read after the path)
DEFAULT_RULES: tuple[tuple[str, str, int, str], ...] = (
    # built bundles: what a browser downloads
    ("**/.next/static/**", _C, USER, "is in .next/static/ (Next.js browser bundle)"),
    ("**/.next/server/**", _S, USER, "is in .next/server/ (Next.js server bundle)"),
    ("**/build/static/**", _C, USER, "is in build/static/ (built browser bundle)"),
    ("**/.output/public/**", _C, USER, "is in .output/public/ (Nuxt browser bundle)"),
    ("**/.svelte-kit/output/client/**", _C, USER, "is in SvelteKit's client output"),
    ("**/*.{js,css,mjs}.map", _C, USER, "is a source map (ships the original source to browsers)"),
    ("**/dist/**/*.{js,mjs,cjs,html}", _C, LANGUAGE, "is in dist/ (built bundle)"),
    # tests are run, not shipped
    ("**/*.{test,spec}.{js,jsx,ts,tsx,mjs,cjs,mts,cts}", _S, FRAMEWORK, "is a test file (run, not shipped)"),
    ("**/{__tests__,__mocks__,cypress,e2e}/**", _S, FRAMEWORK, "is in a test folder (run, not shipped)"),
    *((f"**/{d}/**", _S, FOLDER, f"is under {d}/ (tests: run, not shipped)") for d in ("test", "tests")),
    # framework server conventions
    ("**/pages/api/**", _S, FRAMEWORK, "is under pages/api/ (Next.js API route, server)"),
    ("**/app/api/**", _S, FRAMEWORK, "is under app/api/ (Next.js route handler, server)"),
    ("**/*.server.{ts,js,mjs,cjs,tsx,jsx}", _S, FRAMEWORK, "is a *.server.* module (server only)"),
    ("**/+server.{ts,js}", _S, FRAMEWORK, "is a SvelteKit +server endpoint"),
    ("**/{+page,+layout}.{ts,js}", _C, FRAMEWORK, "is a SvelteKit universal load module (runs in the browser too)"),
    ("**/*.client.{ts,js,mjs,tsx,jsx}", _C, FRAMEWORK, "is a *.client.* module (Remix/Nuxt: browser only)"),
    ("**/preload.{js,ts,cjs,mjs}", _C, FOLDER, "is an Electron preload script (runs beside the renderer)"),
    ("**/renderer/**", _C, FOLDER, "is under renderer/ (Electron renderer process: a browser window)"),
    ("**/lib/server/**", _S, FRAMEWORK, "is under lib/server/ (SvelteKit server-only modules)"),
    ("**/middleware.{ts,js}", _S, FRAMEWORK, "is Next.js middleware (runs on the server)"),
    ("**/server/api/**", _S, FRAMEWORK, "is under server/api/ (Nuxt server route)"),
    # build and deploy configuration: read by builds and servers, not shipped (public variables
    # and client config blocks inside them are caught per value, at a higher rank)
    ("**/.env{,.*}", _S, LANGUAGE, "is a dotenv file (only public-prefixed variables ship)"),
    ("**/{docker-compose,compose}*.{yml,yaml}", _S, LANGUAGE, "is deployment configuration"),
    ("**/{Dockerfile,Dockerfile.*,*.dockerfile}", _S, LANGUAGE, "is deployment configuration"),
    ("**/{.github/workflows,.circleci}/*.{yml,yaml}", _S, LANGUAGE, "is CI configuration"),
    ("**/{.gitlab-ci,bitbucket-pipelines,azure-pipelines}.yml", _S, LANGUAGE, "is CI configuration"),
    ("**/{next,nuxt,vite,svelte,webpack}.config.{js,mjs,cjs,ts,mts}", _S, LANGUAGE,
     "is build configuration (only its public blocks ship)"),
    # mobile apps: everything in the package ships to devices
    ("**/android/**", _C, FRAMEWORK, "is in an android/ app (ships to devices)"),
    ("**/ios/**", _C, FRAMEWORK, "is in an ios/ app (ships to devices)"),
    ("**/res/values/*.xml", _C, FRAMEWORK, "is an Android resource file (ships in the APK)"),
    ("**/Info.plist", _C, FRAMEWORK, "is an iOS Info.plist (ships in the app bundle)"),
    ("**/lib/**/*.dart", _C, FRAMEWORK, "is Flutter app code under lib/"),
    # file types
    ("*.{html,htm,xhtml}", _C, LANGUAGE, "is an HTML page (rendered by browsers)"),
    ("*.{vue,svelte}", _C, LANGUAGE, "is a front-end component (.vue/.svelte)"),
    ("*.component.{ts,js,html}", _C, LANGUAGE, "is an Angular component"),
    ("**/environments/environment*.ts", _C, LANGUAGE, "is an Angular environment file (bundled)"),
    (f"*.{{{_BACKEND}}}", _S, LANGUAGE, "is in a back-end language"),
    ("*.{swift,dart}", _C, FOLDER, "is mobile app source (Swift/Dart)"),
    ("*.{jsx,tsx}", _C, WEAK, "is a React component (.jsx/.tsx)"),
    ("*.{kt,kts}", _C, WEAK, "is Kotlin (Android app source)"),
    # conventional folders
    ("**/public/**", _C, FOLDER, "is under public/ (served to browsers as-is)"),
    ("**/static/**", _C, FOLDER, "is under static/ (served to browsers as-is)"),
    ("**/assets/**", _C, FOLDER, "is under assets/ (bundled front-end assets)"),
    *((f"**/{d}/**", _C, FOLDER, f"is under {d}/ (front-end folder)") for d in ("client", "frontend", "web", "www")),
    ("**/components/**", _C, FOLDER, "is under components/ (UI components)"),
    ("**/pages/**", _C, FOLDER, "is under pages/ (pages router: ships to browsers)"),
    *((f"**/{d}/**", _S, FOLDER, f"is under {d}/ (server folder)") for d in ("server", "backend", "api")),
    *((f"**/{d}/**", _S, FOLDER, f"is under {d}/ (serverless functions)") for d in ("functions", "lambda")),
)


@dataclass(frozen=True)
class PathRule:
    glob: str
    side: str
    rank: int
    reason: str
    patterns: tuple[re.Pattern[str], ...]
    basename_only: bool


def build_rules(settings: ClientSideSettings) -> tuple[PathRule, ...]:
    user = [(g, _C, USER, f'matches client_paths glob "{g}" (configuration)') for g in settings.client_paths]
    user += [(g, _S, USER, f'matches server_paths glob "{g}" (configuration)') for g in settings.server_paths]
    rules = user + (list(DEFAULT_RULES) if settings.default_paths else [])
    return tuple(PathRule(g, side, rank, reason, *compile_glob(g)) for g, side, rank, reason in rules)


def path_signals(path: str, rules: tuple[PathRule, ...]) -> list[Signal]:
    parts = path.removeprefix("./").split("/")
    out: list[Signal] = []
    for rule in rules:
        depth = _depth(rule, parts)
        if depth is not None:
            out.append(Signal(rule.side, rule.rank, rule.reason, depth))
    return out


def _depth(rule: PathRule, parts: list[str]) -> int | None:
    """Index of the deepest path component the glob still matches from; None if it does not match."""
    if rule.basename_only:
        return len(parts) - 1 if any(p.match(parts[-1]) for p in rule.patterns) else None
    if not any(p.match("/".join(parts)) for p in rule.patterns):
        return None
    for i in range(len(parts) - 1, 0, -1):
        if any(p.match("/".join(parts[i:])) for p in rule.patterns):
            return i
    return 0
