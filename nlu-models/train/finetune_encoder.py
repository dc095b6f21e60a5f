#!/usr/bin/env python3
"""Fine-tunes the need encoder: low-rank adapters on multilingual-e5-small for need and crisis.

The frozen E5 `query:` embedding is a general-purpose sentence vector; a linear head over it
tops out around dev macro-F1 0.73 (docs/LANGUAGES.md, "Need classifier"). Tuning every layer of
the encoder a little for our 19 needs lifts that by about five points. Shipping a second copy of
the model's 21 M layer weights would be a 21-85 MB file, so this trains LoRA adapters instead
(a rank-r update B·A beside each of the six matrices of every layer, plus the layer biases and
LayerNorm parameters) and writes only those: 11 MB at rank 32. `frontdoor` adds B·A to the
dequantised weights when it loads the model (nlu-models/src/e5/adapter.rs), runs the adapted
encoder for understanding only (the directory search keeps the original E5 vectors, which its
`passage:` index was built with), and `frontdoor train nlu` then fits the calibrated head,
crisis thresholds and everything else on the adapted embeddings, exactly as on the original
ones.

Usage (from the repository root, after `cargo build`; needs PyTorch and NumPy):

    python3 nlu-models/train/finetune_encoder.py \
        --frontdoor target/debug/frontdoor \
        --out nlu-models/weights/need-classifier.encoder.bin
    target/debug/frontdoor train nlu

Inputs: the pinned model file (`frontdoor models fetch`; `--model` or $FRONTDOOR_MODEL_PATH) and
eval-sets/nlu/train.jsonl, tokenised by `frontdoor train tokens` so the ids are exactly the ones
the Rust tokenizer gives. dev.jsonl is only scored (per epoch, for the report); the test split is
never read. Deterministic for a given PyTorch build and thread count (seeded, fixed order).

The forward pass mirrors nlu-models/src/e5/embedder.rs: post-LN BERT, exact-erf GELU, mean
pooling over all tokens including <s> and </s>, L2 normalisation, weights dequantised from the
file's Q4_0 blocks to f32 (what the Rust embedder computes with).
"""

import argparse
import json
import math
import os
import random
import struct
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

MODEL_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
MATRICES = ("q", "k", "v", "ao", "fi", "fo")
ADAPTER_MAGIC = b"FDENC001"


# --- the E5S1 model file (layout documented in nlu-models/src/e5/file.rs) ---------------------


def read_model(path):
    with open(path, "rb") as f:
        buf = f.read()
    import hashlib

    digest = hashlib.sha256(buf).hexdigest()
    if digest != MODEL_SHA256:
        sys.exit(f"{path}: sha256 {digest}, expected the pinned {MODEL_SHA256}")
    pos = 0

    def take(fmt):
        nonlocal pos
        vals = struct.unpack_from("<" + fmt, buf, pos)
        pos += struct.calcsize("<" + fmt)
        return vals

    assert buf[:4] == b"E5S1"
    pos = 4
    (version, hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab) = take("8i")
    (eps,) = take("f")
    (qk,) = take("i")
    assert version == 1 and qk == 32
    (n_pieces,) = take("i")
    take("4i")
    (blob_len,) = take("Q")
    pos += 4 * (n_pieces + 1) + 4 * n_pieces + blob_len
    take("i")  # n_norm
    (norm_bytes,) = take("I")
    pos += norm_bytes
    (n_tensors,) = take("i")
    tensors = {}
    for _ in range(n_tensors):
        (nl,) = take("H")
        name = buf[pos : pos + nl].decode()
        pos += nl
        (dtype,) = take("B")
        (n,) = take("I")
        (offset, nbytes) = take("QQ")
        tensors[name] = (dtype, n, offset, nbytes)

    def f32(name):
        dtype, n, off, nb = tensors[name]
        assert dtype == 0
        return np.frombuffer(buf, dtype="<f4", count=n, offset=off).copy()

    def q4(name, rows, cols):
        dtype, n, off, nb = tensors[name]
        assert dtype == 1 and n == rows * cols
        blocks = np.frombuffer(buf, dtype=np.uint8, count=nb, offset=off).reshape(-1, 18)
        d = blocks[:, :2].copy().view("<f2").astype(np.float32)  # [blocks, 1]
        qs = blocks[:, 2:]
        lo = (qs & 0x0F).astype(np.int8) - 8
        hi = (qs >> 4).astype(np.int8) - 8
        w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d
        return w.reshape(rows, cols)

    cfg = dict(hidden=hidden, layers=layers, heads=heads, ffn=ffn, eps=eps)
    h = hidden
    w = {
        "word": q4("emb.word", vocab_rows, h),
        "pos": f32("emb.pos").reshape(max_pos, h),
        "type0": f32("emb.type")[:h],
        "eln.w": f32("emb.ln.w"),
        "eln.b": f32("emb.ln.b"),
    }
    shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ffn, h), "fo": (h, ffn)}
    for l in range(layers):
        for m in MATRICES:
            w[f"l{l}.{m}.w"] = q4(f"l{l}.{m}.w", *shapes[m])
            w[f"l{l}.{m}.b"] = f32(f"l{l}.{m}.b")
        for ln in ("aln", "oln"):
            w[f"l{l}.{ln}.w"] = f32(f"l{l}.{ln}.w")
            w[f"l{l}.{ln}.b"] = f32(f"l{l}.{ln}.b")
    return cfg, w


