"""The wheel carries what the code loads at run time: templates, schema, migrations."""

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

PROBE = """
import sys
wheel_dir = sys.argv[1]
# Keep the checkout (and its editable install) out of the way: import from the wheel only.
sys.path[:] = [wheel_dir] + [p for p in sys.path if p and p.rstrip("/") != sys.argv[2]]
for name in list(sys.meta_path):
    if "editable" in type(name).__name__.lower() or "editable" in repr(name).lower():
        sys.meta_path.remove(name)
import templates, core.files.validate as v
from core.store import Store
assert templates.__file__.startswith(wheel_dir), templates.__file__
text = templates.environment().get_template("text/journey.md.j2").filename
assert text.startswith(wheel_dir), text
assert v.journey_schema()["title"] == "journeyops journey file"
store = Store("sqlite:///" + sys.argv[3])
store.ensure_ready()
print("ok", store.current_revision())
"""


@pytest.mark.slow
def test_templates_schema_and_migrations_load_from_the_wheel(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = (tmp_path / "dist").glob("journeyops-*.whl")
    unpacked = tmp_path / "wheel"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(unpacked)
    assert "templates/text/journey.md.j2" in names
    assert "core/files/journey.schema.json" in names
    assert "templates/web/_journey.html.j2" in names
    assert "webhooks/web/static/journeyops.css" in names
    assert "webhooks/api/openapi.yaml" in names
    assert any(n.startswith("core/store/migrations/versions/0001") for n in names)
    assert not any(n.startswith("tests/") for n in names)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(unpacked), str(ROOT), str(tmp_path / "w.db")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    # Migrated from the wheel alone, to the newest revision the source tree has.
    newest = sorted(p.name[:4] for p in (ROOT / "core/store/migrations/versions").glob("0*.py"))[-1]
    # A revision id is its file's 4 digits, or those and a name ("0008_digest").
    assert re.fullmatch(rf"ok {newest}(_\w+)?", result.stdout.strip())
