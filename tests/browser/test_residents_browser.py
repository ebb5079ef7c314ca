"""The board as its elderly readers use it (issue 15), measured in a real browser.

- type: main text, status tags, counts and the community line at least 18 px (24 px in the elderly
  mode), line spacing at least 1.6;
- tap targets: every link, button and folding summary outside running prose at least 44 x 44
  CSS px, and 60 x 60 in the elderly mode;
- no sideways scrolling at 320 and 375 px, in both modes;
- the elderly mode: one switch on every page, remembered (a script) and working without
  scripts on the page it is on (the #elder link);
- read aloud: with the browser's speech synthesis stubbed, what is spoken and in what order;
- screenshots of the tracker's cards and of the elderly mode in test-artifacts/screenshots/.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, page_types

PAGES = [
    "home", "wishes-record", "councils-record", "partners-record", "decisions", "wishes", "points", "shop",
    "places-record",
]  # fmt: skip
MODES = {"standard": (18, 44), "elder": (24, 60)}  # smallest main text, smallest target, in CSS px

# Every interactive element that is shown, with its size; links inside prose are exempt (WCAG 2.5.8).
TARGETS = """() => [...document.querySelectorAll('a[href], button, summary, input, select')]
    .filter(e => !e.closest('.prose') && e.getClientRects().length)
    .filter(e => getComputedStyle(e).visibility !== 'hidden')
    .filter(e => !e.classList.contains('skip'))
    .map(e => { const r = e.getBoundingClientRect();
        return {w: Math.round(r.width), h: Math.round(r.height),
                what: e.tagName.toLowerCase() + ' ' + (e.textContent || '').trim().slice(0, 30)}; })"""

MAIN_TEXT = """() => [...document.querySelectorAll(
        'main p, main li, main dd, main .tag, main .counts, .site-place')]
    .filter(e => e.getClientRects().length && (e.textContent || '').trim())
    .map(e => { const s = getComputedStyle(e); return {size: parseFloat(s.fontSize),
        ratio: parseFloat(s.lineHeight) / parseFloat(s.fontSize),
        text: e.textContent.trim().slice(0, 20)}; })"""


def open_page(site, open_tab, name: str, mode: str, width: int = 375, javascript: bool = True):
    page, watch = open_tab(width=width, javascript=javascript)
    page.goto(site.root + page_types(site.folder)[name] + ("#elder" if mode == "elder" else ""))
    return page, watch


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", PAGES)
def test_main_text_is_large_and_well_spaced(demo_zh, open_tab, name, mode):
    smallest, _ = MODES[mode]
    page, _ = open_page(demo_zh, open_tab, name, mode)
    texts = page.evaluate(MAIN_TEXT)
    assert texts
    small = [t for t in texts if t["size"] < smallest - 0.01 and not t["text"].isdigit()]
    assert small == []  # status tags, counts and the community's name included
    assert all(t["ratio"] >= 1.6 for t in texts if t["size"] >= smallest), [
        t for t in texts if t["ratio"] < 1.6
    ]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", PAGES)
def test_every_target_is_big_enough_for_a_finger(demo_zh, open_tab, name, mode):
    _, smallest = MODES[mode]
    page, _ = open_page(demo_zh, open_tab, name, mode)
    targets = page.evaluate(TARGETS)
    assert len(targets) > 10
    small = [t for t in targets if t["w"] < smallest or t["h"] < smallest]
    assert small == []


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", PAGES)
def test_nothing_sticks_out_sideways(demo_zh, open_tab, name, mode, width):
    page, _ = open_page(demo_zh, open_tab, name, mode, width=width)
    scroll = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll <= width


def test_the_elderly_mode_switch_is_remembered_across_pages(demo_zh, open_tab):
    page, watch = open_page(demo_zh, open_tab, "home", "standard")
    standard = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    page.click("text=长辈模式")
    assert page.evaluate("document.documentElement.dataset.mode") == "elder"
    page.goto(demo_zh.root + page_types(demo_zh.folder)["wishes-record"])
    elder = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    assert elder >= 24 > standard
    page.click("text=标准模式")
    page.reload()
    assert page.evaluate("document.documentElement.dataset.mode") is None
    assert watch.problems() == {}


def test_the_elderly_mode_works_without_scripts_on_its_page(demo_zh, open_tab):
    page, _ = open_page(demo_zh, open_tab, "wishes-record", "standard", javascript=False)
    before = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    page.click("text=长辈模式")  # a plain link to #elder
    after = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    assert after >= 24 > before
    assert page.is_visible("text=标准模式") and not page.is_visible("text=长辈模式")


SPEECH_STUB = """
window.__spoken = [];
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  speak: function (u) { window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name}); },
  cancel: function () { window.__spoken.push('cancel'); },
  pause: function () { window.__spoken.push('pause'); },
  resume: function () { window.__spoken.push('resume'); },
  getVoices: function () { return [{lang: 'en-US', name: 'english'}, {lang: 'zh-CN', name: 'putonghua'}]; },
}});
"""


def test_read_aloud_speaks_the_title_status_facts_and_story_in_order(demo_zh, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        context.add_init_script(SPEECH_STUB)
        page = context.new_page()
        page.goto(demo_zh.root + "wishes/2022-05-16-haircut/index.html")
        assert page.is_visible("text=▶ 朗读")
        page.click("text=▶ 朗读")
        spoken = page.evaluate("window.__spoken")
        assert spoken[0] == "cancel"
        texts = [item["text"] for item in spoken[1:]]
        assert texts[0] == "给行动不便的81岁父亲上门理发"  # the title first
        assert texts[1] == "已实现 居民已确认"  # then the status, and the resident's confirmation
        assert texts[2].startswith("心愿人 马女士的父亲")  # then the facts
        assert texts[3].startswith("2022年5月16日 收集心愿")  # then the timeline
        assert texts[4].startswith("马女士的父亲今年81岁")  # then the story, sentence by sentence
        assert "“没想到昨天刚说的心愿，今天就实现了。”" in texts[-2]  # a quotation stays whole
        assert all(item["lang"] == "zh-CN" and item["voice"] == "putonghua" for item in spoken[1:])
        page.click("text=暂停")
        assert page.is_visible("text=继续")
        page.click("text=继续")
        page.click("text=停止")
        assert page.evaluate("window.__spoken.slice(-3)") == ["pause", "resume", "cancel"]
    finally:
        context.close()


def test_read_aloud_is_hidden_without_speech_synthesis(demo_zh, browser):
    context = browser.new_context()
    try:
        context.add_init_script('Object.defineProperty(window, "speechSynthesis", {value: undefined});')
        page = context.new_page()
        page.goto(demo_zh.root + "wishes/2022-05-16-haircut/index.html")
        assert not page.is_visible("text=▶ 朗读")
    finally:
        context.close()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", ["home", "decisions", "wishes-record"])
def test_screenshots_for_a_person_to_look_at(demo_zh, open_tab, name, mode):
    page, _ = open_page(demo_zh, open_tab, name, mode)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"residents-{name}-{mode}-375.png"), full_page=True)
