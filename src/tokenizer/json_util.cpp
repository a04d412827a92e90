// JsonContext: tokenizer.json access with file/key context in every error.
#include "tokenizer/json_util.h"

#include "jobbert/error.h"

namespace jobbert::detail {

void JsonContext::fail(const std::string& msg) const {
    throw ModelError(origin_ + ": " + msg);
}

void JsonContext::unsupported_type(const std::string& kind, const std::string& type, const std::string& path) const {
    std::string msg = kind + " type '" + type + "' is not supported";
    if (path != kind) msg += " (at " + path + ")";
    fail(msg);
}

const nlohmann::json& JsonContext::required(const nlohmann::json& obj, const char* key, const std::string& path) const {
    if (!obj.is_object()) fail("'" + path + "' must be an object");
    const auto it = obj.find(key);
    if (it == obj.end()) fail("missing key '" + path + "." + key + "'");
    return *it;
}

std::string JsonContext::string_at(const nlohmann::json& obj, const char* key, const std::string& path) const {
    const auto& v = required(obj, key, path);
    if (!v.is_string()) fail("key '" + path + "." + key + "' must be a string");
    return v.get<std::string>();
}

bool JsonContext::bool_at(const nlohmann::json& obj, const char* key, const std::string& path, bool fallback) const {
    if (!obj.is_object()) fail("'" + path + "' must be an object");
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return fallback;
    if (!it->is_boolean()) fail("key '" + path + "." + key + "' must be a boolean");
    return it->get<bool>();
}

std::string JsonContext::type_of(const nlohmann::json& obj, const std::string& path) const {
    return string_at(obj, "type", path);
}

}  // namespace jobbert::detail
