"""Long words on a phone: the strange board of tests/site/test_large_inputs.py at 375 px wide.

An unbroken Chinese title of 240 characters, a URL-like word of 400 characters and a run of
emoji must wrap: no page of the board may scroll sideways on a phone.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import Site, served
from tests.site.test_large_inputs import LONG_CHINESE, PHONE_PAGES, strange_site


@pytest.fixture(scope="module")
def strange(tmp_path_factory) -> Iterator[Site]:
    site = strange_site(tmp_path_factory.mktemp("strange-browser"))
    with served(site) as root:
        yield Site(site, root, "zh")


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_long_words_wrap_on_a_phone(strange, open_tab, path):
    page, watch = open_tab(width=375)
    page.goto(strange.root + path)
    if not path.startswith("wishes/"):
        assert LONG_CHINESE[:20] in page.inner_text("body"), path
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 375, f"{path} scrolls sideways at 375 px ({width} px wide)"
    assert watch.problems() == {}
