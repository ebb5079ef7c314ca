"""The board's time zone: "today" and SOURCE_DATE_EPOCH are read in it, whatever the machine's
clock is set to (CI runners use UTC; a volunteer's laptop may be anywhere)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from noticeboard.content.dates import DEFAULT_TIMEZONE, board_timezone, resolve_build_date
from tests.conftest import REPO, make_board

# 2022-08-26 17:30 UTC: 01:30 on the 27th in Beijing, 07:30 on the 27th on Kiritimati (UTC+14),
# and still the 26th in UTC and anywhere west of it.
INSTANT = dt.datetime(2022, 8, 26, 17, 30, tzinfo=dt.timezone.utc)
EPOCH = str(int(INSTANT.timestamp()))


def _clock(tz: dt.tzinfo) -> dt.datetime:
    return INSTANT.astimezone(tz)


@pytest.fixture(params=["UTC", "Pacific/Kiritimati", "America/Los_Angeles"])
def machine_tz(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """Run the test with the process's own clock set to another time zone."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def _board(tmp_path: Path, timezone: str | None) -> Path:
    site = "name: 测试公示栏\ncommunity: 测试社区\n" + (f"timezone: {timezone}\n" if timezone else "")
    return make_board(tmp_path, {"site.yaml": site})


def test_today_is_the_board_day_not_the_machine_day(tmp_path: Path, machine_tz: str) -> None:
    content = _board(tmp_path, None)
    assert resolve_build_date(None, {}, content=content, clock=_clock) == dt.date(2022, 8, 27)
    assert resolve_build_date(None, {"SOURCE_DATE_EPOCH": EPOCH}, content=content) == dt.date(2022, 8, 27)


@pytest.mark.parametrize(
    ("timezone", "day"),
    [("Asia/Shanghai", 27), ("UTC", 26), ("Pacific/Kiritimati", 27), ("America/New_York", 26)],
)
def test_the_board_names_its_time_zone(tmp_path: Path, machine_tz: str, timezone: str, day: int) -> None:
    content = _board(tmp_path, timezone)
    assert resolve_build_date(None, {}, content=content, clock=_clock) == dt.date(2022, 8, day)
    assert resolve_build_date(None, {"SOURCE_DATE_EPOCH": EPOCH}, content=content) == dt.date(2022, 8, day)


def test_the_real_clock_is_read_in_the_board_time_zone(tmp_path: Path, machine_tz: str) -> None:
    content = _board(tmp_path, "Pacific/Kiritimati")
    tz = board_timezone(content)
    before = dt.datetime.now(tz).date()
    today = resolve_build_date(None, {}, content=content)
    assert today in (before, dt.datetime.now(tz).date())  # the same, unless midnight passed between


def test_an_unknown_or_missing_time_zone_falls_back_to_beijing(tmp_path: Path) -> None:
    assert board_timezone(None).key == DEFAULT_TIMEZONE
    assert board_timezone(tmp_path / "nowhere").key == DEFAULT_TIMEZONE
    for name in ("Beijing", "../../etc/passwd", "Asia/Nowhere", ""):
        assert board_timezone(_board(tmp_path / name.replace("/", "_"), repr(name))).key == DEFAULT_TIMEZONE


def test_date_option_needs_no_time_zone(tmp_path: Path) -> None:
    content = _board(tmp_path, "Pacific/Kiritimati")
    assert resolve_build_date("2022-08-27", {"SOURCE_DATE_EPOCH": EPOCH}, content=content) == dt.date(
        2022, 8, 27
    )


@pytest.mark.parametrize("machine", ["UTC", "Pacific/Kiritimati"])
def test_check_in_a_process_whose_clock_is_elsewhere(tmp_path: Path, machine: str) -> None:
    """An award dated the board's today passes check on a UTC runner (it did not before the
    board had a time zone: 00:00-08:00 in Beijing is still yesterday in UTC)."""
    content = make_board(
        tmp_path, {"points/awards/a.yaml": "partner: alpha\ndate: 2022-08-27\npoints: 1\nreason: 志愿服务\n"}
    )
    env = {**os.environ, "TZ": machine, "SOURCE_DATE_EPOCH": EPOCH}
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "check", "--content", str(content)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    env["SOURCE_DATE_EPOCH"] = str(int(INSTANT.timestamp()) - 2 * 3600)  # 23:30 on the 26th in Beijing
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "check", "--content", str(content)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1 and "[future-date]" in result.stdout
