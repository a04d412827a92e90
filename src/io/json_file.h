// Reading the model directory's JSON files with one-line errors that name the file and key.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace jobbert::io {

/// JSON with object keys kept in file order (route order matters: the first route is a default).
using Json = nlohmann::ordered_json;

/**
 * Parses a JSON file. Throws ModelError("<file>: cannot read") or
 * ModelError("<file>: invalid JSON: <parser message with line and column>").
 */
Json read_json_file(const std::filesystem::path& path);

/** obj[key] as T; ModelError("<file>: key 'key' is missing" / "... must be <kind>") if not. */
template <class T>
T required(const Json& obj, const std::string& key, const std::filesystem::path& file);

/** obj[key] as T if present and not null, else `fallback`; ModelError on a wrong type. */
template <class T>
T optional(const Json& obj, const std::string& key, const T& fallback, const std::filesystem::path& file);

}  // namespace jobbert::io
