"""The use paths: each is a source plus the one pipeline (:mod:`leakscan.pipeline`).

files (``scan``, and text/bytes from library callers), history (``git``), commits
(pull-request ranges, pushes, the staged index, ``hook``), logs, redact, explain,
and the rule examples check.  Nothing here prints or exits; the CLI and tests
call these directly.
"""
