#!/usr/bin/env python3
"""Vendor the form editor (Decap CMS) from its npm package, pinned, checked, without a CDN.

    python tools/update_editor.py            # fetch the pinned version again and rewrite vendor/decap-cms/
    python tools/update_editor.py --check    # exit 1 if vendor/decap-cms/ differs from its MANIFEST.json
    python tools/update_editor.py --version 3.17.0 --integrity sha512-...   # move to another version

The editor the board's ``admin/`` page runs is the ``decap-cms`` package's own browser build
(``dist/decap-cms.js``, the chunks it loads lazily and its WebAssembly files), copied as the
registry holds it: ``npm pack`` fetches the tarball, its sha512 must equal the pinned
``integrity`` (what ``npm view decap-cms@VERSION dist.integrity`` says), and only the listed
files are taken, so the same version always gives the same bytes. The ``decap-cms`` tarball
carries no licence file; its package.json says MIT, and the licence text of the project's
repository comes from the ``decap-server`` tarball of the same repository, pinned the same way.
``MANIFEST.json`` records the versions, the integrities and the sha256 of every file;
``--check`` (run by tests/site/test_editor.py) proves the folder was not edited by hand.
After an update: build, run the editor's browser tests, review ``admin/config.yml`` in the
golden trees, and say so in CHANGELOG.md.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "vendor" / "decap-cms"
MANIFEST = "MANIFEST.json"
PACKAGE = "decap-cms"
VERSION = "3.16.3"
INTEGRITY = "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=="
LICENCE_PACKAGE = "decap-server"  # same repository (decaporg/decap-cms), same MIT licence, ships it
LICENCE_VERSION = "3.11.3"
LICENCE_INTEGRITY = (
    "sha512-/bn/YsENh3hUl11ijNBkFleuk+ihz6/2YkuXb8pTwu59RU6MMTxjhvGwye2zHUSV5Nqzona9kOjAh7AVmQzB3Q=="
)
# The browser build: the entry script, its lazily loaded chunks (code-editor modes, image
# encoders), their WebAssembly and the licences of the libraries bundled into them.
WANTED = re.compile(r"(decap-cms\.js|[0-9]+\.decap-cms\.js|[0-9a-f]{20}\.wasm|decap-cms\.js\.LICENSE\.txt)\Z")


def integrity(data: bytes) -> str:
    """The npm integrity string (Subresource Integrity, sha512) of a tarball."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def pack(name: str, version: str, expected: str, into: Path) -> tarfile.TarFile:
    """Fetch one package's tarball with ``npm pack`` and check it is the pinned one."""
    done = subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(into)],
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = into / json.loads(done.stdout)[0]["filename"]
    found = integrity(tarball.read_bytes())
    if found != expected:
        raise SystemExit(f"{name}@{version}: integrity {found} is not the pinned {expected}")
    return tarfile.open(tarball)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def update(version: str, expected: str) -> None:
    """Rewrite vendor/decap-cms/ from the registry's tarballs."""
    with tempfile.TemporaryDirectory(prefix="decap-") as scratch:
        work = Path(scratch)
        fresh = work / "decap-cms"
        fresh.mkdir()
        with pack(PACKAGE, version, expected, work) as tar:
            meta = json.load(tar.extractfile("package/package.json"))  # type: ignore[arg-type]
            if meta.get("license") != "MIT":
                raise SystemExit(f"{PACKAGE}@{version} is no longer MIT licensed: {meta.get('license')}")
            for member in tar.getmembers():
                name = member.name.removeprefix("package/dist/")
                if member.isfile() and member.name.startswith("package/dist/") and WANTED.match(name):
                    (fresh / name).write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]
        with pack(LICENCE_PACKAGE, LICENCE_VERSION, LICENCE_INTEGRITY, work) as tar:
            (fresh / "LICENSE").write_bytes(tar.extractfile("package/LICENSE").read())  # type: ignore[union-attr]
        if not (fresh / "decap-cms.js").is_file():
            raise SystemExit(f"{PACKAGE}@{version} has no dist/decap-cms.js")
        manifest = {
            "package": PACKAGE,
            "version": version,
            "integrity": expected,
            "licence": f"MIT; LICENSE from {LICENCE_PACKAGE}@{LICENCE_VERSION} ({LICENCE_INTEGRITY})",
            "files": {p.name: sha256(p) for p in sorted(fresh.iterdir())},
        }
        (fresh / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        shutil.rmtree(VENDOR, ignore_errors=True)
        VENDOR.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(fresh, VENDOR)
    print(f"vendor/decap-cms/: {PACKAGE}@{version}, {len(manifest['files'])} files")


def differences(folder: Path = VENDOR) -> list[str]:
    """What differs between the vendored folder and its manifest (empty when they agree)."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    files: dict[str, str] = manifest["files"]
    present = {p.name for p in folder.iterdir() if p.name != MANIFEST}
    found = [f"missing: {name}" for name in sorted(set(files) - present)]
    found += [f"not in the manifest: {name}" for name in sorted(present - set(files))]
    found += [f"changed: {n}" for n in sorted(set(files) & present) if sha256(folder / n) != files[n]]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare vendor/decap-cms/ with its manifest")
    parser.add_argument("--version", default=VERSION, help=f"the decap-cms version (default {VERSION})")
    parser.add_argument("--integrity", default=None, help="its dist.integrity (required with --version)")
    options = parser.parse_args()
    if options.check:
        found = differences()
        print("\n".join(found) or "vendor/decap-cms/ matches its manifest")
        return 1 if found else 0
    if options.version != VERSION and not options.integrity:
        parser.error("a new --version needs its --integrity (npm view decap-cms@VERSION dist.integrity)")
    update(options.version, options.integrity or INTEGRITY)
    if options.version != VERSION:
        print(f"now pin VERSION and INTEGRITY in {Path(__file__).name} and EDITOR_VERSION in the site layer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