# --- the adapted encoder ----------------------------------------------------------------------


class Encoder(torch.nn.Module):
    def __init__(self, cfg, w, rank, alpha):
        super().__init__()
        self.cfg = cfg
        self.scale = alpha / rank
        t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
        self.frozen = {k: t(v) for k, v in w.items() if k.endswith(".w") and k[0] == "l" and k.split(".")[1] in MATRICES}
        self.emb = {k: t(w[k]) for k in ("word", "pos", "type0", "eln.w", "eln.b")}
        self.trained = torch.nn.ParameterDict()
        g = torch.Generator().manual_seed(0)
        for l in range(cfg["layers"]):
            for m in MATRICES:
                out_dim, in_dim = w[f"l{l}.{m}.w"].shape
                # Kaiming-uniform A, zero B: the adapted model starts as the original one.
                bound = 1.0 / math.sqrt(in_dim)
                a = (torch.rand(rank, in_dim, generator=g) * 2 - 1) * bound
                self.trained[f"l{l}_{m}_a"] = torch.nn.Parameter(a)
                self.trained[f"l{l}_{m}_bb"] = torch.nn.Parameter(torch.zeros(out_dim, rank))
                self.trained[f"l{l}_{m}_b"] = torch.nn.Parameter(t(w[f"l{l}.{m}.b"]))
            for ln in ("aln", "oln"):
                self.trained[f"l{l}_{ln}_w"] = torch.nn.Parameter(t(w[f"l{l}.{ln}.w"]))
                self.trained[f"l{l}_{ln}_b"] = torch.nn.Parameter(t(w[f"l{l}.{ln}.b"]))

    def lin(self, x, l, m):
        p = self.trained
        y = F.linear(x, self.frozen[f"l{l}.{m}.w"], p[f"l{l}_{m}_b"])
        return y + (x @ p[f"l{l}_{m}_a"].t() @ p[f"l{l}_{m}_bb"].t()) * self.scale

    def forward(self, ids, mask):
        cfg, p, e = self.cfg, self.trained, self.emb
        h, nh, eps = cfg["hidden"], cfg["heads"], cfg["eps"]
        d = h // nh
        bsz, n = ids.shape
        x = e["word"][ids] + e["pos"][:n].unsqueeze(0) + e["type0"]
        x = F.layer_norm(x, (h,), e["eln.w"], e["eln.b"], eps)
        key_bias = (1.0 - mask[:, None, None, :]) * -1e9
        for l in range(cfg["layers"]):
            q = self.lin(x, l, "q").view(bsz, n, nh, d).transpose(1, 2)
            k = self.lin(x, l, "k").view(bsz, n, nh, d).transpose(1, 2)
            v = self.lin(x, l, "v").view(bsz, n, nh, d).transpose(1, 2)
            att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + key_bias, dim=-1)
            ctx = (att @ v).transpose(1, 2).reshape(bsz, n, h)
            x = F.layer_norm(x + self.lin(ctx, l, "ao"), (h,), p[f"l{l}_aln_w"], p[f"l{l}_aln_b"], eps)
            mid = F.gelu(self.lin(x, l, "fi"))
            x = F.layer_norm(x + self.lin(mid, l, "fo"), (h,), p[f"l{l}_oln_w"], p[f"l{l}_oln_b"], eps)
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True)
        return F.normalize(pooled, dim=-1)

    def export(self, path, rank):
        """Writes the adapter (format read by nlu-models/src/e5/adapter.rs)."""
        p = self.trained
        records = []
        for l in range(self.cfg["layers"]):
            for m in MATRICES:
                records.append((f"l{l}.{m}.lora_a", p[f"l{l}_{m}_a"]))
                records.append((f"l{l}.{m}.lora_b", p[f"l{l}_{m}_bb"] * self.scale))
                records.append((f"l{l}.{m}.b", p[f"l{l}_{m}_b"]))
            for ln in ("aln", "oln"):
                records.append((f"l{l}.{ln}.w", p[f"l{l}_{ln}_w"]))
                records.append((f"l{l}.{ln}.b", p[f"l{l}_{ln}_b"]))
        with open(path + ".part", "wb") as f:
            f.write(ADAPTER_MAGIC)
            f.write(struct.pack("<II", rank, len(records)))
            for name, tensor in records:
                a = tensor.detach().contiguous().numpy().astype("<f4")
                nb = name.encode()
                f.write(struct.pack("<H", len(nb)) + nb)
                f.write(struct.pack("<B", a.ndim) + struct.pack(f"<{a.ndim}I", *a.shape))
                f.write(a.tobytes())
        os.replace(path + ".part", path)


