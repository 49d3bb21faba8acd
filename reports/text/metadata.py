from dataclasses import dataclass, field

from .types import RegionRef


@dataclass
class Metadata:
    title: str | None = None
    title_built: bool = False
    agency: str | None = None
    agency_kind: str | None = None
    region: RegionRef = field(default_factory=RegionRef)
    year: int | None = None
    period: str = "annual"
    issued_on: str | None = None
    kind_hint: str | None = None


def read_metadata(text, norm, head):
    return Metadata()
