"""Who to call, per deployment: data/services/<country>.yml, chosen by SERVICES_COUNTRY.

One home for the emergency number, crisis lines, cancer support lines and the treatment
helpline: responses, channels and the web page read them from here, never from a literal.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

SERVICES_DIR = Path(__file__).resolve().parent.parent / "data" / "services"
DEFAULT_COUNTRY = "default"
_COUNTRY = re.compile(r"^[a-z]{2,12}$")


@dataclass(frozen=True)
class Services:
    country: str
    emergency: str  # "999", or "your local emergency number"
    emergency_examples: str  # "for example 911, 999 or 112"
    crisis_lines: tuple[str, ...]  # self-harm and suicidal thoughts only
    cancer_support: tuple[str, ...]  # fear, worry, grief
    treatment_line: str  # people on cancer treatment

    @property
    def call_emergency(self) -> str:
        """'call your local emergency number (for example 911, 999 or 112)' / 'call 999'."""
        if self.emergency.isdigit():
            return f"call {self.emergency_examples}"
        return f"call {self.emergency} ({self.emergency_examples})"


def services_country() -> str:
    country = (os.environ.get("SERVICES_COUNTRY") or DEFAULT_COUNTRY).strip().lower()
    if not _COUNTRY.match(country) or not (SERVICES_DIR / f"{country}.yml").is_file():
        raise ValueError(
            f"SERVICES_COUNTRY={country!r} has no file data/services/{country}.yml; "
            f"choose one of: {', '.join(available_countries())}"
        )
    return country


def available_countries() -> list[str]:
    return sorted(path.stem for path in SERVICES_DIR.glob("*.yml"))


def load_services(country: str | None = None) -> Services:
    """The services of `country` (default: SERVICES_COUNTRY, else the neutral default)."""
    return _load_services(country or services_country())


@lru_cache(maxsize=8)
def _load_services(name: str) -> Services:
    with open(SERVICES_DIR / f"{name}.yml", encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return Services(
        country=str(raw["country"]),
        emergency=str(raw["emergency"]),
        emergency_examples=str(raw["emergency_examples"]),
        crisis_lines=tuple(str(line["text"]) for line in raw.get("crisis_lines") or ()),
        cancer_support=tuple(str(line["text"]) for line in raw.get("cancer_support") or ()),
        treatment_line=str(raw["treatment_line"]),
    )
