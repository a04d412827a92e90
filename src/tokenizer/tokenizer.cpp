// jobbert::Tokenizer: the public API over TokenizerImpl, and the encode pipeline
// (HF TokenizerImpl::encode_single_sequence + post_process with truncation).
#include "jobbert/tokenizer.h"

#include <fstream>
#include <sstream>

#include "jobbert/error.h"
#include "jobbert/text.h"
#include "tokenizer/tokenizer_impl.h"

namespace jobbert {
namespace detail {

void TokenizerImpl::encode(std::string_view text, std::size_t max_length, std::vector<std::int32_t>& ids,
                           std::vector<std::string>* tokens) const {
    check_utf8(text);
    ids.clear();
    if (tokens) tokens->clear();
    const std::size_t n_special = post_processor ? post_processor->added_tokens() : 0;
    const std::size_t limit = max_length > 0 ? max_length : default_max_length;
    if (limit > 0 && limit < n_special)
        throw InputError("max_length " + std::to_string(limit) + " is smaller than the number of special tokens (" +
                         std::to_string(n_special) + ")");

    thread_local std::vector<Piece> pieces;
    added.extract_and_normalize(text, normalizer.get(), pieces);
    if (pre_tokenizer) pre_tokenizer->pre_tokenize(pieces);
    const std::size_t content_max = limit > 0 ? limit - n_special : static_cast<std::size_t>(-1);
    for (const Piece& p : pieces) {
        if (ids.size() >= content_max) break;  // truncation keeps the first tokens only
        if (p.added_id >= 0) {
            ids.push_back(p.added_id);
            if (tokens) tokens->push_back(p.ns.get());
        } else {
            model.tokenize(p.ns.get(), ids, tokens);
        }
    }
    if (ids.size() > content_max) {
        ids.resize(content_max);
        if (tokens) tokens->resize(content_max);
    }
    pieces.clear();
    if (pieces.capacity() > 4096) std::vector<Piece>().swap(pieces);  // no huge scratch per thread
    if (post_processor) post_processor->apply(ids, tokens);
}

}  // namespace detail

Tokenizer::Tokenizer(std::shared_ptr<const detail::TokenizerImpl> impl) : impl_(std::move(impl)) {}

Tokenizer Tokenizer::from_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ModelError(path.string() + ": cannot open file");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw ModelError(path.string() + ": read error");
    return from_json(ss.str(), path.string());
}

Tokenizer Tokenizer::from_json(std::string_view json, const std::string& origin) {
    return Tokenizer(detail::TokenizerImpl::load(json, origin));
}

Encoding Tokenizer::encode(std::string_view text, std::size_t max_length) const {
    Encoding e;
    impl_->encode(text, max_length, e.ids, &e.tokens);
    return e;
}

std::vector<int32_t> Tokenizer::encode_ids(std::string_view text, std::size_t max_length) const {
    std::vector<int32_t> ids;
    impl_->encode(text, max_length, ids, nullptr);
    return ids;
}

std::size_t Tokenizer::vocab_size() const {
    return impl_->vocab_size;
}

std::optional<int32_t> Tokenizer::token_to_id(std::string_view token) const {
    if (auto id = impl_->added.token_to_id(token)) return id;
    return impl_->model.token_to_id(token);
}

std::string Tokenizer::id_to_token(int32_t id) const {
    if (const std::string* s = impl_->added.id_to_token(id)) return *s;
    if (id >= 0 && static_cast<std::size_t>(id) < impl_->model.size()) return impl_->model.piece(id);
    throw InputError("token id " + std::to_string(id) + " is out of range");
}

}  // namespace jobbert
