"""The place gazetteer: every Chinese province, prefecture city and county, read from the adcode table
that the ``cpca`` package ships (``cpca/resources/adcodes.csv``, 3,500 places from the national
administrative-division codes). One owner for ingest (a document's region from its issuer and title) and
for query (the places a question names, and whether the corpus covers them).

Only cpca's data file is read, not its matcher: importing cpca loads pandas (~0.5 s) for a lookup this
module does with one regular expression.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import jieba

Level = Literal["province", "city", "county"]
NATIONAL = "全国"
_LEVEL_ORDER = {"province": 0, "city": 1, "county": 2}  # larger before smaller

# suffixes a place is commonly named without (湖南省 -> 湖南, 广西壮族自治区 -> 广西, 阿坝藏族羌族自治州 -> 阿坝)
_SUFFIXES = ("特别行政区", "省", "市", "地区", "盟")
_SKIPPED = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


SEPARATE_LEGAL_SYSTEMS = ("71", "81", "82")  # the province-level codes of 台湾, 香港 and 澳门 in GB/T 2260


@dataclass(frozen=True)
class Place:
    """One administrative division, with the short name people use and where it sits."""

    name: str  # 常德市
    short: str  # 常德
    level: Level
    adcode: str
    province: str  # the short name of its province: 湖南 (itself for a province)
    city: str | None = None  # the short name of its prefecture city, for a county

    @property
    def outside_mainland(self) -> bool:
        """台湾, 香港 and 澳门 (GB/T 2260 codes 71, 81, 82): their own law governs work there, not the mainland's."""
        return self.adcode[:2] in SEPARATE_LEGAL_SYSTEMS

    def named_as(self, text: str, templates: Sequence[str]) -> bool:
        """Whether the text names the place as one of ``templates`` reads it (lexicon/elsewhere.txt: a home town, a
        place the user is not in)."""
        written = "|".join(re.escape(name) for name in dict.fromkeys((self.name, self.short)))
        return any(re.search(t.replace("{place}", f"(?:{written})"), text) for t in templates)

    @property
    def lineage(self) -> tuple[str, ...]:
        """Its short name and those of the divisions it lies in, largest first: (湖南, 常德)."""
        chain = [self.province]
        if self.city and self.city != self.province:
            chain.append(self.city)
        if self.short not in chain:
            chain.append(self.short)
        return tuple(chain)


@functools.lru_cache(maxsize=1)
def _autonomy_suffix() -> re.Pattern[str]:
    """自治区/州/县/旗 after the peoples' names (cpca's 56_nations.csv; 维吾尔 is printed without 族)."""
    with (_adcode_table().parent / "56_nations.csv").open(encoding="utf-8") as handle:
        peoples = {line.strip() for line in handle if line.strip()}
    peoples |= {p.removesuffix("族") for p in peoples}
    names = "|".join(map(re.escape, sorted(peoples, key=len, reverse=True)))
    return re.compile(rf"(?:{names})*自治[区州县旗]$")


def short_name(name: str) -> str:
    """湖南省 -> 湖南, 广西壮族自治区 -> 广西, 黔东南苗族侗族自治州 -> 黔东南; a county keeps its full name."""
    for stripped in (_autonomy_suffix().sub("", name), re.sub(r"自治[区州县旗]$", "", name)):
        if stripped != name and len(stripped) >= 2:  # 内蒙古自治区 -> 内蒙古, not 内 + 蒙古
            return stripped
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _adcode_table() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the place gazetteer needs the cpca package: pip install cpca")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


def _level(adcode: str) -> Level:
    if adcode[2:].strip("0") == "":
        return "province"
    if adcode[4:].strip("0") == "":
        return "city"
    return "county"


