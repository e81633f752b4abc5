from __future__ import annotations

import pytest

from leakscan.policy import tokens

from .helpers import MARK, fragment_and_match


def context(path: str, text: str) -> tuple[str, str]:
    return tokens.token_context(*fragment_and_match(path, text))


@pytest.mark.parametrize(("path", "text", "want"), [
    ("pay.ts", f'const k = "{MARK}";\n', ("typescript", "string")),
    ("pay.ts", f"// old key {MARK}\n", ("typescript", "comment")),
    ("pay.ts", f"/* rotated:\n   {MARK}\n*/\nconst a = 1;\n", ("typescript", "comment")),
    ("pay.ts", f"const k = {MARK};\n", ("typescript", "code")),
    ("Pay.tsx", f"const k = `{MARK}`;\n", ("tsx", "string")),
    ("billing.py", f"# key: {MARK}\nx = 1\n", ("python", "comment")),
    ("billing.py", f'KEY = "{MARK}"\n', ("python", "string")),
    (".env.production", f"GLOMO_KEY={MARK}\n", ("bash", "string")),
    (".env", f"# GLOMO_KEY={MARK}\n", ("bash", "comment")),
    ("deploy.yml", f"env:\n  KEY: {MARK}\n", ("yaml", "string")),
    ("strings.xml", f'<string name="k">{MARK}</string>\n', ("xml", "string")),
    ("README.md", f"key {MARK}\n", ("markdown", "unknown")),
    ("app.log", f"key {MARK}\n", ("text", "unknown")),
    ("notes.unknownext", f"key {MARK}\n", ("text", "unknown")),
    ("Dockerfile", f"ENV KEY={MARK}\n", ("docker", "string")),
])
def test_token_context(path: str, text: str, want: tuple[str, str]) -> None:
    assert context(path, text) == want


def test_a_key_in_a_comment_is_still_reported() -> None:
    from leakscan.model import Fragment
    from leakscan.scans.files import scan_fragments
    from testing import secrets

    key = secrets.glomo_key("live", "secret", seed=71)
    [finding] = scan_fragments([Fragment(f"// old: {key}\n".encode(), "src/pay.ts")]).findings
    assert (finding.token_context, finding.severity, finding.validation["language"]) == \
        ("comment", "critical", "typescript")


def test_only_a_window_is_lexed_in_a_large_file() -> None:
    filler = "const a = 1; // filler line\n" * 400_000  # ~11 MB
    text = filler + f'const k = "{MARK}";\n' + filler[:1000]
    fragment, match = fragment_and_match("bundle.js", text)
    lo, hi = tokens.window(fragment.data, match.start, match.end)
    assert match.start - lo <= tokens.BEFORE + 100 and 0 < hi - match.end <= tokens.AFTER
    assert tokens.token_context(fragment, match) == ("javascript", "string")


def test_window_on_a_minified_line_is_cut() -> None:
    text = "var a=1;" * 5000 + f'k="{MARK}";' + "var b=2;" * 5000
    fragment, match = fragment_and_match("app.min.js", text)
    lo, hi = tokens.window(fragment.data, match.start, match.end)
    assert match.start - lo == tokens.BEFORE and hi - match.end == tokens.AFTER
    assert tokens.token_context(fragment, match)[1] == "string"


def test_language_lookup_falls_back_to_pygments_names() -> None:
    assert tokens.language_of("deploy/main.tf") == "terraform"
    assert tokens.language_of("src/Main.scala") == "scala"
    assert tokens.language_of("LICENSE") == ""


@pytest.mark.parametrize(("path", "opener", "closer"), [("pay.ts", "/*", "*/"), ("index.html", "<!--", "-->")])
def test_a_block_comment_opened_long_before_the_match(path: str, opener: str, closer: str) -> None:
    text = f"x = 1\n{opener}\n" + " * an old note about rotation\n" * 150 + f" * {MARK}\n{closer}\n"
    fragment, match = fragment_and_match(path, text)
    assert match.start - tokens.window(fragment.data, match.start, match.end)[0] > tokens.BEFORE * 10
    assert tokens.token_context(fragment, match)[1] == "comment"


@pytest.mark.parametrize(("path", "quote"), [("billing.py", '"""'), ("pay.js", "`")])
def test_a_multi_line_string_opened_long_before_the_match(path: str, quote: str) -> None:
    text = f"x = {quote}\n" + "a line of a long text block\n" * 100 + f"{MARK}\n{quote}\n"
    assert tokens.token_context(*fragment_and_match(path, text))[1] == "string"


def test_the_glob_table_names_the_same_lexer_as_fnmatch_over_every_glob() -> None:
    # the table is an index of pygments' own globs: it must pick what a plain scan of them picks
    import fnmatch

    from pygments.lexers import get_all_lexers

    from leakscan.policy.tokens import _scan_pygments

    def scan(name: str) -> str:
        for _, aliases, globs, _ in get_all_lexers(plugins=False):
            if aliases and any(fnmatch.fnmatch(name, g) for g in globs):
                return str(aliases[0])
        return ""

    names = {g.replace("*", "foo").replace("?", "x").replace("[", "").replace("]", "").lower()
             for _, _, globs, _ in get_all_lexers(plugins=False) for g in globs}
    names |= {"page.tmpl", "firmware.hex", "makefile", "cmakelists.txt", "noext", "a.b.c", "x.pas"}
    assert [n for n in sorted(names) if _scan_pygments(n) != scan(n)] == []


def test_lexing_ahead_for_dense_candidates_classifies_as_one_window_each() -> None:
    # a bundle's table of constants: the kept stretches must give each match the token a fresh window gives
    from leakscan.model import Fragment, RuleMatch, Scratch
    from leakscan.policy.tokens import Lexed, token_context

    lines = []
    for i in range(200):
        value = f"{i:064x}"
        lines.append(f"  /* c{i} */ \"{value}\", // {value[:8]}" if i % 3 else f"  x{i} = 0x{value};")
    data = ("var T = [\n" + "\n".join(lines) + "\n];\n").encode()
    fragment = Fragment(data, "dist/table.js")
    scratch = Scratch(fragment)
    matches = []
    pos = 0
    while (at := data.find(b"000000", pos)) != -1:
        matches.append(RuleMatch("hex-private-key", at, at + 6, at, at + 6, data[at : at + 6]))
        pos = at + 64
    assert len(matches) > 100
    kept = [token_context(fragment, m, scratch) for m in matches]
    assert kept == [token_context(fragment, m) for m in matches]
    assert len(scratch.get(Lexed).spans) < len(matches) / 4
