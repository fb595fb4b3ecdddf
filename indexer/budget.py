"""The per-file budget: how much CPU time and memory reading one file may cost, enforced by the kernel.

A parser bug (a regex that backtracks, a docx that expands a millionfold, a PDF whose pages share one
huge content stream) must cost one file, never the run: the worker that reads a file sets, before
each file, an RLIMIT_CPU soft limit at (CPU used so far + budget) and an RLIMIT_AS limit at (address
space in use + budget). Both are enforced by the kernel, so they also stop C code that never returns
to the interpreter (a regex match holds the GIL: no Python timer or watchdog thread could stop it).
Going over the CPU limit kills the worker with SIGXCPU; going over the memory limit makes allocations
fail (MemoryError, or a C library aborting). The pool (indexer.workers) turns either into the file's
reason and carries on with a fresh worker.
"""

from __future__ import annotations

import math
import os
import resource
import signal
from contextlib import contextmanager
from dataclasses import dataclass

_MB = 1024 * 1024


@dataclass(frozen=True)
class FileBudget:
    cpu_seconds: int = 120  # CPU time to read, parse and analyse one file (or one jsonl chunk)
    memory_mb: int = 1024  # address space a file may add to its worker
    # Wall-clock backstop, from the parent: a worker blocked in I/O (a dead network share) uses no CPU.
    wall_factor: float = 3.0
    wall_extra: float = 30.0

    @property
    def wall_seconds(self) -> float:
        return self.cpu_seconds * self.wall_factor + self.wall_extra

    def over_cpu(self) -> str:
        return f"over the per-file budget: more than {self.cpu_seconds} s of CPU (--file-seconds)"

    def over_memory(self) -> str:
        return f"over the per-file budget: more than {self.memory_mb} MB of memory (--file-memory-mb)"

    def over_wall(self) -> str:
        return f"over the per-file budget: no answer after {self.wall_seconds:.0f} s (stalled reading?)"


def _cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _address_space() -> int:
    with open("/proc/self/statm", "rb") as handle:
        pages = int(handle.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def file_budget(budget: FileBudget):
    """Limit the enclosed work (one file) to `budget`; the limits are lifted again afterwards."""
    _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    _, as_hard = resource.getrlimit(resource.RLIMIT_AS)
    cpu_soft = math.ceil(_cpu_used() + budget.cpu_seconds)
    as_soft = _address_space() + budget.memory_mb * _MB
    if cpu_hard != resource.RLIM_INFINITY:
        cpu_soft = min(cpu_soft, cpu_hard)
    if as_hard != resource.RLIM_INFINITY:
        as_soft = min(as_soft, as_hard)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_soft, cpu_hard))
    resource.setrlimit(resource.RLIMIT_AS, (as_soft, as_hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_hard, cpu_hard))
        resource.setrlimit(resource.RLIMIT_AS, (as_hard, as_hard))


def death_reason(exitcode: int | None, budget: FileBudget) -> str:
    """Why a worker died, in the words of the file it was reading."""
    if exitcode is not None and exitcode < 0:
        sig = -exitcode
        if sig == signal.SIGXCPU:
            return budget.over_cpu()
        if sig == signal.SIGKILL:
            return "the worker reading this file was killed (SIGKILL: out of memory?)"
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        return f"the worker reading this file died ({name})"
    return f"the worker reading this file exited unexpectedly (exit code {exitcode})"
