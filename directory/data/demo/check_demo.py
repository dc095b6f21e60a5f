#!/usr/bin/env python3
"""Validate directory/data/demo/ontario-demo.hsds.json.

    python3 directory/data/demo/check_demo.py [PATH]

Checks the demo directory against the requirements it was built for: counts and coverage per city and
need label, AIRS taxonomy and Frontdoor attributes, demo markers, fictional phones / e-mails / web
sites, addresses whose FSA belongs to the city (per ../places/ontario-places.tsv) with coordinates
near it and inside Ontario, schedules, languages, French services, deterministic-id consistency,
and the HSDS 3.0 JSON schema (when the `jsonschema` package is importable; otherwise the schema's
required fields and types are checked by hand).  Exits non-zero on the first report with failures.

Standard library only (jsonschema is optional).
"""
from __future__ import annotations

import collections
import csv
import json
import math
import os
import re
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "ontario-demo.hsds.json")
GAZETTEER = os.path.join(HERE, "..", "places", "ontario-places.tsv")
HSDS_DIRS = [
    os.environ.get("HSDS_SPEC_DIR", ""),
    os.path.join(HERE, "..", "..", "..", "..", "shared", "data", "hsds", "hsds_spec_v3.0"),
    "/work/shared/data/hsds/hsds_spec_v3.0",
]

LABELS = [
    "food", "shelter", "housing", "utilities", "income", "employment", "health", "mental_health",
    "substance_use", "abuse_violence", "legal", "newcomers", "seniors", "disability",
    "family_children", "transportation", "material_goods", "education",
]
REQUIRED_CITIES = ["Toronto", "Ottawa", "Mississauga", "Brampton", "Hamilton", "London", "Kitchener", "Windsor",
                   "Greater Sudbury", "Thunder Bay", "Kingston", "Barrie"]
LARGEST_SIX = ["Toronto", "Ottawa", "Mississauga", "Brampton", "Hamilton", "London"]
AREA_CODES = {  # real area codes (incl. overlays) of each city
    "Toronto": {"416", "647", "437"}, "Ottawa": {"613", "343"}, "Kingston": {"613", "343"},
    "Mississauga": {"905", "289", "365"}, "Brampton": {"905", "289", "365"}, "Hamilton": {"905", "289", "365"},
    "Oshawa": {"905", "289", "365"}, "St. Catharines": {"905", "289", "365"},
    "London": {"519", "226", "548"}, "Kitchener": {"519", "226", "548"}, "Windsor": {"519", "226", "548"},
    "Guelph": {"519", "226", "548"},
    "Greater Sudbury": {"705", "249"}, "Barrie": {"705", "249"}, "Peterborough": {"705", "249"},
    "Sault Ste. Marie": {"705", "249"}, "North Bay": {"705", "249"}, "Timmins": {"705", "249"},
    "Thunder Bay": {"807"},
}
WANTED_LANGS = ["ar", "pa", "ta", "zh", "es", "tl", "so", "fa", "ur"]
ON_LAT, ON_LON = (41.6, 57.0), (-95.2, -74.3)
PHONE_RE = re.compile(r"^\+1 (\d{3}) 555-01\d\d$")
POSTAL_RE = re.compile(r"^[KLMNP]\d[ABCEGHJKLMNPRSTVWXYZ] \d[ABCEGHJKLMNPRSTVWXYZ]\d$")
AIRS_RE = re.compile(r"^[A-Z]{1,2}(-\d{4}(\.\d{4}(-\d{3}(\.\d{2})?)?)?)?$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
DEMO_MARKER = "[DEMO DATA — fictional]"
FRENCH_HINTS = re.compile(r"\b(les|des|pour|avec|gratuit\w*|et|vous|aux|une)\b", re.I)


class Report:
    def __init__(self):
        self.failures = []
        self.passed = 0

    def check(self, cond: bool, msg: str) -> bool:
        if cond:
            self.passed += 1
        else:
            self.failures.append(msg)
        return cond


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(a))


