from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "fixtures" / "sample_reports"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def sample_paths():
    return sorted(SAMPLES.glob("*.txt"))
