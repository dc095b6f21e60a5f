#!/usr/bin/env python3
"""Builds miami_natural.jsonl from miami_natural.queries.jsonl: natural-language queries (English,
Spanish, French, Haitian Creole) whose relevant services are judged by AIRS code. Each query
lists the code prefixes judged relevant; every Miami service filed under one of them (in
services_taxonomy.csv) is relevant.

Only queries and service ids are written (the Miami records' text is not redistributed).

    python3 eval-sets/retrieval/build_miami_natural.py
"""

import csv
import json
import sys
from collections import defaultdict

from hsds_paths import HERE, code_is_under, shared_hsds


def read_queries():
    with open(HERE / "miami_natural.queries.jsonl", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith("//"):
                yield n, json.loads(line)


def main() -> None:
    data = shared_hsds() / "miami_open211_2019" / "data"
    with open(data / "services.csv", newline="", encoding="utf-8") as f:
        services = {row["id"].strip() for row in csv.DictReader(f) if row["id"].strip()}
    codes_of = defaultdict(set)
    with open(data / "services_taxonomy.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            sid = row["service_id"].strip()
            if sid in services:
                codes_of[sid].add(row["taxonomy_id"].strip())
    out_lines = []
    for n, q in read_queries():
        relevant = sorted(
            (sid for sid, codes in codes_of.items() if any(code_is_under(c, p) for c in codes for p in q["codes"])),
            key=int,
        )
        for prefix in q["codes"]:
            if not any(code_is_under(c, prefix) for codes in codes_of.values() for c in codes):
                raise SystemExit(f"line {n}: code {prefix} matches no Miami service")
        if not relevant:
            raise SystemExit(f"line {n}: no relevant service")
        out_lines.append({"query": q["query"], "lang": q["lang"], "relevant": relevant})
    out = HERE / "miami_natural.jsonl"
    with open(out, "w", encoding="utf-8") as f:
        for line in out_lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    sizes = sorted(len(l["relevant"]) for l in out_lines)
    print(f"{out.name}: {len(out_lines)} queries, relevant per query min {sizes[0]}, median {sizes[len(sizes)//2]}, max {sizes[-1]}", file=sys.stderr)


if __name__ == "__main__":
    main()
