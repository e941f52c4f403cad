"""Fixture SAMHSA FindTreatment.gov locator: fictional Houston-area facilities.

The response has the locator's shape: `page`, `totalPages`, `recordCount` and `rows[]`
with name1/name2, street1/street2, city, state, zip, phone, latitude/longitude as strings,
typeFacility (MH or SA) and services[] of {f1 label, f2 code, f3 "a; b; c"}.
Search is by point (`sAddr=lat,lon`) and radius (`limitType=2`, `limitValue` in meters),
nearest first, in pages of `pageSize`.
"""

from __future__ import annotations

import math

# name1, name2, street1, street2, city, zip, phone, lat, lon, type, approaches, languages, ages
_FACILITIES = (
    (
        "Harbor Light Counseling Center (Sample)",
        "Outpatient Services",
        "1900 N Loop W",
        "Suite 120",
        "Houston",
        "77008",
        "713-861-5530",
        "29.8110",
        "-95.4280",
        "MH",
        "Cognitive behavioral therapy; Dialectical behavior therapy; Trauma-related therapy",
        "Spanish",
        "Adults; Seniors",
    ),
    (
        "Magnolia Park Recovery (Sample)",
        "",
        "7100 Harrisburg Blvd",
        "",
        "Houston",
        "77011",
        "713-923-4410",
        "29.7350",
        "-95.3100",
        "SA",
        "Substance use disorder counseling; Cognitive behavioral therapy; Group counseling",
        "Spanish",
        "Adults",
    ),
    (
        "Fannin Community Mental Health (Sample)",
        "Adult Clinic",
        "6700 Fannin St",
        "Floor 3",
        "Houston",
        "77030",
        "713-797-1100",
        "29.7050",
        "-95.3975",
        "MH",
        "Cognitive behavioral therapy; Telemedicine/telehealth therapy; Integrated Mental and Substance Use Disorder treatment",
        "Spanish; Vietnamese",
        "Young adults; Adults; Seniors",
    ),
    (
        "Westchase Behavioral Clinic (Sample)",
        "",
        "10700 Richmond Ave",
        "Suite 200",
        "Houston",
        "77042",
        "832-251-3370",
        "29.7300",
        "-95.5620",
        "MH",
        "Dialectical behavior therapy; Group therapy; Psychotropic medication",
        "",
        "Adolescents; Adults",
    ),
    (
        "Third Ward Wellness House (Sample)",
        "",
        "2600 Holman St",
        "",
        "Houston",
        "77004",
        "713-528-0021",
        "29.7370",
        "-95.3740",
        "MH",
        "Trauma-related therapy; Couples/family therapy; Cognitive behavioral therapy",
        "",
        "Children/Adolescents; Adults",
    ),
    (
        "Sugar Land Counseling Associates (Sample)",
        "",
        "2245 Texas Dr",
        "Suite 100",
        "Sugar Land",
        "77479",
        "281-565-3300",
        "29.5960",
        "-95.6190",
        "MH",
        "Cognitive behavioral therapy; Telemedicine/telehealth therapy",
        "Hindi; Spanish",
        "Adults",
    ),
    (
        "Eastwood Recovery Services (Sample)",
        "Opioid Program",
        "4800 Lyons Ave",
        "",
        "Houston",
        "77020",
        "713-672-9090",
        "29.7730",
        "-95.3300",
        "SA",
        "Substance use disorder counseling; Relapse prevention; Motivational interviewing",
        "Spanish",
        "Adults",
    ),
    (
        "Spring Branch Family Services (Sample)",
        "",
        "8800 Long Point Rd",
        "",
        "Houston",
        "77055",
        "713-468-2200",
        "29.8000",
        "-95.5030",
        "MH",
        "Couples/family therapy; Cognitive behavioral therapy",
        "Korean; Spanish",
        "Children/Adolescents; Adults",
    ),
    (
        "Bellaire Boulevard Clinic (Sample)",
        "",
        "6100 Bellaire Blvd",
        "",
        "Houston",
        "77081",
        "713-777-5510",
        "29.7050",
        "-95.4900",
        "MH",
        "Cognitive behavioral therapy; Electroconvulsive therapy",
        "Vietnamese; Chinese",
        "Adults; Seniors",
    ),
    (
        "Greenspoint Outreach Center (Sample)",
        "",
        "12500 North Fwy",
        "Suite 300",
        "Houston",
        "77060",
        "281-875-4400",
        "29.9410",
        "-95.4140",
        "SA",
        "Substance use disorder counseling; Group counseling",
        "Spanish",
        "Adults",
    ),
    (
        "Pearland Mind & Body (Sample)",
        "",
        "2700 Smith Ranch Rd",
        "",
        "Pearland",
        "77584",
        "281-485-7700",
        "29.5560",
        "-95.3810",
        "MH",
        "Cognitive behavioral therapy; Dialectical behavior therapy",
        "",
        "Adolescents; Adults",
    ),
    (
        "Katy Freeway Therapy Group (Sample)",
        "",
        "14800 Katy Fwy",
        "",
        "Houston",
        "77094",
        "281-752-6600",
        "bad-latitude",
        "-95.6400",
        "MH",
        "Cognitive behavioral therapy; Trauma-related therapy",
        "",
        "Adults",
    ),
    (
        "Kingwood Hope Center (Sample)",
        "",
        "4200 Kingwood Dr",
        "",
        "Kingwood",
        "77339",
        "281-358-4410",
        "30.0500",
        "-95.2000",
        "MH",
        "Cognitive behavioral therapy; Group therapy",
        "",
        "Adults",
    ),
    (
        "Gulfgate Dual Diagnosis Program (Sample)",
        "",
        "7500 Gulf Fwy",
        "",
        "Houston",
        "77017",
        "713-641-2210",
        "29.6900",
        "-95.2800",
        "SA",
        "Integrated Mental and Substance Use Disorder treatment; Cognitive behavioral therapy",
        "Spanish",
        "Adults",
    ),
)


