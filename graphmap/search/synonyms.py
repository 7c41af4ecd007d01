"""The synonym table: worry words (fi/sv/en) → Finnish service keywords.

What: loads ``graphmap/data/synonyms.toml`` (or another file) into lemmatised
phrase keys, so "sömnproblem", "sleep problems" or "nukkuu huonosti" reach units
whose services say "univaikeudet".

Why: workers and parents describe a worry, not a service name (DOMAIN.md §7,
"who do I call for this worry"); Swedish and English speakers must reach the same
Finnish-keyword services (Finnish first, DOMAIN.md §9 on PTV's three languages).

How: each key is split into words; Finnish keys are lemmatised with the search
lemmatiser, Swedish and English keys are taken as written (base forms) and met by
the query words' simplemma lemmas.  A key matches a query when each of its words
occurs among the query's words or lemmas.  The
``[urgent]`` table lists words that lift the preference for low support levels.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .text import LANGS, STOP_WORDS, analyse_words, tokens

DEFAULT_PATH = Path(str(resources.files("graphmap") / "data" / "synonyms.toml"))


@dataclass
class SynonymTable:
    """Lemmatised synonym keys per language, and urgent-word keys."""

    #: lang → list of (key lemma sets, one set per word of the phrase; targets)
    entries: dict[str, list[tuple[tuple[frozenset, ...], tuple[str, ...]]]] = field(default_factory=dict)
    urgent: dict[str, list[tuple[frozenset, ...]]] = field(default_factory=dict)

    def expand(self, words_by_lang: dict[str, list[set[str]]]) -> dict[str, dict[int, list[str]]]:
        """For each language, which query words (by position) a key matched and the
        service keywords it adds: ``{lang: {word_index: [targets]}}``."""
        out: dict[str, dict[int, list[str]]] = {}
        for lang, words in words_by_lang.items():
            for key, targets in self.entries.get(lang, ()):
                hit = _match(key, words)
                if hit is None:
                    continue
                for i in hit:
                    bucket = out.setdefault(lang, {}).setdefault(i, [])
                    bucket.extend(t for t in targets if t not in bucket)
        return out

    def is_urgent(self, words_by_lang: dict[str, list[set[str]]]) -> bool:
        return any(_match(key, words) is not None
                   for lang, words in words_by_lang.items() for key in self.urgent.get(lang, ()))


def _match(key: tuple[frozenset, ...], words: list[set[str]]) -> list[int] | None:
    """Positions of query words covering every word of ``key`` (any of its lemmas)."""
    hit = []
    for alternatives in key:
        pos = next((i for i, w in enumerate(words) if w & alternatives), None)
        if pos is None:
            return None
        hit.append(pos)
    return hit


def _key(phrase: str, lang: str, lemmatiser) -> tuple[frozenset, ...]:
    if lang != "fi":
        # Swedish and English keys are written in their base form; lemmatising them
        # would load simplemma's dictionaries (seconds) for every process that searches.
        return tuple(frozenset({w}) for w in tokens(phrase) if w not in STOP_WORDS[lang])
    words = analyse_words(phrase, lang, lemmatiser)
    return tuple(frozenset((a.word,) + a.bases) for a in words)


def load_synonyms(path: str | Path | None = None, lemmatiser=None) -> SynonymTable:
    """Read and lemmatise a synonym file; a bad file raises ``ValueError`` naming
    the file and the offending table or key."""
    path = Path(path) if path else DEFAULT_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the synonym table: {exc}") from exc
    table = SynonymTable()
    for lang, mapping in data.items():
        if lang == "urgent":
            continue
        if lang not in LANGS or not isinstance(mapping, dict):
            raise ValueError(f"{path}: table [{lang}] should be one of [fi], [sv], [en], [urgent]")
        for phrase, targets in mapping.items():
            if not (isinstance(targets, list) and all(isinstance(t, str) for t in targets)):
                raise ValueError(f"{path}: [{lang}] {phrase!r} should map to a list of keywords")
            key = _key(phrase, lang, lemmatiser)
            if key:
                table.entries.setdefault(lang, []).append((key, tuple(targets)))
    for lang, phrases in data.get("urgent", {}).items():
        if lang not in LANGS or not isinstance(phrases, list):
            raise ValueError(f"{path}: [urgent] {lang!r} should be fi/sv/en = [words]")
        table.urgent[lang] = [k for k in (_key(p, lang, lemmatiser) for p in phrases) if k]
    return table
