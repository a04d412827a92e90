#include "io/json_file.h"

#include <fstream>
#include <sstream>

#include "jobbert/error.h"

namespace jobbert::io {

namespace {

template <class T>
constexpr const char* kind_name() {
    if constexpr (std::is_same_v<T, bool>) return "a boolean";
    else if constexpr (std::is_same_v<T, std::string>) return "a string";
    else if constexpr (std::is_floating_point_v<T>) return "a number";
    else if constexpr (std::is_integral_v<T>) return "an integer";
    else return "an object or array";
}

template <class T>
bool has_kind(const Json& v) {
    if constexpr (std::is_same_v<T, bool>) return v.is_boolean();
    else if constexpr (std::is_same_v<T, std::string>) return v.is_string();
    else if constexpr (std::is_floating_point_v<T>) return v.is_number();
    else if constexpr (std::is_unsigned_v<T>) return v.is_number_unsigned();
    else if constexpr (std::is_integral_v<T>) return v.is_number_integer();
    else return v.is_structured();
}

template <class T>
T convert(const Json& obj, const std::string& key, const std::filesystem::path& file) {
    const Json& v = obj.at(key);
    if (!has_kind<T>(v))
        throw ModelError(file.string() + ": key '" + key + "' must be " + kind_name<T>() + ", got " + v.dump());
    return v.get<T>();
}

}  // namespace

Json read_json_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ModelError(path.string() + ": cannot read (missing file?)");
    std::stringstream ss;
    ss << in.rdbuf();
    try {
        return Json::parse(ss.str());
    } catch (const nlohmann::json::parse_error& e) {
        std::string msg = e.what();
        if (auto p = msg.find("parse error"); p != std::string::npos) msg = msg.substr(p);
        throw ModelError(path.string() + ": invalid JSON: " + msg);
    }
}

template <class T>
T required(const Json& obj, const std::string& key, const std::filesystem::path& file) {
    if (!obj.is_object()) throw ModelError(file.string() + ": expected a JSON object");
    if (!obj.contains(key)) throw ModelError(file.string() + ": key '" + key + "' is missing");
    return convert<T>(obj, key, file);
}

template <class T>
T optional(const Json& obj, const std::string& key, const T& fallback, const std::filesystem::path& file) {
    if (!obj.is_object()) throw ModelError(file.string() + ": expected a JSON object");
    if (!obj.contains(key) || obj.at(key).is_null()) return fallback;
    return convert<T>(obj, key, file);
}

template bool required<bool>(const Json&, const std::string&, const std::filesystem::path&);
template int64_t required<int64_t>(const Json&, const std::string&, const std::filesystem::path&);
template uint64_t required<uint64_t>(const Json&, const std::string&, const std::filesystem::path&);
template double required<double>(const Json&, const std::string&, const std::filesystem::path&);
template std::string required<std::string>(const Json&, const std::string&, const std::filesystem::path&);
template Json required<Json>(const Json&, const std::string&, const std::filesystem::path&);
template bool optional<bool>(const Json&, const std::string&, const bool&, const std::filesystem::path&);
template int64_t optional<int64_t>(const Json&, const std::string&, const int64_t&, const std::filesystem::path&);
template uint64_t optional<uint64_t>(const Json&, const std::string&, const uint64_t&, const std::filesystem::path&);
template double optional<double>(const Json&, const std::string&, const double&, const std::filesystem::path&);
template std::string optional<std::string>(const Json&, const std::string&, const std::string&,
                                           const std::filesystem::path&);
template Json optional<Json>(const Json&, const std::string&, const Json&, const std::filesystem::path&);

}  // namespace jobbert::io
