"""Only here to compile the translation catalogues into the package at build time.

Everything else about the build is in pyproject.toml.
"""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

sys.path.insert(0, str(Path(__file__).parent / "packaging"))


class BuildWithCatalogues(build_py):
    def run(self) -> None:
        from catalogues import compile_all  # packaging/catalogues.py

        compile_all()
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogues})
