// Reading tokenizer.json with error messages that name the file and the key at fault.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace jobbert::detail {

/**
 * Error context for one tokenizer.json document. Every failure is a jobbert::ModelError whose
 * message starts with the origin (file path or "tokenizer.json"), e.g.
 * "tokenizer.json: normalizer type 'BertNormalizer' is not supported".
 */
class JsonContext {
public:
    explicit JsonContext(std::string origin) : origin_(std::move(origin)) {}
    const std::string& origin() const noexcept { return origin_; }

    /** Throws ModelError("<origin>: <msg>"). */
    [[noreturn]] void fail(const std::string& msg) const;

    /**
     * Throws "<origin>: <kind> type '<type>' is not supported", followed by " (at <path>)" when
     * the block is nested (path != kind).
     */
    [[noreturn]] void unsupported_type(const std::string& kind, const std::string& type, const std::string& path) const;

    /** The member `key` of object `obj` (at `path`), which must exist. */
    const nlohmann::json& required(const nlohmann::json& obj, const char* key, const std::string& path) const;
    /** Required string member. */
    std::string string_at(const nlohmann::json& obj, const char* key, const std::string& path) const;
    /** Optional bool member (absent or null -> `fallback`). */
    bool bool_at(const nlohmann::json& obj, const char* key, const std::string& path, bool fallback) const;
    /** The "type" string of block `obj` at `path` (which must be an object). */
    std::string type_of(const nlohmann::json& obj, const std::string& path) const;

private:
    std::string origin_;
};

}  // namespace jobbert::detail
