"""The offline geocoder's logic: text or a point in, ranked GeoMatch values out."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path

from clinics.geocode import gazetteer, query
from clinics.geocode.gazetteer import CityPlace, Gazetteer, ZipPlace
from clinics.geocode.match import (
    PRECISION_CITY,
    PRECISION_POINT,
    PRECISION_ZIP,
    SOURCE_INPUT,
    SOURCE_ZIPCODES,
    GeoMatch,
)
from clinics.geocode.names import city_label, place_key
from clinics.geocode.states import state_code, state_name

logger = logging.getLogger(__name__)

MAX_CANDIDATES = 10
REVERSE_MAX_KM = 100.0
POINT_CONTEXT_KM = 30.0
SUGGESTION_MIN_SCORE = 75.0

_STREET_START = re.compile(
    r"^\s*(?:\d|#|p\.?\s*o\.?\s*box\b|post\s+office\s+box\b|box\s+\d)", re.I | re.ASCII
)


@dataclass(frozen=True)
class Lookup:
    """The outcome of one geocoding: matches best first, or the reason and suggestions."""

    matches: tuple[GeoMatch, ...] = ()
    reason: str | None = None
    suggestions: tuple[str, ...] = ()

    @property
    def best(self) -> GeoMatch | None:
        return self.matches[0] if self.matches else None


def _miss(reason: str, suggestions: list[str] | tuple[str, ...] = ()) -> Lookup:
    return Lookup(reason=reason, suggestions=tuple(suggestions))


class OfflineResolver:
    def __init__(self, cache_dir: Path | None = None):
        self.cache_dir = cache_dir
        # ZIP answers are immutable: each is built once and handed out again.
        self._zip_answers: dict[str, Lookup] = {}

    @property
    def data(self) -> Gazetteer:
        return gazetteer.get(self.cache_dir)

    # -- forward ---------------------------------------------------------------------------

    def lookup(self, text: object) -> Lookup:
        if type(text) is str and len(text) <= 16:
            plain_zip = query.PLAIN_ZIP.match(text)
            if plain_zip:  # the commonest query, answered without the general parsing
                return self._zip_lookup(plain_zip[1])
        try:
            return self._lookup(query.clean(text))
        except query.BadQuery as exc:
            return _miss(str(exc))

    def _lookup(self, text: str) -> Lookup:
        point = query.parse_coordinates(text)
        if point is not None:
            return Lookup(matches=(self._point_match(*point),))
        text = query.strip_country(text)
        code = query.zip_only(text)
        if code is not None:
            return self._zip_lookup(code)
        if _STREET_START.match(text):
            return self._address_lookup(text)
        place, code = query.split_trailing_zip(text)
        if code is None:
            return self._place_lookup(text)
        return self._zip_with_place(code, place)

    def _zip_lookup(self, code: str) -> Lookup:
        answer = self._zip_answers.get(code)
        if answer is None:
            row = self.data.zip_row(code)
            if row is None:
                return _miss(f"no ZIP code {code} in the data")
            match = GeoMatch.of_zip(row[0], row[1], row[2], row[3], row[4])
            answer = self._zip_answers[code] = Lookup(matches=(match,))
        return answer

    def _zip_with_place(self, code: str, place_text: str, state: str | None = None) -> Lookup:
        """A ZIP given with a city and/or state: the ZIP wins, unless it is unknown.

        When the ZIP lies in another state than the one given, the answer is the ZIP but
        marked ambiguous, with the named city as the second candidate.
        """
        found = self._zip_lookup(code)
        if not place_text and not state:
            return found
        if not found.matches:
            by_place_lookup = self._place_lookup(place_text) if place_text else found
            if not by_place_lookup.matches:
                return found
            note = f"no ZIP code {code} in the data; used the place name"
            return Lookup(tuple(_with_note(m, note) for m in by_place_lookup.matches))
        zip_match = found.matches[0]
        expected = state or _trailing_state(place_text)
        if not expected or expected == zip_match.state:
            return found
        by_place = self._place_lookup(place_text).matches[:1] if place_text else ()
        names = (zip_match.matched_name, *(m.matched_name for m in by_place))
        note = f"ZIP {code} is in {zip_match.state}, not {expected}; used the ZIP"
        return Lookup(
            tuple(
                replace(m, ambiguous=True, candidates=names, note=note)
                for m in (zip_match, *by_place)
            )
        )

    def _address_lookup(self, text: str) -> Lookup:
        parts = _address_parts(text)
        code = parts.get("ZipCode", "")[:5]
        city = parts.get("PlaceName")
        state = parts.get("StateName")
        place_text = f"{city}, {state}" if city and state else city or ""
        if code.isdigit() and len(code) == 5:
            found = self._zip_with_place(code, place_text, state_code(state or ""))
            if found.matches:
                note = "street address placed at its ZIP centre"
                return Lookup(tuple(_with_note(m, note) for m in found.matches))
        if city:
            found = self._place_lookup(place_text)
            if found.matches:
                note = "street address placed at its city centre"
                return Lookup(tuple(_with_note(m, note) for m in found.matches))
            return found
        # usaddress found no city: try what follows the first comma as a place.
        if "," in text:
            return self._place_lookup(text.split(",", 1)[1])
        return _miss("address has no city or ZIP code")

    def _place_lookup(self, text: str) -> Lookup:
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if not parts:
            return _miss("empty")
        if len(parts) >= 2:
            state = state_code(parts[-1])
            if state:
                return self._city_lookup(parts[-2], state)
            # "…, Houston TX" or "Main St, Houston": look at the last part on its own.
            last = parts[-1]
            if self._has_reading(last):
                return self._place_lookup(last)
            return _miss(f"{last!r} is not a US state or city; only US places are covered")
        readings = query.split_trailing_state(parts[0])
        for rest, state in readings:
            if self.data.has_city(place_key(rest), state):
                return self._city_lookup(rest, state)
        whole = self._city_lookup(parts[0], None)
        if whole.matches or not readings:
            return whole
        rest, state = readings[0]
        return self._city_lookup(rest, state)

    def _has_reading(self, text: str) -> bool:
        key = place_key(text)
        if key in self.data.cities_by_name or key in self.data.alias_cities_by_name:
            return True
        return any(
            self.data.has_city(place_key(rest), state)
            for rest, state in query.split_trailing_state(text)
        )

    def _city_lookup(self, city_text: str, state: str | None) -> Lookup:
        key = place_key(city_text)
        if not key:
            return _miss("no city given")
        if state is not None:
            place = self.data.city(key, state)
            if place is not None:
                return Lookup(matches=(_city_match(place),))
            where = state_name(state) or state
            return _miss(
                f"no place called {city_text!r} in {where}",
                self.suggestions_for(city_text, state),
            )
        places = self.data.cities_by_name.get(key) or self.data.alias_cities_by_name.get(key)
        state_named = state_code(city_text)
        if places:
            ranked = places[:MAX_CANDIDATES]
            ambiguous = len(places) > 1 or state_named is not None
            names = tuple(city_label(p.name, p.state) for p in ranked) if ambiguous else ()
            note = None
            if state_named is not None:
                note = f"{city_text!r} is also a state name; add a state or ZIP to be sure"
            elif ambiguous:
                note = f"{len(places)} places share this name; add a state to choose"
            matches = tuple(
                _city_match(p, ambiguous=ambiguous, candidates=names, note=note) for p in ranked
            )
            return Lookup(matches=matches)
        if state_named is not None:
            biggest = self.data.cities_by_state.get(state_named, [])[:5]
            return _miss(
                f"{city_text!r} is a whole state; give a city or ZIP code",
                [city_label(c.name, c.state) for c in biggest],
            )
        return _miss(f"no US place called {city_text!r}", self.suggestions_for(city_text, None))

    # -- suggestions -----------------------------------------------------------------------

    def suggestions_for(self, city_text: str, state: str | None, limit: int = 5) -> list[str]:
        """Close spellings of a city name, in one state or anywhere, biggest places first."""
        from rapidfuzz import fuzz, process

        key = place_key(city_text)
        if not key:
            return []
        if state is not None:
            pool = {c: place_key(c.name) for c in self.data.cities_by_state.get(state, [])}
        else:
            pool = self.data.city_keys
        found = process.extract(
            key, pool, scorer=fuzz.ratio, limit=limit * 4, score_cutoff=SUGGESTION_MIN_SCORE
        )
        ranked = sorted(found, key=lambda hit: (-round(hit[1]), -hit[2].zip_count))
        labels: list[str] = []
        for _key, _score, place in ranked:
            label = city_label(place.name, place.state)
            if label not in labels:
                labels.append(label)
        return labels[:limit]

    def suggest(self, text: object, limit: int = 5) -> list[str]:
        found = self.lookup(text)
        if found.matches:
            first = found.matches[0]
            return list(first.candidates[:limit]) if first.ambiguous else []
        return list(found.suggestions[:limit])

    # -- reverse ---------------------------------------------------------------------------

    def reverse(self, lat: object, lon: object) -> GeoMatch | None:
        try:
            lat_f, lon_f = float(lat), float(lon)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        if not (-90.0 <= lat_f <= 90.0 and -180.0 <= lon_f <= 180.0):
            return None
        nearest = self._nearest_zip(lat_f, lon_f, REVERSE_MAX_KM)
        if nearest is None:
            return None
        place, distance = nearest
        return _zip_match(place, f"nearest ZIP centre, {distance:.1f} km away")

    def _nearest_zip(self, lat: float, lon: float, max_km: float) -> tuple[ZipPlace, float] | None:
        return self.data.grid.nearest(lat, lon, max_km) or self.data.fallback_grid.nearest(
            lat, lon, max_km
        )

    def _point_match(self, lat: float, lon: float) -> GeoMatch:
        nearest = self._nearest_zip(lat, lon, POINT_CONTEXT_KM)
        place = nearest[0] if nearest else None
        return GeoMatch(
            lat=lat,
            lon=lon,
            precision=PRECISION_POINT,
            matched_name=f"{lat:.5f}, {lon:.5f}",
            approximate=False,
            source=SOURCE_INPUT,
            postal_code=place.code if place else None,
            city=place.city if place else None,
            state=place.state if place else None,
        )


def _trailing_state(text: str) -> str | None:
    if not text:
        return None
    last = text.split(",")[-1].strip()
    code = state_code(last)
    if code:
        return code
    readings = query.split_trailing_state(last)
    return readings[0][1] if readings else None


def _address_parts(text: str) -> dict[str, str]:
    import usaddress

    try:
        tagged, _kind = usaddress.tag(text)
        return {label: str(value) for label, value in tagged.items()}
    except usaddress.RepeatedLabelError as exc:
        parts: dict[str, str] = {}
        for value, label in exc.parsed_string:
            parts.setdefault(label, value.strip(" ,"))
        return parts
    except Exception as exc:  # usaddress raises assorted errors on odd input
        logger.debug("usaddress could not parse %r: %s", text, exc)
        return {}


def _zip_match(place: ZipPlace, note: str | None = None) -> GeoMatch:
    return GeoMatch(
        lat=place.lat,
        lon=place.lon,
        precision=PRECISION_ZIP,
        matched_name=city_label(place.city, place.state, place.code),
        approximate=True,
        source=SOURCE_ZIPCODES,
        postal_code=place.code,
        city=place.city,
        state=place.state,
        note=note,
    )


def _city_match(
    place: CityPlace,
    *,
    ambiguous: bool = False,
    candidates: tuple[str, ...] = (),
    note: str | None = None,
) -> GeoMatch:
    return GeoMatch(
        lat=place.lat,
        lon=place.lon,
        precision=PRECISION_CITY,
        matched_name=city_label(place.name, place.state),
        approximate=True,
        ambiguous=ambiguous,
        candidates=candidates,
        source=SOURCE_ZIPCODES,
        city=place.name,
        state=place.state,
        note=note,
    )


def _with_note(match: GeoMatch, note: str) -> GeoMatch:
    return replace(match, note=match.note or note)
