"""Accessibility: axe-core finds no serious or critical violation on any page type, in both
languages and in both the standard and the elderly mode (长辈模式).

axe-core comes from npm (package.json at the repository root; ``npm ci`` installs it into
node_modules/). Missing axe-core skips these tests with the command to run, or fails under CI.
"""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import REPO, page_types, settled
from tests.browser.test_pages_browser import PAGE_TYPES

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def axe_script() -> str:
    if not AXE.is_file():
        reason = f"axe-core not installed at {AXE.relative_to(REPO)} (run: npm ci)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return str(AXE)


def violations(page, axe_script: str) -> list[str]:
    """Run axe on the open page and describe each serious or critical violation."""
    page.add_script_tag(path=axe_script)
    found = page.evaluate(
        """async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }"""
    )
    blocking = [v for v in found if v["impact"] in BLOCKING]
    return [f"{v['impact']} {v['id']}: {v['help']} at {v['targets']}" for v in blocking]


@pytest.mark.parametrize("mode", ["standard", "elder"])
@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_no_serious_accessibility_violation(request, open_tab, axe_script, name, language, mode):
    site = request.getfixturevalue(f"demo_{language}")
    path = page_types(site.folder)[name]
    page, _ = open_tab(width=1280)
    page.goto(site.root + path + ("#elder" if mode == "elder" else ""), wait_until=settled(name))
    assert violations(page, axe_script) == [], path


def test_english_board_declares_its_language(demo_en, open_tab):
    page, _ = open_tab()
    page.goto(demo_en.root + "index.html")
    assert page.evaluate("document.documentElement.lang") == "en"


def test_axe_reports_a_violation_it_should(open_tab, axe_script):
    """A form field without a label is a critical violation: proves axe really ran."""
    page, _ = open_tab()
    page.set_content('<!doctype html><html lang="en"><title>t</title><main><input type="text"></main></html>')
    assert any(" label:" in v for v in violations(page, axe_script))
