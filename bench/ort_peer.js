// ONNX Runtime peer of the benchmark (npm onnxruntime-node, CPU execution provider).
// Runs an ONNX export (bench/export_onnx.py) the way sentence-transformers batches: sequences
// sorted by length (longest first), cut into batches of B, each padded to its longest sequence
// with <pad> (id 1) and attention mask 0. All graph optimisations, intra-op threads as given.
//
// usage: node ort_peer.js MODEL.onnx IDS.jsonl OUT.json --threads 2 --batches 1,8,32,128
//        [--latency N] [--repeat R] [--embeddings EMB.f32]
// IDS.jsonl: one JSON array of token ids per line. OUT.json: {load_s, batch: {B: texts_per_s},
// best, best_batch, latency: {p50_ms, p99_ms} (each of the first N texts alone, after a warm-up
// pass), peak_rss_mb}. EMB.f32: [n, dim] float32 rows in input order (batch 32).
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

function arg(name, dflt) {
  const i = process.argv.indexOf('--' + name);
  return i > 0 ? process.argv[i + 1] : dflt;
}

function makeBatch(seqs) {
  const T = Math.max(...seqs.map((s) => s.length));
  const ids = new BigInt64Array(seqs.length * T).fill(1n);
  const mask = new BigInt64Array(seqs.length * T);
  seqs.forEach((s, b) => s.forEach((id, t) => { ids[b * T + t] = BigInt(id); mask[b * T + t] = 1n; }));
  return { input_ids: new ort.Tensor('int64', ids, [seqs.length, T]),
           attention_mask: new ort.Tensor('int64', mask, [seqs.length, T]) };
}

// Encodes all sequences in batches of B (sorted longest first); returns [n][dim] in input order.
async function encodeAll(session, seqs, B) {
  const order = seqs.map((s, i) => i).sort((a, b) => seqs[b].length - seqs[a].length || a - b);
  const out = new Array(seqs.length);
  for (let i = 0; i < order.length; i += B) {
    const idx = order.slice(i, i + B);
    const r = await session.run(makeBatch(idx.map((j) => seqs[j])));
    const e = r.embedding, dim = e.dims[1];
    idx.forEach((j, b) => { out[j] = e.data.subarray(b * dim, (b + 1) * dim); });
  }
  return out;
}

function now() { return Number(process.hrtime.bigint()) / 1e9; }

async function main() {
  const [model, idsPath, outPath] = process.argv.slice(2, 5);
  const threads = parseInt(arg('threads', '2'), 10);
  const batches = arg('batches', '1,8,32,128').split(',').map(Number);
  const nLatency = parseInt(arg('latency', '200'), 10);
  const repeat = parseInt(arg('repeat', '1'), 10);
  const seqs = fs.readFileSync(idsPath, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

  const t0 = now();
  const session = await ort.InferenceSession.create(model, {
    graphOptimizationLevel: 'all', intraOpNumThreads: threads, interOpNumThreads: 1,
    executionMode: 'sequential' });
  const loadS = now() - t0;
  await encodeAll(session, seqs.slice(0, 64), 32);  // warm-up
  const result = { engine: 'onnxruntime', version: require('onnxruntime-node/package.json').version,
                   load_s: loadS, threads, batch: {}, n: seqs.length };
  for (const B of batches) {
    let best = Infinity;
    for (let r = 0; r < repeat; ++r) {
      const t = now();
      await encodeAll(session, seqs, B);
      best = Math.min(best, now() - t);
    }
    result.batch[B] = seqs.length / best;
    process.stderr.write(`  ort batch ${B}: ${result.batch[B].toFixed(1)} texts/s\n`);
  }
  result.best_batch = Object.keys(result.batch).reduce((a, b) => (result.batch[a] >= result.batch[b] ? a : b));
  result.best = result.batch[result.best_batch];
  let lat = [];
  for (let pass = 0; pass < 2; ++pass) {  // the first pass is a warm-up
    lat = [];
    for (let i = 0; i < Math.min(nLatency, seqs.length); ++i) {
      const t = now();
      await session.run(makeBatch([seqs[i]]));
      lat.push((now() - t) * 1e3);
    }
  }
  lat.sort((a, b) => a - b);
  const pick = (p) => lat[Math.min(lat.length - 1, Math.floor(p / 100 * (lat.length - 1) + 0.5))];
  result.latency = { p50_ms: pick(50), p99_ms: pick(99), n: lat.length };
  const emb = arg('embeddings', '');
  if (emb) {
    const rows = await encodeAll(session, seqs, 32);
    const buf = new Float32Array(rows.length * rows[0].length);
    rows.forEach((r, i) => buf.set(r, i * r.length));
    fs.writeFileSync(emb, Buffer.from(buf.buffer));
  }
  result.peak_rss_mb = process.resourceUsage().maxRSS / 1024;
  fs.writeFileSync(outPath, JSON.stringify(result, null, 1));
}

main().catch((e) => { console.error(e); process.exit(1); });