class Gazetteer:
    """Places by name; the places a text names, longest name first where two overlap."""

    def __init__(self, places: Sequence[Place], aliases: dict[str, str] | None = None) -> None:
        self.places = tuple(places)
        self._by_name: dict[str, list[Place]] = {}
        for place in self.places:
            self._by_name.setdefault(place.name, []).append(place)
            # a county is named in full (朝阳区, 海淀区): its bare short name is too often a common word
            if place.level != "county" and len(place.short) >= 2:
                self._by_name.setdefault(place.short, []).append(place)
        # a county by its name without 区/县 (朝阳 for 朝阳区): read so only beside the place it lies in (北京朝阳)
        self._county_stems: dict[str, list[Place]] = {}
        for place in self.places:
            stem = place.name[:-1] if place.level == "county" and place.name[-1] in "区县" else ""
            if len(stem) >= 2:
                self._county_stems.setdefault(stem, []).append(place)
        for alias, name in (aliases or {}).items():  # 返京 names 北京
            self._by_name.setdefault(alias, []).extend(p for p in self._by_name.get(name, ()) if p.level != "county")
        names = sorted(self._by_name.keys() | self._county_stems.keys(), key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, names)))

    def load_word_boundaries(self) -> jieba.Tokenizer:
        """The tokenizer that tells where words begin, its dictionary loaded (0.4 s): a reader of questions loads it
        when it is built, so that the first question does not wait for it."""
        from lexicon.words import dictionary_words  # jieba's import is deferred until a question is read

        return dictionary_words()

    def _word_starts(self, text: str) -> set[int]:
        """Where jieba's words begin in ``text``: a place's name must begin a word (民营口腔 names no 营口)."""
        return {start for _, start, _ in self.load_word_boundaries().tokenize(text)}

    def lookup(self, name: str) -> list[Place]:
        """Every place with this full or short name (朝阳区 is in 北京 and in 长春)."""
        return list(self._by_name.get(name, ()))

    def county_readings(self, name: str) -> list[Place]:
        """The counties a bare name may also mean (朝阳: 北京's and 长春's 朝阳区, 辽宁's 朝阳县)."""
        return list(self._county_stems.get(name, ()))

    def get(self, name: str) -> Place | None:
        """The largest place with this name (北京 the province-level city, not a county)."""
        found = self.lookup(name)
        return min(found, key=lambda p: _LEVEL_ORDER[p.level]) if found else None

    def find(self, text: str, whole_words: bool = True) -> list[Place]:
        """The places ``text`` names, in order, each once; an ambiguous county goes to the province or
        city the text also names (北京市朝阳区 -> 北京's 朝阳区), else to its first reading. A county named
        without 区/县 counts only beside the place it lies in: 北京朝阳 is 北京's 朝阳区, not 辽宁's 朝阳市.
        With ``whole_words`` a name counts only where it begins a word (see ``_word_starts``)."""
        found_at = list(self._pattern.finditer(text))
        # segmenting is only needed to check a name found (most questions name no place)
        starts = self._word_starts(text) if whole_words and found_at else None
        matches = [m.group(0) for m in found_at if starts is None or m.start() in starts]
        larger = {p.short for name in matches for p in self.lookup(name) if p.level != "county"}
        found: dict[str, Place] = {}
        for name in matches:
            candidates = self.lookup(name)
            fitting = [p for p in candidates if self._lies_in_any(p, larger)]
            anchored = [p for p in self._county_stems.get(name, ()) if self._lies_in_any(p, larger - {name})]
            if not (fitting or anchored or candidates):
                continue
            place = (fitting or anchored or candidates)[0]
            found.setdefault(place.adcode, place)
        return list(found.values())

    def find_own(self, text: str, elsewhere: Sequence[str]) -> list[Place]:
        """The places ``text`` names as where the user is: those it names, less those it names as one of the
        ``elsewhere`` templates read them (lexicon/elsewhere.txt: a home town, a place the user is not in, a trip's
        destination)."""
        return [p for p in self.find(text) if not p.named_as(text, elsewhere)]

    @staticmethod
    def _lies_in_any(place: Place, names: set[str]) -> bool:
        return place.province in names or (place.city or "") in names

    def region_of(self, texts: Iterable[str]) -> str | None:
        """The most specific place a document's issuers (or its title) name, by short name, or None.
        A 市's own body (常德市人民政府) gives 常德; a provincial body 湖南."""
        best: Place | None = None
        for text in texts:
            # issuers and titles write their places whole; segmenting them (0.7 s to load jieba) is for users' text
            for place in self.find(text, whole_words=False):
                if best is None or _LEVEL_ORDER[place.level] > _LEVEL_ORDER[best.level]:
                    best = place
        return best.short if best else None

    def within(self, inner: str, outer: str) -> bool:
        """Whether the place named ``inner`` lies in (or is) the place named ``outer``: 常德 within 湖南."""
        if inner == outer:
            return True
        return any(outer in p.lineage for p in self.lookup(inner))


ALIASES = Path(__file__).with_name("place_aliases.tsv")


def _aliases(path: Path = ALIASES) -> dict[str, str]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return {row[0]: row[1] for row in rows if len(row) == 2}


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer of the adcode table (and the abbreviations of lexicon/place_aliases.tsv), built once per
    process (~80 ms)."""
    with _adcode_table().open(encoding="utf-8") as handle:
        rows = [(r["adcode"], r["name"].strip()) for r in csv.DictReader(handle)]
    names = {code: name for code, name in rows}
    places: list[Place] = []
    for code, name in sorted(rows):
        if name in _SKIPPED:
            continue
        level = _level(code)
        province = short_name(names.get(code[:2] + "0" * 10, name))
        city_name = names.get(code[:4] + "0" * 8) if level == "county" else None
        city = short_name(city_name) if city_name and city_name not in _SKIPPED else None
        places.append(Place(name, short_name(name), level, code, province, city))
    return Gazetteer(places, _aliases())
