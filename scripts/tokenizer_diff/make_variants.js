// Writes extra tokenizer.json variants for the differential test: the fixture vocabularies with
// block combinations and options the five fixtures do not use (Metaspace first/never/no split,
// Strip left, Lowercase before Precompiled, Prepend, normalized / single_word / rstrip added
// tokens, multi-token templates, the legacy add_prefix_space key).
// usage: node make_variants.js FIXTURES_DIR OUT_DIR      prints "name max_length" per variant
'use strict';
const fs = require('fs');
const path = require('path');

const [fixtures, out] = process.argv.slice(2);
const load = (name) => JSON.parse(fs.readFileSync(path.join(fixtures, name, 'tokenizer.json'), 'utf8'));
const base = load('tiny-asym-f32');
const bf = load('tiny-bytefallback');
const precompiled = base.normalizer.normalizers[0];
const added = (id, content, o = {}) => ({
  id, content, single_word: !!o.single_word, lstrip: !!o.lstrip, rstrip: !!o.rstrip,
  normalized: !!o.normalized, special: o.special !== false,
});
const specials = [added(0, '<s>'), added(1, '<pad>'), added(2, '</s>'), added(3, '<unk>')];
const meta = (scheme, split = true) => ({ type: 'Metaspace', replacement: '\u2581', prepend_scheme: scheme, split });
const roberta = { type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0], trim_offsets: true, add_prefix_space: true };

const variants = {
  'v-first-strip': {
    normalizer: { type: 'Sequence', normalizers: [precompiled, { type: 'Strip', strip_left: true, strip_right: true },
      { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }] },
    pre_tokenizer: meta('first'),
    added_tokens: [...specials, added(8001, '<mask>', { lstrip: true, rstrip: true }),
      added(8002, 'Engineer', { single_word: true, normalized: true, special: false })],
  },
  'v-nfc-lower-never': {
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Lowercase' },
      { type: 'Replace', pattern: { String: ' ' }, content: '\u2581' }] },
    pre_tokenizer: meta('never'),
    post_processor: roberta,
  },
  'v-nfkc-first-nosplit': {
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' },
      { type: 'Replace', pattern: { Regex: '[0-9]+' }, content: '0' }, { type: 'Strip', strip_left: true, strip_right: false }] },
    pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' }, meta('first', false)] },
  },
  'v-lower-precompiled-prepend': {
    normalizer: { type: 'Sequence', normalizers: [{ type: 'Lowercase' }, precompiled, { type: 'Prepend', prepend: '\u2581' }] },
    pre_tokenizer: meta('first'),
    added_tokens: [...specials, added(8001, '<mask>', { normalized: true })],
  },
  'v-raw-bytefallback': {
    base: bf,
    normalizer: null,
    pre_tokenizer: { type: 'Metaspace', replacement: '\u2581', add_prefix_space: true },
    added_tokens: [...specials, added(bf.model.vocab.length - 1, '<mask>', { rstrip: true, single_word: true })],
  },
  'v-template-multi': {
    post_processor: { type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { SpecialToken: { id: 'X', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [], special_tokens: { '<s>': { id: '<s>', ids: [0], tokens: ['<s>'] },
        'X': { id: 'X', ids: [1, 3], tokens: ['<pad>', '<unk>'] }, '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] } } },
  },
};

fs.mkdirSync(out, { recursive: true });
for (const [name, v] of Object.entries(variants)) {
  const t = JSON.parse(JSON.stringify(v.base || base));
  for (const k of ['normalizer', 'pre_tokenizer', 'post_processor', 'added_tokens'])
    if (k in v) t[k] = v[k];
  fs.mkdirSync(path.join(out, name), { recursive: true });
  fs.writeFileSync(path.join(out, name, 'tokenizer.json'), JSON.stringify(t));
  console.log(`${name} 16`);
}
