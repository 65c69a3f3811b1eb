"""term-near-miss finds its suspects the same way in small and large regions (a large one, such
as a whole catalog, is searched in one automaton pass)."""

from __future__ import annotations

from dilmac.rules import term_near_miss


def test_large_and_small_regions_locate_the_same_words(monkeypatch):
    words = {"Amreev": "Amreyev", "Miqrasya": "Miqrasiya"}
    chunk = "Baghdad Amreev met the Miqrasya staff; XAmreev and Amreevs are other words. "
    text = chunk * 2000  # ~150 000 characters: above the one-pass threshold
    assert len(text) > term_near_miss._ONE_PASS_ABOVE
    one_pass = sorted(term_near_miss._locate(text, 0, len(text), words))
    monkeypatch.setattr(term_near_miss, "_ONE_PASS_ABOVE", len(text) + 1)
    word_by_word = sorted(term_near_miss._locate(text, 0, len(text), words))
    assert one_pass == word_by_word
    assert len(one_pass) == 4000
    assert one_pass[:2] == [(8, "Amreev"), (23, "Miqrasya")]


def test_a_region_inside_the_text_is_respected():
    text = "Amreev " * 20_000
    found = list(term_near_miss._locate(text, 7, 7 * 10_001, {"Amreev": "Amreyev", "Miqrasya": "Miqrasiya"}))
    assert [at for at, _ in found] == [7 * i for i in range(1, 10_001)]
