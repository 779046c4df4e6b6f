"""Reading an untrusted XLSX in a child process bounded in memory and wall-clock time.

A 4 MB workbook can inflate to gigabytes in openpyxl; parsed in the bot's own process it would take the
bot down. The child (multiprocessing 'forkserver': a fork of a small, single-threaded server, safe from
an asyncio program with threads) sets RLIMIT_AS before reading, and is killed when it overruns the
timeout. Whatever happens in it comes back as a result or as an ImportRefused, never a traceback.
As with any multiprocessing start method but fork, a script that imports files must guard its main
code with ``if __name__ == "__main__":`` (poi-bot's commands, pytest and the benchmarks do).
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from storage.importers.common import ImportRefused
from storage.importers.xlsx_parse import parse_xlsx, xlsx_format

MEMORY_LIMIT = 1536 * 1024 * 1024  # address space of the child: 1.5 GiB
TIMEOUT = 20.0  # seconds; a legitimate 20,000-row CEPLAN export reads in about 3
JOBS: dict[str, Callable[..., Any]] = {"format": xlsx_format, "parse": parse_xlsx}


@dataclass(frozen=True)
class Outcome:
    """How a child run ended: ``ended`` is done | refused | memory | time | crashed."""

    ended: str
    value: Any = None
    refusal: ImportRefused | None = None
    seconds: float = 0.0
    peak_rss_kib: int | None = None


def _child(sender: Connection, job: str | Callable[..., Any], args: tuple[Any, ...], memory: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    reply: tuple[str, Any]
    try:
        reply = ("done", (JOBS[job] if isinstance(job, str) else job)(*args))
    except ImportRefused as exc:
        reply = ("refused", (exc.reason, exc.where))
    except MemoryError:
        reply = ("memory", None)
    except Exception as exc:  # a fault of the reader on a hostile file: reported, never raised
        reply = ("crashed", f"{type(exc).__name__}: {str(exc)[:200]}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        sender.send((*reply, peak))
    except MemoryError:
        sender.send(("memory", None, peak))
    sender.close()


def _peak_rss_kib(pid: int | None) -> int | None:
    """The high-water mark of a still running process (Linux), before it is killed."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def run(
    job: str | Callable[..., Any], *args: Any, memory: int = MEMORY_LIMIT, timeout: float = TIMEOUT
) -> Outcome:
    """Runs one of JOBS (or a module-level function) in a bounded child; how it ended, with its time
    and peak memory."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, job, args, memory), daemon=True)
    start = time.perf_counter()
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            peak = _peak_rss_kib(process.pid)
            process.kill()
            return Outcome("time", seconds=time.perf_counter() - start, peak_rss_kib=peak)
        try:
            ended, value, peak = receiver.recv()
        except (EOFError, OSError):
            return Outcome("crashed", value="no answer", seconds=time.perf_counter() - start)
    finally:
        process.join()
        receiver.close()
    seconds = time.perf_counter() - start
    if ended == "refused":
        reason, where = value
        return Outcome(ended, refusal=ImportRefused(reason, where), seconds=seconds, peak_rss_kib=peak)
    return Outcome(ended, value=value, seconds=seconds, peak_rss_kib=peak)


def run_bounded(job: str, *args: Any) -> Any:
    """The job's result; an ImportRefused for whatever else happened in the child."""
    outcome = run(job, *args)
    if outcome.ended == "done":
        return outcome.value
    if outcome.refusal is not None:
        raise outcome.refusal
    limit = f"{MEMORY_LIMIT / 1024**3:.1f}".replace(".", ",")
    if outcome.ended == "memory":
        raise ImportRefused(f"leer el archivo Excel necesita más de {limit} GiB de memoria; se detuvo.")
    if outcome.ended == "time":
        raise ImportRefused(f"leer el archivo Excel tomó más de {TIMEOUT:.0f} s; se detuvo.")
    raise ImportRefused(f"el archivo Excel está dañado y no se pudo leer ({outcome.value}).")
