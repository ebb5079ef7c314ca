"""Timely disclosure: working days from an event to its first publication in git."""

from __future__ import annotations

import datetime as dt

from noticeboard.content.check import check_content
from noticeboard.history.disclosure import assess_disclosure, working_days
from noticeboard.history.log import read_history
from tests.conftest import BASE_FILES, build_site
from tests.gitscratch import commit, init_repo
from tests.pagetext import read_page

D = dt.date
BUILD_DATE = D(2022, 8, 27)


def _wish(title: str, submitted: str, fulfilled: str | None = None) -> str:
    text = f"title: {title}\nbeneficiary: 3号院的王奶奶\ncategory: 助老服务\nsubmitted: {submitted}\n"
    if fulfilled is None:
        return text + "status: open\n"
    return text + f"status: fulfilled\nclaimed_by: alpha\nclaimed: {submitted}\nfulfilled: {fulfilled}\n"


COUNCIL = (
    "title: 3号院停车议事会\ndate: 2022-05-10\nlocation: 3号院\nparticipants: 9\n"
    "decisions:\n- text: 划定电动车停放区\n  outcome: adopted\n"
)
PROJECT_OPEN = "title: 楼道照明\ncategory: 设施建设\nraised: 2022-05-02\nstatus: open\n"
PROJECT_SIGNED = PROJECT_OPEN.replace(
    "status: open", "status: signed\npartners:\n- alpha\nsigned: 2022-05-09"
)


def _repo(tmp_path, site_extra: str = ""):
    repo = init_repo(tmp_path / "repo")
    files = {f"content/{rel}": text for rel, text in BASE_FILES.items()}
    files["content/site.yaml"] += site_extra
    files["content/wishes/old.yaml"] = _wish("老花镜", "2022-04-01", "2022-04-20")  # before the history began
    files["content/projects/lights.yaml"] = PROJECT_OPEN
    commit(repo, files, "建立公示栏", "2022-05-02")
    commit(repo, {"content/wishes/late.yaml": _wish("修水龙头", "2022-05-03")}, "新增心愿", "2022-05-03")
    commit(repo, {"content/projects/lights.yaml": PROJECT_SIGNED}, "项目签约", "2022-05-09")
    commit(repo, {"content/councils/2022/c.yaml": COUNCIL}, "议事会纪要", "2022-05-11")
    commit(
        repo,
        {"content/wishes/haircut.yaml": _wish("上门理发", "2022-05-16", "2022-05-17")},
        "理发",
        "2022-05-20",
    )
    commit(
        repo,
        {"content/wishes/late.yaml": _wish("修水龙头", "2022-05-03", "2022-05-03")},
        "补记",
        "2022-06-15",
    )
    return repo / "content"


def _report(content):
    checked = check_content(content, BUILD_DATE)
    assert checked.ok, checked.report()
    return assess_disclosure(checked.board, read_history(content))


def test_working_days_skip_weekends_and_listed_holidays():
    friday, monday = D(2024, 5, 17), D(2024, 5, 20)
    assert working_days(friday, monday) == 1
    assert working_days(D(2024, 5, 13), D(2024, 5, 20)) == 5
    assert working_days(D(2024, 5, 13), D(2024, 6, 10)) == 20
    assert working_days(D(2024, 5, 13), D(2024, 5, 20), (D(2024, 5, 14), D(2024, 5, 18))) == 4
    assert working_days(monday, monday) == 0
    assert working_days(monday, friday) == 0


def test_each_event_gets_its_first_publication_date_and_delay(tmp_path):
    report = _report(_repo(tmp_path))
    seen = {(e.record_id, e.kind): (e.happened, e.published, e.delay, e.late) for e in report.events}
    assert seen == {
        ("lights", "agreement-signed"): (D(2022, 5, 9), D(2022, 5, 9), 0, False),
        ("c", "decision-taken"): (D(2022, 5, 10), D(2022, 5, 11), 1, False),
        ("haircut", "wish-fulfilled"): (D(2022, 5, 17), D(2022, 5, 20), 3, False),
        ("late", "wish-fulfilled"): (D(2022, 5, 3), D(2022, 6, 15), 31, True),
    }
    assert report.limit == 20


def test_events_before_the_history_began_are_not_judged(tmp_path):
    report = _report(_repo(tmp_path))
    assert report.of("wish", "old") == []


def test_share_on_time_per_month(tmp_path):
    months = _report(_repo(tmp_path)).months
    assert [(m.month, m.on_time, m.total, m.percent) for m in months] == [("2022-05", 3, 4, 75)]


def test_limit_and_holidays_come_from_site_yaml(tmp_path):
    extra = "disclosure:\n  working_days: 40\n  holidays:\n  - 2022-05-18\n  - 2022-05-19\n"
    report = _report(_repo(tmp_path, extra))
    assert [(e.delay, e.late) for e in report.of("wish", "haircut")] == [(1, False)]
    assert [(e.delay, e.late) for e in report.of("wish", "late")] == [(29, False)]


def test_outside_git_nothing_is_judged(tmp_path):
    content = tmp_path / "content"
    for rel, text in BASE_FILES.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    assert not _report(content)


def _site(tmp_path):
    report = build_site(_repo(tmp_path), tmp_path / "site", BUILD_DATE)
    assert report.ok, report.checked.report()
    return tmp_path / "site"


def test_record_pages_show_the_delay_and_flag_late_publication(tmp_path):
    site = _site(tmp_path)
    late = read_page(site / "wishes" / "late" / "index.html").section("disclosure-heading")
    assert "心愿实现：2022年5月3日发生，2022年6月15日首次公开，用了 31 个工作日 超时" in late.text
    assert "20 个工作日内公开" in late.text
    on_time = read_page(site / "councils" / "c" / "index.html").section("disclosure-heading")
    assert (
        "作出决定「划定电动车停放区」：2022年5月10日发生，2022年5月11日首次公开，用了 1 个工作日 按时"
        in on_time.text
    )
    old = read_page(site / "wishes" / "old" / "index.html")
    assert not old.find_all(id="disclosure-heading")


def test_home_page_shows_the_share_on_time_per_month(tmp_path):
    home = read_page(_site(tmp_path) / "index.html").section("disclosure-months-heading")
    assert [row.text for row in home.find_all("tr")][1:] == ["2022年5月 3 / 4 75%"]
