#!/usr/bin/env python3
"""Checks every dialogs/<lang>/ folder against the English reference (dialogs/en/).

For each locale:
  * main.ftl: one-line `id = value` messages only; the same ids in the same order and under the
    same `##` sections as en/main.ftl; each message uses exactly the placeables ({ $name }) of its
    English message; no stray braces, no value starting with `[`, `*` or `.`, no leading or
    trailing spaces; the verbatim bits (211, 911, 9-8-8, phone numbers, STOP, the example postal
    code) kept; self-name one of the language's names in languages.toml.
  * keywords.toml: parses, has en's keys in en's order, lists of lower-case, trimmed, unique
    strings; no phrase under two keys; one of the `more` words is named in referrals-more-hint
    and one of the `person` words in no-more-referrals.
  * SMS-facing messages: lengths printed against English; more than 3x English is a problem.
When the `fluent.syntax` package is installed, every file is also parsed with it.

Usage: python3 dialogs/check_locales.py [lang ...]     (exit code 1 when a problem is found)
"""

from __future__ import annotations

import re
import sys
import tomllib
import unicodedata
from pathlib import Path

DIALOGS = Path(__file__).resolve().parent
REFERENCE = "en"
SMS_IDS = ["welcome", "welcome-sms-stop", "ask-need", "ask-location", "referrals-more-hint", "crisis"]
# Messages whose digits may be written differently (e.g. "24 h sur 24, 7 jours sur 7").
FREE_DIGITS = {"hours-always"}
# Exact substrings that must survive translation, by message id.
VERBATIM = {
    "welcome-sms-stop": ["STOP"],
    "location-not-found": ["K1P 1J1"],
}
# Bidi controls and invisible characters (ZWNJ U+200C and ZWJ U+200D are allowed: Persian and
# Indic spelling needs them).
BIDI_AND_INVISIBLE = set("\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
LINE_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9_-]*) = (.*)$")
PLACEABLE_RE = re.compile(r"\{ \$([a-zA-Z][a-zA-Z0-9_-]*) \}")
NUMBER_RE = re.compile(r"\d+(?:-\d+)*")
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"
)
def fold(text: str) -> str:
    """The same key as bot-core's `localization::normalize`, which matches messages against
    keywords: canonical decomposition, every combining mark dropped (accents, but also Indic vowel
    signs and Arabic harakat), lower case, ASCII apostrophes removed, anything else that is not a
    letter or digit a single space."""
    out, space = [], True
    for c in unicodedata.normalize("NFD", text):
        if unicodedata.category(c).startswith("M"):
            continue
        for c in c.lower():
            if c.isalnum() or c == "'":
                out.append(c)
                space = False
            elif not space:
                out.append(" ")
                space = True
    return "".join(out).rstrip().replace("'", "")


