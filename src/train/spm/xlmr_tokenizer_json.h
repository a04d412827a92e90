// Writes a SentencePiece Unigram model as an XLM-R tokenizer.json, laid out as transformers'
// XLMRobertaConverter does: fairseq ids (<s>=0 <pad>=1 </s>=2 <unk>=3, SentencePiece piece
// i -> id i+1 for i >= 3, <mask> last), normalizer Sequence[Precompiled(charsmap),
// Replace(" {2,}" -> " ")], pre-tokenizer Sequence[WhitespaceSplit, Metaspace(always, split)],
// post-processor TemplateProcessing "<s> $A </s>", decoder Metaspace.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "protobuf_wire.h"

namespace jobbert::spm {

/** Standard base64 (RFC 4648, with padding). */
std::string base64(const std::string& bytes);

/**
 * The tokenizer.json document. Expects pieces 0..2 to be <unk>, <s>, </s> (SentencePiece's
 * defaults); throws std::runtime_error otherwise or when the charsmap is missing.
 */
nlohmann::ordered_json xlmr_tokenizer_json(const ModelProtoView& model);

}  // namespace jobbert::spm
