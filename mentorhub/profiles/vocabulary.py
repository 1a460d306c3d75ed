"""The field's words: topics with a plain explanation, and the other ways people say them.

Text is reduced to *stems* (lower case, small words dropped, each word stemmed by the
Snowball English stemmer: "finding" → "find", "artists" → "artist"), and a stem sequence is
read for *concepts*: a topic of the vocabulary whose phrase appears in it ("finding new
artists" and "talent scout" both read as the concept ``a-r``). Matching (discovery) indexes
each professional's stems and concepts and reads a student's words the same way.

The vocabulary is data: ``mentorhub/profiles/data/vocabulary.toml``, plus any files listed
in ``MENTORHUB_VOCABULARY_FILES`` (an operator's or a club's own words; same format). After
changing the files, ``flask mentorhub reindex-search`` rereads every profile.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from flask import Flask, current_app, has_app_context

DEFAULT_FILE = Path(__file__).with_name("data") / "vocabulary.toml"
_EXTENSION_KEY = "mentorhub_vocabulary"

# Words that say nothing about a job on their own.
STOP_WORDS = frozenset(
    """a about after all also am an and any are as at be been being but by can could do does
    for from get getting gets got had has have how i i'd i'm if in into is it its i've just
    like lot me more most my of on onto or our out over really so some such than that
    the their them then there these they this those to too up us very want wants wanted was we
    were what when where which who why will with would you your know learn learning understand
    interested interest interests curious career careers job jobs work working works day days
    people person someone something thing things way ways""".split()
)
# Too common in a music marketplace to tell people apart, unless it is all that was asked.
WEAK_WORDS = frozenset({"music", "musician", "industri", "busi"})
# Stems the stemmer would merge though the field keeps them apart: "recording" is studio
# work, while a "record" (or "Records" in a label's name) is the disc or the company.
# Likewise "production" (making records) is not "product" (what a product manager makes).
STEM_EXCEPTIONS = {
    "recording": "recording", "recordings": "recording", "recorded": "recording",
    "production": "production", "productions": "production", "producer": "producer",
    "producers": "producer", "producing": "producer", "produce": "producer",
}
# Words in any script; "&" and "'" stay inside a word (A&R, don't), hyphens split ("DJ-sets").
_WORD = re.compile(r"[^\W_][\w&'+]*")


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    word = word.strip("'+")
    if word in STEM_EXCEPTIONS:
        return STEM_EXCEPTIONS[word]
    if word.endswith(("ize", "ized", "izes", "izing", "ization")):  # American spelling
        word = re.sub(r"iz(e|ed|es|ing|ation)$", r"is\1", word)
    return _stemmer().stemWord(word)


def word_stems(text: str) -> list[tuple[str, str]]:
    """``(word, stem)`` for each word of ``text`` in order, small words dropped."""
    out = []
    for word in _WORD.findall((text or "").lower().replace("’", "'")):
        if word in STOP_WORDS:
            continue
        stem = _stem(word)
        if stem and stem not in STOP_WORDS:
            out.append((word.strip("'+"), stem))
    return out


def stems(text: str) -> list[str]:
    """The stems of ``text`` in order, small words dropped ("I find new artists" →
    ``["find", "new", "artist"]``)."""
    return [stem for _word, stem in word_stems(text)]


def concept_slug(name: str) -> str:
    """The key of a topic of the vocabulary ("A&R" → ``a-r``, "touring" → ``touring``)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@dataclass(frozen=True)
class Concept:
    """One topic of the vocabulary."""

    slug: str
    name: str
    explains: str
    phrases: tuple[tuple[str, ...], ...]


