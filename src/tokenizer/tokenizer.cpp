// jobbert::Tokenizer: ties the tokenizer.json pipeline together (stub, being implemented).
#include "jobbert/tokenizer.h"

#include <fstream>
#include <sstream>

#include "jobbert/error.h"
#include "jobbert/text.h"

namespace jobbert {
namespace detail {
struct TokenizerImpl {
    std::string origin;
};
}  // namespace detail

Tokenizer::Tokenizer(std::shared_ptr<const detail::TokenizerImpl> impl) : impl_(std::move(impl)) {}

Tokenizer Tokenizer::from_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ModelError(path.string() + ": cannot open file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return from_json(ss.str(), path.string());
}

Tokenizer Tokenizer::from_json(std::string_view json, const std::string& origin) {
    (void)json;
    auto impl = std::make_shared<detail::TokenizerImpl>();
    impl->origin = origin;
    return Tokenizer(std::move(impl));
}

Encoding Tokenizer::encode(std::string_view text, std::size_t max_length) const {
    check_utf8(text);
    (void)max_length;
    throw Error("Tokenizer::encode: not implemented yet");
}

std::vector<int32_t> Tokenizer::encode_ids(std::string_view text, std::size_t max_length) const {
    return encode(text, max_length).ids;
}

std::size_t Tokenizer::vocab_size() const { return 0; }

std::optional<int32_t> Tokenizer::token_to_id(std::string_view token) const {
    (void)token;
    return std::nullopt;
}

std::string Tokenizer::id_to_token(int32_t id) const {
    throw InputError("token id " + std::to_string(id) + " is out of range");
}

}  // namespace jobbert
