// Current llama.cpp (node-llama-cpp's CPU prebuilt) as an independent reference for the Java engine tests.
//
//   node reference.mjs REQUEST.json
//
// REQUEST: {"model": "file.gguf", "threads": 2, "contextSize": 512,
//           "tokenize": ["text", ...],                 -> "tokens": [[id, ...], ...] (no BOS added, no special parsing)
//           "score": [[id, ...], ...], "out": "f.bin"} -> teacher-forced log-probabilities of every position
// The log-probabilities are written to `out` as little-endian float32, sequence after sequence, one row of
// `vocabSize` values per input position (the distribution of the token after it); a token that llama.cpp
// reports no probability for gets -Infinity. The reply, on stdout, is one JSON line:
//   {"vocabSize": n, "bos": id|null, "eos": id|null, "addBos": bool, "tokens": [...], "positions": [n, ...]}
// llama.cpp's context keeps its defaults (F16 KV cache); no sampling options are passed, so the probabilities
// are the plain softmax of the logits.
import fs from "node:fs";
import {getLlama, LlamaLogLevel} from "node-llama-cpp";

const request = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const llama = await getLlama({gpu: false, build: "never", logLevel: LlamaLogLevel.error, progressLogs: false});
const model = await llama.loadModel({modelPath: request.model, gpuLayers: 0});
const vocabSize = model.fileInfo.metadata.tokenizer?.ggml?.tokens?.length
    ?? model.fileInfo.tensorInfo.find(t => t.name === "token_embd.weight").dimensions[1];

const reply = {
    vocabSize,
    bos: model.tokens.bos ?? null,
    eos: model.tokens.eos ?? null,
    addBos: model.tokens.shouldPrependBosToken ?? null,
};
if (request.tokenize) reply.tokens = request.tokenize.map(text => Array.from(model.tokenize(text, false)));

if (request.score) {
    const longest = Math.max(...request.score.map(s => s.length));
    const context = await model.createContext({
        contextSize: request.contextSize ?? Math.max(64, longest + 8),
        threads: request.threads ?? 2,
        batchSize: Math.max(8, longest),
        sequences: 1,
    });
    const out = fs.openSync(request.out, "w");
    reply.positions = [];
    const sequence = context.getSequence();
    for (const tokens of request.score) {
        await sequence.clearHistory();
        const results = await sequence.controlledEvaluate(tokens.map(t => [t, {generateNext: {probabilities: true}}]));
        const rows = new Float32Array(tokens.length * vocabSize).fill(-Infinity);
        results.forEach((result, position) => {
            for (const [token, p] of result.next.probabilities) rows[position * vocabSize + token] = Math.log(p);
        });
        fs.writeSync(out, Buffer.from(rows.buffer));
        reply.positions.push(tokens.length);
    }
    fs.closeSync(out);
    await context.dispose();
}
await model.dispose();
await llama.dispose();
process.stdout.write(JSON.stringify(reply) + "\n");
