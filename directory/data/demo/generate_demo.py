#!/usr/bin/env python3
"""Generate the bundled DEMO service directory (HSDS 3.0 JSON) for Frontdoor.

    python3 directory/data/demo/generate_demo.py            # writes ontario-demo.hsds.json next to this file
    python3 directory/data/demo/generate_demo.py --out PATH

EVERYTHING THIS SCRIPT WRITES IS FICTIONAL DEMO DATA. Organisation and service names are invented;
phone numbers are of the reserved fictional form +1 AAA 555-01XX; e-mail addresses and web sites use
example.org.  Street names are real streets of each city, with invented civic numbers; the postal
code's first three characters (FSA) really belong to that part of the city and the coordinates lie
near that street, checked against the gazetteer in ../places/ontario-places.tsv.

Deterministic: a fixed random seed and uuid5 identifiers from a fixed namespace, so the output is
byte-identical on every run.  Standard library only.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import re
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "ontario-demo.hsds.json")
GAZETTEER = os.path.join(HERE, "..", "places", "ontario-places.tsv")

SEED = 211_2025
# uuid5(NAMESPACE_URL, "https://example.org/frontdoor/demo-directory")
NAMESPACE = uuid.UUID("5c1e0b8e-3f5a-5d2a-9d0e-1b7f2f0c2a11")
LAST_MODIFIED = "2025-01-15T00:00:00Z"
DEMO_MARKER = "[DEMO DATA — fictional]"

LABELS = [
    "food", "shelter", "housing", "utilities", "income", "employment", "health", "mental_health",
    "substance_use", "abuse_violence", "legal", "newcomers", "seniors", "disability",
    "family_children", "transportation", "material_goods", "education",
]
LABEL_NAMES = {
    "food": "Food", "shelter": "Shelter", "housing": "Housing", "utilities": "Utilities",
    "income": "Income", "employment": "Employment", "health": "Health", "mental_health": "Mental health",
    "substance_use": "Substance use", "abuse_violence": "Abuse and violence", "legal": "Legal",
    "newcomers": "Newcomers", "seniors": "Seniors", "disability": "Disability",
    "family_children": "Family and children", "transportation": "Transportation",
    "material_goods": "Material goods", "education": "Education",
}

LANG_NAMES = {
    "en": "English", "fr": "French", "ar": "Arabic", "pa": "Punjabi", "ta": "Tamil", "zh": "Mandarin",
    "yue": "Cantonese", "es": "Spanish", "tl": "Tagalog", "so": "Somali", "fa": "Farsi", "ur": "Urdu",
    "hi": "Hindi", "gu": "Gujarati", "pt": "Portuguese", "pl": "Polish", "it": "Italian", "oj": "Ojibwe",
    "cr": "Cree", "fi": "Finnish", "ti": "Tigrinya", "uk": "Ukrainian", "vi": "Vietnamese", "ase": "American Sign Language",
    "ln": "Lingala", "sw": "Swahili", "ht": "Haitian Creole",
}

# --------------------------------------------------------------------------------------------
# Cities.  anchors: (real street, FSA of that stretch of street, lat, lon of that stretch,
#                   lowest and highest plausible civic number on that stretch).
# plan: how many services per need label (labels not listed get none in that city).
# --------------------------------------------------------------------------------------------
ALL3 = {label: 3 for label in LABELS}
ALL1 = {label: 1 for label in LABELS}


def plan(base: dict, **extra) -> dict:
    p = dict(base)
    for k, v in extra.items():
        p[k] = v
    return p


MID = ["food", "shelter", "housing", "income", "employment", "health", "mental_health", "substance_use",
       "abuse_violence", "legal", "newcomers", "seniors", "family_children", "material_goods",
       "education", "disability"]
SMALL = ["food", "shelter", "housing", "income", "employment", "health", "mental_health", "substance_use",
         "abuse_violence", "legal", "seniors", "family_children", "utilities"]

CITIES = [
    {
        "name": "Toronto", "fr": "Toronto", "area_codes": ["416", "647"], "transit": "TTC",
        "langs": ["ta", "zh", "yue", "es", "tl", "so", "fa", "pt", "ur", "ti"],
        "francophone": 0.10,
        "plan": plan(ALL3, food=5, shelter=4, housing=4, mental_health=4, newcomers=5, legal=4, health=4),
        "french": {"food": 1, "health": 1, "legal": 1, "newcomers": 1, "abuse_violence": 1},
        "anchors": [
            ("Yonge Street", "M4Y", 43.6655, -79.3848, 500, 700),
            ("Queen Street West", "M5V", 43.6479, -79.3975, 400, 600),
            ("Dundas Street West", "M5T", 43.6532, -79.3980, 300, 500),
            ("Parliament Street", "M5A", 43.6590, -79.3655, 200, 450),
            ("Jarvis Street", "M5B", 43.6575, -79.3760, 200, 400),
            ("Danforth Avenue", "M4J", 43.6810, -79.3370, 650, 1100),
            ("Jane Street", "M3N", 43.7560, -79.5170, 3400, 3900),
            ("Finch Avenue West", "M3J", 43.7700, -79.4930, 1000, 1400),
            ("Lawrence Avenue East", "M1H", 43.7630, -79.2270, 3300, 3700),
            ("Sheppard Avenue East", "M1S", 43.7870, -79.2760, 3800, 4500),
            ("Eglinton Avenue West", "M6E", 43.6960, -79.4420, 1400, 1900),
            ("Weston Road", "M9N", 43.7010, -79.5180, 1800, 2200),
            ("Lake Shore Boulevard West", "M8V", 43.6010, -79.5040, 2800, 3300),
            ("College Street", "M6G", 43.6545, -79.4200, 600, 950),
            ("Don Mills Road", "M3C", 43.7180, -79.3390, 700, 1100),
            ("Thorncliffe Park Drive", "M4H", 43.7050, -79.3490, 10, 85),
            ("Kipling Avenue", "M9V", 43.7420, -79.5830, 2200, 2700),
            ("Markham Road", "M1B", 43.8000, -79.2350, 1200, 1700),
        ],
    },
    {
        "name": "Ottawa", "fr": "Ottawa", "area_codes": ["613", "343"], "transit": "OC Transpo",
        "langs": ["ar", "so", "es", "zh", "fa", "ti"],
        "francophone": 0.45,
        "plan": plan(ALL3, food=4, shelter=4, mental_health=4, newcomers=4, health=4),
        "french": {"food": 1, "shelter": 1, "housing": 1, "income": 1, "employment": 1, "health": 1,
                   "mental_health": 1, "abuse_violence": 1, "legal": 1, "newcomers": 1, "seniors": 1,
                   "family_children": 1, "education": 1, "disability": 1},
        "anchors": [
            ("Rideau Street", "K1N", 45.4290, -75.6880, 150, 600),
            ("Dalhousie Street", "K1N", 45.4300, -75.6925, 100, 400),
            ("Bank Street", "K1S", 45.4000, -75.6880, 700, 1000),
            ("Somerset Street West", "K1R", 45.4090, -75.7080, 400, 800),
            ("Montreal Road", "K1L", 45.4400, -75.6550, 1, 400),
            ("Carling Avenue", "K1Z", 45.3880, -75.7500, 1000, 1500),
            ("Merivale Road", "K2E", 45.3500, -75.7350, 1300, 1800),
            ("Hunt Club Road", "K1V", 45.3550, -75.6600, 200, 900),
            ("St. Joseph Boulevard", "K1C", 45.4720, -75.5200, 2000, 2800),
            ("Greenbank Road", "K2J", 45.2760, -75.7450, 3000, 3800),
            ("Baseline Road", "K2C", 45.3590, -75.7380, 1000, 1600),
            ("Eagleson Road", "K2M", 45.2990, -75.8700, 500, 1000),
        ],
    },
    {
        "name": "Mississauga", "fr": "Mississauga", "area_codes": ["905", "289"], "transit": "MiWay",
        "langs": ["ar", "ur", "tl", "pl", "pa", "zh", "pt"],
        "francophone": 0.0,
        "plan": plan(ALL1, food=2, shelter=2, housing=2, mental_health=2, newcomers=2, health=2),
        "french": {},
        "anchors": [
            ("Hurontario Street", "L5B", 43.5890, -79.6440, 3000, 4200),
            ("Burnhamthorpe Road West", "L5B", 43.5850, -79.6500, 20, 400),
            ("Dundas Street East", "L4X", 43.6060, -79.5870, 1000, 1600),
            ("Eglinton Avenue West", "L5M", 43.5560, -79.7120, 2500, 3500),
            ("Lakeshore Road East", "L5G", 43.5540, -79.5830, 1, 400),
            ("Glen Erin Drive", "L5N", 43.5890, -79.7500, 6200, 7000),
            ("Derry Road East", "L4T", 43.7080, -79.6400, 2600, 3600),
        ],
    },
    {
        "name": "Brampton", "fr": "Brampton", "area_codes": ["905", "289"], "transit": "Brampton Transit",
        "langs": ["pa", "hi", "ur", "gu", "ta", "tl"],
        "francophone": 0.0,
        "plan": plan(ALL1, food=2, shelter=2, housing=2, mental_health=2, newcomers=2, employment=2),
        "french": {},
        "anchors": [
            ("Queen Street East", "L6V", 43.6880, -79.7550, 1, 400),
            ("Main Street North", "L6V", 43.6940, -79.7640, 1, 400),
            ("Steeles Avenue East", "L6T", 43.7050, -79.7050, 100, 600),
            ("Kennedy Road South", "L6W", 43.6780, -79.7380, 10, 400),
            ("Bramalea Road", "L6S", 43.7300, -79.7300, 200, 900),
            ("Sandalwood Parkway West", "L7A", 43.7080, -79.8100, 100, 700),
        ],
    },
    {
        "name": "Hamilton", "fr": "Hamilton", "area_codes": ["905", "289"], "transit": "HSR",
        "langs": ["ar", "es", "pt", "it", "so"],
        "francophone": 0.05,
        "plan": plan(ALL1, food=2, shelter=2, housing=2, mental_health=2, substance_use=2, health=2),
        "french": {},
        "anchors": [
            ("King Street East", "L8N", 43.2550, -79.8620, 1, 400),
            ("James Street North", "L8R", 43.2620, -79.8680, 1, 400),
            ("Barton Street East", "L8L", 43.2600, -79.8400, 200, 800),
            ("Main Street West", "L8P", 43.2560, -79.8820, 1, 600),
            ("Upper James Street", "L9A", 43.2250, -79.8760, 500, 1200),
            ("Concession Street", "L9A", 43.2400, -79.8560, 1, 800),
        ],
    },
    {
        "name": "London", "fr": "London", "area_codes": ["519", "226"], "transit": "LTC",
        "langs": ["ar", "es", "pt", "zh"],
        "francophone": 0.05,
        "plan": plan(ALL1, food=2, shelter=2, housing=2, mental_health=2, substance_use=2, income=2),
        "french": {},
        "anchors": [
            ("Dundas Street", "N6B", 42.9840, -81.2450, 100, 700),
            ("Richmond Street", "N6A", 42.9920, -81.2510, 300, 1000),
            ("Hamilton Road", "N5W", 42.9760, -81.2180, 100, 900),
            ("Wellington Road", "N6C", 42.9560, -81.2360, 300, 1000),
            ("Adelaide Street North", "N5Y", 43.0060, -81.2360, 800, 1400),
        ],
    },
    {
        "name": "Kitchener", "fr": "Kitchener", "area_codes": ["519", "226"], "transit": "GRT",
        "langs": ["ar", "es", "fa", "pl"],
        "francophone": 0.0,
        "plan": {k: 1 for k in MID},
        "french": {},
        "anchors": [
            ("King Street West", "N2G", 43.4510, -80.4920, 1, 400),
            ("Victoria Street North", "N2H", 43.4570, -80.4990, 1, 500),
            ("Frederick Street", "N2H", 43.4560, -80.4860, 1, 500),
            ("Highland Road West", "N2M", 43.4400, -80.5050, 100, 900),
        ],
    },
    {
        "name": "Windsor", "fr": "Windsor", "area_codes": ["519", "226"], "transit": "Transit Windsor",
        "langs": ["ar", "es", "zh"],
        "francophone": 0.15,
        "plan": {k: 1 for k in MID},
        "french": {"legal": 1},
        "anchors": [
            ("Ouellette Avenue", "N9A", 42.3140, -83.0370, 100, 1300),
            ("Wyandotte Street East", "N8Y", 42.3220, -83.0000, 1500, 3000),
            ("Tecumseh Road East", "N8W", 42.3040, -83.0000, 1500, 3000),
            ("Erie Street East", "N9A", 42.3070, -83.0280, 1, 800),
        ],
    },
    {
        "name": "Greater Sudbury", "fr": "Grand Sudbury", "area_codes": ["705", "249"], "transit": "GOVA Transit",
        "langs": ["oj"],
        "francophone": 0.6,
        "plan": plan(ALL1, food=2, health=2, mental_health=2, abuse_violence=2, seniors=2, employment=2),
        "french": {"food": 1, "health": 1, "mental_health": 1, "abuse_violence": 1, "seniors": 1,
                   "employment": 1, "legal": 1, "family_children": 1, "housing": 1},
        "anchors": [
            ("Elm Street", "P3C", 46.4925, -80.9980, 1, 400),
            ("Notre Dame Avenue", "P3A", 46.5060, -80.9800, 100, 1000),
            ("Lasalle Boulevard", "P3A", 46.5160, -80.9650, 100, 1200),
            ("Kingsway", "P3B", 46.4960, -80.9600, 100, 1500),
            ("Paris Street", "P3E", 46.4800, -80.9880, 100, 1000),
            ("Regent Street", "P3E", 46.4700, -81.0000, 300, 1500),
        ],
    },
    {
        "name": "Thunder Bay", "fr": "Thunder Bay", "area_codes": ["807"], "transit": "Thunder Bay Transit",
        "langs": ["oj", "cr", "fi"],
        "francophone": 0.05,
        "plan": {k: 1 for k in MID},
        "french": {},
        "anchors": [
            ("Red River Road", "P7B", 48.4350, -89.2350, 100, 1000),
            ("Algoma Street South", "P7B", 48.4280, -89.2260, 1, 500),
            ("Victoria Avenue East", "P7C", 48.3830, -89.2440, 100, 1000),
            ("May Street", "P7C", 48.3870, -89.2470, 1, 800),
            ("Memorial Avenue", "P7B", 48.4100, -89.2450, 300, 1200),
        ],
    },
    {
        "name": "Kingston", "fr": "Kingston", "area_codes": ["613", "343"], "transit": "Kingston Transit",
        "langs": ["zh", "ar"],
        "francophone": 0.1,
        "plan": {k: 1 for k in MID},
        "french": {},
        "anchors": [
            ("Princess Street", "K7L", 44.2320, -76.4860, 100, 700),
            ("Montreal Street", "K7K", 44.2450, -76.4900, 100, 900),
            ("Brock Street", "K7L", 44.2310, -76.4830, 1, 300),
            ("Bath Road", "K7M", 44.2320, -76.5400, 500, 1500),
        ],
    },
    {
        "name": "Barrie", "fr": "Barrie", "area_codes": ["705", "249"], "transit": "Barrie Transit",
        "langs": ["es"],
        "francophone": 0.05,
        "plan": {k: 1 for k in MID},
        "french": {},
        "anchors": [
            ("Dunlop Street East", "L4M", 44.3890, -79.6860, 1, 200),
            ("Bayfield Street", "L4M", 44.4010, -79.6950, 1, 600),
            ("Essa Road", "L4N", 44.3700, -79.7050, 100, 600),
            ("Yonge Street", "L4N", 44.3560, -79.6620, 300, 700),
        ],
    },
    {
        "name": "Oshawa", "fr": "Oshawa", "area_codes": ["905", "289"], "transit": "Durham Region Transit",
        "langs": ["ur", "es"],
        "francophone": 0.0, "plan": {k: 1 for k in SMALL}, "french": {},
        "anchors": [
            ("Simcoe Street North", "L1G", 43.9050, -78.8630, 1, 900),
            ("King Street West", "L1J", 43.8970, -78.8720, 1, 800),
            ("Ritson Road South", "L1H", 43.8860, -78.8470, 1, 600),
        ],
    },
    {
        "name": "Guelph", "fr": "Guelph", "area_codes": ["519", "226"], "transit": "Guelph Transit",
        "langs": ["es", "zh"],
        "francophone": 0.0, "plan": {k: 1 for k in SMALL}, "french": {},
        "anchors": [
            ("Wyndham Street North", "N1H", 43.5460, -80.2490, 1, 200),
            ("Gordon Street", "N1G", 43.5300, -80.2290, 100, 900),
            ("Woolwich Street", "N1H", 43.5530, -80.2520, 1, 600),
        ],
    },
    {
        "name": "St. Catharines", "fr": "St. Catharines", "area_codes": ["905", "289"],
        "transit": "Niagara Region Transit", "langs": ["es", "it"],
        "francophone": 0.0, "plan": {k: 1 for k in SMALL}, "french": {},
        "anchors": [
            ("St. Paul Street", "L2R", 43.1590, -79.2450, 1, 300),
            ("Ontario Street", "L2R", 43.1630, -79.2480, 1, 400),
            ("Geneva Street", "L2R", 43.1700, -79.2400, 1, 300),
        ],
    },
    {
        "name": "Peterborough", "fr": "Peterborough", "area_codes": ["705", "249"], "transit": "Peterborough Transit",
        "langs": [],
        "francophone": 0.0, "plan": {k: 1 for k in SMALL}, "french": {},
        "anchors": [
            ("George Street North", "K9H", 44.3060, -78.3200, 100, 700),
            ("Charlotte Street", "K9J", 44.3040, -78.3250, 100, 600),
            ("Water Street", "K9H", 44.3090, -78.3180, 100, 800),
        ],
    },
    {
        "name": "Sault Ste. Marie", "fr": "Sault-Sainte-Marie", "area_codes": ["705", "249"],
        "transit": "Sault Ste. Marie Transit", "langs": ["it", "oj"],
        "francophone": 0.15, "plan": {k: 1 for k in SMALL}, "french": {},
        "anchors": [
            ("Queen Street East", "P6A", 46.5110, -84.3300, 100, 800),
            ("Wellington Street East", "P6A", 46.5150, -84.3250, 100, 800),
            ("Great Northern Road", "P6B", 46.5400, -84.3150, 100, 800),
        ],
    },
    {
        "name": "North Bay", "fr": "North Bay", "area_codes": ["705", "249"], "transit": "North Bay Transit",
        "langs": ["oj"],
        "francophone": 0.35, "plan": {k: 1 for k in SMALL}, "french": {"health": 1, "family_children": 1},
        "anchors": [
            ("Main Street West", "P1B", 46.3100, -79.4650, 100, 500),
            ("Algonquin Avenue", "P1B", 46.3200, -79.4600, 100, 900),
            ("Fisher Street", "P1B", 46.3140, -79.4580, 100, 700),
        ],
    },
    {
        "name": "Timmins", "fr": "Timmins", "area_codes": ["705", "249"], "transit": "Timmins Transit",
        "langs": ["cr", "oj"],
        "francophone": 0.5, "plan": {k: 1 for k in SMALL},
        "french": {"food": 1, "employment": 1, "seniors": 1},
        "anchors": [
            ("Third Avenue", "P4N", 48.4760, -81.3300, 1, 400),
            ("Algonquin Boulevard East", "P4N", 48.4770, -81.3200, 1, 800),
            ("Cedar Street South", "P4N", 48.4740, -81.3310, 1, 300),
        ],
    },
]


def load_gazetteer(path: str = GAZETTEER) -> dict:
    """Read ../places/ontario-places.tsv: FSA centroids/municipalities and municipality centroids."""
    fsa, muni = {}, {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            rec = {"name": row["name"], "lat": float(row["lat"]), "lon": float(row["lon"]),
                   "municipality": row["municipality"]}
            if row["kind"] == "fsa":
                fsa[row["code"]] = rec
            elif row["kind"] == "municipality" and row["name"] not in muni:
                muni[row["name"]] = rec
    return {"fsa": fsa, "municipality": muni}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(a))


# --------------------------------------------------------------------------------------------
# Fictional name parts
# --------------------------------------------------------------------------------------------
PREFIXES = [
    "Riverside", "Maplewood", "Northgate", "Lakeview", "Willow Creek", "Stonebridge", "Birchwood",
    "Pinecrest", "Harbourview", "Meadowbrook", "Elmwood", "Greenfield", "Oakridge", "Silverbirch",
    "Hillcrest", "Brookside", "Cedarbrook", "Fairhaven", "Kingsgate", "Westbridge", "Eastwood Commons",
    "Summit", "Lantern", "Northstar", "Bridgeway", "Crossroads", "Open Door", "Common Ground",
    "Wayfinder", "Harmony", "Keystone", "New Leaf", "Beacon", "Compass", "Cornerstone", "Heartwood",
    "Juniper", "Aspen Grove", "Red Maple", "Bluestone", "Foxglove", "Thistle", "Sparrow",
    "Kingfisher", "Millbrook", "Ashford", "Fernwood", "Glenview", "Lilac", "Sunrise", "Twin Rivers",
    "Wildflower", "Rosewood", "Clearwater", "Pathways", "Good Neighbour", "Unity", "Hearthstone",
    "Heron", "Tamarack",
]
PREFIXES_FR = [
    "des Érables", "du Ruisseau", "Horizon", "La Boussole", "Le Rivage", "Les Sentiers", "L'Envol",
    "Aurore", "Le Tournesol", "La Source", "Trait-d'Union", "Bellevue", "Les Pionniers",
    "Le Cerf-Volant", "Mosaïque", "L'Étincelle", "La Clairière", "Le Vent du Nord",
]
WOMENS_SHELTERS = ["Aster House", "Juniper Place", "Marigold House", "Willow Haven", "Bluebell House",
                   "Heron's Rest", "Lilac Place", "Cedar Sanctuary", "Primrose House", "Larkspur Place",
                   "Snowberry House", "Wren House"]
WOMENS_SHELTERS_FR = ["Maison Iris", "Maison Colombe", "Maison Aubépine", "Maison Églantine"]

# org key -> (name pattern, kind).  {P} prefix, {W} women's shelter name, {City} city name.
ORGS = {
    "foodbank": ("{P} Community Food Bank", "non-profit community food bank"),
    "foodcupboard": ("{P} Food Cupboard", "volunteer-run neighbourhood food program"),
    "kitchen": ("{P} Community Kitchen", "non-profit community meal program"),
    "church": ("{P} Church Community Outreach", "faith-based community outreach ministry"),
    "familynet": ("{P} Family Resource Network", "non-profit family support agency"),
    "shelter": ("{P} Emergency Shelter Services", "non-profit emergency shelter provider"),
    "youth": ("{P} Youth Services", "non-profit agency for young people aged 12 to 24"),
    "dropin": ("{P} Drop-In Centre", "community drop-in centre for people who are homeless or vulnerably housed"),
    "shelternet": ("{P} Housing and Shelter Network", "coalition of emergency shelter and housing providers"),
    "familyres": ("{P} Family Residence", "non-profit emergency shelter for families"),
    "housinghelp": ("{P} Housing Help Centre", "non-profit housing help centre"),
    "action": ("{P} Community Action Network", "non-profit anti-poverty agency"),
    "nonprofithomes": ("{P} Non-Profit Homes", "non-profit housing corporation"),
    "supportive": ("{P} Supportive Housing", "non-profit supportive housing provider"),
    "greenhomes": ("{P} Green Homes Partnership", "non-profit home energy program for households with low income"),
    "connect": ("{P} Digital Access Project", "non-profit digital inclusion program"),
    "municipal": ("{City} Community and Social Services", "municipal social services department"),
    "taxclinic": ("{P} Financial Empowerment Centre", "non-profit financial empowerment agency"),
    "credit": ("{P} Credit Counselling Service", "non-profit credit counselling agency"),
    "aidfund": ("{P} Neighbourhood Aid Fund", "charitable emergency assistance fund"),
    "employment": ("{P} Employment Centre", "non-profit employment services agency"),
    "youthjobs": ("{P} Youth Job Connection", "non-profit youth employment agency"),
    "skills": ("{P} Skills Training Institute", "non-profit skills training centre"),
    "careerbridge": ("{P} Newcomer Career Bridge", "non-profit bridging program for internationally trained professionals"),
    "chc": ("{P} Community Health Centre", "community health centre"),
    "healthco": ("{P} Health Collective", "non-profit nurse-led health clinic"),
    "womenshealth": ("{P} Women's Health Centre", "non-profit sexual and reproductive health centre"),
    "distress": ("{P} Distress Centre", "non-profit distress and crisis line"),
    "counselling": ("{P} Counselling and Family Services", "non-profit counselling agency"),
    "mhs": ("{P} Mental Health Services", "community mental health agency"),
    "youthwell": ("{P} Youth Wellness Hub", "integrated youth services hub for ages 12 to 25"),
    "wm": ("{P} Withdrawal Management Centre", "non-medical withdrawal management centre"),
    "addiction": ("{P} Addiction and Recovery Services", "community addiction treatment agency"),
    "gambling": ("{P} Problem Gambling Services", "problem gambling treatment program"),
    "womensshelter": ("{W}", "shelter for women and children leaving abuse"),
    "sac": ("{P} Sexual Assault Centre", "non-profit sexual assault support centre"),
    "fvs": ("{P} Family Violence Services", "non-profit family violence prevention agency"),
    "elder": ("{P} Seniors' Safety Network", "non-profit elder abuse prevention network"),
    "legalclinic": ("{P} Community Legal Clinic", "community legal clinic for people with low income"),
    "volunteerlaw": ("{P} Volunteer Lawyers Network", "non-profit network of volunteer lawyers"),
    "immlegal": ("{P} Immigration Legal Services", "non-profit immigration and refugee legal clinic"),
    "workers": ("{P} Workers' Rights Clinic", "non-profit workers' rights clinic"),
    "settlement": ("{P} Newcomer Settlement Services", "non-profit settlement agency"),
    "language": ("{P} Language Centre", "non-profit language training centre"),
    "refugee": ("{P} Refugee Welcome Centre", "non-profit refugee reception centre"),
    "interpret": ("{P} Interpretation Services", "non-profit community interpretation service"),
    "mow": ("{P} Meals on Wheels", "non-profit home support agency"),
    "seniorsvc": ("{P} Seniors' Community Services", "non-profit community support agency for older adults"),
    "seniorcentre": ("{P} Seniors' Centre", "seniors' active living centre"),
    "homesupport": ("{P} Home Support Services", "non-profit home support agency"),
    "ilc": ("{P} Independent Living Centre", "non-profit independent living centre run by and for people with disabilities"),
    "access": ("{P} Accessibility Resource Centre", "non-profit disability resource centre"),
    "inclusion": ("{P} Inclusion Partners", "non-profit agency supporting people with developmental disabilities"),
    "deaf": ("{P} Deaf and Hard of Hearing Services", "non-profit agency for Deaf, deafened and hard of hearing people"),
    "earlyon": ("{P} EarlyON Child and Family Centre", "EarlyON child and family centre"),
    "familyresctr": ("{P} Family Resource Centre", "non-profit family resource centre"),
    "youthcentre": ("{P} Youth Centre", "non-profit youth centre"),
    "transport": ("{P} Community Transportation Network", "non-profit community transportation service"),
    "accesstrans": ("{P} Accessible Transportation", "non-profit accessible transportation service"),
    "furniture": ("{P} Furniture Bank", "non-profit furniture bank"),
    "clothing": ("{P} Clothing Bank", "volunteer-run clothing bank"),
    "baby": ("{P} Baby Bundles", "volunteer-run baby supply program"),
    "adultlearn": ("{P} Adult Learning Centre", "non-profit adult education centre"),
    "contedu": ("{P} Continuing Education Centre", "adult high school and continuing education centre"),
    "youthlearn": ("{P} Youth Learning Network", "non-profit tutoring and mentoring program"),
    # French-language organisations (kind is French)
    "fr_foodbank": ("Banque alimentaire communautaire {Pf}", "banque alimentaire communautaire à but non lucratif"),
    "fr_shelter": ("Maison d'hébergement {Pf}", "refuge d'urgence à but non lucratif"),
    "fr_housing": ("Centre d'aide au logement {Pf}", "centre d'aide au logement à but non lucratif"),
    "fr_utilities": ("Services communautaires {Pf}", "organisme communautaire de lutte contre la pauvreté"),
    "fr_income": ("Centre d'autonomie financière {Pf}", "organisme d'éducation financière à but non lucratif"),
    "fr_employment": ("Centre d'emploi {Pf}", "centre d'emploi francophone à but non lucratif"),
    "fr_chc": ("Centre de santé communautaire {Pf}", "centre de santé communautaire francophone"),
    "fr_counselling": ("Services de counselling {Pf}", "agence de counselling francophone à but non lucratif"),
    "fr_addiction": ("Services en dépendances {Pf}", "programme communautaire de traitement des dépendances"),
    "fr_womensshelter": ("{Wf}", "maison d'hébergement pour femmes victimes de violence et leurs enfants"),
    "fr_legal": ("Clinique juridique francophone {Pf}", "clinique juridique communautaire francophone"),
    "fr_settlement": ("Carrefour d'accueil des nouveaux arrivants {Pf}", "organisme d'établissement pour immigrants francophones"),
    "fr_seniors": ("Services aux aînés {Pf}", "organisme de soutien communautaire pour les aînés"),
    "fr_access": ("Centre de ressources en accessibilité {Pf}", "centre de ressources pour personnes handicapées"),
    "fr_earlyon": ("Centre ON y va {Pf}", "centre pour l'enfant et la famille ON y va"),
    "fr_transport": ("Réseau de transport communautaire {Pf}", "service de transport communautaire bénévole"),
    "fr_clothing": ("Comptoir vestimentaire {Pf}", "comptoir vestimentaire bénévole"),
    "fr_adultlearn": ("Centre d'apprentissage pour adultes {Pf}", "centre francophone d'éducation des adultes"),
}

# --------------------------------------------------------------------------------------------
# Schedules: key -> list of (byday, opens_at, closes_at, English description, French description)
# Times are local (America/Toronto).  24/7 is written as every day 00:00-23:59.
# --------------------------------------------------------------------------------------------
WK = "MO,TU,WE,TH,FR"
ALL = "MO,TU,WE,TH,FR,SA,SU"
SCHEDULES = {
    "weekday": [(WK, "09:00", "17:00", "Monday to Friday, 9 a.m. to 5 p.m.", "Du lundi au vendredi, de 9 h à 17 h")],
    "weekday830": [(WK, "08:30", "16:30", "Monday to Friday, 8:30 a.m. to 4:30 p.m.", "Du lundi au vendredi, de 8 h 30 à 16 h 30")],
    "evening": [("MO,TU,WE,TH", "09:00", "20:00", "Monday to Thursday, 9 a.m. to 8 p.m.", "Du lundi au jeudi, de 9 h à 20 h"),
                ("FR", "09:00", "17:00", "Friday, 9 a.m. to 5 p.m.", "Le vendredi, de 9 h à 17 h")],
    "foodbank": [("TU,TH", "10:00", "15:00", "Tuesday and Thursday, 10 a.m. to 3 p.m.", "Le mardi et le jeudi, de 10 h à 15 h"),
                 ("SA", "10:00", "13:00", "Saturday, 10 a.m. to 1 p.m.", "Le samedi, de 10 h à 13 h")],
    "foodbank2": [("MO,WE,FR", "13:00", "16:00", "Monday, Wednesday and Friday, 1 p.m. to 4 p.m.", "Le lundi, le mercredi et le vendredi, de 13 h à 16 h"),
                  ("WE", "18:00", "20:00", "Wednesday evening, 6 p.m. to 8 p.m.", "Le mercredi soir, de 18 h à 20 h"),
                  ("SA", "09:30", "12:00", "Saturday, 9:30 a.m. to noon", "Le samedi, de 9 h 30 à midi")],
    "meals": [(ALL, "11:30", "13:30", "Lunch every day, 11:30 a.m. to 1:30 p.m.", "Dîner tous les jours, de 11 h 30 à 13 h 30"),
              (WK, "17:00", "18:30", "Dinner Monday to Friday, 5 p.m. to 6:30 p.m.", "Souper du lundi au vendredi, de 17 h à 18 h 30")],
    "dinner": [("WE", "17:00", "19:00", "Community dinner every Wednesday, 5 p.m. to 7 p.m.", "Souper communautaire le mercredi, de 17 h à 19 h"),
               ("SA", "10:00", "12:00", "Grocery table Saturday, 10 a.m. to noon", "Table d'épicerie le samedi, de 10 h à midi")],
    "dropin": [(ALL, "08:00", "20:00", "Every day, 8 a.m. to 8 p.m.; open overnight during extreme cold weather alerts",
                "Tous les jours, de 8 h à 20 h; ouvert la nuit lors des alertes de froid extrême")],
    "24_7": [(ALL, "00:00", "23:59", "Open 24 hours a day, 7 days a week", "Ouvert 24 heures sur 24, 7 jours sur 7")],
    "helpline": [(ALL, "10:00", "23:00", "Every day, 10 a.m. to 11 p.m.", "Tous les jours, de 10 h à 23 h")],
    "clinic": [("MO,TU,WE,TH", "09:00", "19:00", "Monday to Thursday, 9 a.m. to 7 p.m.", "Du lundi au jeudi, de 9 h à 19 h"),
               ("FR", "09:00", "16:00", "Friday, 9 a.m. to 4 p.m.", "Le vendredi, de 9 h à 16 h"),
               ("SA", "10:00", "14:00", "Saturday, 10 a.m. to 2 p.m.", "Le samedi, de 10 h à 14 h")],
    "walkin": [("TU,TH", "12:00", "19:00", "Walk-in Tuesday and Thursday, noon to 7 p.m.", "Sans rendez-vous le mardi et le jeudi, de midi à 19 h"),
               ("SA", "10:00", "14:00", "Walk-in Saturday, 10 a.m. to 2 p.m.", "Sans rendez-vous le samedi, de 10 h à 14 h")],
    "classes": [("MO,WE", "18:00", "21:00", "Evening classes Monday and Wednesday, 6 p.m. to 9 p.m.", "Cours du soir le lundi et le mercredi, de 18 h à 21 h"),
                ("TU,TH", "09:30", "12:30", "Morning classes Tuesday and Thursday, 9:30 a.m. to 12:30 p.m.", "Cours du matin le mardi et le jeudi, de 9 h 30 à 12 h 30"),
                ("SA", "09:30", "12:30", "Saturday, 9:30 a.m. to 12:30 p.m.", "Le samedi, de 9 h 30 à 12 h 30")],
    "weekend": [("SA,SU", "10:00", "16:00", "Saturday and Sunday, 10 a.m. to 4 p.m.", "Le samedi et le dimanche, de 10 h à 16 h"),
                ("TH", "16:00", "20:00", "Thursday, 4 p.m. to 8 p.m.", "Le jeudi, de 16 h à 20 h")],
    "afterschool": [(WK, "15:00", "21:00", "Monday to Friday, 3 p.m. to 9 p.m.", "Du lundi au vendredi, de 15 h à 21 h"),
                    ("SA", "12:00", "18:00", "Saturday, noon to 6 p.m.", "Le samedi, de midi à 18 h")],
    "playgroup": [(WK, "09:00", "16:00", "Monday to Friday, 9 a.m. to 4 p.m.", "Du lundi au vendredi, de 9 h à 16 h"),
                  ("SA", "09:00", "12:00", "Saturday, 9 a.m. to noon", "Le samedi, de 9 h à midi")],
    "rides": [(WK, "07:00", "18:00", "Rides Monday to Friday, 7 a.m. to 6 p.m.; book at least 48 hours ahead",
               "Transport du lundi au vendredi, de 7 h à 18 h; réservez au moins 48 heures à l'avance")],
}


# --------------------------------------------------------------------------------------------
# Service templates.  Text placeholders: {city} (the city's name in the template's language).
# tax: 1-3 AIRS/211 LA taxonomy (code, name).  multi: how many of the city's community languages
# the service adds.  flags: extra frontdoor-flag codes (confidential_address, phone_only).
# --------------------------------------------------------------------------------------------
def T(label, org, name, desc, tax, sched, elig, fees, apply, min_age=None, max_age=None, multi=0,
      flags=(), lang="en", wait=None):
    return {"label": label, "org": org, "name": name, "desc": desc, "tax": tax, "sched": sched,
            "elig": elig, "fees": fees, "apply": apply, "min_age": min_age, "max_age": max_age,
            "multi": multi, "flags": tuple(flags), "lang": lang, "wait": wait}


FREE = "Free."
GRATUIT = "Gratuit."

TEMPLATES = {
    "food": [
        T("food", "foodbank", "Emergency Food Hamper Program",
          "Provides a free three- to five-day supply of groceries, including fresh produce, dairy and pantry staples, "
          "to individuals and families in {city} who cannot afford enough food. Come during distribution hours with "
          "identification for each household member and proof of address; first-time visitors can register on the spot. "
          "Each household may visit once a month, and emergency hampers are available between visits.",
          [("BD-1800.2000", "Food Pantries"), ("BD-1800", "Emergency Food")], "foodbank",
          "Residents of {city} with low income. One regular visit per household per month.", FREE,
          "Walk in during distribution hours. Bring ID for everyone in the household and a recent bill or lease as proof of address."),
        T("food", "kitchen", "Community Hot Meal Program",
          "Serves free hot lunches every day and dinners on weekdays in a welcoming drop-in dining room. "
          "No registration, referral or identification is needed, and everyone is welcome, including people who are homeless "
          "or precariously housed. Vegetarian and halal options are available at every meal.",
          [("BD-5000.8300", "Soup Kitchens"), ("BD-5000.1500", "Congregate Meals/Nutrition Sites")], "meals",
          "Open to everyone. No ID or referral required.", FREE, "Drop in during meal times."),
        T("food", "familynet", "Baby Formula and Infant Food Bank",
          "Provides infant formula, baby food and diapers to parents and caregivers of babies under two who cannot afford them. "
          "Call ahead to register and book a pick-up time, and bring the baby's health card or birth certificate. "
          "The program is free for families with low income and can also connect parents to a public health nurse.",
          [("BD-1800.8200-250", "Formula/Baby Food"), ("BM-6500.1500-150", "Diapers")], "weekday",
          "Parents and caregivers in {city} with a baby under 2 years old and low household income.", FREE,
          "Call to register and book a pick-up appointment.", multi=1),
        T("food", "foodcupboard", "Evening and Saturday Food Bank",
          "A neighbourhood food bank with evening and Saturday hours for people who work or study during the day. "
          "Shoppers choose their own groceries from shelves stocked with fresh, frozen and non-perishable food, including "
          "culturally familiar staples. Register on your first visit with photo ID; proof of address can be brought later.",
          [("BD-1800.2000", "Food Pantries")], "foodbank2",
          "People living in {city} who need help with food. Up to two visits per month.", FREE,
          "Walk in during open hours and register with photo ID.", multi=1),
        T("food", "church", "Wednesday Community Dinner and Grocery Table",
          "Hosts a free sit-down community dinner every Wednesday evening and a Saturday grocery table with bread, produce "
          "and donated groceries. Everyone is welcome regardless of faith, and no questions are asked. "
          "Volunteers can also help guests find other food programs nearby.",
          [("BD-5000.8300", "Soup Kitchens"), ("BD-1800.2000", "Food Pantries")], "dinner",
          "Open to everyone.", FREE, "Drop in; no registration needed."),
    ],
    "shelter": [
        T("shelter", "shelter", "Emergency Shelter for Adults",
          "Provides emergency overnight beds, meals, showers and laundry for adults experiencing homelessness in {city}. "
          "Beds are assigned through the intake desk, which is open 24 hours; call first to check availability. "
          "Staff help residents with housing searches, replacing ID and applying for income support.",
          [("BH-1800.8500", "Homeless Shelter"), ("BH-1800", "Emergency Shelter")], "24_7",
          "Adults 18 and older who have no safe place to stay. Pets can be accommodated in some rooms.", FREE,
          "Call or come to the intake desk at any time.", min_age=18),
        T("shelter", "youth", "Youth Emergency Shelter",
          "A safe 24-hour shelter for young people aged 16 to 24 who are homeless or cannot stay at home. "
          "Youth get a bed, meals, clothing and a youth worker who helps with school, work, family reconnection and "
          "finding housing. Young people can refer themselves by phone or in person at any time.",
          [("BH-1800.1500-700", "Runaway/Youth Shelters"), ("BH-1800.8500", "Homeless Shelter")], "24_7",
          "Youth aged 16 to 24 who are homeless or at risk of homelessness.", FREE,
          "Self-referral by phone or in person, 24 hours a day.", min_age=16, max_age=24),
        T("shelter", "dropin", "Daytime Drop-In and Warming Centre",
          "Offers a warm, safe place during the day with coffee, snacks, showers, washrooms, phones and internet for people "
          "who are homeless or vulnerably housed. During extreme cold weather alerts the centre stays open overnight as a "
          "warming centre with mats and blankets. No ID or referral is needed.",
          [("BH-1800.3500", "Homeless Drop In Centers"), ("BH-1800.8500-185", "Extreme Cold Weather Shelters")], "dropin",
          "Adults who are homeless or vulnerably housed.", FREE, "Drop in during open hours."),
        T("shelter", "shelternet", "Central Shelter Intake and Bed Availability Line",
          "A single phone line to find an available emergency shelter bed anywhere in {city}, including shelters for men, "
          "women, families and youth. Staff can arrange transportation to the shelter and send a street outreach team to "
          "people sleeping outside. Available 24 hours a day, 7 days a week.",
          [("BH-1850", "Emergency Shelter Clearinghouses"), ("PH-8000", "Street Outreach Programs")], "24_7",
          "Anyone in {city} who needs emergency shelter tonight.", FREE,
          "Call the line at any time; walk-ins are welcome at the intake office.", multi=1),
        T("shelter", "familyres", "Family Emergency and Transitional Shelter",
          "Provides private family rooms, meals and child-friendly spaces for parents and children who have lost their housing. "
          "Families can stay while a housing worker helps them find permanent housing, usually within a few months. "
          "Referrals are made through the central shelter intake line or by walking in.",
          [("BH-1800.8500", "Homeless Shelter"), ("BH-8600", "Transitional Housing/Shelter")], "24_7",
          "Families with children under 18, and pregnant people, who are homeless.", FREE,
          "Call the shelter or the central intake line; admissions 24 hours a day."),
    ],
    "housing": [
        T("housing", "housinghelp", "Housing Help and Eviction Prevention",
          "Helps tenants and people who are homeless find and keep affordable housing in {city}. Housing workers assist with "
          "rental searches, applications for rent-geared-to-income housing, landlord mediation and urgent support when an "
          "eviction notice has been received. Drop in or call to book an appointment; services are free and confidential.",
          [("BH-3900.3100", "Housing Search Assistance"), ("BH-3700", "Housing Counseling")], "weekday",
          "Tenants and people without housing in {city}.", FREE,
          "Drop in or call to book an appointment. Bring any notices from your landlord.", multi=1),
        T("housing", "action", "Rent Bank: Emergency Rent Assistance",
          "Provides one-time, interest-free loans or grants to cover rent arrears for tenants with low income who are at risk "
          "of eviction. Applicants need a signed lease, proof of income and a notice or statement of arrears from the landlord. "
          "Apply by phone; a housing worker completes an assessment within about one week.",
          [("BH-3800.7000", "Rent Payment Assistance"), ("BH-0500", "At Risk/Homeless Housing Related Assistance Programs")],
          "weekday830",
          "Tenants in {city} with low income who are behind on rent and can show they will be able to pay rent going forward.",
          "Free. Loans are repaid in small monthly instalments with no interest.",
          "Call to start an application. Have your lease, proof of income and landlord notice ready."),
        T("housing", "nonprofithomes", "Affordable Housing Applications and Registry Help",
          "Helps people apply to the centralized waiting list for rent-geared-to-income and affordable rental housing in {city}. "
          "Staff explain eligibility, help complete and update applications, and assist survivors of abuse to apply for "
          "special priority status. Appointments are available in person or by phone.",
          [("BH-7000.4600", "Low Income/Subsidized Rental Housing"), ("BH-3700", "Housing Counseling")], "weekday",
          "Households with low to moderate income. At least one member must be 16 or older and able to live independently.",
          FREE, "Call or drop in to book an application appointment.", multi=1),
        T("housing", "supportive", "Supportive Housing Program",
          "Provides permanent apartments with on-site support workers for adults who have experienced long-term homelessness "
          "and live with mental health or substance use challenges. Support includes help with daily living, medications, "
          "budgeting and connecting with health care. Referrals come from shelters, outreach teams and community agencies.",
          [("BH-8400", "Supportive Housing"), ("BH-8500", "Supportive Housing Placement/Referral")], "weekday",
          "Adults 18 and older who are chronically homeless and need ongoing support to stay housed.",
          "Rent is geared to income (about 30 percent of income).",
          "Ask your shelter, outreach or case worker to send a referral.", min_age=18, wait="Waitlist; priority is based on need."),
    ],
    "utilities": [
        T("utilities", "action", "Energy Bill Assistance",
          "Helps households with low income in {city} pay overdue electricity, natural gas and water bills and avoid disconnection. "
          "An intake worker reviews your bills and household income and can apply for emergency energy grants on your behalf. "
          "Call to book a phone appointment and have your most recent bills and proof of income ready.",
          [("BV-8900.9300-180", "Electric Service Payment Assistance"), ("BV-8900.9300-250", "Gas Service Payment Assistance"),
           ("BV-8900.9220", "Utility Disconnection Protection")], "weekday830",
          "Households in {city} with low income that are behind on utility bills or have received a disconnection notice.",
          FREE, "Call to book a phone appointment."),
        T("utilities", "greenhomes", "Free Home Energy Upgrades",
          "Provides free home energy assessments and upgrades such as insulation, draft-proofing, programmable thermostats and "
          "energy-efficient appliances for homeowners and tenants with low income. Lower energy use means lower hydro and "
          "heating bills. Apply online or by phone; eligibility is based on household income or receipt of social assistance.",
          [("BH-3000.1800-950", "Weatherization Programs"), ("BV-8900.9300", "Utility Service Payment Assistance")], "weekday",
          "Homeowners and tenants (with the landlord's permission) with low household income.", FREE,
          "Apply by phone or online; an assessor will book a home visit."),
        T("utilities", "aidfund", "Heat and Water Emergency Fund",
          "Gives one-time grants for heating fuel deliveries, emergency furnace repairs and water bill arrears when a household "
          "is without heat or facing shut-off. Decisions are usually made within two business days. "
          "Call the intake line to explain your situation; a worker will ask about income and the amount owing.",
          [("BV-8900.9300-950", "Water Service Payment Assistance"), ("BV-8900.9300", "Utility Service Payment Assistance")],
          "weekday",
          "Households in {city} with low income who are in an emergency with heat or water.", FREE,
          "Call the intake line. Keep your latest bill or the repair estimate at hand."),
        T("utilities", "connect", "Phone and Internet Bill Help",
          "Helps people with low income stay connected by applying for low-cost home internet and mobile plans, and provides "
          "refurbished phones and laptops to those who qualify. Staff can also help negotiate payment arrangements for overdue "
          "phone or internet bills. Book an appointment by phone or drop in during open hours.",
          [("BV-8900.9300", "Utility Service Payment Assistance")], "weekday",
          "Residents of {city} receiving Ontario Works, ODSP, the Canada Child Benefit or the Guaranteed Income Supplement.",
          FREE, "Drop in or call to book an appointment."),
    ],
    "income": [
        T("income", "municipal", "Ontario Works Financial and Employment Assistance",
          "Provides monthly financial assistance for basic needs and shelter, along with help to find work, to residents of "
          "{city} who are in financial need. Apply online, by phone or in person; a caseworker reviews your income, assets "
          "and household situation. Emergency assistance may be available the same day.",
          [("NL", "Public Assistance Programs"), ("ND-1500", "Comprehensive Job Assistance Centers")], "weekday830",
          "Residents of {city} 18 and older (16 or 17 in special circumstances) who are in financial need.", FREE,
          "Apply online or by phone. Have ID, SIN, proof of income and banking information ready.", min_age=16, multi=2),
        T("income", "taxclinic", "Free Income Tax Clinic",
          "Volunteers prepare and file income tax returns for free for people with modest income, so they can receive benefits "
          "such as the Canada Child Benefit, the GST/HST credit and the Ontario Trillium Benefit. Bring your tax slips, last "
          "notice of assessment and photo ID. Appointments are required from February to April; help with past years is available year-round.",
          [("DT-8800", "Tax Preparation Assistance"), ("FT-1000", "Benefits Assistance")], "evening",
          "Individuals and families with modest income and simple tax situations (no self-employment or rental income).",
          FREE, "Call to book an appointment.", multi=1),
        T("income", "credit", "Free Debt and Credit Counselling",
          "Non-profit credit counsellors help you build a budget, deal with collection agencies and understand options such as "
          "debt management plans or consumer proposals. Sessions are confidential and available in person, by phone or by video. "
          "Call to book; most people get an appointment within a week.",
          [("DM-1500.1500", "Credit Counseling"), ("DM-6500", "Personal Financial Counseling")], "weekday",
          "Anyone in {city} struggling with debt.", "Free counselling. Debt management plans may have a small monthly fee.",
          "Call or book online."),
        T("income", "action", "Benefits Screening and Application Help",
          "Helps people find and apply for income supports they may qualify for, including ODSP, the Canada Disability Benefit, "
          "CPP, Old Age Security, the Guaranteed Income Supplement and child benefits. A benefits navigator screens your "
          "situation and helps with forms, documents and appeals. Drop in or book an appointment.",
          [("FT-1000", "Benefits Assistance"), ("NS-1800", "Disability Benefits")], "weekday",
          "Residents of {city} with low income.", FREE, "Drop in or call to book.", multi=1),
        T("income", "aidfund", "Emergency Financial Assistance Fund",
          "Provides small one-time grants for urgent needs that no other program covers, such as prescriptions, ID replacement, "
          "bus fare to a job interview or a deposit on a new home. Requests are reviewed the same week. "
          "Call to speak with an intake worker; a referral from another agency helps but is not required.",
          [("NT", "Temporary Financial Assistance"), ("NL", "Public Assistance Programs")], "weekday",
          "Residents of {city} with low income facing an urgent expense.", FREE, "Call the intake line."),
    ],
    "employment": [
        T("employment", "employment", "Employment Ontario Job Search Services",
          "Offers free one-on-one help finding work in {city}, including resume and cover letter writing, interview practice, "
          "job postings and introductions to employers who are hiring. Open to anyone legally entitled to work in Canada; "
          "no referral is needed. Drop in to the resource centre or book an appointment with an employment counsellor.",
          [("ND-3500.3600", "Job Search/Placement"), ("ND-2000.6500-700", "Resume Preparation Assistance"),
           ("ND-3500.3700", "Job Search Resource Centers")], "evening",
          "Anyone 15 and older who is legally entitled to work in Canada and not in full-time school.", FREE,
          "Drop in or call to book an appointment.", min_age=15, multi=1),
        T("employment", "youthjobs", "Youth Employment Program",
          "Helps young people aged 15 to 29 get their first job or a better one through paid pre-employment workshops, "
          "job matching and on-the-job support. Participants can receive help with work clothing, transit and certifications. "
          "Call or drop in to sign up; no resume is needed to start.",
          [("ND-3400.9500", "Youth Job Development"), ("ND-6500", "Training and Employment Programs")], "weekday",
          "Youth aged 15 to 29 who are out of school or working fewer than 20 hours a week.", FREE,
          "Drop in or call to register.", min_age=15, max_age=29),
        T("employment", "skills", "Free Skills and Certification Training",
          "Offers free short-term training and certifications for people who are unemployed, including forklift operation, "
          "WHMIS, Smart Serve, food handler and first aid and CPR. Courses run every few weeks and include job search support "
          "afterwards. Call to check upcoming dates and eligibility.",
          [("ND-6500", "Training and Employment Programs"), ("HH-9000", "Vocational Education")], "classes",
          "Unemployed or underemployed adults 18 and older; priority for people receiving Ontario Works or EI.", FREE,
          "Call to register for an information session.", min_age=18),
        T("employment", "careerbridge", "Career Bridging for Internationally Trained Professionals",
          "Helps newcomers with professional experience from outside Canada get licensed or find work in their field. "
          "Services include career counselling, credential assessment guidance, sector-specific workshops, mentoring and "
          "employer networking. Register for an orientation session by phone or online.",
          [("ND-2000.1500-160", "Career Counseling"), ("ND-6500", "Training and Employment Programs")], "weekday",
          "Permanent residents, protected persons and Canadian citizens with international education or work experience.",
          FREE, "Register for an orientation session.", multi=3),
    ],
    "health": [
        T("health", "chc", "Primary Health Care Clinic",
          "A team of doctors, nurse practitioners, dietitians and social workers providing primary care for people who do not "
          "have a family doctor, including people without OHIP coverage. Services include check-ups, chronic disease care, "
          "prescriptions, immunizations and referrals to specialists. Call to register as a client; same-day appointments are "
          "available some afternoons.",
          [("LN-1500", "Community Clinics"), ("LT-3400", "Immunizations")], "clinic",
          "People living in the centre's catchment area in {city} who have no family doctor; uninsured people are welcome.",
          FREE, "Call to register as a client.", multi=2),
        T("health", "chc", "Community Dental Clinic",
          "Provides basic dental care, including exams, cleanings, fillings and extractions, for adults and children with low "
          "income and no dental insurance. Fees are on a sliding scale, and the Canadian Dental Care Plan and Healthy Smiles "
          "Ontario are accepted. Call to book; emergency appointments for dental pain are offered each weekday morning.",
          [("LV-1600", "Dental Care"), ("LH-5100.1700", "Dental Care Expense Assistance")], "weekday",
          "Residents of {city} with low income and no private dental insurance.",
          "Sliding scale based on income; no charge for people with no income.", "Call to book an appointment.", multi=1),
        T("health", "healthco", "Nurse-Led Walk-In Clinic for Uninsured Residents",
          "A walk-in clinic where nurses and nurse practitioners treat minor illnesses and injuries, provide prescriptions and "
          "immunizations, and help people get health cards. Priority is given to people without OHIP, including newcomers in "
          "their waiting period and refugee claimants. No appointment or ID is needed.",
          [("LN-1500", "Community Clinics"), ("LN-8500", "Urgent Care Centers")], "walkin",
          "Anyone without a family doctor or without OHIP coverage.", FREE, "Walk in during clinic hours.", multi=2),
        T("health", "womenshealth", "Sexual and Reproductive Health Clinic",
          "Confidential birth control, emergency contraception, pregnancy testing, options counselling and testing and "
          "treatment for sexually transmitted infections. Services are offered to people of all genders by nurses and "
          "doctors. Book by phone or drop in; an OHIP card is not required.",
          [("LN-9500", "Women's Health Centers"), ("LJ-2000.6750", "Pregnancy Testing"),
           ("LT-1750.8000", "Sexually Transmitted Disease Treatment")], "clinic",
          "Anyone 12 and older.", "Free. Birth control is offered at low cost.", "Call or drop in.", min_age=12, multi=1),
        T("health", "chc", "Mobile Health Van",
          "A mobile clinic staffed by a nurse and an outreach worker that visits shelters, drop-ins and encampments across {city}. "
          "It offers wound care, basic health checks, vaccinations, naloxone and referrals to doctors. "
          "Check the weekly route by phone; no ID or health card is needed.",
          [("LN-5000", "Mobile Health Care"), ("LN-1500", "Community Clinics")], "weekend",
          "People who are homeless or have trouble reaching a clinic.", FREE, "Meet the van at a scheduled stop."),
    ],
    "mental_health": [
        T("mental_health", "distress", "24-Hour Distress and Crisis Line",
          "Trained volunteers and staff provide free, confidential emotional support by phone to anyone in {city} who is in "
          "distress, lonely or having thoughts of suicide. Call any time, day or night; no appointment or referral is needed. "
          "If you or someone else is in immediate danger, call 911.",
          [("RP-1500.1400-500", "Mental Health Hotlines"), ("RP-1500.1400-250", "General Crisis Intervention Hotlines")],
          "24_7", "Anyone in {city} and the surrounding area.", FREE, "Call or text the line at any time.",
          flags=("phone_only",)),
        T("mental_health", "counselling", "Walk-In Counselling Clinic",
          "Free single-session counselling for individuals, couples and families, with no appointment or waitlist. "
          "A counsellor helps you talk through a current concern such as stress, anxiety, depression, grief or relationship "
          "problems, and connects you to ongoing support. Sessions are available in person or by video.",
          [("RP-1400.2500", "General Counseling Services"), ("RF-3300", "Individual Counseling")], "walkin",
          "Anyone in {city}, any age; children under 12 must attend with a parent or caregiver.", FREE,
          "Walk in during clinic hours or join the online queue.", multi=1),
        T("mental_health", "mhs", "Community Mental Health Case Management",
          "Case managers support adults living with serious mental illness to stay well in the community, with help managing "
          "symptoms and medications, housing, income and appointments. Support is offered at home, in the community or at the "
          "office. People can refer themselves, or be referred by a doctor, hospital or agency.",
          [("RP-6400.8000-600", "Psychiatric Case Management"), ("RM-6500.1500", "Community Mental Health Agencies")],
          "weekday830", "Adults 16 and older in {city} with a serious and persistent mental illness.", FREE,
          "Call the intake line for a screening.", min_age=16, wait="Intake screening within two weeks; waitlist for ongoing support."),
        T("mental_health", "youthwell", "Youth Mental Health Walk-In",
          "Young people aged 12 to 25 can walk in for free counselling, peer support and help with school, work and substance use "
          "concerns in one youth-friendly space. No referral or health card is needed, and parents are not required to attend. "
          "Virtual sessions are also available.",
          [("RP-1400.8000-050", "Adolescent/Youth Counseling"), ("RF-6500", "Peer Counseling")], "afterschool",
          "Youth aged 12 to 25.", FREE, "Walk in or book online.", min_age=12, max_age=25),
        T("mental_health", "counselling", "Grief and Bereavement Support Groups",
          "Facilitated support groups for adults grieving the death of a family member or friend, including loss by suicide or "
          "overdose. Groups meet weekly for eight weeks, in person and online. Call to register; individual counselling is "
          "available while you wait for a group to start.",
          [("RP-1400.8000-100", "Bereavement Counseling"), ("RF-2500", "Group Counseling")], "evening",
          "Adults 18 and older who have experienced a loss.", FREE, "Call to register.", min_age=18),
    ],
    "substance_use": [
        T("substance_use", "wm", "Residential Withdrawal Management (Detox)",
          "Short-stay, non-medical support in a safe setting for people withdrawing from alcohol or other drugs. Staff monitor "
          "withdrawal, provide meals and a bed, and help plan next steps such as treatment or counselling. "
          "Call any time to check bed availability; self-referrals are accepted 24 hours a day.",
          [("RX-1700", "Detoxification"), ("RX-8470", "Supportive Substance Use Disorder Services")], "24_7",
          "Adults 16 and older who want to stop or reduce substance use.", FREE, "Call the centre at any time.", min_age=16),
        T("substance_use", "addiction", "Outpatient Addiction Counselling",
          "Individual and group counselling for people who want to change their use of alcohol, cannabis, opioids or other drugs, "
          "as well as support for family members. Programs include day treatment, relapse prevention and aftercare. "
          "Call for an intake assessment; no doctor's referral is needed.",
          [("RX-8450.8000", "Substance Use Disorder Counseling"),
           ("RX-8450.1150", "Comprehensive Outpatient Substance Use Disorder Treatment")], "evening",
          "Anyone 16 and older in {city}, and their family members.", FREE, "Call for an intake assessment.", min_age=16, multi=1),
        T("substance_use", "chc", "Harm Reduction Supplies and Naloxone",
          "Provides free, confidential harm reduction supplies, naloxone kits and overdose-response training, and links people "
          "to health care, treatment and housing. Peer workers offer non-judgmental support. No ID or appointment is needed.",
          [("RX-8470", "Supportive Substance Use Disorder Services"), ("RX-8250", "Substance Use Disorder Education/Prevention")],
          "dropin", "Anyone who uses drugs, and their friends and family.", FREE, "Drop in during open hours."),
        T("substance_use", "gambling", "Problem Gambling Counselling",
          "Free, confidential counselling for people worried about their gambling, including online betting and gaming, and for "
          "family members affected by someone else's gambling. Help with budgeting and debt is also offered. "
          "Sessions are available in person, by phone or by video.",
          [("RP-1400.8000-250", "Gambling Addiction Counseling/Treatment"), ("PN-8100.0500-250", "Gambling Addiction Support Groups")],
          "weekday", "Anyone 16 and older affected by gambling.", FREE, "Call to book a first session.", min_age=16),
        T("substance_use", "addiction", "Rapid Access Addiction Medicine Clinic",
          "A low-barrier walk-in clinic for people who want medical help with opioid, alcohol or other substance use, including "
          "starting treatment with buprenorphine or methadone and anti-craving medications. Short-term counselling and "
          "referrals to longer-term care are provided. No appointment or referral is needed.",
          [("RX-8450.5000", "Medication Assisted Maintenance Treatment for Opioid Use Disorders"),
           ("RX-8450.1150", "Comprehensive Outpatient Substance Use Disorder Treatment")], "walkin",
          "Adults 16 and older.", "Free with an OHIP card; people without OHIP can still be seen.", "Walk in during clinic hours.",
          min_age=16),
    ],
    "abuse_violence": [
        T("abuse_violence", "womensshelter", "Emergency Shelter and Crisis Line for Women Leaving Abuse",
          "A safe, confidential shelter for women (including trans and non-binary people) and their children fleeing abuse. "
          "The 24-hour crisis line offers support, safety planning and information even if you do not need shelter. "
          "The address is confidential; call the crisis line to arrange admission.",
          [("BH-1800.1500-100", "Domestic Violence Shelters"), ("RP-1500.1400-200", "Domestic Violence Hotlines")], "24_7",
          "Women and gender-diverse people 16 and older experiencing abuse, and their children.", FREE,
          "Call the 24-hour crisis line.", min_age=16, flags=("confidential_address",), multi=1),
        T("abuse_violence", "sac", "Sexual Assault Crisis Line and Counselling",
          "Offers a 24-hour crisis line, free counselling, and accompaniment to hospital, police or court for survivors of sexual "
          "violence, whether it happened recently or long ago. Support is confidential and you do not need to report to police. "
          "Call the crisis line at any time or book a counselling intake during office hours.",
          [("RP-1500.1400-750", "Sexual Assault Hotlines"), ("RP-1400.8000-800", "Sexual Assault Counseling")], "24_7",
          "Survivors of sexual violence 16 and older, of any gender, and their supporters.", FREE,
          "Call the crisis line at any time.", min_age=16),
        T("abuse_violence", "fvs", "Domestic Violence Outreach and Court Support",
          "Outreach workers help people experiencing intimate partner violence make a safety plan, understand the court process, "
          "apply for a restraining order and find housing and financial help. Support is available whether or not you plan to "
          "leave the relationship. Call to speak with a worker; meetings can be arranged in a safe place.",
          [("FT-3000.1750", "Domestic/Family Violence Legal Services"), ("FN-1900.2500", "General Crime Victim Assistance")],
          "weekday", "Anyone in {city} experiencing intimate partner or family violence.", FREE, "Call to speak with a worker.",
          multi=2),
        T("abuse_violence", "elder", "Elder Abuse Response and Support",
          "Supports older adults who are being harmed, neglected or financially exploited by someone they trust, and people "
          "concerned about an older adult. A worker listens, explains options, helps with safety planning and connects callers "
          "to police, legal or housing help. Calls are confidential.",
          [("PH-6500.0500-180", "Elder/Dependent Adult Abuse Reporting"), ("FN-1900.2500", "General Crime Victim Assistance")],
          "weekday", "Adults 60 and older, and people worried about them.", FREE, "Call the support line.", min_age=60),
    ],
    "legal": [
        T("legal", "legalclinic", "Free Legal Help for Tenants and People with Low Income",
          "Provides free legal advice and representation on tenant rights and evictions, Landlord and Tenant Board hearings, "
          "Ontario Works and ODSP appeals, and employment standards. Clients must have low income and live in the clinic's "
          "area of {city}. Call for intake; eviction matters with an upcoming hearing date are prioritized.",
          [("FT-4500", "Landlord/Tenant Assistance"), ("FT-4500.1800", "Eviction Prevention Legal Assistance"),
           ("FT-3200", "General Legal Aid")], "weekday",
          "Residents of the clinic's catchment area with low income.", FREE, "Call the intake line.", multi=2),
        T("legal", "volunteerlaw", "Free Legal Advice Line",
          "Volunteer lawyers give free, confidential summary legal advice by phone on family law, small claims, wills and powers "
          "of attorney, consumer problems and other civil matters. Each call lasts up to 30 minutes, and the lawyer can refer "
          "you to further help. Book a call through the intake line.",
          [("TJ-3200.4500", "Legal Information Lines"), ("FP-4000", "Legal Counseling")], "evening",
          "Residents of {city} who cannot afford a lawyer.", FREE, "Call the intake line to book a callback.",
          flags=("phone_only",)),
        T("legal", "immlegal", "Refugee and Immigration Legal Clinic",
          "Lawyers and licensed paralegals help refugee claimants and people with precarious immigration status with refugee "
          "claims, humanitarian applications, sponsorship and detention matters. Legal Aid Ontario certificates are accepted. "
          "Call to book an intake appointment; interpreters are provided.",
          [("FT-3600", "Immigration/Naturalization Legal Services"), ("FT-3200", "General Legal Aid")], "weekday",
          "Refugee claimants, people without status and newcomers with low income.", FREE, "Call to book an intake.", multi=3),
        T("legal", "workers", "Workers' Rights Clinic",
          "Helps workers with unpaid wages, wrongful dismissal, unsafe work and discrimination on the job. Staff explain your "
          "rights under the Employment Standards Act, help file claims and prepare you for hearings. "
          "Drop-in evening clinics and phone appointments are available.",
          [("FT-4150", "Labor and Employment Law"), ("FT-1800.1850", "Employment Discrimination Assistance")], "evening",
          "Workers in {city}, including temporary and migrant workers.", FREE, "Drop in or call.", multi=2),
        T("legal", "legalclinic", "Family Law Information and Mediation Help",
          "Provides free information on separation, custody and parenting time, child and spousal support, and court procedures, "
          "with help completing family court forms. Subsidized mediation is available to help parents reach agreements outside "
          "court. Drop in or call to book an appointment.",
          [("FP-4000", "Legal Counseling"), ("FT-3200", "General Legal Aid")], "weekday",
          "Anyone in {city} dealing with a family law issue.", "Free information; mediation fees are on a sliding scale.",
          "Drop in or call to book."),
    ],
    "newcomers": [
        T("newcomers", "settlement", "Settlement and Integration Services",
          "Helps permanent residents, refugees and their families settle in {city} with needs assessments, help getting health "
          "cards, SIN and school registration, housing information and referrals to community services. Settlement workers speak "
          "many languages. Call or drop in; services are free.",
          [("PH-1450.7000", "Refugee Resettlement Services"), ("TJ-3000.8000", "Specialized Information and Referral")],
          "weekday", "Permanent residents, protected persons, refugee claimants and some temporary residents.", FREE,
          "Call or drop in. Bring your immigration documents.", multi=3),
        T("newcomers", "language", "Free English Classes for Adult Newcomers (LINC)",
          "Free English language classes for adult newcomers, from beginner literacy to advanced levels, with morning, evening "
          "and Saturday options and on-site child minding. Classes also cover everyday life in Canada, work and citizenship. "
          "A free language assessment is required first; call to book one.",
          [("HH-0500.8000-150", "English as a Second Language")], "classes",
          "Permanent residents and protected persons 18 and older.", FREE, "Call to book a language assessment.",
          min_age=18, multi=3),
        T("newcomers", "refugee", "Refugee Claimant Reception and Support",
          "Welcomes people who have recently made or plan to make a refugee claim, with temporary housing referrals, help "
          "completing the Basis of Claim form with a lawyer, orientation to health coverage and connections to food and clothing. "
          "Drop in or call; interpreters are available.",
          [("PH-1450.7000", "Refugee Resettlement Services"), ("BH-1800.1500-330", "Immigrant/Refugee Shelters")], "weekday",
          "Refugee claimants and asylum seekers.", FREE, "Drop in or call.", multi=3),
        T("newcomers", "settlement", "Citizenship Test Preparation Classes",
          "Free weekly classes help permanent residents prepare for the Canadian citizenship test and interview, using the "
          "official study guide. Practice tests and help with the online application are included. Register by phone; classes "
          "start every month.",
          [("HL-8500.1400", "Citizenship Test Preparation"), ("HH-0500.1500", "Citizenship Education")], "classes",
          "Permanent residents preparing to apply for citizenship.", FREE, "Call to register.", multi=2),
        T("newcomers", "interpret", "Community Interpretation and Translation",
          "Provides trained interpreters in person, by phone or by video so newcomers can communicate at medical appointments, "
          "schools, housing and legal meetings. Document translation is available at low cost. "
          "Individuals with low income can request free interpretation for essential services.",
          [("PH-3500.4500", "Language Interpretation"), ("PH-3500.4550", "Language Translation")], "weekday",
          "Newcomers with limited English, and agencies serving them.", "Free for essential services; translation at low cost.",
          "Call to request an interpreter at least two days ahead.", multi=3),
    ],
    "seniors": [
        T("seniors", "mow", "Meals on Wheels: Hot and Frozen Meal Delivery",
          "Volunteers deliver nutritious hot or frozen meals to the homes of seniors and adults with disabilities who have "
          "difficulty shopping or cooking, with a friendly safety check at each visit. Special diets such as diabetic, "
          "low-sodium and soft foods are available. Call to register; deliveries can start within a week.",
          [("BD-5000.3500", "Home Delivered Meals"), ("PH-3300", "In Home Assistance")], "weekday",
          "Seniors 65 and older, and adults with disabilities, living in {city}.",
          "About $7 per meal; subsidies are available for people with low income.", "Call to register.", min_age=65),
        T("seniors", "seniorsvc", "Adult Day Program",
          "A supervised day program for older adults living with dementia or frailty, with activities, exercise, a hot lunch "
          "and personal care. It gives family caregivers regular time off and caregiver support. Transportation can be arranged. "
          "Call for an assessment.",
          [("PH-0320.0200", "Adult Day Program Centers"), ("LT-1750.1700", "Dementia Management"), ("PH-7000", "Respite Care")],
          "weekday830", "Older adults 60 and older who need supervision during the day.",
          "About $25 per day, including lunch; subsidies available.", "Call for an assessment.", min_age=60),
        T("seniors", "seniorcentre", "Seniors Active Living Centre",
          "A welcoming centre for adults 55 and older offering fitness classes, social activities, computer help, foot care, "
          "lunches and trips. Staff also help members find home support, transportation and benefits. "
          "Drop in to join; many activities are free for members.",
          [("TC-5500.8000", "Senior Centers")], "weekday",
          "Adults 55 and older.", "Annual membership about $30; many programs free.", "Drop in to register.", min_age=55, multi=1),
        T("seniors", "homesupport", "Home Help and Friendly Visiting",
          "Helps seniors stay independent at home with light housekeeping, grocery shopping, home maintenance and regular "
          "friendly visits or telephone check-ins from volunteers. A coordinator meets with you to plan the right services. "
          "Call to arrange a home visit.",
          [("PH-3300", "In Home Assistance"), ("PH-1400", "Companionship")], "weekday",
          "Seniors 65 and older living at home in {city}.", "Visits and calls free; housekeeping on a sliding scale.",
          "Call to arrange an intake visit.", min_age=65),
        T("seniors", "seniorsvc", "Caregiver Support Program",
          "Supports family members and friends caring for an older adult, with one-on-one counselling, support groups, "
          "education on dementia and care planning, and respite options. Groups meet in person and online. Call to speak "
          "with a caregiver support worker.",
          [("PN-8100.1400", "Caregiver/Care Receiver Support Groups"), ("PH-7000", "Respite Care")], "weekday",
          "Caregivers of adults 60 and older.", FREE, "Call to speak with a worker."),
    ],
    "disability": [
        T("disability", "ilc", "Attendant Services and Independent Living Skills",
          "Provides personal support workers for daily activities such as dressing, bathing and meal preparation so adults with "
          "physical disabilities can live independently, plus peer-led independent living skills workshops. "
          "Call to request an application; services are arranged around your schedule.",
          [("PH-0500", "Attendant Services for People With Disabilities"), ("YF-6500", "Physical Disabilities")], "weekday",
          "Adults 16 and older with a permanent physical disability living in {city}.", FREE,
          "Call to request an application.", min_age=16, wait="Waitlist of several months for ongoing attendant services."),
        T("disability", "access", "Assistive Devices Loan Cupboard",
          "Lends wheelchairs, walkers, canes, bath seats, commodes and other mobility equipment for short-term use after an "
          "illness, injury or surgery, while you wait for your own device. Staff can also help you apply to the Assistive Devices "
          "Program. Drop in to borrow equipment; a small refundable deposit may apply.",
          [("LH-0600", "Assistive Technology Equipment"), ("LH-0600.5000-970.50", "Manual Wheelchairs")], "weekday",
          "Residents of {city} with a short-term or long-term mobility need.", "Free loans; a refundable deposit may apply.",
          "Drop in or call to reserve equipment."),
        T("disability", "inclusion", "Day Programs for Adults with Developmental Disabilities",
          "Community day programs for adults with developmental disabilities, with life skills, recreation, volunteering and "
          "employment preparation in small groups. Programs are person-centred and include support for families. "
          "Eligibility is confirmed through Developmental Services Ontario.",
          [("LR-3100.1800-190", "Developmental Disabilities Social/Recreational Programs"), ("YF-1800", "Developmental Disabilities")],
          "weekday830", "Adults 18 and older with a developmental disability confirmed by Developmental Services Ontario.",
          "Free; some outings have small costs.", "Apply through Developmental Services Ontario or call for information.",
          min_age=18),
        T("disability", "deaf", "Sign Language Interpretation and Deaf Community Services",
          "Books American Sign Language interpreters for medical, legal, employment and community appointments, and offers "
          "counselling, employment help and accessible information for Deaf, deafened and hard of hearing people. "
          "Request an interpreter by text, e-mail or video relay.",
          [("PH-3500.8000", "Sign Language Interpretation"), ("YF-2200", "Functional Disabilities")], "weekday",
          "Deaf, deafened and hard of hearing people, and the services that work with them.",
          "Free for individuals for essential services.", "Request by text, e-mail or video relay."),
        T("disability", "ilc", "ODSP Application and Disability Benefits Help",
          "Helps people with disabilities apply for the Ontario Disability Support Program, the Canada Disability Benefit and "
          "the Disability Tax Credit, including completing forms and preparing for appeals. Workers can meet in person, by "
          "phone or at home. Call to book an appointment.",
          [("NS-1800", "Disability Benefits"), ("FT-1000", "Benefits Assistance")], "weekday",
          "People with a disability who live in {city}.", FREE, "Call to book an appointment.", multi=1),
    ],
    "family_children": [
        T("family_children", "earlyon", "EarlyON Drop-In Playgroups",
          "Free drop-in play and learning programs for children from birth to six years old and their parents or caregivers, "
          "with songs, stories, early literacy activities and chances to meet other families. Staff can answer questions about "
          "child development and connect families to other services. No registration is needed for most programs.",
          [("PH-6100", "Parenting Education"), ("HH-4500.1800", "Early Literacy Development Programs")], "playgroup",
          "Children aged 0 to 6 with a parent or caregiver.", FREE, "Drop in.", max_age=6, multi=1),
        T("family_children", "familyresctr", "Parenting Programs and Parent Support",
          "Offers free parenting workshops, prenatal and new-parent groups, and one-on-one support with a family support worker "
          "for parents of children of all ages. Topics include positive discipline, teen issues and co-parenting after separation. "
          "Call or register online; child care is provided during evening groups.",
          [("PH-6100.6800", "Parenting Skills Classes"), ("PH-6100.1800", "Expectant/New Parent Assistance")], "evening",
          "Parents, expectant parents and caregivers in {city}.", FREE, "Call or register online.", multi=1),
        T("family_children", "youthcentre", "After-School Youth Drop-In",
          "A safe, free space for youth aged 12 to 18 after school, with homework help, sports, arts, cooking, a healthy snack and "
          "youth workers to talk to. Special programs support leadership and part-time job skills. Youth can drop in without "
          "registering.",
          [("TC-5500.9800", "Youth Centers"), ("PS-9800", "Youth Development")], "afterschool",
          "Youth aged 12 to 18.", FREE, "Drop in.", min_age=12, max_age=18),
        T("family_children", "municipal", "Child Care Fee Subsidy",
          "Helps eligible families pay for licensed child care and before- and after-school programs in {city}. The amount "
          "depends on family income, and staff can help you find a licensed centre or home child care space. "
          "Apply online or call for help with the application.",
          [("NL-3000.1500", "Child Care Expense Assistance"), ("PH-2400.1500", "Child Care Provider Referrals")], "weekday830",
          "Families living in {city} with children up to age 12 who are working, studying or have special needs.",
          "Free to apply; families may pay a reduced daily fee.", "Apply online or call for help.", max_age=12),
        T("family_children", "counselling", "Family Counselling",
          "Counsellors help families with conflict, separation, blended-family challenges and children's behaviour, through "
          "sessions with the whole family or individual members. Fees are on a sliding scale and no one is turned away for "
          "inability to pay. Call to book an intake.",
          [("RF-2000", "Family Counseling"), ("PH-2360", "Family Based Services")], "evening",
          "Families living in {city}.", "Sliding scale; free for families with low income.", "Call to book an intake.", multi=1),
    ],
    "transportation": [
        T("transportation", "transport", "Volunteer Drivers for Medical Appointments",
          "Volunteer drivers take seniors and people with disabilities to medical appointments, treatments and other essential "
          "trips in {city} and to regional hospitals. Drivers wait during short appointments. Book at least 48 hours ahead.",
          [("BT-4500.6500-500", "Medical Appointments Transportation"), ("BT-4500.6500-800", "Senior Ride Programs")], "rides",
          "Seniors 65 and older and adults with disabilities who cannot use public transit.",
          "A per-kilometre fee; subsidies for people with low income.", "Call to register and book a ride.", min_age=18),
        T("transportation", "municipal", "Reduced-Fare Transit Pass Program",
          "Residents with low income can buy a monthly {transit} pass or single fares at a discount of about 50 percent. "
          "Apply once with proof of income; approved riders load the discount onto their fare card. "
          "Ontario Works and ODSP recipients qualify automatically.",
          [("BT-8500.1000-180", "Discount Transit Passes")], "weekday830",
          "Residents of {city} 18 and older with household income below the low-income measure.",
          "Discounted fares; no fee to apply.", "Apply online, by phone or in person with proof of income.", min_age=18),
        T("transportation", "accesstrans", "Door-to-Door Accessible Transportation",
          "Provides accessible, door-to-door rides in wheelchair-accessible vehicles for people who cannot use regular transit "
          "because of a disability. Rides can be booked for any purpose, including work, school and shopping. "
          "Apply for registration with a form completed by a health professional.",
          [("BT-4500.6500-170", "Disability Related Transportation"), ("BT-4500.6500", "Paratransit Programs")], "rides",
          "People of all ages with a disability that prevents them from using conventional transit.",
          "Same fare as regular transit.", "Complete the registration form with a health professional."),
        T("transportation", "action", "Bus Tickets for Appointments and Job Interviews",
          "Gives free transit tickets or gas cards to people with low income who need to get to medical appointments, "
          "court dates, job interviews or the first weeks of a new job. Requests are handled by phone the same day when possible.",
          [("BT-8300.1000-400", "Local Bus Fare"), ("BT-8300", "Transportation Expense Assistance")], "weekday",
          "Residents of {city} with low income and an essential trip.", FREE, "Call to request tickets."),
    ],
    "material_goods": [
        T("material_goods", "furniture", "Free Furniture and Household Goods",
          "Provides gently used furniture and household items, such as beds, tables, dishes and linens, to people moving out of "
          "shelters, fleeing abuse, or arriving as refugees. A referral from a social service agency is required. "
          "Clients choose items in the showroom and delivery is available.",
          [("BM-3000.2000-250", "General Furniture Provision"), ("BM-3000", "Household Goods")], "weekday",
          "People with low income setting up a home, referred by a partner agency.",
          "Items are free; a delivery fee applies, which can be subsidized.", "Ask your case worker to send a referral."),
        T("material_goods", "clothing", "Free Clothing Bank",
          "Offers free, clean, seasonal clothing and footwear for adults and children, including winter coats, boots and "
          "interview clothes. Visitors can take a set number of items per month. No referral is needed; bring ID on your first visit.",
          [("BM-6500.1500-250", "General Clothing Provision"), ("BM-6500.1500-950", "Work Clothing")], "foodbank",
          "Residents of {city} with low income.", FREE, "Drop in during open hours."),
        T("material_goods", "baby", "Baby Supplies Program",
          "Provides free baby essentials, including diapers, clothing, car seats, cribs and strollers, to expectant and new parents "
          "with low income. Items are prepared as bundles and picked up by appointment. A referral from a nurse, social worker "
          "or settlement worker is requested.",
          [("BM-6500.1500-100", "Baby Clothing"), ("BM-3000.2000-100", "Baby Furniture"), ("BM-6500.1500-150", "Diapers")],
          "weekday", "Expectant parents and parents of children up to age 2 with low income.", FREE,
          "Get a referral, then call to book a pick-up.", multi=1),
        T("material_goods", "church", "Back-to-School and Winter Clothing for Children",
          "Gives children and teens new backpacks, school supplies, winter coats, boots, hats and mittens each fall. "
          "Parents register their children in advance and pick up items at a scheduled time. "
          "Registration opens in August.",
          [("BM-6500.1500-800", "School Clothing"), ("BM-6500.1500-120", "Children's Clothing")], "weekend",
          "Children and youth aged 4 to 17 in families with low income.", FREE, "Register by phone in August.",
          max_age=17),
    ],
    "education": [
        T("education", "adultlearn", "Adult Literacy and Basic Skills",
          "Free one-on-one and small-group help for adults to improve reading, writing, math and computer skills for work, "
          "further education or everyday life. Learning plans are tailored to your goals, with day and evening options. "
          "Call to book an assessment.",
          [("HH-4500.0500", "Adult Literacy Programs")], "classes",
          "Adults 19 and older (18 in some cases) who want to improve basic skills.", FREE, "Call to book an assessment.",
          min_age=18),
        T("education", "contedu", "High School Credit Completion for Adults",
          "Adults can earn the credits they need for an Ontario Secondary School Diploma through flexible in-person and online "
          "courses, with credit for past learning and work experience. Preparation for the GED high school equivalency test is "
          "also available. Register year-round.",
          [("HH-0500.2500-250", "GED/High School Equivalency Test Instruction"), ("HH-0500", "Adult Education")], "classes",
          "Adults 18 and older without a high school diploma.", FREE, "Call or register online.", min_age=18),
        T("education", "youthlearn", "Free Tutoring and Homework Help",
          "Trained volunteer tutors help students in grades 1 to 12 with reading, math, science and homework, in small groups "
          "after school and online. The program also offers mentoring and help planning for post-secondary education. "
          "Parents can register their children by phone.",
          [("HH-4500.9500", "Youth Literacy Programs"), ("HL-2500.0500", "Academic Counseling")], "afterschool",
          "Students in grades 1 to 12.", FREE, "Register by phone.", min_age=6, max_age=18, multi=1),
        T("education", "connect", "Free Computer and Digital Skills Classes",
          "Beginner-friendly classes teach how to use a computer, smartphone, e-mail and the internet safely, including "
          "government services and online job applications. Small classes and one-on-one help are available, with loaner laptops "
          "in class. Call to register.",
          [("HH-0500", "Adult Education")], "classes",
          "Adults and seniors who want to build digital skills.", FREE, "Call to register.", multi=1),
    ],
}

# French-language templates: one per need label.
TEMPLATES_FR = {
    "food": T("food", "fr_foodbank", "Paniers d'épicerie d'urgence",
              "Offre gratuitement des paniers d'épicerie, avec fruits et légumes frais, produits laitiers et denrées non "
              "périssables, aux personnes et aux familles à faible revenu de {city}. Présentez-vous pendant les heures de "
              "distribution avec une pièce d'identité pour chaque membre du ménage et une preuve d'adresse. "
              "Une visite par mois par ménage; un dépannage d'urgence est possible entre deux visites.",
              [("BD-1800.2000", "Food Pantries"), ("BD-1800", "Emergency Food")], "foodbank",
              "Résidents de {city} à faible revenu. Une visite par ménage par mois.", GRATUIT,
              "Présentez-vous pendant les heures de distribution avec vos pièces d'identité.", lang="fr"),
    "shelter": T("shelter", "fr_shelter", "Hébergement d'urgence pour adultes",
                 "Offre des lits d'urgence, des repas, des douches et une buanderie aux adultes en situation d'itinérance à "
                 "{city}. L'accueil est ouvert 24 heures sur 24; téléphonez d'abord pour vérifier la disponibilité des lits. "
                 "Le personnel aide à chercher un logement et à faire des demandes d'aide financière.",
                 [("BH-1800.8500", "Homeless Shelter"), ("BH-1800", "Emergency Shelter")], "24_7",
                 "Adultes de 18 ans et plus sans endroit sécuritaire où dormir.", GRATUIT,
                 "Téléphonez ou présentez-vous à l'accueil à toute heure.", min_age=18, lang="fr"),
    "housing": T("housing", "fr_housing", "Aide à la recherche de logement et prévention des expulsions",
                 "Aide les locataires et les personnes sans logement à trouver et à garder un logement abordable à {city}. "
                 "Les intervenants aident à chercher un appartement, à remplir les demandes de logement à loyer indexé sur le "
                 "revenu et à réagir rapidement à un avis d'expulsion. Services gratuits et confidentiels, en français.",
                 [("BH-3900.3100", "Housing Search Assistance"), ("BH-3700", "Housing Counseling")], "weekday",
                 "Locataires et personnes sans logement de {city}.", GRATUIT,
                 "Présentez-vous ou téléphonez pour prendre rendez-vous.", lang="fr"),
    "utilities": T("utilities", "fr_utilities", "Aide au paiement des factures d'énergie",
                   "Aide les ménages à faible revenu de {city} à payer leurs factures d'électricité, de gaz naturel et d'eau en "
                   "retard et à éviter un débranchement. Une intervenante examine vos factures et votre revenu et présente une "
                   "demande de subvention d'urgence en votre nom. Téléphonez pour prendre rendez-vous.",
                   [("BV-8900.9300-180", "Electric Service Payment Assistance"), ("BV-8900.9220", "Utility Disconnection Protection")],
                   "weekday830", "Ménages à faible revenu ayant des factures en souffrance ou un avis de débranchement.", GRATUIT,
                   "Téléphonez pour prendre rendez-vous.", lang="fr"),
    "income": T("income", "fr_income", "Clinique d'impôt gratuite",
                "Des bénévoles remplissent et transmettent gratuitement les déclarations de revenus des personnes à revenu modeste, "
                "pour qu'elles reçoivent l'Allocation canadienne pour enfants, le crédit de TPS/TVH et la Prestation Trillium de "
                "l'Ontario. Apportez vos feuillets d'impôt, votre dernier avis de cotisation et une pièce d'identité avec photo. "
                "Sur rendez-vous de février à avril.",
                [("DT-8800", "Tax Preparation Assistance"), ("FT-1000", "Benefits Assistance")], "evening",
                "Personnes et familles à revenu modeste dont la situation fiscale est simple.", GRATUIT,
                "Téléphonez pour prendre rendez-vous.", lang="fr"),
    "employment": T("employment", "fr_employment", "Services d'emploi et de recherche d'emploi",
                    "Aide gratuite et personnalisée pour trouver un emploi à {city} : curriculum vitae, lettre de présentation, "
                    "préparation aux entrevues, offres d'emploi et contacts avec des employeurs qui embauchent des personnes "
                    "bilingues. Ouvert à toute personne autorisée à travailler au Canada, sans recommandation. "
                    "Passez au centre de ressources ou prenez rendez-vous avec une conseillère.",
                    [("ND-3500.3600", "Job Search/Placement"), ("ND-2000.6500-700", "Resume Preparation Assistance")], "evening",
                    "Personnes de 15 ans et plus autorisées à travailler au Canada.", GRATUIT,
                    "Présentez-vous ou téléphonez pour prendre rendez-vous.", min_age=15, lang="fr"),
    "health": T("health", "fr_chc", "Soins de santé primaires en français",
                "Une équipe de médecins, d'infirmières praticiennes, de diététistes et de travailleuses sociales offre des soins "
                "de santé primaires en français aux personnes qui n'ont pas de médecin de famille, y compris les personnes sans "
                "carte Santé de l'Ontario. Services : bilans de santé, suivi des maladies chroniques, ordonnances, vaccination et "
                "orientation vers des spécialistes. Téléphonez pour vous inscrire.",
                [("LN-1500", "Community Clinics"), ("LT-3400", "Immunizations")], "clinic",
                "Résidents de {city} sans médecin de famille; les personnes non assurées sont les bienvenues.", GRATUIT,
                "Téléphonez pour vous inscrire comme client.", lang="fr"),
    "mental_health": T("mental_health", "fr_counselling", "Counselling sans rendez-vous",
                       "Séances de counselling gratuites et sans rendez-vous, en français, pour les personnes, les couples et les "
                       "familles. Une conseillère vous aide à faire face au stress, à l'anxiété, à la dépression, au deuil ou aux "
                       "difficultés relationnelles et vous oriente vers un soutien continu. Séances en personne ou par vidéo.",
                       [("RP-1400.2500", "General Counseling Services"), ("RF-3300", "Individual Counseling")], "walkin",
                       "Toute personne de {city}; les enfants de moins de 12 ans doivent être accompagnés.", GRATUIT,
                       "Présentez-vous pendant les heures d'ouverture.", lang="fr"),
    "substance_use": T("substance_use", "fr_addiction", "Counselling en dépendances et jeu problématique",
                       "Counselling individuel et de groupe, en français, pour les personnes qui veulent changer leur "
                       "consommation d'alcool, de cannabis, d'opioïdes ou d'autres drogues, ou leurs habitudes de jeu, ainsi "
                       "que du soutien pour leurs proches. Aucune recommandation d'un médecin n'est nécessaire. "
                       "Téléphonez pour une évaluation.",
                       [("RX-8450.8000", "Substance Use Disorder Counseling"),
                        ("RP-1400.8000-250", "Gambling Addiction Counseling/Treatment")], "weekday",
                       "Personnes de 16 ans et plus et leurs proches.", GRATUIT, "Téléphonez pour une évaluation.",
                       min_age=16, lang="fr"),
    "abuse_violence": T("abuse_violence", "fr_womensshelter", "Refuge et ligne de crise 24 h pour femmes victimes de violence",
                        "Maison d'hébergement sécuritaire et confidentielle pour les femmes (y compris les personnes trans et "
                        "non binaires) et leurs enfants qui fuient la violence. La ligne de crise, ouverte 24 heures sur 24, "
                        "offre écoute, planification de la sécurité et information, même sans hébergement. L'adresse est "
                        "confidentielle; téléphonez à la ligne de crise pour être admise.",
                        [("BH-1800.1500-100", "Domestic Violence Shelters"), ("RP-1500.1400-200", "Domestic Violence Hotlines")],
                        "24_7", "Femmes et personnes de diverses identités de genre de 16 ans et plus, et leurs enfants.",
                        GRATUIT, "Téléphonez à la ligne de crise 24 heures sur 24.", min_age=16,
                        flags=("confidential_address",), lang="fr"),
    "legal": T("legal", "fr_legal", "Aide juridique gratuite en droit du logement et de l'aide sociale",
               "Conseils juridiques et représentation gratuits, en français, en matière de droits des locataires et d'expulsions, "
               "d'audiences devant la Commission de la location immobilière, d'appels liés à Ontario au travail et au POSPH, et "
               "de normes d'emploi. Les clients doivent avoir un faible revenu. Téléphonez pour l'accueil; les dossiers "
               "d'expulsion urgents sont traités en priorité.",
               [("FT-4500", "Landlord/Tenant Assistance"), ("FT-3200", "General Legal Aid")], "weekday",
               "Résidents de {city} à faible revenu.", GRATUIT, "Téléphonez à la ligne d'accueil.", lang="fr"),
    "newcomers": T("newcomers", "fr_settlement", "Services d'établissement pour immigrants francophones",
                   "Aide les résidents permanents, les réfugiés et leurs familles d'expression française à s'établir à {city} : "
                   "évaluation des besoins, carte Santé, NAS, inscription à l'école de langue française, logement et orientation "
                   "vers les services communautaires. Services gratuits; les conseillers parlent aussi arabe, lingala, swahili "
                   "et créole haïtien.",
                   [("PH-1450.7000", "Refugee Resettlement Services"), ("TJ-3000.8000", "Specialized Information and Referral")],
                   "weekday", "Immigrants et réfugiés d'expression française.", GRATUIT,
                   "Téléphonez ou présentez-vous avec vos documents d'immigration.", multi=1, lang="fr"),
    "seniors": T("seniors", "fr_seniors", "Popote roulante : repas livrés à domicile",
                 "Des bénévoles livrent des repas chauds ou surgelés et nutritifs à domicile aux aînés et aux adultes ayant une "
                 "incapacité qui ont de la difficulté à faire leurs courses ou à cuisiner, avec une visite amicale de sécurité. "
                 "Menus adaptés offerts (diabétique, faible en sel, texture molle). Téléphonez pour vous inscrire.",
                 [("BD-5000.3500", "Home Delivered Meals"), ("PH-3300", "In Home Assistance")], "weekday",
                 "Aînés de 65 ans et plus et adultes ayant une incapacité.",
                 "Environ 7 $ par repas; subvention possible pour les personnes à faible revenu.",
                 "Téléphonez pour vous inscrire.", min_age=65, lang="fr"),
    "disability": T("disability", "fr_access", "Prêt d'aides techniques et soutien à l'autonomie",
                    "Prête à court terme des fauteuils roulants, des marchettes, des cannes et des sièges de bain après une "
                    "maladie, une blessure ou une chirurgie, et aide à présenter une demande au Programme d'appareils et "
                    "accessoires fonctionnels. Du soutien est aussi offert pour les demandes au POSPH. Service en français.",
                    [("LH-0600", "Assistive Technology Equipment"), ("NS-1800", "Disability Benefits")], "weekday",
                    "Résidents de {city} ayant un besoin de mobilité temporaire ou permanent.",
                    "Prêt gratuit; un dépôt remboursable peut être demandé.", "Présentez-vous ou téléphonez.", lang="fr"),
    "family_children": T("family_children", "fr_earlyon", "Haltes-jeux et programmes parents-enfants",
                         "Programmes gratuits de jeu et d'apprentissage en français pour les enfants de la naissance à six ans "
                         "et leurs parents ou gardiens : chansons, histoires, éveil à la lecture et rencontres avec d'autres "
                         "familles. Le personnel répond aux questions sur le développement de l'enfant. "
                         "Aucune inscription n'est requise pour la plupart des activités.",
                         [("PH-6100", "Parenting Education"), ("HH-4500.1800", "Early Literacy Development Programs")],
                         "playgroup", "Enfants de 0 à 6 ans accompagnés d'un adulte.", GRATUIT, "Présentez-vous.",
                         max_age=6, lang="fr"),
    "transportation": T("transportation", "fr_transport", "Transport bénévole vers les rendez-vous médicaux",
                        "Des chauffeurs bénévoles conduisent les aînés et les personnes ayant une incapacité à leurs rendez-vous "
                        "médicaux et à d'autres déplacements essentiels. Réservez au moins 48 heures à l'avance.",
                        [("BT-4500.6500-500", "Medical Appointments Transportation"), ("BT-4500.6500-800", "Senior Ride Programs")],
                        "rides", "Aînés et adultes ayant une incapacité qui ne peuvent pas prendre le transport en commun.",
                        "Frais au kilomètre; subvention possible.", "Téléphonez pour vous inscrire.", lang="fr"),
    "material_goods": T("material_goods", "fr_clothing", "Vêtements et articles ménagers gratuits",
                        "Offre gratuitement des vêtements propres et de saison pour adultes et enfants, dont des manteaux et "
                        "des bottes d'hiver, ainsi que de la vaisselle et de la literie. Aucune recommandation n'est nécessaire; "
                        "apportez une pièce d'identité à votre première visite.",
                        [("BM-6500.1500-250", "General Clothing Provision"), ("BM-3000", "Household Goods")], "foodbank",
                        "Résidents de {city} à faible revenu.", GRATUIT, "Présentez-vous pendant les heures d'ouverture.",
                        lang="fr"),
    "education": T("education", "fr_adultlearn", "Alphabétisation et formation de base en français",
                   "Aide gratuite, individuelle ou en petits groupes, pour les adultes qui veulent améliorer leurs compétences en "
                   "lecture, en écriture, en calcul et en informatique, en vue d'un emploi, d'études ou de la vie de tous les "
                   "jours. Cours de jour et de soir. Téléphonez pour une évaluation.",
                   [("HH-4500.0500", "Adult Literacy Programs")], "classes",
                   "Adultes de 18 ans et plus.", GRATUIT, "Téléphonez pour une évaluation.", min_age=18, lang="fr"),
}

# Languages that some templates always add (besides English/French and the city's community languages).
TEMPLATE_LANGS = {
    "Sign Language Interpretation and Deaf Community Services": ["ase"],
    "Services d'établissement pour immigrants francophones": ["ar", "ln", "sw", "ht"],
}

# Templates every city gets for a label (index into TEMPLATES[label]).
PINNED = {"abuse_violence": 0}

LDU_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"
SUITES_EN = ["Suite 200", "Unit 4", "2nd Floor", "Suite 101", "Lower Level", "Suite 310", "Unit B"]
SUITES_FR = ["Bureau 200", "2e étage", "Bureau 105", "Local B"]


# --------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------
def uid(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def slugify(text: str) -> str:
    import unicodedata
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")


def airs_term(code: str, name: str) -> dict:
    return {"id": uid("taxonomy_term", "AIRS", code), "code": code, "name": name,
            "description": f"AIRS/211 LA Taxonomy term {code}: {name}.", "taxonomy": "AIRS"}


def need_term(label: str) -> dict:
    return {"id": uid("taxonomy_term", "frontdoor-need", label), "code": label, "name": LABEL_NAMES[label],
            "description": f"Frontdoor need label '{label}' (see docs: need labels contract).",
            "taxonomy": "frontdoor-need"}


FLAG_NAMES = {
    "demo": "Demo data (fictional record)",
    "confidential_address": "Confidential address: the street address is not published",
    "phone_only": "Phone or text service with no public walk-in location",
}


def flag_term(code: str) -> dict:
    return {"id": uid("taxonomy_term", "frontdoor-flag", code), "code": code, "name": FLAG_NAMES[code],
            "description": f"Frontdoor record flag '{code}': {FLAG_NAMES[code]}.", "taxonomy": "frontdoor-flag"}


def attribute(service_id: str, term: dict, link_type: str) -> dict:
    return {"id": uid("attribute", service_id, term["taxonomy"], term["code"]), "link_id": service_id,
            "link_type": link_type, "link_entity": "service", "taxonomy_term_id": term["id"], "taxonomy_term": term}


def languages(owner: str, codes: list[str], note: str | None = None) -> list[dict]:
    out = []
    for c in codes:
        d = {"id": uid("language", owner, c), "name": LANG_NAMES[c], "code": c}
        if note and c not in ("en", "fr"):
            d["note"] = note
        out.append(d)
    return out


def schedules(owner_field: str, owner_id: str, key: str, lang: str, attending: str | None) -> list[dict]:
    out = []
    for i, (byday, opens, closes, den, dfr) in enumerate(SCHEDULES[key]):
        d = {"id": uid("schedule", owner_id, i), owner_field: owner_id, "freq": "WEEKLY", "wkst": "MO",
             "interval": 1, "byday": byday, "opens_at": opens, "closes_at": closes,
             "description": dfr if lang == "fr" else den}
        if attending:
            d["attending_type"] = attending
        if key != "24_7":
            d["notes"] = "Fermé les jours fériés." if lang == "fr" else "Closed on statutory holidays."
        out.append(d)
    return out


class PhonePool:
    """Fictional numbers +1 AAA 555-01XX, shuffled deterministically, shared by cities with the same area codes."""

    def __init__(self):
        self.pools = {}

    def take(self, area_codes: list[str]) -> str:
        key = tuple(area_codes)
        if key not in self.pools:
            nums = [f"+1 {ac} 555-01{xx:02d}" for ac in area_codes for xx in range(100)]
            random.Random(f"{SEED}/phones/{'-'.join(key)}").shuffle(nums)
            self.pools[key] = {"nums": nums, "i": 0}
        p = self.pools[key]
        n = p["nums"][p["i"] % len(p["nums"])]
        p["i"] += 1
        return n


def fmt(text: str | None, city: dict, lang: str) -> str | None:
    if text is None:
        return None
    return text.format(city=city["fr"] if lang == "fr" else city["name"], transit=city["transit"])


def build_city(city: dict, cidx: int, gaz: dict, phones: PhonePool) -> list[dict]:
    rng = random.Random(f"{SEED}/{city['name']}")
    prefixes = PREFIXES[:]
    rng.shuffle(prefixes)
    prefixes_fr = PREFIXES_FR[:]
    rng.shuffle(prefixes_fr)
    shelters = WOMENS_SHELTERS[:]
    rng.shuffle(shelters)
    shelters_fr = WOMENS_SHELTERS_FR[:]
    rng.shuffle(shelters_fr)
    anchors = city["anchors"][:]
    rng.shuffle(anchors)
    counters = {"p": 0, "pf": 0, "w": 0, "wf": 0, "anchor": 0}
    used_numbers = set()
    org_instances: dict[str, list[dict]] = {}
    city_slug = slugify(city["name"])
    centroid = gaz["municipality"][city["name"]]

    # verify the anchors against the gazetteer
    for street, fsa, lat, lon, _lo, _hi in anchors:
        f = gaz["fsa"].get(fsa)
        if f is None or f["municipality"] != city["name"]:
            raise SystemExit(f"anchor {street} {fsa}: FSA not in gazetteer for {city['name']}")
        if km(lat, lon, f["lat"], f["lon"]) > 4.0:
            raise SystemExit(f"anchor {street} {fsa} is {km(lat, lon, f['lat'], f['lon']):.1f} km from the FSA centroid")

    def new_org(org_key: str, lang: str, first_phone: str) -> dict:
        pattern, kind = ORGS[org_key]
        if "{Pf}" in pattern:
            name = pattern.replace("{Pf}", prefixes_fr[counters["pf"] % len(prefixes_fr)])
            counters["pf"] += 1
        elif "{Wf}" in pattern:
            name = shelters_fr[counters["wf"] % len(shelters_fr)]
            counters["wf"] += 1
        elif "{W}" in pattern:
            name = shelters[counters["w"] % len(shelters)]
            counters["w"] += 1
        elif "{P}" in pattern:
            name = pattern.replace("{P}", prefixes[counters["p"] % len(prefixes)])
            counters["p"] += 1
        else:
            name = pattern.replace("{City}", city["name"])
        org_id = uid("organization", city["name"], name)
        year = rng.randint(1962, 2016)
        if lang == "fr":
            desc = (f"{DEMO_MARKER} {name} : {kind} de {city['fr']} (depuis {year}). Organisme fictif créé "
                    f"uniquement comme donnée de démonstration pour Frontdoor; il n'existe pas.")
        else:
            desc = (f"{DEMO_MARKER} {name} is a {kind} in {city['name']}, founded in {year}. This organization is "
                    f"invented for the Frontdoor demo directory and does not exist.")
        slug = slugify(name)
        org = {
            "id": org_id, "name": name, "description": desc, "email": f"{slug}@example.org",
            "website": f"https://example.org/demo/{city_slug}/{slug}",
            "year_incorporated": year,
            "legal_status": "Municipal department" if org_key == "municipal" else "Non-profit corporation",
            "phones": [{"id": uid("phone", "organization", org_id), "organization_id": org_id, "number": first_phone,
                        "type": "voice", "description": "Main line" if lang != "fr" else "Ligne principale"}],
        }
        return {"org": org, "lang": lang, "labels": set(), "location": None, "slug": slug}

    def physical_location(inst: dict, svc_langs: list[str], sched_key: str, phone: str, lang: str) -> dict:
        street, fsa, alat, alon, lo, hi = anchors[counters["anchor"] % len(anchors)]
        counters["anchor"] += 1
        while True:
            num = rng.randint(lo, hi)
            if (street, num) not in used_numbers:
                used_numbers.add((street, num))
                break
        ldu = f"{rng.randint(1, 9)}{rng.choice(LDU_LETTERS)}{rng.randint(0, 9)}"
        org = inst["org"]
        loc_id = uid("location", org["id"], "main")
        addr = {"id": uid("address", loc_id), "location_id": loc_id, "address_1": f"{num} {street}",
                "city": city["name"], "state_province": "ON", "postal_code": f"{fsa} {ldu}", "country": "CA",
                "address_type": "physical"}
        if rng.random() < 0.35:
            addr["address_2"] = rng.choice(SUITES_FR if lang == "fr" else SUITES_EN)
        loc = {
            "id": loc_id, "location_type": "physical", "organization_id": org["id"],
            "name": f"{org['name']} ({street})",
            "transportation": (f"Près d'un arrêt d'autobus ({city['transit']})." if lang == "fr"
                               else f"Near a {city['transit']} bus stop."),
            "latitude": round(alat + rng.uniform(-0.004, 0.004), 6),
            "longitude": round(alon + rng.uniform(-0.005, 0.005), 6),
            "languages": languages(loc_id, svc_langs),
            "addresses": [addr],
            "phones": [{"id": uid("phone", "location", loc_id), "location_id": loc_id, "number": phone, "type": "voice",
                        "description": "Ligne principale" if lang == "fr" else "Main line"}],
            "schedules": schedules("location_id", loc_id, sched_key, lang, None),
        }
        if rng.random() < 0.8:
            loc["accessibility"] = [{"id": uid("accessibility", loc_id), "location_id": loc_id,
                                     "description": ("Entrée et toilettes accessibles en fauteuil roulant." if lang == "fr"
                                                     else "Wheelchair-accessible entrance and washroom.")}]
        return loc

    services = []
    label_order = [l for l in LABELS if city["plan"].get(l)]
    for label in label_order:
        count = city["plan"][label]
        n_fr = city["french"].get(label, 0)
        english = TEMPLATES[label]
        for slot in range(count):
            if slot < n_fr:
                tpl = TEMPLATES_FR[label]
            elif label in PINNED:
                # every city gets the pinned template first (e.g. a women's shelter), then a rotation of the rest
                rest = [t for i, t in enumerate(english) if i != PINNED[label]]
                e = slot - n_fr
                tpl = english[PINNED[label]] if e == 0 else rest[(e - 1 + cidx) % len(rest)]
            else:
                tpl = english[(slot - n_fr + cidx) % len(english)]
            lang = tpl["lang"]
            service_id = uid("service", city["name"], label, slot, tpl["name"])
            number = phones.take(city["area_codes"])

            # organisation: shared across labels, a new instance for a second service of the same label
            insts = org_instances.setdefault(tpl["org"], [])
            inst = next((i for i in insts if label not in i["labels"]), None)
            if inst is None:
                inst = new_org(tpl["org"], lang, number)
                insts.append(inst)
            inst["labels"].add(label)
            org = inst["org"]

            # languages
            codes = ["fr", "en"] if lang == "fr" else ["en"]
            if lang != "fr" and rng.random() < city["francophone"]:
                codes.append("fr")
            pool = [c for c in city["langs"] if c not in codes]
            k = tpl["multi"] if tpl["multi"] else (1 if pool and rng.random() < 0.15 else 0)
            if lang == "fr":
                k = 0
            codes += sorted(rng.sample(pool, min(k, len(pool))), key=pool.index)
            for c in TEMPLATE_LANGS.get(tpl["name"], []):
                if c not in codes:
                    codes.append(c)
            extra = [LANG_NAMES[c] for c in codes if c not in ("en", "fr")]

            flags = list(tpl["flags"])
            is_24 = tpl["sched"] == "24_7"
            phone_desc = ("Ligne de crise 24 heures sur 24" if lang == "fr" else "24-hour line") if is_24 else \
                         ("Ligne principale" if lang == "fr" else "Main line")
            svc_phones = [{"id": uid("phone", "service", service_id), "service_id": service_id, "number": number,
                           "type": "voice", "description": phone_desc, "languages": languages(uid("phone", service_id), codes)}]
            if is_24 and ("phone_only" in flags or "confidential_address" in flags or label == "abuse_violence"):
                svc_phones.append({"id": uid("phone", "service-text", service_id), "service_id": service_id,
                                   "number": number, "type": "text",
                                   "description": "Texto (SMS)" if lang == "fr" else "Text (SMS) support"})

            # location
            attending = None
            if "phone_only" in flags:
                attending = "Par téléphone ou texto" if lang == "fr" else "By phone or text"
                loc_id = uid("location", service_id, "virtual")
                loc = {"id": loc_id, "location_type": "virtual", "organization_id": org["id"],
                       "name": "Service téléphonique" if lang == "fr" else f"{org['name']} phone service",
                       "description": (f"Service offert par téléphone partout à {city['fr']}." if lang == "fr"
                                       else f"Available by phone anywhere in {city['name']}."),
                       "url": f"{org['website']}/{slugify(tpl['name'])}",
                       "languages": languages(loc_id, codes),
                       "phones": [{"id": uid("phone", "location", loc_id), "location_id": loc_id, "number": number,
                                   "type": "voice", "description": phone_desc}],
                       "schedules": schedules("location_id", loc_id, tpl["sched"], lang, attending)}
            elif "confidential_address" in flags:
                loc_id = uid("location", service_id, "confidential")
                loc = {"id": loc_id, "location_type": "physical", "organization_id": org["id"],
                       "name": (f"Adresse confidentielle ({city['fr']})" if lang == "fr"
                                else f"Confidential location ({city['name']})"),
                       "description": ("Pour la sécurité des résidentes, l'adresse n'est pas publiée. Téléphonez à la "
                                       "ligne de crise pour être admise ou pour organiser le transport." if lang == "fr" else
                                       "For residents' safety the street address is not published. Call the 24-hour line "
                                       "to arrange admission or transportation."),
                       "latitude": round(centroid["lat"], 2), "longitude": round(centroid["lon"], 2),
                       "languages": languages(loc_id, codes),
                       "phones": [{"id": uid("phone", "location", loc_id), "location_id": loc_id, "number": number,
                                   "type": "voice", "description": phone_desc}],
                       "schedules": schedules("location_id", loc_id, "24_7", lang, None)}
            else:
                if inst["location"] is None:
                    inst["location"] = physical_location(inst, codes, tpl["sched"], org["phones"][0]["number"], lang)
                loc = json.loads(json.dumps(inst["location"]))

            sal = {"id": uid("service_at_location", service_id, loc["id"]), "service_id": service_id,
                   "location_id": loc["id"], "location": loc}

            slug = slugify(tpl["name"])
            interp = None
            if extra:
                if lang == "fr":
                    interp = "Services offerts en français et en anglais; le personnel parle aussi " + ", ".join(extra) + "."
                else:
                    interp = ("Staff also speak " + ", ".join(extra) +
                              ". Telephone interpretation in other languages is available at no cost.")
            elif lang == "fr":
                interp = "Services offerts en français et en anglais."

            svc = {"id": service_id, "organization_id": org["id"], "name": tpl["name"],
                   "description": fmt(tpl["desc"], city, lang),
                   "url": f"{org['website']}/{slug}", "email": org["email"], "status": "active"}
            if interp:
                svc["interpretation_services"] = interp
            svc["application_process"] = fmt(tpl["apply"], city, lang)
            svc["fees_description"] = tpl["fees"]
            if tpl["wait"]:
                svc["wait_time"] = tpl["wait"]
            svc["eligibility_description"] = fmt(tpl["elig"], city, lang)
            if tpl["min_age"] is not None:
                svc["minimum_age"] = tpl["min_age"]
            if tpl["max_age"] is not None:
                svc["maximum_age"] = tpl["max_age"]
            svc["last_modified"] = LAST_MODIFIED
            svc["phones"] = svc_phones
            svc["schedules"] = schedules("service_id", service_id, tpl["sched"], lang, attending)
            svc["service_areas"] = [{"id": uid("service_area", service_id), "service_id": service_id,
                                     "name": city["name"],
                                     "description": (f"Résidents de {city['fr']}" if lang == "fr"
                                                     else f"Residents of {city['name']}")}]
            svc["service_at_locations"] = [sal]
            svc["languages"] = languages(service_id, codes)
            svc["organization"] = org
            attrs = [attribute(service_id, airs_term(c, n), "service_type") for c, n in tpl["tax"]]
            attrs.append(attribute(service_id, need_term(label), "need"))
            attrs.append(attribute(service_id, flag_term("demo"), "flag"))
            for fcode in flags:
                attrs.append(attribute(service_id, flag_term(fcode), "flag"))
            svc["attributes"] = attrs
            services.append(svc)
    return services


def generate() -> list[dict]:
    gaz = load_gazetteer()
    phones = PhonePool()
    out = []
    for cidx, city in enumerate(CITIES):
        out.extend(build_city(city, cidx, gaz, phones))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    services = generate()
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        json.dump(services, f, ensure_ascii=False, indent=1)
        f.write("\n")
    cities = sorted({s["service_areas"][0]["name"] for s in services})
    print(f"wrote {args.out}: {len(services)} services in {len(cities)} municipalities", file=sys.stderr)


if __name__ == "__main__":
    main()
