// The module layout of a sentence-transformers model directory as the trainer needs it: which
// Dense folders exist and which chain of them (and Normalize steps) each route applies after mean
// pooling. Read from modules.json + 2_Asym/{config,router_config}.json of an existing model, or
// made for a new model (JobBERT-v3's layout: Asym/Router with one Dense per route).
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace jobbert::train {

/** sentence_transformers.models.Dense: y = act(x W^T + b), stored in its own folder. */
struct DenseSpec {
    std::size_t in_features = 0, out_features = 0;
    bool bias = true;
    std::string activation;  ///< as in config.json, e.g. "torch.nn.modules.activation.Tanh"
    bool tanh = false;       ///< activation is Tanh (otherwise Identity)
};

/** One step of a route: a Dense module (by folder, relative to the model dir) or Normalize. */
struct StepSpec {
    enum class Kind { Dense, Normalize };
    Kind kind = Kind::Dense;
    std::string folder;  ///< e.g. "2_Asym/1000007_Dense"; empty for Normalize
};

/** Routes and their Dense modules. A Dense folder shared by several routes is one module. */
struct Layout {
    std::string router_type;                              ///< "Asym", "Router" or "" (no router)
    std::vector<std::string> route_names;                 ///< in config order ("default" without router)
    std::map<std::string, std::vector<StepSpec>> routes;  ///< full chain after pooling, per route
    std::map<std::string, DenseSpec> dense;               ///< Dense modules by folder
    std::string default_route;                            ///< default_route, else the first route
    std::size_t max_seq_length = 64;                      ///< sentence_bert_config.json
    bool do_lower_case = false;                           ///< sentence_bert_config.json
};

/**
 * Reads the layout of an existing model directory. Throws ModelError naming the file and key
 * for anything the inference engine would also reject (unknown module type, missing config).
 */
Layout read_layout(const std::filesystem::path& dir);

/**
 * JobBERT-v3's layout for a new model: routes `anchor` and `positive`, one Dense
 * hidden -> out_dim each (bias, Tanh), under an Asym (sentence-transformers 4.x, folders
 * "<number>_Dense") or Router (5.x, folders "<route>_0_Dense") module in "2_Asym".
 */
Layout make_layout(const std::string& router_type, std::size_t hidden, std::size_t out_dim, std::size_t max_seq_length,
                   bool do_lower_case);

}  // namespace jobbert::train
