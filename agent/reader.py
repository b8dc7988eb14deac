"""Read an input file as clean text, refusing what cannot be a profile before parsing starts."""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path
from typing import Any

from agent.errors import InputError

_TEXT_CONTROLS = frozenset("\n\r\t\f\v")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


EMPTY_HINT = "export the profile again"


def read_input(path: Path, max_bytes: int, empty_hint: str = EMPTY_HINT) -> str:
    """The file's text: UTF-8, BOM stripped, line ends as ``\\n``; InputError when unusable
    (``empty_hint`` is what the message for an empty file suggests)."""
    return decode_input(read_bytes(path, max_bytes, empty_hint), str(path), empty_hint)


def read_bytes(path: Path, max_bytes: int, empty_hint: str = EMPTY_HINT) -> bytes:
    """The file's bytes, after checking (with stat, before reading) that it is a small file."""
    subject = str(path)
    size = _regular_file_size(path)
    if size == 0:
        raise InputError(subject, "file is empty", empty_hint)
    if size > max_bytes:
        raise InputError(
            subject,
            f"file is {size} bytes, over the {max_bytes}-byte limit",
            "split the file or raise PROFILE_AGENT_MAX_INPUT_BYTES",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise InputError(
            subject, f"cannot read file ({err.strerror})", "check its permissions"
        ) from err
    if len(data) > max_bytes:
        raise InputError(subject, f"file grew past the {max_bytes}-byte limit", "try again")
    return data


def _regular_file_size(path: Path) -> int:
    subject = str(path)
    try:
        info = path.stat()
    except FileNotFoundError as err:
        raise InputError(subject, "no such file", "check the path") from err
    except OSError as err:
        raise InputError(subject, f"cannot open file ({err.strerror})", "check the path") from err
    if stat.S_ISDIR(info.st_mode):
        raise InputError(subject, "is a directory", "give a file, not a folder")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(subject, "not a regular file", "give a text, JSON or JSONL file")
    return info.st_size


def decode_input(data: bytes, subject: str, empty_hint: str = EMPTY_HINT) -> str:
    """Decode UTF-8 bytes to normalised text; binary or non-UTF-8 data is an InputError."""
    if data.startswith(_UTF16_BOMS):
        raise InputError(subject, "UTF-16 text, not UTF-8", "re-save the file as UTF-8")
    if b"\x00" in data:
        raise InputError(
            subject, "binary file (contains NUL bytes)", "give a text, JSON or JSONL file"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        bad = data[err.start]
        raise InputError(
            subject,
            f"not UTF-8 text (byte 0x{bad:02x} at offset {err.start})",
            "re-save the file as UTF-8",
        ) from err
    text = normalise_newlines(text.removeprefix("\ufeff"))
    if _mostly_control(text):
        raise InputError(
            subject, "binary file (mostly control characters)", "give a text, JSON or JSONL file"
        )
    if not text.strip():
        raise InputError(subject, "file has no text, only whitespace", empty_hint)
    return text


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _mostly_control(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in _TEXT_CONTROLS)
    return controls > max(8, len(sample) // 10)


def loads_json(text: str) -> Any:
    """``json.loads`` whose every failure is a ``JSONDecodeError``: bad syntax, nesting too deep
    for the parser, integers past Python's 4,300-digit limit."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError as err:
        raise json.JSONDecodeError("nested too deeply", text, 0) from err
    except ValueError as err:  # 'Exceeds the limit (4300 digits) for integer string conversion'
        raise json.JSONDecodeError(f"unreadable value ({err})", text, 0) from err


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of the raw file bytes (what SourceInfo records)."""
    return hashlib.sha256(data).hexdigest()
