from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leakscan.policy.globs import compile_glob, expand_braces

from .helpers import place

CASES = [
    ("web/.next/static/chunks/main.js", True, "is in .next/static/"),
    ("web/.next/server/app/page.js", False, "is in .next/server/"),
    ("build/static/js/main.js", True, "is in build/static/"),
    ("server/dist/app.js.map", True, "is a source map"),
    ("packages/ui/dist/index.js", True, "is in dist/"),
    ("web/pages/api/pay.ts", False, "is under pages/api/"),
    ("app/api/pay/route.ts", False, "is under app/api/"),
    ("src/routes/checkout/+page.server.ts", False, "is a *.server.* module"),
    ("src/routes/api/pay/+server.ts", False, "is a SvelteKit +server endpoint"),
    ("src/lib/server/glomo.ts", False, "is under lib/server/"),
    ("middleware.ts", False, "is Next.js middleware"),
    ("android/app/build.gradle", True, "is in an android/ app"),
    ("ios/Runner/AppDelegate.m", True, "is in an ios/ app"),
    ("app/src/main/res/values/secrets.xml", True, "is an Android resource file"),
    ("Runner/Info.plist", True, "is an iOS Info.plist"),
    ("lib/src/payments.dart", True, "is Flutter app code under lib/"),
    ("index.html", True, "is an HTML page"),
    ("src/App.vue", True, "is a front-end component"),
    ("src/routes/+page.svelte", True, "is a front-end component"),
    ("src/app/pay/pay.component.ts", True, "is an Angular component"),
    ("src/environments/environment.prod.ts", True, "is an Angular environment file"),
    ("public/index.php", False, "is in a back-end language"),  # Laravel: public/ holds the server's entry
    ("server/public/app.js", True, "is under public/"),  # deeper folder wins between equals
    ("web/server/render.js", False, "is under server/"),
    ("src/App.tsx", True, "is a React component"),
    ("server/emails/Receipt.tsx", False, "is under server/"),
    ("ios/Pay.swift", True, "is in an ios/ app"),
    ("Sources/App/Pay.swift", True, "is mobile app source"),
    ("billing/Charge.kt", True, "is Kotlin"),
    ("backend/Charge.kt", False, "is under backend/"),
    ("api/pay.js", False, "is under api/"),
    ("web/.env.local", False, "is a dotenv file"),
    ("deploy/docker-compose.prod.yml", False, "is deployment configuration"),
    ("scripts/deploy.sh", False, "no client-side signal"),
    ("src/util.ts", False, "no client-side signal"),
]


@pytest.mark.parametrize(("path", "client", "reason"), CASES, ids=[c[0] for c in CASES])
def test_path_signals(path: str, client: bool, reason: str) -> None:
    placement = place(path)
    assert placement.client_side is client
    assert placement.reason.startswith(path)
    assert reason in placement.reason


def test_reason_names_the_signal_it_overrides() -> None:
    reason = place("web/pages/api/pay.ts").reason
    assert reason == ("web/pages/api/pay.ts is under pages/api/ (Next.js API route, server); "
                      "overrides: is under pages/ (pages router: ships to browsers)")


def test_braces_expand_and_nest() -> None:
    assert expand_braces("*.{js,ts}") == ["*.js", "*.ts"]
    assert expand_braces("{a,b}/{c,d}") == ["a/c", "a/d", "b/c", "b/d"]
    assert expand_braces(".env{,.*}") == [".env", ".env.*"]


def test_glob_semantics() -> None:
    pats, basename = compile_glob("*.tsx")
    assert basename and any(p.match("App.tsx") for p in pats)
    pats, basename = compile_glob("apps/widget/**")
    assert not basename
    assert any(p.match("apps/widget/src/x.js") for p in pats)
    assert not any(p.match("other/apps/widget/x.js") for p in pats)  # a / anchors at the root
    for bad in ("src/[abc", "{a,b"):
        with pytest.raises(ValueError):
            compile_glob(bad)


@given(st.text(max_size=40))
def test_any_glob_compiles_or_is_refused_cleanly(glob: str) -> None:
    try:
        pats, _ = compile_glob(glob)
    except ValueError:
        return
    for p in pats:
        p.match("a/b/c.js")