# --- data -------------------------------------------------------------------------------------


def tokens(frontdoor, set_path):
    out = subprocess.run(
        [frontdoor, "train", "tokens", "--set", set_path], check=True, capture_output=True, text=True
    ).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def batches(rows, size, shuffle_rng=None, max_len=64):
    """Length-bucketed batches (little padding); shuffled batch order when an rng is given."""
    order = sorted(range(len(rows)), key=lambda i: (len(rows[i]["ids"]), i))
    groups = [order[i : i + size] for i in range(0, len(order), size)]
    if shuffle_rng is not None:
        shuffle_rng.shuffle(groups)
    for g in groups:
        seqs = [rows[i]["ids"] for i in g]
        seqs = [s if len(s) <= max_len else s[: max_len - 1] + s[-1:] for s in seqs]
        n = max(len(s) for s in seqs)
        ids = torch.ones(len(seqs), n, dtype=torch.long)  # <pad> = 1, masked out anyway
        mask = torch.zeros(len(seqs), n)
        for r, s in enumerate(seqs):
            ids[r, : len(s)] = torch.tensor(s)
            mask[r, : len(s)] = 1
        yield g, ids, mask


def targets(rows, labels):
    need = torch.tensor([labels.index(r["need"]) for r in rows])
    crisis = torch.tensor([1.0 if r["crisis"] else 0.0 for r in rows])
    return need, crisis


def embed_all(enc, rows, size=64):
    out = torch.zeros(len(rows), enc.cfg["hidden"])
    with torch.no_grad():
        for g, ids, mask in batches(rows, size, max_len=512):
            out[g] = enc(ids, mask)
    return out


def macro_f1(gold, pred, k):
    f1s = []
    for c in range(k):
        tp = int(((pred == c) & (gold == c)).sum())
        fp = int(((pred == c) & (gold != c)).sum())
        fn = int(((pred != c) & (gold == c)).sum())
        if tp + fp + fn:
            f1s.append(2 * tp / (2 * tp + fp + fn))
    return sum(f1s) / len(f1s)


class Head(torch.nn.Module):
    """Need softmax + crisis logit over the (scaled) normalised embedding: the training signal.

    Discarded afterwards: `frontdoor train nlu` fits the shipped, calibrated head."""

    def __init__(self, dim, k):
        super().__init__()
        self.need = torch.nn.Linear(dim, k)
        self.crisis = torch.nn.Linear(dim, 1)

    def forward(self, e):
        e = e * 20.0
        return self.need(e), self.crisis(e).squeeze(-1)


