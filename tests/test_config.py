"""Settings: .env.example documents exactly what the code reads; bad values are refused by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import Settings, SettingsError, load_settings
from tests.conftest import ROOT

EXAMPLE = ROOT / ".env.example"


def test_env_example_lists_every_setting_and_its_values_are_the_defaults() -> None:
    documented = set(re.findall(r"^([A-Z_]+)=", EXAMPLE.read_text(encoding="utf-8"), flags=re.MULTILINE))
    assert documented == {name.upper() for name in Settings.model_fields}
    from_example = Settings(_env_file=EXAMPLE)
    defaults = Settings(_env_file=None)
    assert from_example.model_dump() == defaults.model_dump()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("ADMIN_IDS", "12, ana"),
        ("ACCESS_MODE", "todos"),
        ("TIMEZONE", "America/Lma"),
        ("BAND_AMBER", "99"),
        ("REMINDER_DAY", "31"),
        ("REMINDER_TIME", "25:00"),
    ],
)
def test_a_bad_value_stops_start_up_naming_it(
    variable: str, value: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=variable):
        load_settings()


def test_admin_ids_are_comma_separated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ADMIN_IDS", " 12, 345 ,")
    assert load_settings().admin_ids == (12, 345)
