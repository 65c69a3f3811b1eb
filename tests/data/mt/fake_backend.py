"""Deterministic engines for the MT tests, plugged in with DILMAC_MT_BACKEND=THIS_FILE:FACTORY.

- `canned`: the n-best list of NBEST for a known (masked) source string; any other string comes
  back as "AZ " + the string, so its masked tokens survive and must be restored.
- `slow`: that echo, DILMAC_FAKE_DELAY seconds per batch (the kill test).
- `second`: "AZ (2) " + the string, to tell a redone draft from the first one.

Every string an engine is asked to translate is appended to $DILMAC_FAKE_LOG (one JSON string a
line), so tests can count what reached the model.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass

# Masked source → hypotheses, best first as a model ranks them (en → az, the date 2024-06-01).
NBEST = {
    # The termbase's name (inflected: genitive) only in the third hypothesis: it must be chosen.
    "The State Migration Service opened a new centre.": [
        "Miqrasiya xidməti yeni mərkəz açdı.",
        "Dövlət xidməti yeni mərkəz açdı.",
        "Dövlət Miqrasiya Xidmətinin yeni mərkəzi açıldı.",
    ],
    # A superseded name with a genitive suffix: fixed, suffix kept.
    "The Turkic Council's secretariat met in Baku.": [
        "Türk Şurasının katibliyi Bakıda toplandı.",
        "Türk Şurası katibliyi Bakıda toplandı.",
    ],
    # A forbidden spelling with a genitive suffix, next to a placeholder.
    "The decision of the Cabinet of Ministers was sent to [1].": [
        "Nazirlər Kabinətinin qərarı [1] göndərildi.",
    ],
    # No hypothesis names the ministry: kept, the missing name noted.
    "[1] thanked the Ministry of Foreign Affairs of the Republic of Azerbaijan.": [
        "[1] nazirliyə təşəkkür etdi.",
        "[1] xarici nazirliyə təşəkkür etdi.",
    ],
    # Tags come back spaced apart; the best hypothesis loses one, the second keeps both.
    "[1]Archive[2] of the Ministry": [
        "[1] Arxiv nazirliyi",
        "[1] Arxiv [2] nazirliyi",
    ],
    # Every hypothesis loses the placeholder: kept, the problem noted.
    "Welcome, [1]!": [
        "Xoş gəlmisiniz!",
        "Xoş gəldiniz!",
    ],
}


@dataclass(frozen=True)
class Hypothesis:
    text: str
    score: float


def _log(texts: list[str]) -> None:
    path = os.environ.get("DILMAC_FAKE_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            for text in texts:
                handle.write(json.dumps(text, ensure_ascii=False) + "\n")


class Canned:
    name = "fake-nbest"

    def __init__(self, request) -> None:
        self.request = request

    def translate(self, texts: list[str], *, beam: int, n_best: int) -> list[list[Hypothesis]]:
        _log(texts)
        out = []
        for text in texts:
            hypotheses = NBEST.get(text, [f"{self.request.target.upper()} {text}"])[:n_best]
            out.append([Hypothesis(h, -0.1 * rank) for rank, h in enumerate(hypotheses)])
        return out


class Slow(Canned):
    name = "fake-slow"

    def translate(self, texts: list[str], *, beam: int, n_best: int) -> list[list[Hypothesis]]:
        time.sleep(float(os.environ.get("DILMAC_FAKE_DELAY", "0.05")))
        return super().translate(texts, beam=beam, n_best=n_best)


class Second(Canned):
    name = "fake-second"

    def translate(self, texts: list[str], *, beam: int, n_best: int) -> list[list[Hypothesis]]:
        _log(texts)
        return [[Hypothesis(f"{self.request.target.upper()} (2) {text}", 0.0)] for text in texts]


def canned(request) -> Canned:
    return Canned(request)


def slow(request) -> Slow:
    return Slow(request)


def second(request) -> Second:
    return Second(request)
