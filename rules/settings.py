"""Settings a workbook can override on its Settings tab, with their defaults."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict


class Settings(BaseModel):
    """Tunable parts of the framework; the Settings tab overrides the defaults."""

    model_config = ConfigDict(frozen=True)

    today: dt.date | None = None
    on_track_gap: float = 0.15
    off_track_gap: float = 0.30
    key_result_cadence_days: int = 7
    kpi_cadence_days: int = 30
    number_locale: str = ""
    max_kpis_per_group: int = 6
    max_key_results: int = 5
    max_objectives: int = 5
    max_statement_words: int = 30
    min_pillars: int = 3
    max_pillars: int = 5


# Setting names as people write them on the Settings tab, by field.
SETTING_NAMES: dict[str, tuple[str, ...]] = {
    "today": ("today", "today's date", "as of"),
    "on_track_gap": ("on track gap", "on track below"),
    "off_track_gap": ("off track gap", "off track above"),
    "key_result_cadence_days": ("key result cadence", "kr cadence"),
    "kpi_cadence_days": ("kpi cadence",),
    "number_locale": ("number locale", "locale"),
    "max_kpis_per_group": ("max kpis", "max kpis per group"),
    "max_key_results": ("max key results", "max key results per objective"),
    "max_objectives": ("max objectives", "max objectives per group"),
    "max_statement_words": ("max statement words", "statement words"),
    "min_pillars": ("min pillars",),
    "max_pillars": ("max pillars",),
}