def load_gazetteer():
    fsa, muni = {}, {}
    with open(GAZETTEER, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            rec = {"name": row["name"], "lat": float(row["lat"]), "lon": float(row["lon"]),
                   "municipality": row["municipality"]}
            if row["kind"] == "fsa":
                fsa[row["code"]] = rec
            elif row["kind"] == "municipality" and row["name"] not in muni:
                muni[row["name"]] = rec
    return fsa, muni


def walk_ids(obj, path, out):
    """Collect (id -> list of (path, object)) for every dict with an 'id'."""
    if isinstance(obj, dict):
        if "id" in obj:
            out[obj["id"]].append((path, obj))
        for k, v in obj.items():
            walk_ids(v, f"{path}.{k}", out)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            walk_ids(v, f"{path}[{i}]", out)


def iter_phones(svc):
    yield from svc.get("phones", [])
    yield from svc["organization"].get("phones", [])
    for sal in svc.get("service_at_locations", []):
        yield from sal.get("phones", [])
        yield from sal["location"].get("phones", [])


def iter_schedules(svc):
    yield from svc.get("schedules", [])
    for sal in svc.get("service_at_locations", []):
        yield from sal["location"].get("schedules", [])


def find_hsds_schema():
    for d in HSDS_DIRS:
        p = os.path.join(d, "schema", "compiled", "service_with_definitions.json") if d else ""
        if p and os.path.exists(p):
            return p
    return None


def schema_check(services, rep: Report):
    path = find_hsds_schema()
    if path is None:
        print("note: HSDS 3.0 schema not found (set HSDS_SPEC_DIR); skipping JSON schema validation")
        return "skipped (schema not found)"
    schema = json.load(open(path, encoding="utf-8"))
    try:
        import jsonschema  # noqa: F401
        from jsonschema import validators
    except ImportError:
        jsonschema = None
    if jsonschema is not None:
        cls = validators.validator_for(schema, default=validators.Draft7Validator)
        v = cls(schema, format_checker=cls.FORMAT_CHECKER)
        bad = 0
        for s in services:
            errs = sorted(v.iter_errors(s), key=lambda e: list(e.path))
            for e in errs[:3]:
                rep.check(False, f"schema: service {s.get('id')} at {'/'.join(map(str, e.path))}: {e.message}")
            bad += bool(errs)
        rep.check(bad == 0, f"schema: {bad} services fail HSDS 3.0 validation")
        return f"jsonschema {cls.__name__} with format checks"
    # by hand: required fields and primitive types of every object, following $ref
    defs = schema.get("definitions", {})
    tmap = {"string": str, "number": (int, float), "integer": int, "array": list, "object": dict, "boolean": bool}

    def check_obj(obj, sch, where):
        if "$ref" in sch:
            sch = defs[sch["$ref"].split("/")[-1]]
        for r in sch.get("required", []):
            rep.check(r in obj, f"schema: {where} missing required '{r}'")
        for k, val in obj.items():
            ps = sch.get("properties", {}).get(k)
            if ps is None:
                rep.check(False, f"schema: {where} has unknown field '{k}'")
                continue
            if "$ref" in ps:
                check_obj(val, ps, f"{where}.{k}")
                continue
            t = ps.get("type")
            if t in tmap:
                rep.check(isinstance(val, tmap[t]) and not (t == "number" and isinstance(val, bool)),
                          f"schema: {where}.{k} should be {t}")
            if "enum" in ps:
                rep.check(val in ps["enum"], f"schema: {where}.{k}={val!r} not in enum")
            if t == "array" and "$ref" in ps.get("items", {}):
                for i, item in enumerate(val):
                    check_obj(item, ps["items"], f"{where}.{k}[{i}]")

    for s in services:
        check_obj(s, schema, f"service {s.get('id')}")
    return "by hand (jsonschema not importable): required fields, types, enums"


def main(path: str) -> int:
    rep = Report()
    services = json.load(open(path, encoding="utf-8"))
    fsa_gaz, muni_gaz = load_gazetteer()
    rep.check(isinstance(services, list), "top level must be a JSON array of services")

    # ---- counts ----
    rep.check(len(services) >= 320, f"need >= 320 services, have {len(services)}")
    by_city = collections.defaultdict(list)
    for s in services:
        by_city[s["service_areas"][0]["name"]].append(s)
    rep.check(len(by_city) >= 12, f"need >= 12 municipalities, have {len(by_city)}")
    for c in REQUIRED_CITIES:
        rep.check(c in by_city, f"missing city {c}")

    # ---- per service ----
    cover = collections.defaultdict(collections.Counter)
    french = 0
    lang_count = collections.Counter()
    sched_kinds = collections.Counter()
    confidential = phone_only = 0
    for s in services:
        sid = s.get("id", "?")
        city = s["service_areas"][0]["name"]
        where = f"{city} / {s.get('name')}"
        try:
            uuid.UUID(sid)
        except Exception:
            rep.check(False, f"{where}: id is not a UUID")
        rep.check(s.get("status") == "active", f"{where}: status")
        org = s.get("organization") or {}
        rep.check(org.get("description", "").startswith(DEMO_MARKER), f"{where}: organization description lacks demo marker")
        rep.check(s.get("organization_id") == org.get("id"), f"{where}: organization_id mismatch")
        rep.check("DEMO" not in s["name"], f"{where}: service name should not carry the marker")
        desc = s.get("description", "")
        n_sent = len(re.findall(r"[.!?](\s|$)", desc))
        rep.check(2 <= n_sent <= 4 and len(desc) >= 120, f"{where}: description should be 2-4 sentences ({n_sent})")
        for fld in ("eligibility_description", "fees_description", "application_process"):
            rep.check(bool(s.get(fld)), f"{where}: missing {fld}")
        mn, mx = s.get("minimum_age"), s.get("maximum_age")
        if mn is not None and mx is not None:
            rep.check(0 <= mn <= mx <= 120, f"{where}: age range {mn}-{mx}")

        # attributes
        attrs = s.get("attributes", [])
        terms = [a["taxonomy_term"] for a in attrs]
        needs = [t["code"] for t in terms if t.get("taxonomy") == "frontdoor-need"]
        airs = [t for t in terms if t.get("taxonomy") == "AIRS"]
        flags = {t["code"] for t in terms if t.get("taxonomy") == "frontdoor-flag"}
        rep.check(len(needs) == 1 and needs[0] in LABELS, f"{where}: exactly one frontdoor-need label expected, got {needs}")
        rep.check(1 <= len(airs) <= 3, f"{where}: 1-3 AIRS terms expected, got {len(airs)}")
        for t in airs:
            rep.check(bool(AIRS_RE.match(t.get("code", ""))) and bool(t.get("name")), f"{where}: bad AIRS term {t}")
        rep.check("demo" in flags, f"{where}: missing frontdoor-flag demo")
        for a in attrs:
            rep.check(a.get("taxonomy_term_id") == a["taxonomy_term"]["id"] and a.get("link_id") == sid,
                      f"{where}: attribute links")
        if needs:
            cover[city][needs[0]] += 1

        # languages
        codes = [l["code"] for l in s.get("languages", [])]
        rep.check(bool(codes) and all(re.match(r"^[a-z]{2,3}$", c) for c in codes), f"{where}: language codes {codes}")
        rep.check(len(set(codes)) == len(codes), f"{where}: duplicate languages")
        for c in set(codes):
            lang_count[c] += 1
        if codes and codes[0] == "fr":
            french += 1
            rep.check(len(FRENCH_HINTS.findall(desc)) >= 4 and len(FRENCH_HINTS.findall(s["name"] + " " + desc)) >= 4,
                      f"{where}: French service but description does not look French")

        # contacts
        for p in iter_phones(s):
            m = PHONE_RE.match(p.get("number", ""))
            if rep.check(m is not None, f"{where}: phone {p.get('number')!r} is not +1 AAA 555-01XX"):
                rep.check(m.group(1) in AREA_CODES.get(city, set()), f"{where}: area code {m.group(1)} not used in {city}")
        for e in (s.get("email"), org.get("email")):
            rep.check(e is None or e.endswith("@example.org"), f"{where}: e-mail {e} not @example.org")
        for u in (s.get("url"), org.get("website")) + tuple(
                sal["location"].get("url") for sal in s.get("service_at_locations", [])):
            rep.check(u is None or u.startswith("https://example.org/"), f"{where}: url {u} not https://example.org/")

        # schedules
        scheds = list(iter_schedules(s))
        rep.check(bool(s.get("schedules")), f"{where}: no service schedules")
        for sc in scheds:
            days = sc.get("byday", "").split(",")
            ok = (sc.get("freq") == "WEEKLY" and set(days) <= DAYS and TIME_RE.match(sc.get("opens_at", ""))
                  and TIME_RE.match(sc.get("closes_at", "")) and sc["opens_at"] < sc["closes_at"] and sc.get("description"))
            rep.check(bool(ok), f"{where}: bad schedule {sc}")
        for sc in s.get("schedules", []):
            days = set(sc["byday"].split(","))
            if days == DAYS and sc["opens_at"] == "00:00" and sc["closes_at"] == "23:59":
                sched_kinds["24/7"] += 1
            if days & {"SA", "SU"}:
                sched_kinds["weekend"] += 1
            if sc["closes_at"] >= "19:00":
                sched_kinds["evening"] += 1
            if days == DAYS - {"SA", "SU"}:
                sched_kinds["weekday"] += 1

        # service area and locations
        rep.check(city in muni_gaz, f"{where}: service area {city} is not a gazetteer municipality")
        sals = s.get("service_at_locations", [])
        rep.check(len(sals) >= 1, f"{where}: no service_at_locations")
        for sal in sals:
            loc = sal["location"]
            rep.check(sal.get("location_id") == loc["id"] and sal.get("service_id") == sid, f"{where}: service_at_location links")
            if loc["location_type"] == "virtual":
                phone_only += 1
                rep.check("phone_only" in flags and not loc.get("addresses"), f"{where}: virtual location must be phone_only")
                continue
            lat, lon = loc.get("latitude"), loc.get("longitude")
            rep.check(isinstance(lat, (int, float)) and isinstance(lon, (int, float)), f"{where}: location without coordinates")
            rep.check(ON_LAT[0] <= lat <= ON_LAT[1] and ON_LON[0] <= lon <= ON_LON[1], f"{where}: coordinates outside Ontario")
            mc = muni_gaz.get(city)
            if mc:
                rep.check(km(lat, lon, mc["lat"], mc["lon"]) <= 35, f"{where}: location {km(lat, lon, mc['lat'], mc['lon']):.1f} km from {city}")
            if "confidential_address" in flags:
                confidential += 1
                rep.check(not loc.get("addresses"), f"{where}: confidential location must not publish an address")
                continue
            addrs = loc.get("addresses", [])
            rep.check(len(addrs) == 1, f"{where}: physical location needs exactly one address")
            for a in addrs:
                rep.check(a.get("city") == city and a.get("state_province") == "ON" and a.get("country") == "CA"
                          and a.get("address_type") == "physical", f"{where}: address city/province/country")
                rep.check(bool(re.match(r"^\d+ \S", a.get("address_1", ""))), f"{where}: address_1 {a.get('address_1')!r}")
                pc = a.get("postal_code", "")
                if rep.check(bool(POSTAL_RE.match(pc)), f"{where}: postal code {pc!r}"):
                    f = fsa_gaz.get(pc[:3])
                    if rep.check(f is not None, f"{where}: FSA {pc[:3]} not in gazetteer"):
                        rep.check(f["municipality"] == city, f"{where}: FSA {pc[:3]} belongs to {f['municipality']}, not {city}")
                        d = km(lat, lon, f["lat"], f["lon"])
                        rep.check(d <= 6.0, f"{where}: location is {d:.1f} km from the centroid of FSA {pc[:3]}")

    # ---- coverage ----
    for c in LARGEST_SIX:
        for label in LABELS:
            rep.check(cover[c][label] >= 1, f"coverage: {c} has no '{label}' service")
    for c in ("Toronto", "Ottawa"):
        for label in LABELS:
            rep.check(cover[c][label] >= 3, f"coverage: {c} should have several (>=3) '{label}' services, has {cover[c][label]}")
    for c, cnt in cover.items():
        rep.check(len(cnt) >= 12, f"coverage: {c} covers only {len(cnt)} of 18 labels")
    rep.check(french >= 25, f"need >= 25 French services, have {french}")
    for c in WANTED_LANGS:
        rep.check(lang_count[c] >= 2, f"language {c} listed by only {lang_count[c]} services")
    for k in ("24/7", "weekend", "evening", "weekday"):
        rep.check(sched_kinds[k] >= 10, f"schedules: only {sched_kinds[k]} '{k}' schedules")
    rep.check(confidential >= 12, f"only {confidential} confidential-address services")

    # ---- ids: UUIDs; one id = one object ----
    ids = collections.defaultdict(list)
    walk_ids(services, "$", ids)
    canon = {}
    for i, occ in ids.items():
        try:
            uuid.UUID(i)
        except Exception:
            rep.check(False, f"id {i!r} is not a UUID")
        texts = {json.dumps(o, sort_keys=True, ensure_ascii=False) for _, o in occ}
        rep.check(len(texts) == 1, f"id {i} is used for {len(texts)} different objects (e.g. {occ[0][0]})")
        canon[i] = occ[0][0]
    rep.check(len({s["id"] for s in services}) == len(services), "service ids are not unique")
    names = collections.Counter((s["service_areas"][0]["name"], s["organization"]["name"], s["name"]) for s in services)
    rep.check(max(names.values()) == 1, "duplicate (city, organization, service name)")

    how = schema_check(services, rep)

    # ---- report ----
    print(f"services: {len(services)} in {len(by_city)} municipalities; French: {french}; "
          f"confidential: {confidential}; phone-only: {phone_only}")
    print("per city: " + ", ".join(f"{c} {len(v)} ({len(cover[c])} labels)" for c, v in sorted(by_city.items())))
    print("languages: " + ", ".join(f"{c}={n}" for c, n in lang_count.most_common()))
    print(f"schedules: {dict(sched_kinds)}; HSDS schema: {how}")
    for f in rep.failures[:60]:
        print("FAIL:", f)
    if len(rep.failures) > 60:
        print(f"... and {len(rep.failures) - 60} more failures")
    print(f"{rep.passed} passed, {len(rep.failures)} failed")
    return 1 if rep.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT))
