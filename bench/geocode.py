"""Offline geocoding speed and footprint.

    .venv/bin/python bench/geocode.py [--seconds 2]

Prints ZIP, city, address and reverse lookups per second through the public entry point,
the time a fresh process takes to import clinics.geocode and answer its first query (with
and without the on-disk index cache), and the size of the data shipped. Targets: at least
50,000 ZIP lookups/s, first answer under 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ZIP_TARGET_PER_S = 50_000
FIRST_ANSWER_TARGET_S = 1.0

FIRST_QUERY_SCRIPT = """
import time
start = time.perf_counter()
from clinics.geocode import geocode
match = geocode({text!r})
assert match is not None, {text!r}
print(time.perf_counter() - start)
"""


def rate(function, inputs: list, seconds: float) -> float:
    """Calls per second of function over inputs (cycled) for about `seconds`."""
    done = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for item in inputs:
            function(item)
        done += len(inputs)
        now = time.perf_counter()
        if now >= deadline:
            return done / (now - start)


def first_answer_s(index_dir: Path, text: str) -> tuple[float, float]:
    """(import + first answer inside the process, whole process wall time) in seconds."""
    env = dict(os.environ, CLINICS_GEOCODER="offline", CLINICS_GEOCODE_DIR=str(index_dir))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", FIRST_QUERY_SCRIPT.format(text=text)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    wall = time.perf_counter() - start
    return float(done.stdout.strip()), wall


def size_mb(path: Path) -> float:
    return path.stat().st_size / 1_000_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per throughput figure")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per startup figure")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="geocode-bench-") as tmp:
        index_dir = Path(tmp)
        cold = first_answer_s(index_dir, "77030")
        warm_zip = [first_answer_s(index_dir, "77030") for _ in range(args.runs)]
        warm_city = [first_answer_s(index_dir, "Sugar Land, TX") for _ in range(args.runs)]
        cache_files = sorted(index_dir.glob("*.json"))
        cache_mb = sum(size_mb(p) for p in cache_files)

        os.environ["CLINICS_GEOCODER"] = "offline"
        os.environ["CLINICS_GEOCODE_DIR"] = str(index_dir)
        import clinics.geocode as geo
        from clinics.geocode import gazetteer

        geo.reset()
        data = gazetteer.get(index_dir)
        zips = sorted(data.zips)
        cities = [f"{c.name}, {c.state}" for c in data.cities.values()]
        addresses = [
            f"{100 + i} Main St, {z.city}, {z.state} {z.code}"
            for i, z in enumerate(list(data.zips.values())[:2000])
        ]
        points = [(z.lat + 0.003, z.lon - 0.003) for z in list(data.zips.values())[:5000]]
        geo.geocode(cities[0])  # build the city index before timing
        geo.reverse(*points[0])  # and the reverse grid

        geo.reset()  # a fresh resolver: no ZIP answer built yet
        geo.geocode("77030")
        start = time.perf_counter()
        for code in zips:
            geo.geocode(code)
        zip_first_rate = len(zips) / (time.perf_counter() - start)
        zip_rate = rate(geo.geocode, zips, args.seconds)
        city_rate = rate(geo.geocode, cities, args.seconds)
        address_rate = rate(geo.geocode, addresses, args.seconds)
        reverse_rate = rate(lambda p: geo.reverse(*p), points, args.seconds)
        dict_rate = rate(data.zip_row, zips, args.seconds)
        package_mb = size_mb(gazetteer.package_data_file())

    print("offline geocoding (clinics.geocode, zipcodes", gazetteer.package_version() + ")")
    print(
        f"  ZIP lookups/s, first   {zip_first_rate:>12,.0f}   target >= {ZIP_TARGET_PER_S:,}"
        f"   ({zip_first_rate / ZIP_TARGET_PER_S:.1f}x target; each of {len(zips):,} ZIPs once)"
    )
    print(
        f"  ZIP lookups/s, repeat  {zip_rate:>12,.0f}   target >= {ZIP_TARGET_PER_S:,}"
        f"   ({zip_rate / ZIP_TARGET_PER_S:.1f}x target; answers already built)"
    )
    print(
        f"    bare dict lookups/s  {dict_rate:>12,.0f}   (geocode() costs "
        f"{dict_rate / zip_rate:.1f}x a bare dict lookup of the row)"
    )
    print(f"  city lookups/s         {city_rate:>12,.0f}   ({len(cities):,} distinct 'City, ST')")
    print(f"  address lookups/s      {address_rate:>12,.0f}   (usaddress parsing)")
    print(f"  reverse lookups/s      {reverse_rate:>12,.0f}")
    warm_zip_in = statistics.median(t for t, _ in warm_zip)
    warm_zip_wall = statistics.median(w for _, w in warm_zip)
    warm_city_in = statistics.median(t for t, _ in warm_city)
    warm_city_wall = statistics.median(w for _, w in warm_city)
    print("  import + first answer, fresh process (in-process / whole process incl. interpreter):")
    print(
        f"    ZIP, index cached    {warm_zip_in:6.3f} s / {warm_zip_wall:6.3f} s   "
        f"target < {FIRST_ANSWER_TARGET_S} s ({warm_zip_in / FIRST_ANSWER_TARGET_S:.2f}x)"
        f"   median of {args.runs}"
    )
    print(
        f"    city, index cached   {warm_city_in:6.3f} s / {warm_city_wall:6.3f} s   "
        f"median of {args.runs}"
    )
    print(
        f"    ZIP, no index yet    {cold[0]:6.3f} s / {cold[1]:6.3f} s   "
        "(once per machine and zipcodes version)"
    )
    print("  data shipped:")
    print(f"    zipcodes package data {package_mb:6.2f} MB  ({gazetteer.package_data_file().name})")
    print(
        f"    derived index cache   {cache_mb:6.2f} MB  (under CLINICS_GEOCODE_DIR, "
        f"{len(cache_files)} files, built on first use)"
    )
    print(f"  machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
