"""Read LLM Token Heatmap files in Python: runs (`load_run`), Tier 2 sidecars (`read_sidecar`), diffs (`load_diff`).

Every file's `schema_version` is checked: an unknown major version raises `UnsupportedVersionError`.
"""
from ._versions import UnsupportedVersionError
from .diff import Diff, load_diff
from .export import ViewerUiNotFound
from .run import Run, TokenArrays, load_run
from .sidecar import read_sidecar

__all__ = ["Diff", "Run", "TokenArrays", "UnsupportedVersionError", "ViewerUiNotFound", "load_diff", "load_run",
           "read_sidecar"]
__version__ = "0.1.0"
