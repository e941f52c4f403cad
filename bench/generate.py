"""Synthetic provider records for scale work: fictional names, US ZIPs weighted by
population (approximated from metro areas) with Houston dense, realistic therapy mixes,
and a share of providers listed by two sources so merging has work to do.

Run: .venv/bin/python bench/generate.py N [-o FILE] [--seed 7] [--houston-share 0.3]
     [--duplicate-share 0.15]

Writes N ProviderRecord JSON lines (stdout by default), streaming: memory does not grow
with N. Every record has `is_sample: true` (no real provider is described). ZIP
coordinates come from the `zipcodes` package; records from the npi source carry no
coordinates, so the loader geocodes them like real NPPES rows.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import math
import random
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from clinics.record import npi_check_digit

# Approximate metro populations in millions (US Census 2020 MSA figures, rounded) and centres.
METROS = (
    ("New York", 40.71, -74.01, 20.1), ("Los Angeles", 34.05, -118.24, 13.2),
    ("Chicago", 41.88, -87.63, 9.6), ("Dallas", 32.78, -96.80, 7.6),
    ("Houston", 29.76, -95.37, 7.1), ("Washington", 38.91, -77.04, 6.4),
    ("Philadelphia", 39.95, -75.17, 6.2), ("Miami", 25.76, -80.19, 6.1),
    ("Atlanta", 33.75, -84.39, 6.1), ("Boston", 42.36, -71.06, 4.9),
    ("Phoenix", 33.45, -112.07, 4.8), ("San Francisco", 37.77, -122.42, 4.7),
    ("Riverside", 33.98, -117.38, 4.6), ("Detroit", 42.33, -83.05, 4.4),
    ("Seattle", 47.61, -122.33, 4.0), ("Minneapolis", 44.98, -93.27, 3.7),
    ("San Diego", 32.72, -117.16, 3.3), ("Tampa", 27.95, -82.46, 3.2),
    ("Denver", 39.74, -104.99, 3.0), ("Baltimore", 39.29, -76.61, 2.8),
    ("St. Louis", 38.63, -90.20, 2.8), ("Orlando", 28.54, -81.38, 2.7),
    ("Charlotte", 35.23, -80.84, 2.7), ("San Antonio", 29.42, -98.49, 2.6),
    ("Portland", 45.52, -122.68, 2.5), ("Sacramento", 38.58, -121.49, 2.4),
    ("Pittsburgh", 40.44, -80.00, 2.4), ("Austin", 30.27, -97.74, 2.3),
    ("Las Vegas", 36.17, -115.14, 2.3), ("Cincinnati", 39.10, -84.51, 2.3),
    ("Kansas City", 39.10, -94.58, 2.2), ("Columbus", 39.96, -83.00, 2.1),
    ("Indianapolis", 39.77, -86.16, 2.1), ("Cleveland", 41.50, -81.69, 2.1),
    ("Nashville", 36.16, -86.78, 2.0), ("Salt Lake City", 40.76, -111.89, 1.3),
    ("New Orleans", 29.95, -90.07, 1.3), ("Oklahoma City", 35.47, -97.52, 1.4),
    ("Albuquerque", 35.08, -106.65, 0.9), ("Omaha", 41.26, -95.93, 1.0),
)  # fmt: skip
HOUSTON = (29.76, -95.37)
HOUSTON_RADIUS_MI = 40.0
RURAL_WEIGHT = 0.02  # every ZIP has some chance

FIRST = (
    "Avery", "Jordan", "Morgan", "Priya", "Samuel", "Elena", "Marcus", "Aisha", "Daniel",
    "Grace", "Hiro", "Isabel", "Kofi", "Laila", "Mateo", "Nadia", "Owen", "Rosa", "Tariq",
    "Vivian", "Wen", "Yusuf", "Zoe", "Camila", "Ethan", "Farah", "Gabriel", "Hannah",
    "Ines", "Jamal", "Keiko", "Luis", "Maya", "Noah", "Olivia", "Rahul", "Sofia", "Theo",
)  # fmt: skip
LAST = (
    "Lin", "Reyes", "Ellis", "Natarajan", "Okafor", "Alvarez", "Bennett", "Chowdhury",
    "Dubois", "Eriksen", "Fontaine", "Garza", "Hollis", "Ibarra", "Jensen", "Kowalski",
    "Lindqvist", "Moreau", "Nakamura", "Oduya", "Petrov", "Quintero", "Rasmussen",
    "Sandoval", "Thibodeaux", "Underwood", "Valdez", "Whitaker", "Yamada", "Zamora",
)  # fmt: skip
PLACE_WORDS = (
    "Bayou", "Lone Star", "Cypress", "Magnolia", "Riverbend", "Oak Hollow", "Harbor",
    "Summit", "Prairie", "Willow", "Cedar", "Bluebonnet", "Lakeside", "Northgate",
)  # fmt: skip
STREETS = (
    "Main", "Fannin", "Westheimer", "Kirby", "Oak", "Elm", "Maple", "Washington",
    "Lincoln", "Park", "Lake", "Hillcrest", "Richmond", "Bellaire", "Memorial", "Cedar",
)  # fmt: skip
SUFFIXES = (("St", "Street"), ("Ave", "Avenue"), ("Blvd", "Boulevard"), ("Dr", "Drive"),
            ("Rd", "Road"), ("Pkwy", "Parkway"))  # fmt: skip

# Kinds of practice: (weight, kind, name style, therapies_raw pool, conditions pool, NUCC code)
PROFILES = (
    (0.30, "individual", "person", ("CBT", "DBT", "EMDR", "ACT", "Exposure and response prevention",
     "Mindfulness-based therapy", "Psychodynamic therapy"), "101YM0800X"),
    (0.12, "individual", "person", ("Medication management", "Esketamine (Spravato)",
     "Ketamine-assisted psychotherapy"), "2084P0800X"),
    (0.10, "individual", "person", ("Trauma-focused therapy", "EMDR", "Couples therapy",
     "Family therapy"), "1041C0700X"),
    (0.10, "organization", "clinic", ("IV ketamine infusion", "Ketamine infusions for depression",
     "Spravato"), "261QM0801X"),
    (0.08, "organization", "clinic", ("Ketamine-assisted psychotherapy", "Psychedelic integration",
     "Intramuscular ketamine"), "261QM0801X"),
    (0.05, "organization", "clinic", ("At-home ketamine via telehealth", "Sublingual ketamine troches",
     "Integration coaching"), "261QM0801X"),
    (0.15, "organization", "clinic", ("Group therapy", "CBT", "DBT skills groups",
     "Medication management"), "261QM0801X"),
    (0.10, "organization", "clinic", ("TMS", "Spravato", "Medication management"), "261QM0801X"),
)  # fmt: skip
CONDITIONS = ("anxiety", "depression", "treatment-resistant depression", "PTSD", "OCD",
              "panic disorder", "social anxiety", "bipolar disorder", "postpartum depression",
              "substance use", "chronic pain")  # fmt: skip
CLINIC_WORDS = ("Ketamine Clinic", "Mind Clinic", "Wellness Center", "Counseling Center",
                "Behavioral Health", "Infusion Center", "Therapy Collective")  # fmt: skip
INSURANCE = ("Aetna", "Blue Cross Blue Shield", "Cigna", "Medicaid", "Medicare",
             "UnitedHealthcare", "Self-pay", "Sliding scale")  # fmt: skip
LANGUAGES = ("English", "Spanish", "Vietnamese", "Chinese", "Arabic", "Hindi", "French")
SOURCES = (("npi", 0.45), ("clinic_sites", 0.2), ("findtreatment", 0.15), ("directory:bench", 0.2))
BASE_TIME = datetime(2026, 11, 1, tzinfo=UTC)


def _miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 3958.8 * 2 * math.asin(math.sqrt(a))


def zip_table() -> tuple[list[dict], list[float], list[dict], list[float]]:
    """All standard ZIPs with cumulative weights, and the Houston-area ones apart."""
    import zipcodes

    national, houston = [], []
    for row in zipcodes.list_all():
        if row["zip_code_type"] != "STANDARD" or not row["active"] or row["country"] != "US":
            continue
        lat, lon = float(row["lat"]), float(row["long"])
        weight = RURAL_WEIGHT
        for _name, mlat, mlon, pop in METROS:
            if abs(mlat - lat) < 1.5 and abs(mlon - lon) < 1.5:
                weight += pop * math.exp(-_miles(lat, lon, mlat, mlon) / 15.0)
        entry = {"zip": row["zip_code"], "city": row["city"], "state": row["state"],
                 "lat": lat, "lon": lon, "area": (row.get("area_codes") or ["555"])[0]}  # fmt: skip
        national.append((entry, weight))
        if _miles(lat, lon, *HOUSTON) <= HOUSTON_RADIUS_MI:
            houston.append((entry, weight))
    return (
        [e for e, _ in national],
        list(itertools.accumulate(w for _, w in national)),
        [e for e, _ in houston],
        list(itertools.accumulate(w for _, w in houston)),
    )


def npi_with_check_digit(payload9: str) -> str:
    return payload9 + npi_check_digit(payload9)


class Generator:
    def __init__(self, seed: int, houston_share: float, duplicate_share: float) -> None:
        self.rng = random.Random(seed)
        self.houston_share = houston_share
        self.duplicate_share = duplicate_share
        self.zips, self.cum, self.hzips, self.hcum = zip_table()
        self.profile_cum = list(itertools.accumulate(p[0] for p in PROFILES))
        self.source_cum = list(itertools.accumulate(w for _, w in SOURCES))

    def _pick(self, items, cum):
        return items[bisect.bisect(cum, self.rng.random() * cum[-1])]

    def _place(self) -> dict:
        if self.hzips and self.rng.random() < self.houston_share:
            return self._pick(self.hzips, self.hcum)
        return self._pick(self.zips, self.cum)

    def provider(self, n: int) -> dict:
        rng = self.rng
        profile = PROFILES[bisect.bisect(self.profile_cum, rng.random() * self.profile_cum[-1])]
        _, kind, style, pool, nucc = profile
        place = self._place()
        if style == "person":
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        else:
            name = f"{rng.choice(PLACE_WORDS)} {rng.choice(CLINIC_WORDS)}"
        suffix = rng.choice(SUFFIXES)
        therapies = rng.sample(pool, k=rng.randint(1, len(pool)))
        conditions = rng.sample(CONDITIONS, k=rng.randint(1, 4))
        return {
            "n": n,
            "kind": kind,
            "name": name,
            "number": rng.randint(100, 19999),
            "street": rng.choice(STREETS),
            "suffix": suffix,
            "suite": rng.randint(100, 1900) if rng.random() < 0.4 else None,
            "place": place,
            "phone": f"+1{place['area']}555{rng.randint(0, 9999):04d}",
            "npi": npi_with_check_digit(f"1{rng.randint(0, 99_999_999):08d}"),
            "nucc": nucc,
            "therapies_raw": therapies,
            "conditions_raw": conditions,
            "insurance": rng.sample(INSURANCE, k=rng.randint(1, 4)),
            "languages": ["English"] + ([rng.choice(LANGUAGES[1:])] if rng.random() < 0.3 else []),
            "telehealth": rng.random() < 0.5,
        }

    def record(self, provider: dict, source: str, variant: int) -> dict:
        rng = self.rng
        place = provider["place"]
        short, long = provider["suffix"]
        street = f"{provider['number']} {provider['street']} {long if variant else short}"
        if provider["suite"]:
            street += f", Suite {provider['suite']}" if variant else f" Ste {provider['suite']}"
        name = provider["name"]
        if variant and provider["kind"] == "individual":
            name = f"Dr. {name}" if rng.random() < 0.5 else f"{name}, LPC"
        ref = f"{provider['n']}-{variant}"
        fetched = BASE_TIME - timedelta(days=rng.randint(0, 120), seconds=rng.randint(0, 86399))
        description = (
            f"Fictional synthetic listing. {name} offers {', '.join(provider['therapies_raw'])} "
            f"for {', '.join(provider['conditions_raw'])}."
        )
        row = {
            "source": source,
            "source_ref": ref,
            "source_url": f"https://example.org/{source.replace(':', '/')}/{ref}",
            "fetched_at": fetched.isoformat(),
            "is_sample": True,
            "kind": provider["kind"],
            "name": name,
            "description": description,
            "therapies_raw": provider["therapies_raw"],
            "conditions_raw": provider["conditions_raw"],
            "address_1": street,
            "city": place["city"],
            "state_province": place["state"],
            "postal_code": place["zip"],
            "country": "US",
            "phone": provider["phone"],
            "telehealth": provider["telehealth"],
            "insurance": provider["insurance"],
            "languages": provider["languages"],
        }
        if source == "npi":
            row["npi"] = provider["npi"] if provider["kind"] == "individual" else None
            row["source_codes"] = [provider["nucc"]]
        else:
            row["latitude"] = round(place["lat"] + rng.uniform(-0.01, 0.01), 6)
            row["longitude"] = round(place["lon"] + rng.uniform(-0.01, 0.01), 6)
            row["geo_precision"] = "source"
        return {k: v for k, v in row.items() if v is not None}

    def records(self, count: int) -> Iterator[dict]:
        produced = 0
        n = 0
        while produced < count:
            provider = self.provider(n)
            n += 1
            first = self._pick([s for s, _ in SOURCES], self.source_cum)
            yield self.record(provider, first, 0)
            produced += 1
            if produced < count and self.rng.random() < self.duplicate_share:
                others = [s for s, _ in SOURCES if s != first]
                yield self.record(provider, self.rng.choice(others), 1)
                produced += 1


def write(
    count: int, out, seed: int = 7, houston_share: float = 0.3, duplicate_share: float = 0.15
) -> int:
    generator = Generator(seed, houston_share, duplicate_share)
    written = 0
    for row in generator.records(count):
        out.write(json.dumps(row, separators=(",", ":")))
        out.write("\n")
        written += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many records")
    parser.add_argument("-o", "--output", help="JSONL file (default stdout)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--houston-share", type=float, default=0.3)
    parser.add_argument("--duplicate-share", type=float, default=0.15)
    args = parser.parse_args(argv)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            n = write(args.count, out, args.seed, args.houston_share, args.duplicate_share)
    else:
        n = write(args.count, sys.stdout, args.seed, args.houston_share, args.duplicate_share)
    print(f"wrote {n} records", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
