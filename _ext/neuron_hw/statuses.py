"""How a figure is obtained, or why a table has none: the statuses every layer shares.

A figure is ``PUBLISHED`` (a source gives it) or ``DERIVED`` (this site computes it from figures
a source gives).  A figure the data does not have is ``NOT_PUBLISHED`` (it may exist, but no
source gives it) or ``NOT_APPLICABLE`` (the data rule it out); tables mark these ``n/p`` and ``n/a``.
"""

from __future__ import annotations

PUBLISHED = "published"
DERIVED = "derived"
NOT_PUBLISHED = "not published"
NOT_APPLICABLE = "not applicable"
