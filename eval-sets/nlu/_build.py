import json, glob, os, random, re, sys, unicodedata, collections
D = os.path.dirname(os.path.abspath(__file__))
AB = dict(fd="food", sh="shelter", ho="housing", ut="utilities", in_="income", em="employment",
          he="health", mh="mental_health", su="substance_use", av="abuse_violence", le="legal",
          nc="newcomers", se="seniors", di="disability", fc="family_children", tr="transportation",
          mg="material_goods", ed="education", ot="other")
AB["in"] = "income"; del AB["in_"]
LABELS = sorted(set(AB.values()))
rows = {"train": [], "dev": [], "test": []}
neg = collections.Counter()
errs = 0
for fn in sorted(glob.glob(os.path.join(D, "_src", "*.txt"))):
    split = lang = None
    for ln, line in enumerate(open(fn, encoding="utf-8"), 1):
        line = line.rstrip("\n").strip()
        if not line or line.startswith("//"):
            continue
        if line.startswith("@split "): split = line.split()[1]; continue
        if line.startswith("@lang "): lang = line.split()[1]; continue
        m = re.match(r"^([a-z]{2})([!~]?) (.+)$", line)
        if not m or m.group(1) not in AB or split not in rows or not lang:
            print("BAD", fn, ln, line[:80]); errs += 1; continue
        code, flag, text = m.groups()
        text = text.strip()
        rows[split].append({"text": text, "need": AB[code], "lang": lang, "crisis": flag == "!"})
        if flag == "~": neg[(split, lang)] += 1
if "--stats-only" not in sys.argv:
    for s, r in rows.items():
        random.Random(211 + len(s)).shuffle(r)
        with open(os.path.join(D, s + ".jsonl"), "w", encoding="utf-8") as f:
            for o in r:
                f.write(json.dumps(o, ensure_ascii=False) + "\n")
json.dump({f"{k[0]}|{k[1]}": v for k, v in neg.items()}, open(os.path.join(D, "_src", "_neg.json"), "w"))
print("errors", errs, {s: len(r) for s, r in rows.items()})
