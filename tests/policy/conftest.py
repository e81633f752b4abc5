"""A small monorepo built at test time: Next.js, a Vite SPA, Express, Flask, Android, iOS, Flutter, CI.

Every planted key records what the usage table says about it: where it is,
what it is, whether it is client-side and why, and its severity. Keys come from
testing/secrets.py, so nothing secret-looking is committed.
"""

from __future__ import annotations

import random
import string
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from testing import secrets

PAST = 1_700_000_000  # an exp claim long gone: the key was rotated out


@dataclass(frozen=True)
class Plant:
    path: str
    text: str
    rule_id: str
    key_type: str
    environment: str
    client_side: bool
    reason: str  # a part of client_side_reason
    severity: str


def _token(seed: int) -> str:
    """A Gluwa-style API key or secret: random letters and digits, made here so none is committed."""
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(20))


def _glomo(seed: int, env: str, key_type: str | None, **extra: object) -> str:
    return secrets.glomo_key(env, key_type, seed=seed, **extra)


def _plants() -> list[Plant]:  # one table, read top to bottom: longer than 40 lines on purpose
    g = _glomo
    now = int(time.time())
    out: list[Plant] = []

    def add(path: str, text: str, rule: str, kt: str, env: str, client: bool, reason: str, sev: str) -> None:
        out.append(Plant(path, text, rule, kt, env, client, reason, sev))

    G = "glomo-api-key"
    # --- Next.js: app router (client and server components, route handlers), pages router, config
    add("web/app/pay/page.tsx", f'"use client";\n\nexport const glomoSecretKey = "{g(1, "live", "secret")}";\n',
        G, "secret", "live", True, 'web/app/pay/page.tsx starts with "use client"', "critical")
    add("web/app/orders/page.tsx", f'export default function Orders() {{\n  const glomoSecretKey = "{g(2, "test", "secret")}";\n}}\n',
        G, "secret", "test", False, 'app-router file without "use client" (server component)', "medium")
    add("web/app/api/refund/route.ts", f'const glomoSecretKey = "{g(3, "staging", "secret")}";\n',
        G, "secret", "unknown", False, "is under app/api/ (Next.js route handler", "critical")
    add("web/app/actions.ts", f'"use server";\nconst glomoSecretKey = "{g(4, "live", "secret")}";\n',
        G, "secret", "live", False, 'starts with "use server"', "critical")
    add("web/lib/pay.server.ts", f'export const glomoSecretKey = "{g(5, "test", "secret")}";\n',
        G, "secret", "test", False, "is a *.server.* module", "medium")
    add("web/pages/checkout.tsx", f'const glomoPublicKey = "{g(6, "test", "public")}";\n',
        G, "public", "test", True, "is under pages/ (pages router", "info")
    add("web/pages/api/charge.ts", f'const glomoKey = "{g(7, "live", None)}";\n',
        G, "unknown", "live", False, "is under pages/api/ (Next.js API route", "critical")
    add("web/components/PayButton.jsx", f'const glomoPublicKey = "{g(8, "live", "public")}";\n',
        G, "public", "live", True, "is under components/", "medium")
    add("web/components/Login.jsx", f'const idToken = "{secrets.generic_jwt(9)}";\n',
        "generic-jwt", "jwt", "unknown", True, "is under components/", "low")
    add("web/public/embed.html", f'<form>\n  <input type="hidden" value="{g(10, "live", None)}">\n</form>\n',
        G, "unknown", "live", True, "is an HTML page", "critical")
    add("web/next.config.js", f'module.exports = {{\n  env: {{\n    GLOMO_KEY: "{g(11, "test", None)}",\n  }},\n}};\n',
        G, "unknown", "test", True, "sits in the env block of web/next.config.js", "high")
    add("web/.env.production", f"NEXT_PUBLIC_GLOMO_PUBLIC_KEY={g(12, 'staging', 'public')}\n",
        G, "public", "unknown", True, "bound to NEXT_PUBLIC_GLOMO_PUBLIC_KEY in web/.env.production: Next.js", "medium")
    add("web/.env.local", f"GLOMO_SECRET_KEY={g(13, 'live', 'secret')}\n",
        G, "secret", "live", False, "is a dotenv file", "critical")
    # --- Vite SPA
    add("spa/.env", f"VITE_GLOMO_KEY={g(14, 'test', 'public')}\n",
        G, "public", "test", True, "bound to VITE_GLOMO_KEY in spa/.env: Vite", "info")
    add("spa/src/main.ts", f'window.glomo = {{ key: "{g(15, "staging", None)}" }};\n',
        G, "unknown", "unknown", True, "uses browser global window", "critical")
    add("spa/src/App.vue", f'<script setup>\nconst signerKey = "{secrets.hex_key(16)}";\n</script>\n',
        "hex-private-key", "private-key", "unknown", True, "inside an inline <script> block", "critical")
    add("spa/src/components/Checkout.tsx", f'const glomoSecretKey = "{g(17, "staging", "secret")}";\n',
        G, "secret", "unknown", True, "is under components/", "critical")
    add("spa/dist/assets/index-4f3a9c.js",
        'var a=1;fetch(u,{headers:{Authorization:"Basic ' + secrets.basic_token("gk_live_18", "Zp8qLw3rT6yN0v") + '"}});\n',
        "gluwa-basic-token", "api-key-and-secret", "unknown", True, "is in dist/ (built bundle)", "critical")
    # --- Express server
    add("server/index.js", f'const express = require("express");\nconst GLOMO_SECRET_KEY = "{g(19, "test", "secret")}";\n',
        G, "secret", "test", False, "imports express (server-only, line 1)", "medium")
    add("server/routes/pay.js", 'const headers = { Authorization: "Basic ' + secrets.basic_token("gk_live_20", "Vt9qLm2xZ") + '" };\n',
        "gluwa-basic-token", "api-key-and-secret", "unknown", False, "is under server/", "high")
    add("server/.env", f"GLUWA_API_SECRET={_token(21)}\n",
        "gluwa-api-credential", "api-secret", "unknown", False, "is a dotenv file", "high")
    add("server/public/widget.js", f'const signature = "{secrets.eth_signature_header(now, seed=22)}";\n',
        "gluwa-request-signature", "request-signature", "unknown", True, "is under public/", "high")
    add("server/fixtures/glomo.json", f'{{"publicKey": "{g(23, "test", "public")}"}}\n',
        G, "public", "test", False, "is under server/", "info")
    add("server/jobs/sync.js", f'const glomoKey = "{g(24, "test", None)}";\n',
        G, "unknown", "test", False, "is under server/", "medium")
    add("server/wallet/keys.py", f'BTC_WIF = "{secrets.wif(25)}"\n',
        "bitcoin-wif-private-key", "private-key", "live", False, "is in a back-end language", "critical")
    # --- Flask app
    add("flask-app/app.py", f'GLOMO_PUBLIC_KEY = "{g(26, "live", "public")}"\n',
        G, "public", "live", False, "is in a back-end language", "info")
    add("flask-app/config.py", f'GLOMO_SECRET_KEY = "{g(27, "live", "secret", exp=PAST)}"\n',
        G, "secret", "live", False, "is in a back-end language", "high")
    add("flask-app/glomo.py", f'GLOMO_PUBLISHABLE_KEY = "{g(28, "staging", "public")}"\n',
        G, "public", "unknown", False, "is in a back-end language", "info")
    add("flask-app/billing.py", f'glomo_key = "{g(29, "staging", None)}"\n',
        G, "unknown", "unknown", False, "is in a back-end language", "critical")
    add("flask-app/wallet.py", f'WALLET_PRIVATE_KEY = "{secrets.hex_key(30)}"\n',
        "hex-private-key", "private-key", "unknown", False, "is in a back-end language", "critical")
    add("flask-app/signing.py", f'X_REQUEST_SIGNATURE = "{secrets.eth_signature_header(1_600_000_000, seed=31)}"\n',
        "gluwa-request-signature", "request-signature", "unknown", False, "is in a back-end language", "low")
    add("flask-app/templates/checkout.html",
        f'<div id="pay"></div>\n<script>\n  const glomoSecretKey = "{g(32, "test", "secret")}";\n</script>\n',
        G, "secret", "test", True, "inside an inline <script> block (opened at line 2)", "high")
    add("flask-app/static/js/pay.js", f'const glomoPublicKey = "{g(33, "live", "public", exp=PAST)}";\n',
        G, "public", "live", True, "is under static/", "low")
    # --- mobile: Android, iOS, Flutter
    add("mobile/android/app/src/main/res/values/strings.xml",
        f'<resources>\n  <string name="glomo_secret_key">{g(34, "live", "secret")}</string>\n</resources>\n',
        G, "secret", "live", True, "is an Android resource file", "critical")
    add("mobile/android/app/src/main/java/com/shop/Pay.kt", f'val glomoKey = "{g(35, "test", None)}"\n',
        G, "unknown", "test", True, "is in an android/ app", "high")
    add("mobile/ios/Shop/Info.plist",
        f'<dict>\n  <key>GlomoPublicKey</key>\n  <string>{g(36, "live", "public")}</string>\n</dict>\n',
        G, "public", "live", True, "is an iOS Info.plist", "medium")
    add("mobile/ios/Shop/Wallet.swift", f'let walletPrivateKey = "{secrets.wif(37)}"\n',
        "bitcoin-wif-private-key", "private-key", "live", True, "is in an ios/ app", "critical")
    add("mobile/flutter_app/lib/main.dart", f"const gluwaApiKey = '{_token(38)}';\n",
        "gluwa-api-credential", "api-key", "unknown", True, "is Flutter app code under lib/", "critical")
    # --- deployment and CI
    add("docker-compose.yml",
        f"services:\n  web:\n    environment:\n      - NEXT_PUBLIC_GLOMO_KEY={g(39, 'test', 'secret')}\n",
        G, "secret", "test", True, "bound to NEXT_PUBLIC_GLOMO_KEY in docker-compose.yml: Next.js", "high")
    add(".github/workflows/deploy.yml",
        f"jobs:\n  build:\n    env:\n      REACT_APP_GLOMO_KEY: {g(40, 'test', 'public')}\n",
        G, "public", "test", True, "bound to REACT_APP_GLOMO_KEY in .github/workflows/deploy.yml: Create React App", "info")
    add(".gitlab-ci.yml", f"variables:\n  GLOMO_SECRET_KEY: {g(41, 'staging', 'secret')}\n",
        G, "secret", "unknown", False, "is CI configuration", "critical")
    add("docs/auth.md", f"Example token: `{secrets.generic_jwt(42)}`\n",
        "generic-jwt", "jwt", "unknown", False, "no client-side signal", "low")
    return out


def build(root: Path, plants: list[Plant]) -> None:
    for plant in plants:
        target = root / plant.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(plant.text, encoding="utf-8")


@pytest.fixture(scope="module")
def plants() -> list[Plant]:
    return _plants()


@pytest.fixture()
def monorepo(tmp_path: Path, plants: list[Plant]) -> Path:
    root = tmp_path / "shop"
    build(root, plants)
    return root
