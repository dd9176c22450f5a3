"""What a layer's summary holds: a row per area (and one for "area unknown" and the total),
each question's result per area, and the layer's own facts."""

from __future__ import annotations

from dataclasses import dataclass, field

from vizlou.city import City
from vizlou.services.filters import Filters

COUNTS = ("participants", "ideas", "supports", "ballots")

@dataclass
class AreaResult:
    """One question's result among the ballots of one area's voters."""

    ballots: int | None
    result: dict | None
    leading: list[int]

@dataclass
class AreaRow:
    id: int | None  # None: area unknown (participants) or outside every area (ideas)
    name: str
    population: int | None
    participants: int | None = 0
    ideas: int | None = 0
    by_category: dict[str, int | None] = field(default_factory=dict)
    supports: int | None = 0
    ballots: int | None = 0
    per_1000: float | None = None
    representation: float | None = None
    questions: dict[int, AreaResult] = field(default_factory=dict)
    suppressed: tuple[str, ...] = ()

    def metric(self, key: str):
        if key.startswith("ideas_"):
            return self.by_category.get(key.removeprefix("ideas_"))
        return getattr(self, key)

@dataclass
class QuestionInfo:
    id: int
    title: str
    method: str
    options: dict[int, str]
    ballots: int
    result: dict
    leading: list[int]

@dataclass
class LayerSummary:
    layer: str
    title: str
    has_population: bool
    population: int | None
    filters: Filters
    areas: list[AreaRow]
    unknown: AreaRow
    total: AreaRow
    questions: list[QuestionInfo]
    public: bool = False
    threshold: int = 0

    def metrics(self, city: City) -> list[str]:
        keys = [*COUNTS, *(f"ideas_{k}" for k in city.category_keys)]
        return [*keys, "per_1000", "representation"] if self.has_population else keys
