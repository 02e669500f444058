"""The few exception types marker raises, and how a name appears in a one-line message.

Every error a user can cause is a MarkerError with one clear line of text, so the CLI and the
app can show it as it is; anything else is a bug.
"""

import unicodedata


class MarkerError(Exception):
    """Base class: an expected, user-facing problem with a one-line message."""


class RubricError(MarkerError):
    """A rubric file is missing, unreadable or invalid. The message names the file and key path."""


class EssayInputError(MarkerError):
    """An essay file cannot be turned into text. The message names the file and what to do."""


class StoreError(MarkerError):
    """A saved-work problem the user can act on (no such class, a clash, an unreachable or failing database)."""


class StorageFailure(StoreError):
    """The database itself failed (full disk, read-only, locked, damaged, unreachable); nothing was half-saved."""


def display_name(name: str) -> str:
    """A file name as it can appear in a one-line message: newlines, tabs and other control or invisible
    characters escaped (a zip entry may be called anything), so a message stays one line and shows the real name."""
    out = []
    for ch in name:
        if ch in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out) or "(unnamed file)"
