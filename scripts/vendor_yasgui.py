"""Refresh the vendored YASGUI (the query page's editor) from the npm registry.

Not needed to install or run igkg: the files it writes are committed in
``kg/serve/static/vendor/yasgui/``. Run it to check them or to move to another pinned version
(edit NAME, VERSION and INTEGRITY below, then run ``python scripts/vendor_yasgui.py``)::

    python scripts/vendor_yasgui.py          # download, verify, re-extract, rewrite VENDOR.json
    python scripts/vendor_yasgui.py --check  # only say whether the committed files match

The tarball is checked against npm's ``integrity`` (SHA-512 of the tarball, as package-lock.json
records it) before anything is read from it; only the browser build and the licences are kept.
Standard library only.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

NAME = "@triply/yasgui"
VERSION = "4.2.28"
TARBALL = "https://registry.npmjs.org/@triply/yasgui/-/yasgui-4.2.28.tgz"
INTEGRITY = "sha512-HN1neZqERSGoDyk/Fg40nI+F0tHnaBxjqizhN0mur2Kj0oJsklBsFMRk/M+wW+ohy8dSEn7AgX3H0pPrV/wmVg=="
#: Path in the tarball -> name in the vendor directory. The source map (4 MB) is left out.
FILES = {
    "package/build/yasgui.min.js": "yasgui.min.js",
    "package/build/yasgui.min.css": "yasgui.min.css",
    "package/build/yasgui.min.js.LICENSE.txt": "yasgui.min.js.LICENSE.txt",
    "package/LICENSE.txt": "LICENSE.txt",
}
TARGET = Path(__file__).resolve().parent.parent / "kg" / "serve" / "static" / "vendor" / "yasgui"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verified_tarball() -> bytes:
    """The pinned tarball, refused unless its SHA-512 is npm's recorded integrity."""
    with urllib.request.urlopen(TARBALL, timeout=120) as response:
        data: bytes = response.read()
    algorithm, _, expected = INTEGRITY.partition("-")
    got = base64.b64encode(hashlib.new(algorithm, data).digest()).decode("ascii")
    if got != expected:
        raise SystemExit(f"integrity mismatch for {TARBALL}: got {algorithm}-{got}, expected {INTEGRITY}")
    return data


def extract(tarball: bytes) -> dict[str, bytes]:
    """The files named in FILES, read from the tarball by name (nothing else is unpacked)."""
    out = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member, name in FILES.items():
            handle = archive.extractfile(member)
            if handle is None:
                raise SystemExit(f"{member} is not a file in {TARBALL}")
            out[name] = handle.read()
    return out


def manifest(files: dict[str, bytes]) -> dict[str, object]:
    return {
        "name": NAME,
        "version": VERSION,
        "license": "MIT",
        "tarball": TARBALL,
        "integrity": INTEGRITY,
        "files": {name: {"sha256": sha256(files[name]), "from": member} for member, name in FILES.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="compare the committed files with the tarball; write nothing"
    )
    args = parser.parse_args()
    files = extract(verified_tarball())
    if args.check:
        stale = [n for n, data in files.items() if not (TARGET / n).is_file() or (TARGET / n).read_bytes() != data]
        print("up to date" if not stale else "differ: " + ", ".join(stale))
        return 1 if stale else 0
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (TARGET / name).write_bytes(data)
    (TARGET / "VENDOR.json").write_text(json.dumps(manifest(files), indent=2) + "\n", encoding="utf-8")
    print(f"{NAME}@{VERSION}: wrote {', '.join(files)} and VENDOR.json to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
