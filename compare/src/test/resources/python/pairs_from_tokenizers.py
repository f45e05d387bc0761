#!/usr/bin/env python3
"""Independent reference for position alignment across two tokenizers: re-derives every step's code-point span from
the token ids in each trace.json and the tokenizer's own llama2.c file (pieces and <0xHH> byte tokens decoded here,
not taken from the capture), checks the decoded text equals TEXT, then runs the documented greedy sweep
(docs/compare.md, "Alignment") and prints the result as JSON:
{"spans_a": [[start, end], ...], "spans_b": ..., "pieces_a": [decoded text of each step], "pieces_b": ...,
 "vocab_a": [each step's piece as the tokenizer file stores it], "vocab_b": ...,
 "pairs": [[i, j], ...], "mismatches": [{"step_a"|"step_b": k, "reason": r}, ...]}.
Usage: pairs_from_tokenizers.py TRACE_A TOKENIZER_A TRACE_B TOKENIZER_B TEXT. Exits 1 with a message on a failed check."""
import json
import re
import struct
import sys

BYTE_PIECE = re.compile(rb"<0x([0-9A-Fa-f]{2})>")


def fail(msg):
    print("MISMATCH: " + msg)
    sys.exit(1)


def read_llama2c_tokenizer(path):
    """llama2.c tokenizer.bin: int32 max_token_length, then per token float32 score, int32 length, bytes."""
    with open(path, "rb") as f:
        data = f.read()
    pos, pieces = 4, []
    while pos < len(data):
        _score, n = struct.unpack_from("<fi", data, pos)
        pos += 8
        pieces.append(data[pos:pos + n])
        pos += n
    return pieces


def token_bytes(pieces, token_id):
    piece = pieces[token_id]
    m = BYTE_PIECE.fullmatch(piece)
    return bytes([int(m.group(1), 16)]) if m else piece


def spans(trace_path, tokenizer_path, text):
    with open(trace_path) as f:
        trace = json.load(f)
    pieces = read_llama2c_tokenizer(tokenizer_path)
    ids = [s["token_id"] for s in trace["steps"]]
    chunks = [token_bytes(pieces, t) for t in ids]
    # SentencePiece's dummy prefix: the first piece carries a space that is not part of TEXT; decoding drops it
    # (as llama2.c does for the piece after BOS).
    if chunks and chunks[0].startswith(b" "):
        chunks[0] = chunks[0][1:]
    decoded = b"".join(chunks).decode("utf-8")
    if decoded != text:
        fail(f"{trace_path}: tokens decode to {decoded!r}, not {text!r}")
    # A step starts after the complete characters of the bytes before it (a split character starts where it appears).
    starts, prefix = [], b""
    for c in chunks:
        starts.append(len(prefix.decode("utf-8", errors="ignore")))
        prefix += c
    end = len(decoded)
    out = [(s, max(starts[i + 1] if i + 1 < len(starts) else end, s + 1)) for i, s in enumerate(starts)]
    offsets = [s["decoded_text_offset"] for s in trace["steps"]]
    if offsets != starts:
        fail(f"{trace_path}: decoded_text_offset {offsets} != re-derived {starts}")
    return out, [c.decode("utf-8", errors="replace") for c in chunks], [pieces[t].decode("utf-8") for t in ids]


def sweep(sa, sb):
    pairs, mism, i, j = [], [], 0, 0
    while i < len(sa) and j < len(sb):
        (a0, a1), (b0, b1) = sa[i], sb[j]
        if a0 == b0 or max(a0, b0) < min(a1, b1):
            pairs.append([i, j]); i += 1; j += 1
        elif a1 <= b0:
            mism.append({"step_a": i, "reason": "offset_gap"}); i += 1
        else:
            mism.append({"step_b": j, "reason": "offset_gap"}); j += 1
    mism += [{"step_a": k, "reason": "trailing_steps_in_a"} for k in range(i, len(sa))]
    mism += [{"step_b": k, "reason": "trailing_steps_in_b"} for k in range(j, len(sb))]
    return pairs, mism


def main():
    trace_a, tok_a, trace_b, tok_b, text = sys.argv[1:6]
    sa, pa, na = spans(trace_a, tok_a, text)
    sb, pb, nb = spans(trace_b, tok_b, text)
    pairs, mism = sweep(sa, sb)
    print(json.dumps({"spans_a": sa, "spans_b": sb, "pieces_a": pa, "pieces_b": pb,
                      "vocab_a": na, "vocab_b": nb, "pairs": pairs,
                      "mismatches": mism}, ensure_ascii=False))


if __name__ == "__main__":
    main()
