#include "locate.h"

#include <unistd.h>

#include <cstdlib>

#include "jobbert/error.h"
#include "jobbert/index.h"

#ifndef JOBBERT_SOURCE_DIR
#define JOBBERT_SOURCE_DIR ""
#endif

namespace jobbert::cli {

namespace fs = std::filesystem;

fs::path executable_dir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

std::vector<fs::path> shipped_candidates(const fs::path& relative) {
    std::vector<fs::path> out;
    const fs::path exe = executable_dir();
    if (!exe.empty()) {
        out.push_back(exe / relative);
        out.push_back((exe / ".." / "share" / "jobbert" / relative).lexically_normal());
    }
    const std::string source = JOBBERT_SOURCE_DIR;
    if (!source.empty()) out.push_back(fs::path(source) / relative);
    return out;
}

fs::path default_models_dir() { return default_cache_dir() / "models"; }

namespace {

std::string list(const std::vector<fs::path>& paths) {
    std::string s;
    for (const auto& p : paths) s += (s.empty() ? "" : ", ") + p.string();
    return s;
}

ResolvedModel named(const std::string& value, const std::string& source) {
    if (fs::is_directory(value)) return {value, source};
    const fs::path pulled = default_models_dir() / value;
    if (fs::path(value).is_relative() && fs::is_directory(pulled)) return {pulled, source};
    throw ModelError(value + ": no such model directory" +
                     (fs::path(value).is_relative() ? " (nor a pulled model in " + default_models_dir().string() +
                                                          "; run `jobbert pull " + value + "`)"
                                                    : std::string()) +
                     (source == "JOBBERT_MODEL" ? " (from JOBBERT_MODEL)" : ""));
}

}  // namespace

ResolvedModel resolve_model(const std::string& option) {
    if (!option.empty()) return named(option, "-m");
    if (const char* env = std::getenv("JOBBERT_MODEL"); env && *env) return named(env, "JOBBERT_MODEL");
    const auto candidates = shipped_candidates(fs::path("models") / "default");
    for (const auto& c : candidates)
        if (fs::is_directory(c)) return {c, "default"};
    throw ModelError("no model given (-m MODEL or JOBBERT_MODEL) and no default model found (looked in " +
                     list(candidates) + ")");
}

fs::path resolve_taxonomy(const std::string& name_or_path) {
    if (name_or_path != "esco") return name_or_path;
    const auto candidates = shipped_candidates(fs::path("data") / "esco" / "occupations_en.tsv");
    for (const auto& c : candidates)
        if (fs::is_regular_file(c)) return c;
    if (fs::is_regular_file(name_or_path)) return name_or_path;
    throw InputError("the ESCO taxonomy is not installed (looked in " + list(candidates) + ")");
}

}  // namespace jobbert::cli
