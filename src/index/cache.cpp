// The on-disk cache of label indexes: where files go and when one is reused.
#include <cstdlib>

#include "index/hash.h"
#include "jobbert/error.h"
#include "jobbert/index.h"

namespace jobbert {

std::filesystem::path default_cache_dir() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && *xdg && std::filesystem::path(xdg).is_absolute()) return std::filesystem::path(xdg) / "jobbert";
    const char* home = std::getenv("HOME");
    if (home && *home) return std::filesystem::path(home) / ".cache" / "jobbert";
    return std::filesystem::temp_directory_path() / "jobbert-cache";
}

std::filesystem::path index_cache_path(const std::filesystem::path& cache_dir, const IndexKey& key) {
    const std::string digest = index::sha256_hex(key.metric + '\x1F' + key.route + '\x1F' + key.model_fingerprint +
                                                 '\x1F' + key.taxonomy_checksum);
    return cache_dir / ("label-index-" + digest.substr(0, 24) + ".bin");
}

LabelIndex load_or_build_index(const Model& model, const Taxonomy& taxonomy, std::string_view route,
                               const std::filesystem::path& cache_dir, bool rebuild,
                               const IndexBuildOptions& options, IndexOrigin* origin,
                               const std::function<void(const std::string&)>& warning) {
    IndexKey key;
    key.route = model.resolve_route(route);
    key.model_fingerprint = model_fingerprint(model.info().path);
    key.taxonomy_checksum = taxonomy.checksum();
    const std::filesystem::path file = cache_dir.empty() ? std::filesystem::path() : index_cache_path(cache_dir, key);
    if (!file.empty() && !rebuild && std::filesystem::exists(file)) {
        try {
            LabelIndex cached = LabelIndex::read(file);
            if (cached.key() == key && cached.size() == taxonomy.labels().size() &&
                cached.dim() == model.dim(key.route)) {
                if (origin) *origin = IndexOrigin::cache;
                return cached;
            }
            if (warning) warning(file.string() + ": cached index does not match its name; rebuilding");
        } catch (const Error& e) {
            if (warning) warning(std::string(e.what()) + "; rebuilding");
        }
    }
    LabelIndex built = LabelIndex::build(model, taxonomy, key.route, options);
    if (origin) *origin = IndexOrigin::built;
    if (!file.empty()) {
        try {
            built.write(file);
        } catch (const Error& e) {
            if (warning) warning(std::string("cannot cache the label index: ") + e.what());
        }
    }
    return built;
}

}  // namespace jobbert
