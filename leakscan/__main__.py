from __future__ import annotations

import sys

from leakscan.cli import main

sys.exit(main())
