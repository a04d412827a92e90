// Hugging Face tokenizers (npm tokenizers, the Rust library) throughput on the same texts as
// tokenizer_bench. Run with TOKENIZERS_PARALLELISM=false (bench/tokenizer_vs_hf.sh does).
// usage: node tokenizer_hf_bench.js TOKENIZER.json TEXTS.jsonl SKIP COUNT MAX_LENGTH REPEAT
// Prints one JSON object: encodeBatch over the whole set (best of REPEAT), encode() one text at a
// time, and the per-call overhead (encodeBatch / encode on one empty string).
'use strict';
const { Tokenizer } = require('tokenizers');
const fs = require('fs');
const [tokPath, textsPath, skip, count, maxLen, repeat] = process.argv.slice(2);
const texts = fs.readFileSync(textsPath, 'utf8').split('\n').filter((l) => l.length)
  .slice(parseInt(skip, 10), parseInt(skip, 10) + parseInt(count, 10)).map((l) => JSON.parse(l));
const now = () => Number(process.hrtime.bigint()) / 1e9;
(async () => {
  const t0 = now();
  const tok = Tokenizer.fromFile(tokPath);
  const loadS = now() - t0;
  if (parseInt(maxLen, 10) > 0) tok.setTruncation(parseInt(maxLen, 10));
  const R = parseInt(repeat, 10);
  let tokens = 0;
  for (const e of await tok.encodeBatch(texts)) tokens += e.getIds().length;  // warm-up
  let batchS = Infinity;
  for (let r = 0; r < R; r++) {
    const a = now();
    const out = await tok.encodeBatch(texts);
    for (const e of out) e.getIds();
    batchS = Math.min(batchS, now() - a);
  }
  let singleS = Infinity;
  for (let r = 0; r < R; r++) {
    const a = now();
    for (const t of texts) (await tok.encode(t)).getIds();
    singleS = Math.min(singleS, now() - a);
  }
  const K = 2000;
  let a = now();
  for (let i = 0; i < K; i++) (await tok.encodeBatch([''])).length;
  const batchCallUs = 1e6 * (now() - a) / K;
  a = now();
  for (let i = 0; i < K; i++) (await tok.encode('')).getIds();
  const encodeCallUs = 1e6 * (now() - a) / K;
  const n = texts.length;
  const stats = (s) => ({ seconds: s, texts_per_s: n / s, tokens_per_s: tokens / s, us_per_text: 1e6 * s / n });
  console.log(JSON.stringify({
    texts: n, tokens, load_s: loadS, encode_batch: stats(batchS), encode_one_by_one: stats(singleS),
    overhead_us: { encode_batch_one_empty_text: batchCallUs, encode_one_empty_text: encodeCallUs },
    parallelism: process.env.TOKENIZERS_PARALLELISM || '(unset)',
  }));
})();
