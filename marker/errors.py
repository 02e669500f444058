"""The few exception types marker raises.

Every error a user can cause is a MarkerError with one clear line of text, so the CLI and the
app can show it as it is; anything else is a bug.
"""


class MarkerError(Exception):
    """Base class: an expected, user-facing problem with a one-line message."""


class RubricError(MarkerError):
    """A rubric file is missing, unreadable or invalid. The message names the file and key path."""


class EssayInputError(MarkerError):
    """An essay file cannot be turned into text. The message names the file and what to do."""
