"""The quick answers a check relies on (with or without the memo) agree with the slow ones.

- privacy: the pre-test that lets most texts skip the four patterns never hides a leak;
- parse: the float flag of a parse says what walking the data would say.
"""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from noticeboard.content.parse import parse_yaml
from noticeboard.content.privacy import _find_normal_leaks, _normal, find_leaks, may_leak
from noticeboard.content.schema import _has_float

# Digits, separators, @ and their full-width, circled and mathematical look-alikes.
TRICKY = "0123456789 -.\t@＠０１２３４５６７８９－．　①⑴⒈¹₂𝟑﹫+86Xx"
TEXTS = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=40)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TRICKY), max_size=30).map("".join) | TEXTS)
def test_the_private_data_pre_test_never_hides_a_leak(text: str) -> None:
    every = list(_find_normal_leaks(_normal(text)))  # all four patterns, no pre-test
    assert not every or may_leak(text)
    assert [(leak.kind, leak.sample) for leak in find_leaks(text)] == [
        (leak.kind, leak.sample) for leak in every
    ]


@given(
    st.sampled_from(
        ["13812345678", "1 3 8 1 2 3 4 5 6 7 8", "１３８-１２３４-５６７８", "a@b.cn", "甲＠乙.中国"]
    )
)
def test_the_pre_test_lets_contact_data_through(text: str) -> None:
    assert may_leak(text)


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text("abc", min_size=1), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text("abcd", min_size=1), VALUES, max_size=4))
def test_the_parse_knows_whether_a_record_holds_a_float(data: dict) -> None:
    doc = parse_yaml(yaml.safe_dump(data, allow_unicode=True))
    if doc.issues:  # a text YAML 1.1 reads otherwise; kept as text, flagged
        return
    assert doc.floats == _has_float(doc.data)
