"""The run-folder format Trainscape reads (main/contract/runs/run-files.ts,
main/contract/json-lines.ts), written from Python.

JSON has no NaN or Infinity, so non-finite numbers are written as the strings "NaN", "Infinity"
and "-Infinity"; a string that only looks like one gets a leading backslash, so it reads back
unchanged. JSON-lines files get one write() per record, newline included, so a reader sees whole
records or a torn last line, which it drops. Whole files (summary.json, config.json) are written
to a temporary name and renamed, so a reader never sees half of one.
"""
import json
import math
import os
import random
import re
import time
import unicodedata
import warnings

FILES = {
    "config": "config.json",
    "summary": "summary.json",
    "layers": "layers.json",
    "steps": "steps.jsonl",
    "probes": "probes.jsonl",
    "epochs": "epochs.jsonl",
    "evaluation": "evaluation.json",
    "writer_pid": "writer.pid",
}

_LOOKS_NON_FINITE = re.compile(r"^\\*(NaN|Infinity|-Infinity)$")


def encode(value):
    """A JSON-ready copy of `value`: non-finite floats spelled out, look-alike strings escaped."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return "\\" + value if _LOOKS_NON_FINITE.match(value) else value
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    raise TypeError(f"cannot write {type(value).__name__} to a Trainscape run file")


_BARE_NON_FINITE = re.compile(r'(?<=[\[,:])(NaN|-?Infinity)(?=[\],}])')


def dumps_numbers(record):
    """dumps() for records holding no strings (steps, probes, epochs): json's own encoder, then
    its bare NaN/Infinity tokens quoted; several times faster than walking the record."""
    text = json.dumps(record, separators=(",", ":"))
    return _BARE_NON_FINITE.sub(r'"\1"', text) if ("NaN" in text or "Infinity" in text) else text


def dumps(value, indent=None):
    return json.dumps(encode(value), indent=indent, allow_nan=False, ensure_ascii=False)


def write_atomic(path, text):
    """Writes `text` to a temporary file beside `path`, then renames it over `path`."""
    temp = f"{path}.tmp-{os.getpid()}-{random.randrange(1 << 30)}"
    with open(temp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, path)


def make_run_id(name, at=None):
    """A run id like the engine's: `20261127-043512-relu-he-3f9a` (UTC stamp, slug, random)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(at if at is not None else time.time()))
    slug = unicodedata.normalize("NFKD", name).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-")[:40].strip("-") or "run"
    return f"{stamp}-{slug}-{random.randrange(0x10000):04x}"


class LinesFile:
    """An append-only JSON-lines file: one os.write per record, so records never interleave.

    A write that fails (disk full, quota, the folder gone) stops the recording of this file and
    warns once; it never raises into the user's training loop, which keeps running. What was
    written before stays a valid run (at worst a torn last line, which readers drop).
    """

    def __init__(self, path):
        self._path = path
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self.failed = None

    def append(self, record):
        if self.failed is not None:
            return
        data = (dumps_numbers(record) + "\n").encode("utf-8")
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._fd, view):]
        except OSError as error:
            self.failed = error
            warnings.warn(
                f"trainscape_probe: stopped recording {self._path}: {error.strerror or error}. "
                "Training goes on; free some space and start a new run to record again.",
                RuntimeWarning, stacklevel=2)

    def close(self):
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


# writer.pid names the writing process so a reader can tell a live run from a dead one. A PID alone
# is not enough (PIDs are reused), so the stamp also holds the process's start time (Linux: field
# 22 of /proc/<pid>/stat) and the host; the writer touches the file every HEARTBEAT_SECONDS, which
# is what a reader on another host (a synced or shared runs folder) goes by. Same format as
# main/runs/writer-stamp.ts.
HEARTBEAT_SECONDS = 15


def _process_start_time(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            text = f.read()
    except OSError:
        return None
    # Field 2, the command name, is in parentheses and may itself hold spaces or ')'.
    fields = text[text.rindex(")") + 2:].split(" ")
    return fields[19] if len(fields) > 19 else None


def writer_stamp():
    """writer.pid's text for the calling process: one JSON object on one line."""
    import socket
    pid = os.getpid()
    return json.dumps({"pid": pid, "start": _process_start_time(pid), "host": socket.gethostname()}) + "\n"


def start_heartbeat(path):
    """Touches `path` every HEARTBEAT_SECONDS from a daemon thread; returns a function that stops it."""
    import threading
    stop = threading.Event()

    def beat():
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                os.utime(path)
            except OSError:
                pass  # removed at close (or by recovery): a missed beat is harmless

    threading.Thread(target=beat, name="trainscape-writer-heartbeat", daemon=True).start()
    return stop.set
