"""What the build tells the browser about the runtime (runtime/manifest.py) and what the service
worker keeps (offline/): measured from the files, versioned by their contents, and never the
runtime, source maps or the search's other languages ahead of use."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from pathlib import Path

import pytest

from clearpicture import offline
from clearpicture.runtime import manifest
from tests.runtime_files import RUNTIME_FILES

SLOT_JS = "export const RUNTIME = /* clearpicture:runtime-manifest */ null /* end */;\n"


def fake_site(root: Path) -> Path:
    files = {
        "index.html": "<p>home</p>",
        "404.html": "<p>lost</p>",
        "guides/a/index.html": "<p>a</p>",
        "assets/javascripts/quiz.js": "export {};",
        "assets/javascripts/quiz.js.map": "{}",
        "assets/javascripts/runtime-manifest.js": SLOT_JS,
        "assets/javascripts/lunr/min/lunr.de.min.js": "lunr",
        "sitemap.xml": "<urlset/>",
        "sitemap.xml.gz": "gz",
        "service-worker.js": "old worker",
    }
    for rel in manifest.FILES:
        files[rel] = f"runtime {rel} " * 50
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def sri(data: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def test_the_manifest_measures_the_shipped_files(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site")
    shipped = manifest.build_manifest(site, tmp_path / "cache")
    assert tuple(f.path for f in shipped.files) == manifest.FILES == RUNTIME_FILES
    for file in shipped.files:
        data = (site / file.path).read_bytes()
        assert file.bytes == len(data)
        assert file.gzip == len(gzip.compress(data, 6, mtime=0))
    assert shipped.bytes == sum(f.bytes for f in shipped.files)
    # Kept per runtime version, so a rebuild does not compress 12 MB again.
    assert list((tmp_path / "cache").glob("runtime-gzip-*.json"))
    assert manifest.build_manifest(site, tmp_path / "cache") == shipped


def test_the_runtime_version_follows_its_contents(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site")
    first = manifest.build_manifest(site)
    (site / "assets/python/scoring.py").write_text("changed")
    second = manifest.build_manifest(site)
    assert first.version != second.version
    (site / "index.html").write_text("a page is not the runtime")
    assert manifest.build_manifest(site).version == second.version


def test_publish_fills_the_slot_and_fills_it_again(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site")
    shipped = manifest.build_manifest(site)
    assert manifest.publish(site, shipped)
    text = (site / manifest.MANIFEST_JS).read_text()
    value = text.split("*/", 1)[1].rsplit("/* end */", 1)[0]
    assert json.loads(value) == shipped.to_json()
    (site / "assets/python/scoring.py").write_text("changed")
    newer = manifest.build_manifest(site)
    manifest.publish(site, newer)
    assert newer.version in (site / manifest.MANIFEST_JS).read_text()
    assert shipped.version not in (site / manifest.MANIFEST_JS).read_text()


def test_publish_without_the_scripts_or_without_a_slot(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site")
    shipped = manifest.build_manifest(site)
    (site / manifest.MANIFEST_JS).write_text("export const RUNTIME = null;\n")
    with pytest.raises(manifest.ManifestError, match="clearpicture:runtime-manifest"):
        manifest.publish(site, shipped)
    (site / manifest.MANIFEST_JS).unlink()
    assert manifest.publish(site, shipped) is False


def test_the_service_worker_keeps_pages_and_assets_not_the_runtime(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site")
    build = offline.collect(site, manifest.build_manifest(site))
    assert sorted(build.files) == [
        "",
        "404.html",
        "assets/javascripts/quiz.js",
        "assets/javascripts/runtime-manifest.js",
        "guides/a/",
        "sitemap.xml",
    ]
    assert build.files["guides/a/"] == sri((site / "guides/a/index.html").read_bytes())
    assert build.runtime_files == manifest.FILES
    assert build.precache_bytes == sum(
        (site / (p + "index.html" if p == "" or p.endswith("/") else p)).stat().st_size
        for p in build.files
    )


def test_the_build_version_follows_what_is_kept(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site")
    runtime = manifest.build_manifest(site)
    first = offline.collect(site, runtime).site
    (site / "assets/javascripts/quiz.js.map").write_text("a map is not kept")
    assert offline.collect(site, runtime).site == first
    (site / "guides/a/index.html").write_text("<p>a, edited</p>")
    second = offline.collect(site, runtime).site
    assert second != first
    (site / "assets/python/scoring.py").write_text("a new runtime")
    assert offline.collect(site, manifest.build_manifest(site)).site != second


def test_write_fills_the_worker_at_the_site_root(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site")
    build = offline.write(site, manifest.build_manifest(site))
    worker = (site / offline.WORKER).read_text()
    value = worker.split("/* clearpicture:build */", 1)[1].split("/* end */", 1)[0]
    assert json.loads(value) == build.to_json()
    assert worker.startswith(offline.TEMPLATE.read_text().split("/* clearpicture:build */")[0])
    # The worker file itself is not in its own list, and writing again changes nothing.
    assert offline.WORKER not in build.files
    assert offline.write(site, manifest.build_manifest(site)) == build
