"""Does an occurrence name its concept, or another body with the same words?

"State Migration Service" is Azerbaijan's, but "the Chairman of the State Migration Service
under the Government of the Kyrgyz Republic" and "Qırğızıstanın Dövlət Miqrasiya Xidməti" are
Kyrgyzstan's. A match belongs to the concept only when its noun phrase does. For a concept
with a `jurisdiction` (the state its body or title belongs to), an occurrence names another
body when

- a qualifier follows it (English): "of / under [the Government | Cabinet of Ministers |
  President of] <a state of another jurisdiction>", or "of <a capitalised name that is no
  state>" ("Council of Ministers of Foreign Affairs": a longer name dilmac does not know);
- a qualifier precedes it: another state's name, adjective or genitive, possibly with the
  words that link a body to a government in between ("Kyrgyz", "Qırğızıstanın", "Qırğız
  Respublikası Hökuməti yanında", "Türkiye'nin");

and for any concept, when the occurrence stands inside one of the concept's `exceptions` in
its language (phrases in dictionary form, inflection allowed at their end, as LanguageTool's
antipatterns).

States come from the termbase itself: every `place.` concept with a `jurisdiction` (a state
is its own jurisdiction; its cities name it too), by all its terms, and the adjective of names
like "Kyrgyz Republic" / "Qırğız Respublikası" / "Kırgız Cumhuriyeti".
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from dilmac.language import morph
from dilmac.language.normalize import TURKIC, fold, skeleton

if TYPE_CHECKING:
    from dilmac.match.matcher import Occurrence
    from dilmac.termbase.model import Termbase

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_REPUBLIC = frozenset({"republic", "respublikasi", "cumhuriyeti"})
# Words that join a body to a government ("… Hökuməti yanında Dövlət Miqrasiya Xidməti"),
# skipped between a preceding state and the occurrence.
_LINKING = {
    "en": frozenset(),  # an English state precedes directly: "Kyrgyz", "Kyrgyzstan's"
    "az": frozenset(
        "hokumeti hokumetinin yaninda yanindaki nezdinde nazirler kabineti respublikasi respublikasinin".split()
    ),
    "tr": frozenset("hukumeti hukumetine bagli bunyesindeki cumhuriyeti cumhuriyeti'nin".split()),
}  # fmt: skip
_AFTER_EN = re.compile(
    r"\s+(?:of|under)\s+(?:the\s+)?"
    r"(?:(?:Government|Cabinet of Ministers|President|Prime Minister)\s+of\s+(?:the\s+)?)?"
    r"(?P<name>[A-Z][\w’'-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'-]*){0,3})"
)
_LOOK = 80  # characters looked at on each side


class Bodies:
    """The termbase's states, jurisdictions and exception phrases; built once per termbase."""

    def __init__(self, termbase: Termbase) -> None:
        self.states: dict[str, str] = {}  # folded name or adjective -> its jurisdiction
        self.jurisdiction: dict[str, str] = {}  # concept id -> its jurisdiction
        self.exceptions: dict[tuple[str, str], tuple[str, ...]] = {}  # (concept id, lang) -> folded phrases
        # folded English name of a body -> what it is and belongs to (its id, its jurisdiction)
        self.english_bodies: dict[str, set[str]] = {}
        for concept in termbase.concepts:
            code = getattr(concept, "jurisdiction", None)
            if code:
                self.jurisdiction[concept.id] = code
            for term in concept.terms.get("en", ()):
                self.english_bodies.setdefault(_key(term.text, "en"), set()).update(filter(None, (concept.id, code)))
            for lang in ("en", "az", "tr"):
                phrases = getattr(concept, "exceptions_for", lambda _lang: ())(lang)
                if phrases:
                    self.exceptions[(concept.id, lang)] = tuple(_key(p, lang) for p in phrases)
            if not (code and concept.id.startswith("place.")):
                continue
            for lang, terms in concept.terms.items():
                for term in terms:
                    words = _key(term.text, lang).split()
                    self.states.setdefault(" ".join(words), code)
                    if len(words) == 2 and words[1] in _REPUBLIC:
                        self.states.setdefault(words[0], code)  # Kyrgyz, Qırğız, Kırgız
        # the concepts whose occurrences need a look at their noun phrase
        self.checked = frozenset(self.jurisdiction) | {concept for concept, _lang in self.exceptions}

    def names_another_body(self, occ: Occurrence, text: str, lang: str) -> bool:
        concept_id = occ.term.concept_id
        phrases = self.exceptions.get((concept_id, lang))
        if phrases and _inside_phrase(occ, text, lang, phrases):
            return True
        own = self.jurisdiction.get(concept_id)
        if own is None or concept_id.startswith("place."):
            return False  # (a state next to a place says where, not whose: "Macarıstan Çolpon-Atada")
        other = self._state_before(text[max(0, occ.start - _LOOK) : occ.start], lang)
        if other is not None and other != own:
            return True
        if lang == "en" and occ.end == occ.stem_end:
            m = _AFTER_EN.match(text, occ.end, occ.end + _LOOK)
            if m is not None and not _MONTHS.match(m.group("name")):
                words = _key(m.group("name"), lang).split()
                # the longest start of the name that is a state ("Azerbaijan Vusal Huseynov")
                code = next((c for n in range(len(words), 0, -1) if (c := self._state(words[:n], lang))), None)
                if code is None:  # a body of the termbase ("under the SMS", "of the IOM"), or a state it lacks
                    name = " ".join(words)
                    if own in self.english_bodies.get(name, ()):
                        return False
                    code = _country_code(name)
                return code != own  # another state's, or a longer name dilmac does not know
        return False

    def state_code(self, word: str, lang: str) -> str | None:
        """The jurisdiction of the state a folded word names (inflected or not), or None."""
        return self._state([word], lang)

    def _state_before(self, before: str, lang: str) -> str | None:
        """The state named right before an occurrence (its adjective, genitive, or the state
        with linking words: "Qırğız Respublikası Hökuməti yanında")."""
        tail = re.split(r"[,.;:!?()\[\]“”\"«»]", before)[-1]
        words = _key(tail, lang).split()
        linking = _LINKING.get(lang, frozenset())
        while words:
            for size in (2, 1):
                if len(words) >= size:
                    code = self._state(words[-size:], lang)
                    if code is not None:
                        return code
            if words[-1] not in linking:
                return None
            words.pop()
        return None

    def _state(self, words: list[str], lang: str) -> str | None:
        if not words:
            return None
        phrase = " ".join(words)
        code = self.states.get(phrase)
        if code is not None:
            return code
        last = words[-1].replace("'", "")
        if lang == "en" and last.endswith("s") and words[-1].endswith("'s"):
            return self.states.get(" ".join([*words[:-1], last[:-1]]))
        if lang in TURKIC:
            # an inflected form: "Qırğızıstanın", "Türkiye'nin"
            head = " ".join(words[:-1])
            for cut in range(len(last) - 1, 2, -1):
                stem = (head + " " + last[:cut]).strip()
                code = self.states.get(stem)
                if code is not None and morph.suffix_ok(lang, last[:cut], last, loose=True):
                    return code
        return None


