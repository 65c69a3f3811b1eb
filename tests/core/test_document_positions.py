"""Document.span_positions (one sweep over a document's findings) gives what Document.position
gives span by span, whatever the order of the spans."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dilmac.core.document import Document


@st.composite
def text_and_spans(draw):
    text = draw(st.text(alphabet="ab \nç\r", max_size=60))
    offsets = st.integers(min_value=0, max_value=len(text))
    pairs = draw(st.lists(st.tuples(offsets, offsets), max_size=8))
    return text, [(min(a, b), max(a, b)) for a, b in pairs]


@settings(max_examples=300, derandomize=True)
@given(text_and_spans(), st.booleans())
def test_span_positions_agree_with_position(case, in_order) -> None:
    text, spans = case
    if in_order:
        spans.sort()
    doc = Document(path="t.txt", source=text, text=text, lang="en")
    expected = [(*doc.position(start), *doc.position(end)) for start, end in spans]
    assert list(doc.span_positions(spans)) == expected
