// Encodes every text of IN.jsonl with Hugging Face tokenizers (npm tokenizers, the Rust library).
// usage: node hf_encode.js TOKENIZER.json MAX_LENGTH IN.jsonl OUT.jsonl
// OUT.jsonl: {"ids", "tokens"} without truncation, {"tids", "ttokens"} with setTruncation(MAX_LENGTH)
// (the reference's setting: longest_first, right, specials kept), or {"error"} per line.
'use strict';
const { Tokenizer } = require('tokenizers');
const fs = require('fs');
const [tokPath, maxLen, inPath, outPath] = process.argv.slice(2);
const full = Tokenizer.fromFile(tokPath);
const cut = Tokenizer.fromFile(tokPath);
cut.setTruncation(parseInt(maxLen, 10));
const texts = fs.readFileSync(inPath, 'utf8').split('\n').filter((l) => l.length).map((l) => JSON.parse(l));
(async () => {
  const out = [];
  const B = 256;
  for (let i = 0; i < texts.length; i += B) {
    const batch = texts.slice(i, i + B);
    let a, b;
    try {
      a = await full.encodeBatch(batch);
      b = await cut.encodeBatch(batch);
    } catch (e) {  // fall back to one text at a time to isolate the failing one
      a = []; b = [];
      for (const t of batch) {
        try { a.push(await full.encode(t)); b.push(await cut.encode(t)); } catch (e2) { a.push(String(e2)); b.push(null); }
      }
    }
    for (let k = 0; k < batch.length; k++) {
      if (typeof a[k] === 'string') { out.push(JSON.stringify({ error: a[k] })); continue; }
      out.push(JSON.stringify({
        ids: Array.from(a[k].getIds()), tokens: a[k].getTokens(),
        tids: Array.from(b[k].getIds()), ttokens: b[k].getTokens(),
      }));
    }
  }
  fs.writeFileSync(outPath, out.join('\n') + '\n');
})();
