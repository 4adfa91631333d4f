"""Decap CMS for the web form (/admin/): only dist/decap-cms.js of the pinned release, checked.

`npm pack decap-cms@VERSION` fetches the release tarball (through npm's cache and the registry npm is
set up for); its sha512 must equal INTEGRITY, the registry's dist.integrity of that release, committed
here. Only dist/decap-cms.js is taken out (self-contained: no source maps, none of the code-editor chunks
the form never loads, none of the 749 packages `npm ci` of decap-cms installs) into BUNDLE, which
generator/site/cms.py copies into site/admin/ (write_admin). Nothing is fetched when BUNDLE already holds
what INTEGRITY names. Without npm, or offline, the site builds anyway and /admin/ says what to run; a
tarball that does not match INTEGRITY stops `make site` (exit 1). Run by `make site`, `make cms`, `make test`.
"""
from __future__ import annotations

import base64
import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.site.cms import BUNDLE  # noqa: E402  (the one place that says where the file goes)

VERSION = "3.16.3"
INTEGRITY = "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=="
MEMBER = "package/dist/decap-cms.js"


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def stamp_of(target: Path) -> Path:
    return target.with_name(target.name + ".integrity")


def in_place(target: Path) -> bool:
    """BUNDLE is there, taken from the release INTEGRITY names, and unchanged since."""
    stamp = stamp_of(target)
    if not (target.is_file() and stamp.is_file()):
        return False
    release, _, file_hash = stamp.read_text("utf-8").partition(" ")
    return release == INTEGRITY and file_hash.strip() == hashlib.sha256(target.read_bytes()).hexdigest()


def pack(npm: str) -> bytes | str:
    """The release tarball's bytes, or why npm could not fetch it."""
    with tempfile.TemporaryDirectory(prefix="decap-") as folder:
        done = subprocess.run([npm, "pack", f"decap-cms@{VERSION}", "--pack-destination", folder, "--silent",
                               "--no-audit", "--no-fund"], capture_output=True, text=True)
        tarballs = list(Path(folder).glob("*.tgz"))
        if done.returncode != 0 or len(tarballs) != 1:
            return (done.stderr.strip() or done.stdout.strip() or "no tarball").splitlines()[-1]
        return tarballs[0].read_bytes()


def extract(tarball: bytes) -> bytes:
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise KeyError(MEMBER)
        return member.read()


def install(target: Path, tarball: bytes) -> None:
    data = extract(tarball)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    part.write_bytes(data)
    part.replace(target)
    stamp_of(target).write_text(f"{INTEGRITY} {hashlib.sha256(data).hexdigest()}\n", "utf-8")


def main() -> int:
    target = ROOT / BUNDLE
    if in_place(target):
        return 0
    npm = shutil.which("npm")
    if npm is None:
        print("make: npm is missing (apt-get install npm): the site is built without the web form's Decap CMS, "
              "and /admin/ says what to run", file=sys.stderr)
        return 0
    tarball = pack(npm)
    if isinstance(tarball, str):
        print(f"make: npm pack decap-cms@{VERSION} failed ({tarball}): the site is built without the web form's "
              "Decap CMS, and /admin/ says what to run", file=sys.stderr)
        return 0
    if integrity(tarball) != INTEGRITY:
        print(f"make: decap-cms@{VERSION} from npm does not match its pinned integrity {INTEGRITY} "
              f"(got {integrity(tarball)}): nothing installed", file=sys.stderr)
        return 1
    install(target, tarball)
    print(f"make: Decap CMS {VERSION} checked (sha512) and installed: {BUNDLE} ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
