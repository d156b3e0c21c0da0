"""Shared fixtures: the corpus of workbooks, and the fake Google Sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

# The fake Google Sheet fixtures, shared by the Google sync test modules.
pytest_plugins = ["tests.google_helpers"]

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"
NO_CORPUS = f"the shared corpus of test workbooks is not at {CORPUS}"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The folder of corpus files; tests that need it skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(NO_CORPUS)
    return CORPUS


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run a test taking corpus_file once for every workbook in the corpus."""
    if "corpus_file" not in metafunc.fixturenames:
        return
    files = sorted(CORPUS.glob("*.xls*")) if CORPUS.is_dir() else []
    params = [pytest.param(path, id=path.name) for path in files]
    if not params:
        params = [pytest.param(None, id="no-corpus", marks=pytest.mark.skip(NO_CORPUS))]
    metafunc.parametrize("corpus_file", params)
