"""What ``-v``/``-vv`` say about a scan on stderr: config, engine, counts; each skip and suppression."""

from __future__ import annotations

from leakscan.cli.options import Common
from leakscan.cli.verbosity import configure
from leakscan.model import ScanResult


def log_result(result: ScanResult, common: Common) -> None:
    log = configure(common.log_level)
    stats = result.stats
    source = common.config.source if not isinstance(common.config, (str, type(None))) else (
        common.config or "the scanned tree's .leakscan.toml / [tool.leakscan], else built-in defaults")
    log.info("config: %s; engine: %s", source, stats.engine or common.engine)
    log.info("scanned %d file(s), %d bytes in %.2f s: %d finding(s), %d suppressed, %d skipped",
             stats.files_scanned, stats.bytes_scanned, stats.elapsed, len(result.findings),
             len(result.suppressed), len(stats.skipped))
    for skipped in stats.skipped:
        log.debug("skipped %s: %s", skipped.path, skipped.reason)
    for s in result.suppressed:
        f = s.finding
        log.debug("suppressed (%s) %s at %s:%d (fingerprint %s): %s", s.kind, f.rule_id, f.path, f.line,
                  f.fingerprint[:12], s.reason)
