// Test helpers: fixture paths, JSONL readers, temporary model directories, comparisons.
#pragma once

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <unistd.h>
#include <string>
#include <vector>

#include "io/npy.h"
#include "jobbert/matrix.h"

namespace jobbert::testing {

namespace fs = std::filesystem;

/** The five fixture models (random weights, JobBERT-v3 layout), see tests/fixtures/README.md. */
inline const std::vector<std::string>& fixture_models() {
    static const std::vector<std::string> names = {"tiny-asym-f32", "tiny-router-bf16", "tiny-legacy-f16",
                                                   "tiny-nfkc-roberta", "tiny-bytefallback"};
    return names;
}

inline fs::path fixtures() { return JOBBERT_FIXTURES; }
inline fs::path fixture_model(const std::string& name) { return fixtures() / name; }
inline fs::path golden_dir(const std::string& name) { return fixtures() / "golden" / name; }

/** gtest parameter name generator: "tiny-asym-f32" -> "tiny_asym_f32". */
struct FixtureName {
    template <class ParamInfo>
    std::string operator()(const ParamInfo& p) const {
        std::string n = p.param;
        for (auto& c : n)
            if (c == '-') c = '_';
        return n;
    }
};

/** Every line of a JSONL file parsed. */
inline std::vector<nlohmann::json> read_jsonl(const fs::path& path) {
    std::ifstream in(path);
    std::vector<nlohmann::json> rows;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
    return rows;
}

/** golden/<model>/model_ids.jsonl: ids after the reference's input handling. */
inline std::vector<std::vector<int32_t>> golden_model_ids(const std::string& model) {
    std::vector<std::vector<int32_t>> ids;
    for (const auto& row : read_jsonl(golden_dir(model) / "model_ids.jsonl")) ids.push_back(row.get<std::vector<int32_t>>());
    return ids;
}

/** texts.jsonl: the raw golden texts. */
inline std::vector<std::string> golden_texts() {
    std::vector<std::string> texts;
    for (const auto& row : read_jsonl(fixtures() / "texts.jsonl")) texts.push_back(row.get<std::string>());
    return texts;
}

inline double max_abs_diff(const Matrix& a, const Matrix& b) {
    if (a.rows != b.rows || a.cols != b.cols) return INFINITY;
    double m = 0;
    for (std::size_t i = 0; i < a.data.size(); ++i) m = std::max(m, std::abs(double(a.data[i]) - b.data[i]));
    return m;
}

/** An empty temporary directory, unique per process and instance, removed by the destructor. */
class TempDir {
public:
    TempDir() {
        static int counter = 0;
        dir_ = fs::temp_directory_path() /
               ("jobbert-tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    ~TempDir() { fs::remove_all(dir_); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const fs::path& path() const { return dir_; }

private:
    fs::path dir_;
};

/** A fresh copy of a fixture model in a temporary directory (removed by the destructor). */
class TempModel {
public:
    explicit TempModel(const std::string& fixture) {
        static int counter = 0;
        dir_ = fs::temp_directory_path() /
               ("jobbert-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::remove_all(dir_);
        fs::copy(fixture_model(fixture), dir_, fs::copy_options::recursive);
        for (auto& e : fs::recursive_directory_iterator(dir_))
            fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
    }
    ~TempModel() { fs::remove_all(dir_); }
    TempModel(const TempModel&) = delete;
    TempModel& operator=(const TempModel&) = delete;

    const fs::path& dir() const { return dir_; }

    nlohmann::ordered_json read_json(const std::string& rel) const {
        std::ifstream in(dir_ / rel);
        return nlohmann::ordered_json::parse(in);
    }
    void write_text(const std::string& rel, const std::string& text) const {
        std::ofstream(dir_ / rel, std::ios::binary | std::ios::trunc) << text;
    }
    void write_json(const std::string& rel, const nlohmann::ordered_json& j) const { write_text(rel, j.dump(2)); }

private:
    fs::path dir_;
};

/** Random floats in [-scale, scale). */
inline std::vector<float> random_floats(std::size_t n, float scale, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-scale, scale);
    std::vector<float> v(n);
    for (auto& x : v) x = u(rng);
    return v;
}

}  // namespace jobbert::testing
