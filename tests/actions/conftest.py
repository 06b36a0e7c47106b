"""Every action test writes analytics to its own SQLite file."""
import pytest


@pytest.fixture(autouse=True)
def temp_database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'kit.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return tmp_path / "kit.db"
