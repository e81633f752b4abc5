"""leakscan: finds Glomo and Gluwa credentials and the crypto keys behind them.

The library API lives in :mod:`leakscan.scan`; this module stays import-light so
that the pre-commit hook starts fast.
"""

from __future__ import annotations

__version__ = "0.1.0"
