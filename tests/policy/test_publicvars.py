from __future__ import annotations

import pytest

from leakscan.policy.settings import ClientSideSettings

from .helpers import MARK, place

BINDINGS = [
    ("web/.env.production", f"NEXT_PUBLIC_GLOMO_KEY={MARK}\n", "NEXT_PUBLIC_GLOMO_KEY", "Next.js"),
    ("spa/.env", f'export VITE_GLOMO_KEY="{MARK}"\n', "VITE_GLOMO_KEY", "Vite"),
    ("Dockerfile", f"ENV REACT_APP_GLOMO_KEY {MARK}\n", "REACT_APP_GLOMO_KEY", "Create React App"),
    ("Dockerfile", f"ARG REACT_APP_GLOMO_KEY={MARK}\n", "REACT_APP_GLOMO_KEY", "Create React App"),
    ("app/eas.json", f'{{"env": {{"EXPO_PUBLIC_GLOMO_KEY": "{MARK}"}}}}\n', "EXPO_PUBLIC_GLOMO_KEY", "Expo"),
    ("deploy/values.yaml", f"env:\n  NUXT_PUBLIC_GLOMO_KEY: {MARK}\n", "NUXT_PUBLIC_GLOMO_KEY", "Nuxt"),
    (".env.production", f"GATSBY_GLOMO_KEY='{MARK}'\n", "GATSBY_GLOMO_KEY", "Gatsby"),
    (".env", f"PUBLIC_GLOMO_KEY={MARK}\n", "PUBLIC_GLOMO_KEY", "SvelteKit"),
    ("docker-compose.yml", f"services:\n  web:\n    environment:\n      - NEXT_PUBLIC_PAY={MARK}\n",
     "NEXT_PUBLIC_PAY", "Next.js"),
    (".github/workflows/ci.yml", f"env:\n  VITE_PAY_KEY: '{MARK}'\n", "VITE_PAY_KEY", "Vite"),
    ("server/boot.py", f'os.environ["NEXT_PUBLIC_PAY"] = "{MARK}"\n', "NEXT_PUBLIC_PAY", "Next.js"),
]


@pytest.mark.parametrize(("path", "text", "name", "who"), BINDINGS, ids=[f"{b[0]}:{b[2]}" for b in BINDINGS])
def test_public_variable_is_client_side_wherever_assigned(path: str, text: str, name: str, who: str) -> None:
    placement = place(path, text)
    assert placement.client_side
    assert placement.reason.startswith(f"bound to {name} in {path}: {who} inlines")


@pytest.mark.parametrize("text", [f"PUBLIC_KEY={MARK}\n", f"GLOMO_PUBLIC_KEY={MARK}\n", f"GLOMO_SECRET_KEY={MARK}\n",
                                  f'const k = process.env.NEXT_PUBLIC_KEY ?? "{MARK}"\n'])
def test_private_names_are_not_public_variables(text: str) -> None:
    placement = place("server/.env", text)
    assert not placement.client_side


def test_configured_prefix() -> None:
    settings = ClientSideSettings(public_prefixes=("SHOP_PUBLIC_",))
    placement = place(".env", f"SHOP_PUBLIC_GLOMO={MARK}\n", settings=settings)
    assert placement.client_side
    assert "configured public prefix inlines SHOP_PUBLIC_*" in placement.reason


NEXT = "module.exports = {\n  %s: {\n    other: { a: 1 },\n    GLOMO: '%s',\n  },\n  %s\n};\n"


@pytest.mark.parametrize(("path", "block", "client"), [
    ("web/next.config.js", "env", True),
    ("web/next.config.mjs", "publicRuntimeConfig", True),
    ("web/next.config.js", "serverRuntimeConfig", False),
    ("nuxt.config.ts", "public", True),
    ("vite.config.ts", "define", True),
])
def test_config_blocks_inlined_into_bundles(path: str, block: str, client: bool) -> None:
    placement = place(path, NEXT % (block, MARK, ""))
    assert placement.client_side is client
    assert placement.reason.startswith(f"sits in the {block} block of {path}")


def test_value_after_the_block_closes_is_not_in_it() -> None:
    placement = place("web/next.config.js", NEXT % ("env", "x", f"images: '{MARK}',"))
    assert not placement.client_side
    assert "is build configuration" in placement.reason


def test_expo_app_json_extra() -> None:
    placement = place("app.json", f'{{"expo": {{"extra": {{"glomoKey": "{MARK}"}}}}}}\n')
    assert placement.client_side
    assert "Expo ships app config extra" in placement.reason
