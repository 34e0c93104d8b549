"""A one-line progress bar for management commands (written to stderr, so output stays clean):
done/total, the rate so far and the time left at that rate."""

import time


def progress(done: int, total: int, started: float, stream) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    elapsed = max(time.monotonic() - started, 1e-6)
    rate = done / elapsed
    left = f" ETA {_duration((total - done) / rate)}" if 0 < done < total else ""
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {rate:.0f}/s{left} ")
    stream.flush()


def _duration(seconds: float) -> str:
    """1:02:03, 2:03 or 0:05."""
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
