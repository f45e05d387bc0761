"""Independent decoder for the Java tokenizer tests: token ids -> text and per-token code point offsets.

Reads JSON {"format": "llama2c"|"gpt2"|"hf", "files": [...], "bos": id, "sequences": [[id, ...], ...]} on stdin,
writes [{"text": str, "offsets": [int, ...]}, ...]. Token bytes come straight from the vocabulary files;
UTF-8 decoding is Python's (errors="replace"). A token's offset is the index of the character holding its
first byte (for a token without bytes: where the next character will appear); for valid UTF-8 it equals
len() of the decoded prefix without a trailing incomplete character, which is asserted too.
"""
import codecs
import json
import re
import struct
import sys

BYTE_TOKEN = re.compile(r"^<0x([0-9A-Fa-f]{2})>$")


def llama2c_pieces(path):
    data = open(path, "rb").read()
    pos, pieces = 4, []
    while pos < len(data):
        _score, length = struct.unpack_from("<fi", data, pos)
        raw = data[pos + 8:pos + 8 + length]
        pos += 8 + length
        text = raw.decode("utf-8")
        match = BYTE_TOKEN.match(text)
        if text in ("\n<s>\n", "\n</s>\n"):
            pieces.append(b"")
        elif match:
            pieces.append(bytes([int(match.group(1), 16)]))
        else:
            pieces.append(raw)
    return pieces, True


def gpt2_byte_decoder():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(bs, cs)}


def byte_level_pieces(vocab, special):
    decoder = gpt2_byte_decoder()
    pieces = [b""] * (max(vocab.values()) + 1)
    for token, i in vocab.items():
        pieces[i] = b"" if token in special else bytes(decoder[c] for c in token)
    return pieces, False


def gpt2_pieces(path):
    return byte_level_pieces(json.load(open(path, encoding="utf-8")), {"<|endoftext|>"})


def hf_pieces(path):
    tj = json.load(open(path, encoding="utf-8"))
    vocab = dict(tj["model"]["vocab"])
    special = set()
    for t in tj["added_tokens"]:
        vocab[t["content"]] = t["id"]
        if t["special"]:
            special.add(t["content"])
    return byte_level_pieces(vocab, special)


def decode(ids, pieces, strip_after_bos, bos):
    chunks = []
    for i, token in enumerate(ids):
        b = pieces[token]
        if strip_after_bos and (i == 0 or ids[i - 1] == bos) and b.startswith(b" "):
            b = b[1:]
        chunks.append(b)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    length, offsets = 0, []
    for chunk in chunks:
        offset = length
        for j in range(len(chunk)):
            length += len(decoder.decode(chunk[j:j + 1]))
            if j == 0:
                offset = length if decoder.getstate()[0] else length - 1
        offsets.append(offset)
    whole = b"".join(chunks)
    text = whole.decode("utf-8", errors="replace")
    assert length + len(decoder.decode(b"", final=True)) == len(text)
    try:
        whole.decode("utf-8")
        prefix = b""
        for chunk, offset in zip(chunks, offsets):
            assert offset == len(prefix.decode("utf-8", errors="ignore")), (prefix, offset)
            prefix += chunk
    except UnicodeDecodeError:
        pass
    return {"text": text, "offsets": offsets}


def main():
    request = json.load(sys.stdin)
    loader = {"llama2c": llama2c_pieces, "gpt2": gpt2_pieces, "hf": hf_pieces}[request["format"]]
    pieces, strip = loader(*request["files"])
    json.dump([decode(ids, pieces, strip, request["bos"]) for ids in request["sequences"]], sys.stdout)


if __name__ == '__main__':
    main()
