"""Files that survive a power cut: written to a temporary name, fsynced, renamed over the real
name, and then the directory fsynced, or the rename itself may be lost and the old file return."""

import os
from pathlib import Path


def fsync_dir(directory: str | Path) -> None:
    """Make the renames in `directory` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