@dataclass
class Vocabulary:
    """Every concept, and an index from a phrase's stems to the concepts it says."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    longest: int = 1

    def add(self, name: str, explains: str, words: Iterable[str]) -> None:
        """Add (or extend) the concept ``name``: its explanation and other ways to say it."""
        slug = concept_slug(name)
        if not slug:
            return
        known = self.concepts.get(slug)
        phrases = {tuple(stems(w)) for w in [name, *words]}
        phrases.discard(())
        if known is not None:
            phrases |= set(known.phrases)
            explains = explains or known.explains
        self.concepts[slug] = Concept(slug, known.name if known else name, explains, tuple(sorted(phrases)))
        for phrase in phrases:
            self.phrases.setdefault(phrase, set()).add(slug)
            self.longest = max(self.longest, len(phrase))

    def spans(self, sequence: list[str]) -> list[tuple[int, int, set[str]]]:
        """The phrases found in ``sequence`` (a list of stems) as ``(start, end, concepts)``,
        longest first from left to right, never overlapping: "record deals" reads as the
        contracts it is, not also as recording."""
        found = []
        i = 0
        while i < len(sequence):
            for size in range(min(self.longest, len(sequence) - i), 0, -1):
                concepts = self.phrases.get(tuple(sequence[i : i + size]))
                if concepts:
                    found.append((i, i + size, concepts))
                    i += size
                    break
            else:
                i += 1
        return found

    def concepts_in(self, text: str) -> set[str]:
        """The concepts ``text`` speaks of."""
        out: set[str] = set()
        for _start, _end, concepts in self.spans(stems(text)):
            out |= concepts
        return out

    def concepts_of_name(self, name: str) -> frozenset[str]:
        """:meth:`concepts_in` of a short name (a topic's), remembered: topics repeat."""
        cache = self.__dict__.setdefault("_by_name", {})
        found = cache.get(name)
        if found is None:
            found = cache[name] = frozenset(self.concepts_in(name))
        return found

    def explain(self, topic_name: str) -> str:
        """The plain explanation of a topic (by its name or any other way to say it), or ``""``."""
        sequence = tuple(stems(topic_name))
        slugs = self.phrases.get(sequence) or set()
        if not slugs:
            return ""
        concept = self.concepts[sorted(slugs)[0]]
        return concept.explains


class VocabularyError(RuntimeError):
    """A vocabulary file is missing or is not valid TOML."""


def load(paths: Iterable[Path]) -> Vocabulary:
    """A vocabulary read from TOML files of ``[[topic]]`` entries (later files extend)."""
    vocabulary = Vocabulary()
    for path in paths:
        try:
            with Path(path).open("rb") as handle:
                data = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise VocabularyError(f"Cannot read the vocabulary file {path}: {err}") from err
        for entry in data.get("topic", []):
            vocabulary.add(str(entry.get("name", "")), str(entry.get("explains", "")),
                           [str(w) for w in entry.get("words", [])])
    return vocabulary


def vocabulary_files(config: dict) -> list[Path]:
    """The default file, then ``MENTORHUB_VOCABULARY_FILES`` (a list, or paths separated by
    the OS path separator)."""
    extra = config.get("VOCABULARY_FILES") or []
    if isinstance(extra, str):
        extra = [p for p in extra.split(os.pathsep) if p]
    return [DEFAULT_FILE, *(Path(p) for p in extra)]


@lru_cache(maxsize=8)
def _load_cached(paths: tuple[Path, ...]) -> Vocabulary:
    return load(paths)


def init_app(app: Flask) -> None:
    """Read the app's vocabulary files now, so a missing or broken one (a typo in
    ``MENTORHUB_VOCABULARY_FILES``) stops the start with its name instead of failing every
    search later."""
    app.extensions[_EXTENSION_KEY] = _load_cached(tuple(vocabulary_files(app.config)))


def current() -> Vocabulary:
    """The vocabulary of the running app (the default one outside an app)."""
    if not has_app_context():
        return _load_cached((DEFAULT_FILE,))
    cached = current_app.extensions.get(_EXTENSION_KEY)
    if cached is None:
        cached = _load_cached(tuple(vocabulary_files(current_app.config)))
        current_app.extensions[_EXTENSION_KEY] = cached
    return cached
