#!/usr/bin/env python3
"""Builds demo.jsonl from demo.queries.jsonl: queries in several languages over the bundled
demo directory. Relevant = the demo services of the query's city (service area) whose
Frontdoor need is the query's `need`, or that carry an AIRS code under one of its `codes`.
`near` is the city's point from the bundled gazetteer.

    python3 eval-sets/retrieval/build_demo.py
"""

import csv
import json
import sys

from hsds_paths import HERE, code_is_under

REPO = HERE.parents[1]
DEMO = REPO / "directory" / "data" / "demo" / "ontario-demo.hsds.json"
PLACES = REPO / "directory" / "data" / "places" / "ontario-places.tsv"


def city_points():
    with open(PLACES, encoding="utf-8") as f:
        rows = csv.DictReader(f, delimiter="\t")
        return {r["name"]: [float(r["lat"]), float(r["lon"])] for r in rows if r["kind"] == "municipality"}


def main() -> None:
    services = json.loads(DEMO.read_text(encoding="utf-8"))
    points = city_points()
    out_lines = []
    with open(HERE / "demo.queries.jsonl", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            q = json.loads(line)
            relevant = []
            for s in services:
                if q["city"] not in {a["name"] for a in s.get("service_areas", [])}:
                    continue
                terms = [a["taxonomy_term"] for a in s.get("attributes", [])]
                need = next((t["code"] for t in terms if t["taxonomy"] == "frontdoor-need"), None)
                airs = [t["code"] for t in terms if t["taxonomy"] == "AIRS"]
                if "codes" in q:
                    hit = any(code_is_under(c, p) for c in airs for p in q["codes"])
                else:
                    hit = need == q["need"]
                if hit:
                    relevant.append(s["id"])
            if not relevant:
                raise SystemExit(f"line {n}: no relevant demo service in {q['city']}")
            if q["city"] not in points:
                raise SystemExit(f"line {n}: {q['city']} is not a gazetteer municipality")
            out_lines.append({"query": q["query"], "lang": q["lang"], "near": points[q["city"]], "relevant": relevant})
    out = HERE / "demo.jsonl"
    with open(out, "w", encoding="utf-8") as f:
        for line in out_lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    langs = sorted({l["lang"] for l in out_lines})
    print(f"{out.name}: {len(out_lines)} queries in {', '.join(langs)}", file=sys.stderr)


if __name__ == "__main__":
    main()
