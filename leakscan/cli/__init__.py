"""The command line: a thin click shell over the library.

``main(argv) -> int`` is the one boundary that turns errors into a single
stderr line and exit status 2; commands return exit codes and never print
tracebacks.  Command modules are imported lazily so ``leakscan hook`` starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

from leakscan import __version__
from leakscan.errors import LeakscanError

# command name -> module defining a click command of that name (imported on use)
COMMANDS: dict[str, str] = {
    "scan": "leakscan.cli.scan",
    "rules": "leakscan.cli.rules",
    "policy": "leakscan.cli.policy",
    "diff": "leakscan.cli.diff",
    "logs": "leakscan.cli.logs",
    "redact": "leakscan.cli.redact",
    "baseline": "leakscan.cli.baseline",
    "explain": "leakscan.cli.explain",
    "git": "leakscan.cli.git",
    "hook": "leakscan.cli.hook",
    "audit": "leakscan.cli.audit",
}


# an example for each command's --help (click keeps \b paragraphs as written)
EXAMPLES: dict[str, str] = {
    "scan": "leakscan scan .\n  leakscan scan src config --format sarif -o leakscan.sarif\n"
            "  leakscan scan . --exclude 'tests/fixtures/**' --disable-rule generic-jwt --fail-on high",
    "git": "leakscan git .\n  leakscan git . --range origin/main..HEAD --format github",
    "diff": "git diff --cached | leakscan diff -\n  leakscan diff change.patch --format json",
    "logs": "leakscan logs /var/log/app/*.log.gz\n  kubectl logs deploy/api | leakscan logs - --format jsonl",
    "redact": "leakscan redact app.log -o app.redacted.log\n  tail -f app.log | leakscan redact -",
    "baseline": "leakscan baseline create --git --reason \"present when the gate was introduced\"",
    "explain": "leakscan explain 2d262e124cd2\n  leakscan explain web/app/page.tsx:3",
    "policy": "leakscan policy\n  leakscan policy --explain web/app/pay/page.tsx",
    "rules": "leakscan rules list\n  leakscan rules check",
    "hook": "leakscan hook install\n  leakscan hook staged",
    "audit": "leakscan audit --repos-file repos.txt --store audits.sqlite\n"
             "  leakscan audit report --format html -o audit.html",
}


def _epilog(example: str) -> str:
    return "\b\nExamples:\n  " + example


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        import importlib

        module = importlib.import_module(COMMANDS[name])
        command: click.Command = getattr(module, name.replace("-", "_"))
        if not command.epilog and name in EXAMPLES:
            command.epilog = _epilog(EXAMPLES[name])
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=_epilog("leakscan scan .\n  leakscan git . --range origin/main..HEAD --format sarif -o leakscan.sarif\n"
                            "  leakscan scan --help\n\n"
                            "Shell completion: eval \"$(_LEAKSCAN_COMPLETE=bash_source leakscan)\" (zsh_source, fish_source)"))
@click.version_option(__version__, prog_name="leakscan")
def cli() -> None:
    """Find Glomo and Gluwa credentials and the crypto keys behind them."""


class _Closed:
    """Stands in for a standard stream the caller closed (``>&-``, ``<&-``): using it is one clear line."""

    def __init__(self, name: str):
        self.name = name

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(9, f"standard {self.name} is closed")

    def write(self, text: str) -> int:
        raise OSError(9, f"standard {self.name} is closed")

    def flush(self) -> None:
        pass

    @property
    def buffer(self) -> object:
        from leakscan.errors import SourceError

        raise SourceError(f"standard {self.name} is closed: nothing to read (name a file, or pipe into leakscan)")


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stdin is None:
        sys.stdin = _Closed("input")  # type: ignore[assignment,unused-ignore]
    if sys.stdout is None:
        sys.stdout = _Closed("output")  # type: ignore[assignment,unused-ignore]
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        result = cli.main(args=list(argv) if argv is not None else None, prog_name="leakscan",
                          standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.Abort:
        print("leakscan: aborted", file=sys.stderr)
        return 130
    except click.ClickException as exc:
        print(f"leakscan: error: {exc.format_message()}", file=sys.stderr)
        return 2
    except LeakscanError as exc:
        print(f"leakscan: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("leakscan: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:  # the one boundary: a bug is reported in one line, never as a traceback
        if os.environ.get("LEAKSCAN_DEBUG"):
            raise
        print(f"leakscan: internal error: {type(exc).__name__}: {exc} (set LEAKSCAN_DEBUG=1 for details)",
              file=sys.stderr)
        return 2
    return result if isinstance(result, int) else 0
