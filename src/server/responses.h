// jobbert serve: writing response bodies. Floats are written in the shortest form that reads
// back as the same float32 (std::to_chars), so a client parsing the JSON recovers the exact
// vector the library computed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "io/float_text.h"
#include "jobbert/matrix.h"

namespace jobbert::server {

using io::append_float;  // shortest round-trip form ("0.12345679", "-1e-07"); non-finite as null

/** Appends "[v0,v1,...]" for n floats. */
void append_float_array(std::string& out, const float* v, std::size_t n);

/** Standard base64 (RFC 4648, with padding) of `bytes`. */
std::string base64_encode(std::string_view bytes);

/** Base64 of n floats as little-endian IEEE-754 float32 bytes (what OpenAI's base64 format holds). */
std::string base64_floats(const float* v, std::size_t n);

/**
 * OpenAI's embeddings response: {"object": "list", "data": [{"object": "embedding", "index": i,
 * "embedding": [...] or "<base64>"}], "model": model, "usage": {"prompt_tokens": n,
 * "total_tokens": n}}; rows of `m` [n, dim] in order.
 */
std::string openai_embeddings_body(const Matrix& m, bool base64, const std::string& model, std::size_t prompt_tokens);

/** Text Embeddings Inference's /embed response: [[...], ...], one array per row of `m`. */
std::string tei_embed_body(const Matrix& m);

/** `s` as a JSON string literal (quotes included; invalid UTF-8 replaced by U+FFFD). */
std::string json_quote(std::string_view s);

}  // namespace jobbert::server
