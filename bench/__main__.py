"""`make bench`: run every benchmark against one PostgreSQL and print the ratios."""

from __future__ import annotations

import sys

from bench import ingest


def main() -> int:
    ingest.main(sys.argv[1:])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
