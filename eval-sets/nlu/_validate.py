import json, os, re, unicodedata, collections, sys
D = os.path.dirname(os.path.abspath(__file__))
LABELS = "food shelter housing utilities income employment health mental_health substance_use abuse_violence legal newcomers seniors disability family_children transportation material_goods education other".split()
def norm(t):
    t = unicodedata.normalize("NFKC", t).lower()
    t = "".join(c for c in t if not unicodedata.category(c).startswith(("P", "S")))
    return re.sub(r"\s+", " ", t).strip()
def grams(t, n=3):
    t = norm(t)
    return {t[i:i+n] for i in range(max(1, len(t)-n+1))}
data = {}
bad = 0
for s in ["train", "dev", "test"]:
    data[s] = []
    for i, line in enumerate(open(os.path.join(D, s + ".jsonl"), encoding="utf-8"), 1):
        try:
            o = json.loads(line)
        except Exception as e:
            print("JSON", s, i, e); bad += 1; continue
        if set(o) != {"text", "need", "lang", "crisis"} or o["need"] not in LABELS or not isinstance(o["crisis"], bool) or not re.fullmatch(r"[a-z]{2}", o["lang"]) or not o["text"].strip():
            print("FIELD", s, i, line[:100]); bad += 1
        data[s].append(o)
print("bad lines", bad)
# exact dups
seen = {}
for s, r in data.items():
    for o in r:
        k = norm(o["text"]) or o["text"]
        if k in seen:
            print("DUP", seen[k], "|", s, "|", o["text"][:90])
        else:
            seen[k] = s
# near dups (3-gram jaccard) within and across splits
allr = [(s, o) for s, r in data.items() for o in r]
G = [grams(o["text"]) for _, o in allr]
inv = collections.defaultdict(list)
for i, g in enumerate(G):
    for x in g: inv[x].append(i)
TH = float(sys.argv[1]) if len(sys.argv) > 1 else 0.6
near = 0
for i, g in enumerate(G):
    cnt = collections.Counter()
    for x in g:
        if len(inv[x]) < 400:
            for j in inv[x]:
                if j > i: cnt[j] += 1
    for j, c in cnt.items():
        jac = c / (len(g) + len(G[j]) - c)
        if jac >= TH and len(g) > 8:
            near += 1
            print(f"NEAR {jac:.2f} [{allr[i][0]}] {allr[i][1]['text'][:70]} || [{allr[j][0]}] {allr[j][1]['text'][:70]}")
print("near pairs", near)
for s, r in data.items():
    print(f"\n== {s}: {len(r)} lines, crisis {sum(o['crisis'] for o in r)} ({100*sum(o['crisis'] for o in r)/max(1,len(r)):.1f}%)")
    lc = collections.Counter(o["need"] for o in r)
    print(" labels:", " ".join(f"{l}={lc[l]}" for l in LABELS))
    gc = collections.Counter(o["lang"] for o in r)
    cc = collections.Counter(o["lang"] for o in r if o["crisis"])
    print(" langs:", " ".join(f"{l}={n}/{cc[l]}c" for l, n in gc.most_common()))
    missing = [l for l in LABELS if lc[l] == 0]
    if missing: print(" MISSING LABELS", missing)
tl = collections.Counter(o["need"] for o in data["test"])
print("\ntest labels <20:", [l for l in LABELS if tl[l] < 20])
langs = set(o["lang"] for r in data.values() for o in r)
for s in data:
    m = langs - set(o["lang"] for o in data[s])
    if m: print("split", s, "missing langs", m)
