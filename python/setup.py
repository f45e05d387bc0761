"""Packs the viewer's built UI (the same files `heatmap export --html` inlines) into the package when it is at hand.

`Run.to_html()` builds the offline page from those files. They come from the viewer's build in this repository
(viewer/target/classes/org/tokenheatmap/viewer/ui, or cli/target/heatmap.jar), or from HEATMAP_UI (a directory or a
jar). Without them the package still installs; only the HTML view needs them (or HEATMAP_UI at run time).
"""
import os
import shutil
import zipfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
UI_IN_JAR = "org/tokenheatmap/viewer/ui/"


def _ui_source():
    given = os.environ.get("HEATMAP_UI")
    candidates = [Path(given)] if given else []
    candidates += [HERE.parent / "viewer/target/classes/org/tokenheatmap/viewer/ui", HERE.parent / "cli/target/heatmap.jar"]
    for c in candidates:
        if (c.is_dir() and (c / "index.html").is_file()) or (c.is_file() and zipfile.is_zipfile(c)):
            return c
    return None


class BuildWithViewerUi(build_py):
    def run(self):
        super().run()
        source = _ui_source()
        target = Path(self.build_lib) / "tokenheatmap" / "_viewer_ui"
        if source is None:
            return
        if target.exists():
            shutil.rmtree(target)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            with zipfile.ZipFile(source) as jar:
                for name in jar.namelist():
                    if name.startswith(UI_IN_JAR) and not name.endswith("/"):
                        out = target / name[len(UI_IN_JAR):]
                        out.parent.mkdir(parents=True, exist_ok=True)
                        out.write_bytes(jar.read(name))


setup(cmdclass={"build_py": BuildWithViewerUi})
