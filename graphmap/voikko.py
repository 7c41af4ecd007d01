"""The one Voikko handle of the process: Finnish morphology for search and for messages.

Why: search (lemmas and compound parts, :mod:`graphmap.search.text`) and finding
messages (does a unit's name take a plural verb, :mod:`graphmap.analysis.messages`)
both ask Voikko (``libvoikko`` with the voikko-fi dictionary;
https://voikko.puimula.org/).  A handle holds the dictionary in memory and is not
thread-safe, so the web app's threads share one handle behind one lock instead of
each part opening its own.

How: the handle opens on first use; if libvoikko or its Finnish dictionary is
missing, :func:`available` is false, :func:`analyze` and :func:`suggest` answer
nothing, and :func:`require` raises (the search then falls back to simplemma).
"""
from __future__ import annotations

import threading

_LOCK = threading.Lock()  # guards the handle and its opening
_HANDLE: list = []  # [] = not tried yet, [None] = unavailable, [handle]


def _handle():
    """The handle, opened on first call (call with :data:`_LOCK` held)."""
    if not _HANDLE:
        try:
            import libvoikko
            _HANDLE.append(libvoikko.Voikko("fi"))
        except Exception:  # libvoikko or its Finnish dictionary is not installed
            _HANDLE.append(None)
    return _HANDLE[0]


def available() -> bool:
    """Is Voikko with its Finnish dictionary installed?"""
    with _LOCK:
        return _handle() is not None


def require() -> None:
    """Raise ImportError unless Voikko is available (the caller falls back).  The import
    is asked each time (a cached module lookup), so an installation without libvoikko —
    or a test that hides it — is seen even after the handle opened."""
    import libvoikko  # noqa: F401
    if not available():
        raise ImportError("libvoikko with the Finnish dictionary is not installed")


def analyze(word: str) -> list[dict]:
    """Voikko's analyses of one word (``[]`` for an unknown word or without Voikko)."""
    with _LOCK:
        handle = _handle()
        return list(handle.analyze(word)) if handle is not None else []


def suggest(word: str) -> list[str]:
    """Voikko's spelling suggestions for a word (``[]`` without Voikko)."""
    with _LOCK:
        handle = _handle()
        return list(handle.suggest(word)) if handle is not None else []