def head_loss(head, e, need, crisis, crisis_weight):
    ln, lc = head(e)
    return F.cross_entropy(ln, need) + crisis_weight * F.binary_cross_entropy_with_logits(lc, crisis)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--frontdoor", default="target/debug/frontdoor", help="the frontdoor binary (for its tokenizer)")
    ap.add_argument("--model", default=os.environ.get("FRONTDOOR_MODEL_PATH"), help="e5-small-q4.bin")
    ap.add_argument("--train", default="eval-sets/nlu/train.jsonl")
    ap.add_argument("--dev", default="eval-sets/nlu/dev.jsonl")
    ap.add_argument("--out", default="nlu-models/weights/need-classifier.encoder.bin")
    ap.add_argument("--reference", default="nlu-models/tests/fixtures/encoder_adapter_reference.json")
    ap.add_argument("--rank", type=int, default=32)
    ap.add_argument("--alpha", type=float, default=64.0)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3, help="adapter learning rate")
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--crisis-weight", type=float, default=1.0)
    ap.add_argument("--max-tokens", type=int, default=64, help="training truncation (inference keeps 512)")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if not args.model:
        sys.exit("--model or FRONTDOOR_MODEL_PATH: the e5-small-q4.bin file (`frontdoor models fetch`)")
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)

    t0 = time.time()
    cfg, w = read_model(args.model)
    train, dev = tokens(args.frontdoor, args.train), tokens(args.frontdoor, args.dev)
    labels = sorted({r["need"] for r in train})
    print(f"model and {len(train)} train / {len(dev)} dev messages read in {time.time() - t0:.0f} s", flush=True)

    enc = Encoder(cfg, w, args.rank, args.alpha)
    del w
    head = Head(cfg["hidden"], len(labels))
    tr_need, tr_crisis = targets(train, labels)
    dv_need, _ = targets(dev, labels)

    # 1. The head alone on the frozen embeddings, so the encoder starts with a useful signal.
    base_tr, base_dv = embed_all(enc, train), embed_all(enc, dev)
    opt = torch.optim.Adam(head.parameters(), lr=1e-2)
    for _ in range(300):
        opt.zero_grad()
        head_loss(head, base_tr, tr_need, tr_crisis, args.crisis_weight).backward()
        opt.step()
    with torch.no_grad():
        f1 = macro_f1(dv_need, head(base_dv)[0].argmax(1), len(labels))
    print(f"frozen encoder: dev macro-F1 {f1:.3f} ({time.time() - t0:.0f} s)", flush=True)

    # 2. Adapters and head together.
    opt = torch.optim.AdamW(
        [
            {"params": list(enc.trained.parameters()), "lr": args.lr, "weight_decay": 0.0},
            {"params": list(head.parameters()), "lr": args.head_lr, "weight_decay": 0.0},
        ]
    )
    steps = args.epochs * math.ceil(len(train) / args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 20) * max(0.0, 1 - s / steps))
    step = 0
    for epoch in range(args.epochs):
        enc.train()
        total = 0.0
        for g, ids, mask in batches(train, args.batch, rng, args.max_tokens):
            e = enc(ids, mask)
            loss = head_loss(head, e, tr_need[g], tr_crisis[g], args.crisis_weight)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(g)
            step += 1
            if step % 20 == 0:
                print(f"  step {step}/{steps} loss {loss.item():.3f} ({time.time() - t0:.0f} s)", flush=True)
        with torch.no_grad():
            f1 = macro_f1(dv_need, head(embed_all(enc, dev))[0].argmax(1), len(labels))
        print(f"epoch {epoch + 1}: train loss {total / len(train):.3f}, dev macro-F1 {f1:.3f} ({time.time() - t0:.0f} s)", flush=True)

    enc.export(args.out, args.rank)
    print(f"adapter written to {args.out} ({os.path.getsize(args.out)} bytes); now run `frontdoor train nlu`")
    write_reference(enc, args)


REFERENCE_SENTENCES = [
    "we have no food left and payday is next week",
    "j'ai perdu mon logement, je dors dans mon char",
    "necesito ayuda para pagar la luz",
    "أريد أن أنهي حياتي الليلة",
    "我需要找一个家庭医生",
]


def write_reference(enc, args):
    """PyTorch's embeddings of a few sentences under the adapter, for the Rust test that checks
    `E5Embedder::adapt` computes the same encoder (nlu-models/tests/encoder_adapter.rs)."""
    import hashlib
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for t in REFERENCE_SENTENCES:
            f.write(json.dumps({"text": t, "need": "other"}) + "\n")
    rows = tokens(args.frontdoor, f.name)
    os.unlink(f.name)
    vectors = embed_all(enc, rows)
    with open(args.out, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    ref = {
        "produced_by": "nlu-models/train/finetune_encoder.py (PyTorch forward of the adapted encoder, f32)",
        "adapter_sha256": sha,
        "sentences": REFERENCE_SENTENCES,
        "vectors": [[round(float(v), 6) for v in row] for row in vectors],
    }
    path = args.reference
    with open(path, "w") as f:
        json.dump(ref, f, ensure_ascii=False)
        f.write("\n")
    print(f"reference embeddings written to {path}")


if __name__ == "__main__":
    main()
