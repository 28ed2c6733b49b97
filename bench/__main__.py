"""`make bench`: every benchmark against one PostgreSQL, printing ratios."""

from __future__ import annotations

import sys

from bench import gias_import, ingest, lawfulness, pipeline, process_groups


def main() -> int:
    print(f"== ingest ({sys.platform}, {__import__('os').cpu_count()} CPUs)")
    ingest.main([])
    print("== lawfulness rules (no database)")
    lawfulness.main([])
    print("== pipeline")
    pipeline.main([])
    print("== case opener and alert raiser as consumer groups")
    process_groups.main([])
    print("== schools import (a full GIAS extract)")
    gias_import.main([])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
