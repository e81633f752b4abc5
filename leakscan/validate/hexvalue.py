"""What a 64-hex value alone says: made-up (low entropy), structured (padding, tables), or a
published constant.  No context is read here; the hex-key validator asks once per distinct value."""

from __future__ import annotations

import math

from leakscan.validate.hexwords import KNOWN_CONSTANTS


def _entropy_terms(n: int) -> list[float]:
    """``c/n * log2(c/n)`` for every count c: the same floats as computing them in place."""
    return [0.0] + [c / n * math.log2(c / n) for c in range(1, n + 1)]


_TERMS_64 = _entropy_terms(64)


def low_entropy(hexstr: str) -> bool:
    """Made-up values: few distinct digits, low Shannon entropy, or a short repeated unit."""
    s = hexstr.lower()
    if len(set(s)) < 8:
        return True
    counts = map(s.count, dict.fromkeys(s))  # Counter(s).values(), in the same (first-seen) order
    terms = _TERMS_64 if len(s) == 64 else _entropy_terms(len(s))
    entropy = -sum(map(terms.__getitem__, counts))  # same terms, same order: same value
    if entropy < 3.0:
        return True
    # 8+ distinct digits (checked above) rule out repeated units of 1, 2 or 4 digits
    return any(s == s[:k] * (len(s) // k) for k in (8, 16, 32))


def structured(hexstr: str) -> str | None:
    """A stretch that repeats a short unit: padding or a table, not a random scalar.

    ABI words (an address left-padded with 24 zeros), lookup tables and curve
    constants (``ffffffff00000000ffff…``, ``8e38e38e…``) have one: ten digits in a
    row each equal to the one ``p`` before (p <= 16).  A random key has one with
    odds under 1e-9.
    """
    found = _first_repeat(hexstr.lower().encode())
    if found is None:
        return None
    period = found[1]
    return f"a {period}-digit unit repeats" if period > 1 else "a run of one digit (padding)"


_TEN_ZEROS = bytes(10)


def _first_repeat(digits: bytes) -> tuple[int, int] | None:
    """(position, period) of the leftmost stretch where 10 digits equal those ``period`` later.

    The same answer as the regex ``(?=([0-9a-f]{10}))[0-9a-f]{1,16}?\\1`` (leftmost
    position, then the shortest period; tests/validate/test_hexkey_repeat.py
    holds it as the oracle), found with one XOR of the digits against
    themselves shifted per period: ten zero bytes in a row are a repeat.  It
    runs for every 64-hex candidate, so it must cost microseconds, not 80.
    """
    n = len(digits)
    whole = int.from_bytes(digits, "big")  # digits[:n-p] is whole >> 8p, digits[p:] its low n-p bytes
    best: tuple[int, int] | None = None
    for period in range(1, 17):
        m = n - period
        if m < 10:
            break
        x = (whole >> (8 * period)) ^ (whole & ((1 << (8 * m)) - 1))
        at = x.to_bytes(m, "big").find(_TEN_ZEROS)
        if at != -1 and (best is None or at < best[0]):
            best = (at, period)
    return best


def rejected(hexstr: str) -> str | None:
    """Why the value alone cannot be a key, or None."""
    if low_entropy(hexstr):
        return "low entropy"
    pattern = structured(hexstr)
    if pattern:
        return f"structured value: {pattern}"
    if hexstr in KNOWN_CONSTANTS:
        return f"a published constant: {KNOWN_CONSTANTS[hexstr]}"
    return None