@functools.cache
def _countries() -> dict[str, str]:
    """ISO 3166 countries by their folded English names (pycountry), for states the termbase
    has no concept of; read only when a qualifier names something the termbase does not know."""
    try:
        import pycountry
    except ImportError:
        return {}
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(_key(value, "en"), country.alpha_2)
    return names


def _country_code(name: str) -> str | None:
    return _countries().get(name)


_MONTHS = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")


def _key(text: str, lang: str) -> str:
    return skeleton(fold(text, lang)).replace("’", "'")


def _inside_phrase(occ: Occurrence, text: str, lang: str, phrases: tuple[str, ...]) -> bool:
    """Whether the occurrence stands inside one of the phrases (their last word may carry a
    suffix)."""
    found = _key(text[occ.start : occ.stem_end], lang).strip()
    for phrase in phrases:
        at = phrase.find(found)
        while at != -1:
            start = occ.start - at
            if start >= 0:
                written = _key(text[start : start + len(phrase) + 12], lang)
                body, _, last = phrase.rpartition(" ")
                if written.startswith(body) and written[len(body) :].lstrip().startswith(last[: max(3, len(last) - 2)]):
                    return True
            at = phrase.find(found, at + 1)
    return False


def bodies(termbase: Termbase) -> Bodies:
    """The termbase's `Bodies`, built on first use and kept on the termbase (so that a compiled
    termbase carries it into the disk cache)."""
    cached = termbase.__dict__.get("_bodies")
    if cached is None:
        cached = termbase.__dict__["_bodies"] = Bodies(termbase)
    return cached
