"""The server process's allocator: fewer glibc malloc arenas, so that its memory stays flat (issue 15).

glibc gives each thread that allocates its own arena (up to 8 per core) and rarely hands their freed pages back;
the aiosqlite threads, the database driver and the event loop then grow the resident memory by tens of MB under
a steady load. Two arenas keep it flat for a negligible cost in contention (the same as MALLOC_ARENA_MAX=2, which
the Docker image also sets). Elsewhere than glibc (musl, macOS) nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

#: `mallopt` parameter number of the arena limit (glibc's malloc.h: M_ARENA_MAX).
_M_ARENA_MAX = -8
#: Arenas the server process uses.
ARENAS = 2


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas for this process; True when the allocator accepted it. Call it early, before
    the threads start (arenas already created stay, new ones are not made)."""
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_ARENA_MAX, arenas))
