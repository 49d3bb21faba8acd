import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import ROOT, SAMPLES

# extract reads the topics and dictionary editors keep (empty tables here: the fixtures stand in).
pytestmark = pytest.mark.django_db


def test_extract_prints_one_object_per_file_in_order(capsys):
    paths = [str(p) for p in sorted(SAMPLES.glob("*.txt"))[:2]]
    call_command("extract", *paths, "--format", "json")
    out = json.loads(capsys.readouterr().out)
    assert [item["source"] for item in out] == paths
    first = out[0]
    assert first["title"] == "柳州市司法局2024年法治政府建设年度报告"
    assert first["year"] == 2024 and first["period"] == "annual"
    assert first["sections"][0] == {
        "level": 1, "number": "一", "heading": "2024年度推进法治政府建设的主要举措和成效",
        "start": 185, "end": first["sections"][0]["end"], "topics": first["sections"][0]["topics"],
    }


def test_bad_files_are_named_and_the_others_still_extracted(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02\x03" + bytes(range(256)) * 8)
    missing = tmp_path / "missing.txt"
    good = sorted(SAMPLES.glob("*.txt"))[0]
    # A subprocess shows what a user sees: stdout JSON, stderr messages, exit status.
    result = subprocess.run(
        [sys.executable, "manage.py", "extract", str(empty), str(good), str(binary), str(missing)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert f"{empty}：文件是空的" in result.stderr
    assert f"{binary}：PDF 文件已损坏" in result.stderr
    assert f"{missing}: cannot be read" in result.stderr
    assert "3 of 4 file(s) could not be extracted" in result.stderr
    out = json.loads(result.stdout)
    assert [item["source"] for item in out] == [str(good)]
    assert out[0]["indicators"]


def test_command_error_when_every_file_fails(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(CommandError, match="1 of 1 file"):
        call_command("extract", str(empty))