def _services(kind: str, approaches: str, languages: str, ages: str) -> list[dict]:
    care = "Mental health treatment" if kind == "MH" else "Substance use treatment"
    services = [
        {"f1": "Type of Care", "f2": "TC", "f3": care},
        {
            "f1": "Service Setting (e.g., Outpatient, Residential, Inpatient, etc.)",
            "f2": "SET",
            "f3": "Outpatient",
        },
        {"f1": "Treatment Approaches", "f2": "TAP", "f3": approaches},
        {
            "f1": "Payment/Insurance/Funding Accepted",
            "f2": "PAY",
            "f3": "Medicaid; Private health insurance; Cash or self-payment",
        },
        {
            "f1": "Payment Assistance Available",
            "f2": "PYAS",
            "f3": "Sliding fee scale (fee is based on income and other factors)",
        },
        {"f1": "Age Groups Accepted", "f2": "AGE", "f3": ages},
    ]
    if languages:
        services.append({"f1": "Language Services", "f2": "SL", "f3": languages})
    return services


def _row(index: int, data: tuple) -> dict:
    (
        name1,
        name2,
        street1,
        street2,
        city,
        zip_code,
        phone,
        lat,
        lon,
        kind,
        approaches,
        languages,
        ages,
    ) = data
    return {
        "_irow": index,
        "frid": f"SAMPLE{1000 + index}",
        "name1": name1,
        "name2": name2,
        "street1": street1,
        "street2": street2,
        "city": city,
        "state": "TX",
        "zip": zip_code,
        "phone": phone,
        "intake1": "",
        "website": f"https://fixture.example/facility/{1000 + index}",
        "latitude": lat,
        "longitude": lon,
        "typeFacility": kind,
        "services": _services(kind, approaches, languages, ages),
    }


ROWS = [_row(i, data) for i, data in enumerate(_FACILITIES, start=1)]


def _miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = rlat2 - rlat1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 3958.8 * 2 * math.asin(math.sqrt(a))


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def api_response(params: dict[str, str]) -> tuple[int, dict]:
    """(HTTP status, JSON body) for locator query parameters."""
    try:
        lat_text, lon_text = params["sAddr"].split(",")
        lat, lon = float(lat_text), float(lon_text)
        radius_m = float(params.get("limitValue", "40000"))
        page = int(params.get("page", "1"))
        page_size = int(params.get("pageSize", "10"))
    except (KeyError, ValueError):
        return 400, {"error": "sAddr=lat,lon, limitValue, page and pageSize are required"}
    kind = params.get("sType", "both").upper()
    hits = []
    for row in ROWS:
        if kind in ("MH", "SA") and row["typeFacility"] != kind:
            continue
        row_lat, row_lon = _float(row["latitude"]), _float(row["longitude"])
        # a row with a broken point is still listed (the locator matched it by its county)
        distance = 0.0 if row_lat is None or row_lon is None else _miles(lat, lon, row_lat, row_lon)
        if distance * 1609.344 <= radius_m:
            hits.append((distance, row))
    hits.sort(key=lambda pair: pair[0])
    total_pages = max(1, math.ceil(len(hits) / page_size))
    chunk = hits[(page - 1) * page_size : page * page_size]
    rows = [dict(row, miles=round(distance, 2)) for distance, row in chunk]
    return 200, {"page": page, "totalPages": total_pages, "recordCount": len(hits), "rows": rows}
