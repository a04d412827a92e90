// Finding the files jobbert ships with and the models it uses: the default model, the `esco`
// taxonomy, pulled models.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace jobbert::cli {

/** Directory of the running executable (/proc/self/exe), empty if unknown. */
std::filesystem::path executable_dir();

/**
 * Places where a file shipped with jobbert may be, most specific first: next to the executable
 * (<exe dir>/<relative>), in an install tree (<exe dir>/../share/jobbert/<relative>), and in the
 * source tree the executable was built from (JOBBERT_SOURCE_DIR/<relative>).
 */
std::vector<std::filesystem::path> shipped_candidates(const std::filesystem::path& relative);

/** Where `jobbert pull` puts models by default: <cache dir>/models (see default_cache_dir). */
std::filesystem::path default_models_dir();

/** A model directory and how it was chosen. */
struct ResolvedModel {
    std::filesystem::path dir;
    std::string source;  ///< "-m", "JOBBERT_MODEL" or "default"
};

/**
 * The model to use. `option` (-m) if given, else env JOBBERT_MODEL, else the shipped default
 * `models/default`. A value that is not a directory but names a pulled model ("owner/name" in
 * default_models_dir()) resolves to that. Throws ModelError when nothing is found.
 */
ResolvedModel resolve_model(const std::string& option);

/**
 * A taxonomy file: "esco" resolves to the shipped data/esco/occupations_en.tsv; anything else
 * is a path. Throws InputError when "esco" is not installed.
 */
std::filesystem::path resolve_taxonomy(const std::string& name_or_path);

}  // namespace jobbert::cli