def sms_segments(text: str) -> tuple[str, int]:
    if all(c in GSM7 for c in text):
        return "GSM", 1 if len(text) <= 160 else -(-len(text) // 153)
    units = len(text.encode("utf-16-le")) // 2
    return "UCS2", 1 if units <= 70 else -(-units // 67)


def parse_ftl(path: Path, problems: list[str]) -> list[tuple[str, str, int]]:
    """Returns (id, value, section number) for each message; appends syntax problems."""
    entries, section, seen = [], 0, set()
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        where = f"{path.relative_to(DIALOGS)}:{n}"
        if line.strip() == "":
            continue
        if line.startswith("##"):
            if not line.startswith("###"):
                section += 1
            continue
        if line.startswith("#"):
            continue
        if line != line.rstrip():
            problems.append(f"{where}: trailing whitespace")
        m = LINE_RE.match(line.rstrip())
        if not m:
            problems.append(f"{where}: not an `id = value` line: {line[:60]!r}")
            continue
        mid, value = m.group(1), m.group(2)
        if mid in seen:
            problems.append(f"{where}: duplicate id {mid}")
        seen.add(mid)
        if value == "" or value != value.strip():
            problems.append(f"{where}: {mid}: empty value or leading/trailing space")
        if value[:1] in ("[", "*", "."):
            problems.append(f"{where}: {mid}: value starts with {value[0]!r}")
        if "\t" in value or any(c in BIDI_AND_INVISIBLE for c in value):
            problems.append(f"{where}: {mid}: tab, bidi control or invisible character in value")
        stripped = PLACEABLE_RE.sub("", value)
        if "{" in stripped or "}" in stripped:
            problems.append(f"{where}: {mid}: brace outside a `{{ $name }}` placeable")
        entries.append((mid, value, section))
    return entries


def fluent_syntax_problems(path: Path) -> list[str]:
    try:
        from fluent.syntax import FluentParser, ast
    except ImportError:
        return []
    resource = FluentParser().parse(path.read_text(encoding="utf-8"))
    out = []
    for entry in resource.body:
        if isinstance(entry, ast.Junk):
            out.append(f"{path.relative_to(DIALOGS)}: fluent.syntax junk: {entry.content[:80]!r}")
    return out


def check_locale(lang: str, en_entries, en_keywords, language_names) -> tuple[list[str], dict]:
    problems: list[str] = []
    info: dict = {}
    folder = DIALOGS / lang
    ftl, kw = folder / "main.ftl", folder / "keywords.toml"
    if not ftl.is_file():
        return [f"{lang}: main.ftl missing"], info
    entries = parse_ftl(ftl, problems)
    problems += fluent_syntax_problems(ftl)
    ids = [e[0] for e in entries]
    en_ids = [e[0] for e in en_entries]
    if ids != en_ids:
        missing = [i for i in en_ids if i not in ids]
        extra = [i for i in ids if i not in en_ids]
        if missing:
            problems.append(f"{lang}: missing ids {missing}")
        if extra:
            problems.append(f"{lang}: extra ids {extra}")
        if not missing and not extra:
            first = next(i for i, (a, b) in enumerate(zip(ids, en_ids)) if a != b)
            problems.append(f"{lang}: ids out of order from {ids[first]} (en has {en_ids[first]})")
    values = {e[0]: e[1] for e in entries}
    sections = {e[0]: e[2] for e in entries}
    for mid, en_value, en_section in en_entries:
        if mid not in values:
            continue
        value = values[mid]
        if sections[mid] != en_section:
            problems.append(f"{lang}: {mid} is under `##` section {sections[mid]}, en has {en_section}")
        want, got = set(PLACEABLE_RE.findall(en_value)), set(PLACEABLE_RE.findall(value))
        if want != got:
            problems.append(f"{lang}: {mid}: placeables {sorted(got)} != en {sorted(want)}")
        if mid not in FREE_DIGITS:
            for number in NUMBER_RE.findall(PLACEABLE_RE.sub("", en_value)):
                if not re.search(rf"(?<![\d-]){re.escape(number)}(?![\d-])", value):
                    problems.append(f"{lang}: {mid}: number {number!r} not kept verbatim")
        for bit in VERBATIM.get(mid, []):
            if bit not in value:
                problems.append(f"{lang}: {mid}: {bit!r} not kept verbatim")
    self_name = values.get("self-name", "")
    if lang != REFERENCE and fold(self_name) not in {fold(n) for n in language_names.get(lang, [])}:
        problems.append(f"{lang}: self-name {self_name!r} is not among languages.toml names for {lang}")

    # keywords.toml
    keywords = {}
    if not kw.is_file():
        problems.append(f"{lang}: keywords.toml missing")
    else:
        try:
            keywords = tomllib.loads(kw.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as err:
            problems.append(f"{lang}: keywords.toml does not parse: {err}")
    if keywords:
        if list(keywords) != list(en_keywords):
            problems.append(f"{lang}: keywords.toml keys {list(keywords)} != en {list(en_keywords)}")
        owner: dict[str, str] = {}
        for key, words in keywords.items():
            if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
                problems.append(f"{lang}: keywords.{key} is not a non-empty list of strings")
                continue
            for w in words:
                if w != w.strip() or not w or w != w.lower():
                    problems.append(f"{lang}: keywords.{key}: {w!r} not trimmed lower case")
                if any(c in BIDI_AND_INVISIBLE for c in w):
                    problems.append(f"{lang}: keywords.{key}: {w!r} has a bidi control or invisible character")
                f = fold(w)
                if not f:
                    problems.append(f"{lang}: keywords.{key}: {w!r} folds to nothing")
                elif f in owner and owner[f] != key:
                    problems.append(f"{lang}: keyword {w!r} is under both {owner[f]} and {key}")
                elif f in owner:
                    problems.append(f"{lang}: keywords.{key}: {w!r} duplicated (after folding)")
                owner[f] = key
        for key, mid in (("more", "referrals-more-hint"), ("person", "no-more-referrals")):
            text = f" {fold(values.get(mid, ''))} "
            if mid in values and not any(f" {fold(w)} " in text for w in keywords.get(key, [])):
                problems.append(f"{lang}: {mid} names none of the keywords.{key} words")
    info["lens"] = {mid: len(values.get(mid, "")) for mid in SMS_IDS}
    info["segments"] = {mid: sms_segments(values.get(mid, "")) for mid in SMS_IDS}
    info["messages"] = len(entries)
    info["keywords"] = sum(len(v) for v in keywords.values() if isinstance(v, list))
    return problems, info


def main() -> int:
    en_problems: list[str] = []
    en_entries = parse_ftl(DIALOGS / REFERENCE / "main.ftl", en_problems)
    en_keywords = tomllib.loads((DIALOGS / REFERENCE / "keywords.toml").read_text(encoding="utf-8"))
    language_names = tomllib.loads((DIALOGS / "languages.toml").read_text(encoding="utf-8"))
    en_values = {e[0]: e[1] for e in en_entries}
    en_lens = {mid: len(en_values[mid]) for mid in SMS_IDS}
    langs = sys.argv[1:] or sorted(
        p.name for p in DIALOGS.iterdir() if p.is_dir() and p.name != REFERENCE and (p / "main.ftl").exists()
    )
    all_problems = list(en_problems)
    short = {"welcome": "welc", "welcome-sms-stop": "stop", "ask-need": "need", "ask-location": "loc",
             "referrals-more-hint": "more", "crisis": "crisis"}
    header = f"{'lang':<5}{'msgs':>5}{'kw':>5} " + "".join(f"{short[m]:>12}" for m in SMS_IDS) + "  problems"
    print(header)
    print(f"{'en':<5}{len(en_entries):>5}{sum(len(v) for v in en_keywords.values()):>5} "
          + "".join(f"{en_lens[m]:>12}" for m in SMS_IDS))
    warnings = []
    for lang in langs:
        problems, info = check_locale(lang, en_entries, en_keywords, language_names)
        cells = ""
        for m in SMS_IDS:
            n = info.get("lens", {}).get(m, 0)
            enc, segs = info.get("segments", {}).get(m, ("?", 0))
            cells += f"{f'{n} {enc[0]}{segs}':>12}"
            if n > 3 * en_lens[m]:
                problems.append(f"{lang}: {m} is {n} chars, more than 3x English ({en_lens[m]})")
            elif en_lens[m] <= 160 and n > 160:
                warnings.append(f"{lang}: {m} is {n} chars (English {en_lens[m]}): over 160")
        print(f"{lang:<5}{info.get('messages', 0):>5}{info.get('keywords', 0):>5} {cells}  {len(problems)}")
        all_problems += problems
    print("\n(length, then G/U = GSM-7 or UCS-2 encoding and the number of SMS segments)")
    for w in warnings:
        print("note:", w)
    for p in all_problems:
        print("PROBLEM:", p)
    print(f"\n{len(langs)} locales checked, {len(all_problems)} problems, {len(warnings)} notes")
    return 1 if all_problems else 0


if __name__ == "__main__":
    sys.exit(main())
