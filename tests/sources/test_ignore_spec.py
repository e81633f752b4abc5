"""LazySpec answers exactly as pathspec's GitIgnoreSpec does, through its shortcut and its backend upgrade."""

from __future__ import annotations

import itertools

import pathspec
import pytest

from leakscan.sources import ignore
from leakscan.sources.ignore import LazySpec

LINES = ["*.log", "!keep.log", "/build", "dist/", "node_modules/", "**/tmp/*", "!**/tmp/README", "docs/**/*.pdf",
         "\\#hash", "a?c", "[Ll]ib/", "# comment", "", "/config/*.yml", "!/config/app.yml", "foo/**/bar"]
PATHS = ["x.log", "keep.log", "sub/keep.log", "build", "build/", "sub/build", "dist/", "dist/a.js", "sub/dist/",
         "node_modules/", "a/tmp/x", "a/tmp/README", "docs/a/b.pdf", "docs/x.pdf", "#hash", "abc", "aXc/",
         "Lib/", "lib/", "config/db.yml", "config/app.yml", "foo/bar", "foo/a/b/bar", "src/main.py", "README.md",
         "dir/", "weird name.txt", "ü/ß.txt"]


@pytest.mark.parametrize("upgrade_after", [1, 4000])
def test_same_answers_as_pathspec(monkeypatch: pytest.MonkeyPatch, upgrade_after: int):
    monkeypatch.setattr(ignore, "UPGRADE_AFTER", upgrade_after)
    for size in (0, 1, 3, len(LINES)):
        for lines in itertools.islice(itertools.combinations(LINES, size), 40):
            reference = pathspec.GitIgnoreSpec.from_lines(lines)
            lazy = LazySpec(lines)
            for path in PATHS:
                assert lazy.check_file(path) == reference.check_file(path).include, (lines, path)
                assert lazy.match_file(path) == reference.match_file(path), (lines, path)


def test_the_shortcut_is_used_for_plain_gitignores():
    assert LazySpec(LINES).any is not None
    assert LazySpec([]).check_file("anything") is None
