"""The web form (/admin/) written into the built site, unless it is there already from the same inputs
(cms.py makes it; this decides when, and keeps its config.yml in the pages cache)."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import Cache, digest, files_version
from ..paths import SCHEMA_DIR
from .cms import BUNDLE, LOCAL_PORT_ENV, write_admin

HERE = Path(__file__).parent


@dataclass(frozen=True)
class FormSettings:
    """From mkdocs.yml: the project folder, the catalogue folder, repo_url and the plugin's cms_backend."""
    project: Path
    catalogue: Path
    repo_url: str | None = None
    backend: dict = field(default_factory=dict)
    cache: bool = True


def write_form(site_dir: Path, settings: FormSettings, choices: str = "", written: str = "") -> tuple[str, str | None]:
    """Write site_dir/admin/ from county.yml, the schemas, cms.py, the ids and names of items and centres
    (choices: prepare.form_choices, '' when unknown) and the settings. written: the digest of the inputs
    it was last written from (under serve most saves change none of them). The form's config.yml is kept
    in the pages cache under that digest (reading every item for it takes 2 s at real scale).
    Returns (the digest of the inputs now, a message when the Decap bundle is missing)."""
    port = os.environ.get(LOCAL_PORT_ENV)
    bundle = settings.project / BUNDLE
    inputs = digest(files_version(settings.catalogue / "county.yml", SCHEMA_DIR, HERE / "cms.py", HERE / "cms_form.js"),
                    choices, settings.repo_url or "", json.dumps(settings.backend, sort_keys=True), port or "",
                    str(bundle.is_file())) if choices else ""
    admin = site_dir / "admin" / "config.yml"
    if inputs and inputs == written and admin.is_file():
        return inputs, None
    cache = Cache("site-pages")
    kept = cache.get(digest("admin/config.yml", inputs)) if inputs and settings.cache else None
    missing = write_admin(site_dir, settings.catalogue, settings.repo_url, settings.backend, bundle,
                          int(port) if port else None, kept.decode("utf-8") if kept else None)
    if inputs and settings.cache and kept is None and admin.is_file():  # no form wanted: nothing written to keep
        cache.put(digest("admin/config.yml", inputs), admin.read_bytes())
    return inputs, missing
