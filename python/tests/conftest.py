"""The runs these tests read are written by the Java side in the same build (cli's PythonPackageTest), which names
their directory in HEATMAP_PY_FIXTURES. Without it the tests cannot run, and say so."""
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "formats/src/main/resources/org/tokenheatmap/formats/schemas"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    given = os.environ.get("HEATMAP_PY_FIXTURES")
    if not given:
        pytest.fail("HEATMAP_PY_FIXTURES is not set: these tests read runs that the Java build writes; run them with"
                    " mvn -pl cli surefire:test -Dtest=PythonPackageTest (./test.sh does)")
    return Path(given)
