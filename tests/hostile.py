"""A valid board with hostile text in every text field and Markdown body of every record type.

Shared by the escaping tests (tests/site/test_render.py) and the real-browser ones
(tests/browser/test_xss_browser.py); each brings its own payload.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import make_board


def _q(text: str) -> str:
    """A YAML scalar holding ``text`` exactly (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def hostile_board(tmp_path: Path, payload: str, body: str) -> Path:
    """A valid board with ``payload`` in every text field and ``body`` as every Markdown body."""
    p = _q(payload)
    return make_board(
        tmp_path,
        {
            "site.yaml": f"name: {p}\ncommunity: {p}\nstreet: {p}\ndistrict: {p}\ncontact: {p}\n"
            "base_url: https://board.example/\n",
            "partners/alpha.yaml": f"name: {p}\nkind: enterprise\njoined: 2021-01-01\n"
            f"services:\n- title: {p}\n  category: {p}\nhonors:\n- date: 2021-06-01\n  title: {p}\n"
            f"description: {p}\n",
            "partners/beta.md": f"---\nname: {p}\nkind: individual\njoined: 2021-02-01\n---\n{body}",
            "projects/need.md": f"---\ntitle: {p}\ncategory: {p}\nraised: 2022-01-01\nstatus: open\n"
            f"---\n{body}",
            "projects/done.yaml": f"title: {p}\ncategory: {p}\nraised: 2021-03-01\nstatus: completed\n"
            f"partners: [alpha]\nsigned: 2021-04-01\ncompleted: 2021-05-01\ndescription: {p}\n",
            "wishes/tap.md": f"---\ntitle: {p}\nbeneficiary: {p}\ncategory: {p}\nsubmitted: 2022-08-01\n"
            f"reported_by: {p}\nstatus: fulfilled\nclaimed_by: alpha\nclaimed: 2022-08-02\n"
            f"fulfilled: 2022-08-03\n---\n{body}",
            "wishes/open.yaml": f"title: {p}\nbeneficiary: {p}\ncategory: {p}\nsubmitted: 2022-08-05\n"
            f"status: open\nstory: {p}\n",
            "councils/2022-08-01-shed.md": f"---\ntitle: {p}\ndate: 2022-08-01\nlocation: {p}\n"
            f"participants: 9\nattendees: [alpha]\ndecisions:\n- text: {p}\n  outcome: adopted\n"
            f"  votes: {{for: 7, against: 1, abstain: 1}}\n  owner: {p}\n  due: 2022-08-20\n"
            f"  difficult_problem: true\n---\n{body}",
            # The same text as the wish it names: an extra award, said so (else double-points).
            "points/awards/a.yaml": f"partner: alpha\ndate: 2022-08-01\npoints: 5\nreason: {p}\n"
            f"extra: true\nextra_reason: {p}\n",
            "points/redemptions/r.yaml": f"partner: alpha\ndate: 2022-08-02\npoints: 3\nitem: {p}\n",
        },
    )
