#!/usr/bin/env python3
"""Builds miami_taxonomy_terms.jsonl: one query per AIRS term of the 211 Miami export (the
term name is the query), relevant = the services filed under that term.

Source: shared/data/hsds/derived/miami_taxonomy_term_to_services_qrels.csv. Only queries and
service ids are written (the Miami records' text is not redistributed). Target-population
terms (Y codes: "Adolescents", "Older Adults") describe who is served, not what is asked for,
and are left out, as are terms with more than 150 services.

    python3 eval-sets/retrieval/build_miami_taxonomy_terms.py
"""

import csv
import json
import sys

from hsds_paths import HERE, shared_hsds

MAX_SERVICES = 150


def main() -> None:
    qrels = shared_hsds() / "derived" / "miami_taxonomy_term_to_services_qrels.csv"
    seen = set()
    lines = []
    with open(qrels, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["term_name"].strip()
            ids = [i for i in row["service_ids"].split(";") if i.strip()]
            if row["top_level_code"] == "Y" or not ids or len(ids) > MAX_SERVICES or name.lower() in seen:
                continue
            seen.add(name.lower())
            lines.append({"query": name, "lang": "en", "relevant": ids})
    out = HERE / "miami_taxonomy_terms.jsonl"
    with open(out, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"{out.name}: {len(lines)} queries", file=sys.stderr)


if __name__ == "__main__":
    main()
