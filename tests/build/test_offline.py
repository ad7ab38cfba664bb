"""The real build's offline pieces, in both builds (MkDocs', Zensical's): service-worker.js at
the site root lists every page and asset of this build with its sha256 and names the runtime
without fetching it ahead; the page's runtime-manifest.js holds the sizes measured from the
shipped runtime."""

from __future__ import annotations

import json
from pathlib import Path

from clearpicture import offline
from clearpicture.runtime import manifest
from tests.conftest import BuiltSite
from tests.unit.test_offline import sri


def between(text: str, start: str) -> object:
    return json.loads(text.split(start, 1)[1].split("/* end */", 1)[0])


def test_the_worker_lists_every_page_and_asset_with_its_hash(engine_site: BuiltSite) -> None:
    site = engine_site  # both builds
    build = between((site.root / offline.WORKER).read_text(), "/* clearpicture:build */")
    assert isinstance(build, dict)
    files: dict[str, str] = build["files"]
    pages = {site.url_path(page).lstrip("/") for page in site.pages()}
    assert pages <= set(files), "every page reads offline"
    for path, integrity in files.items():
        built = site.root / (path + "index.html" if path == "" or path.endswith("/") else path)
        assert integrity == sri(built.read_bytes()), path
        assert "?" not in path and "#" not in path
    # The runtime is never fetched ahead: the quiz worker keeps it when a reader uses a quiz.
    assert not [p for p in files if p.startswith(("assets/pyodide/", "assets/python/"))]
    assert build["runtimeFiles"] == list(manifest.FILES)
    shipped = manifest.build_manifest(site.root)
    assert build["runtime"] == shipped.version


def test_the_page_knows_what_the_runtime_weighs(engine_site: BuiltSite) -> None:
    site = engine_site  # both builds
    text = (site.root / manifest.MANIFEST_JS).read_text()
    told = between(text, "/* clearpicture:runtime-manifest */")
    assert told == manifest.build_manifest(site.root).to_json()
    assert isinstance(told, dict)
    # What a compressing host sends, well below the 12 MB shipped.
    assert 3_000_000 < told["gzip"] < told["bytes"]
    for file in told["files"]:
        assert file["bytes"] == (site.root / Path(file["path"])).stat().st_size
