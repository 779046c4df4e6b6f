"""The project's side of `benchmarks scale`, run in a fresh process so start-up and memory are its own.

``python -m benchmarks.scale_child import URL FILE`` imports the file into the store at URL;
``python -m benchmarks.scale_child ask URL QUESTIONS.json`` answers a first question cold, then
every question of each kind. Each prints one JSON line: wall-clock times and the peak RSS in MiB.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _import(url: str, file: str) -> dict[str, object]:
    from storage.db import make_engine, migrate
    from storage.importers import import_bytes

    engine = make_engine(url)
    migrate(engine)
    data = Path(file).read_bytes()
    start = time.perf_counter()
    report = import_bytes(engine, data, Path(file).name, entity="SAT", max_bytes=max(len(data), 1))
    seconds = time.perf_counter() - start
    engine.dispose()
    return {"seconds": seconds, "activities": report.activities, "rss_mib": _rss_mib()}


def _ask(url: str, file: str) -> dict[str, object]:
    from bot.cli.terminal import answer_line
    from bot.services.questions import PoiService
    from storage.db import make_engine

    questions: dict[str, list[str]] = json.loads(Path(file).read_text(encoding="utf-8"))
    service = PoiService(make_engine(url))
    first_text = answer_line(service, questions["summary"][0], as_json=False)
    first = time.time()
    timings: dict[str, list[float]] = {}
    samples: dict[str, str] = {}
    for kind, texts in questions.items():
        timings[kind] = []
        for text in texts:
            start = time.perf_counter()
            reply = answer_line(service, text, as_json=False)
            timings[kind].append(time.perf_counter() - start)
        samples[kind] = reply.splitlines()[0][:100]
    return {
        "first_answered_at": first,
        "first_ok": bool(first_text),
        "timings": timings,
        "samples": samples,
        "rss_mib": _rss_mib(),
    }


def main() -> int:
    """Runs the step named by the first argument and prints its JSON line."""
    step, url, file = sys.argv[1:4]
    result = _import(url, file) if step == "import" else _ask(url, file)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
