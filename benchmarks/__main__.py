"""Runs every benchmark module (`benchmarks/bench_*.py`), each printing its own figures."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks


def main() -> int:
    """Runs the benchmarks named on the command line, or all of them.

    Numbers are arguments for the benchmarks, not names: `python -m benchmarks scale 100000`.
    """
    wanted = {arg for arg in sys.argv[1:] if not arg.isdigit()}
    for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        if wanted and info.name.removeprefix("bench_") not in wanted:
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        print(f"== {info.name}")
        module.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
