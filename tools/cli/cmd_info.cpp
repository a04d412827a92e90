// jobbert info: what a model is (architecture, routes, dims, max_seq_length, dtype, tensors).
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "command.h"
#include "jobbert/index.h"
#include "model_options.h"
#include "output.h"

namespace jobbert::cli {

namespace {

struct InfoArgs {
    ModelOptions model;
    std::string format = "text";
};

nlohmann::ordered_json info_json(const LoadedModel& lm) {
    const ModelInfo& i = lm.model.info();
    nlohmann::ordered_json routes = nlohmann::ordered_json::array();
    for (const auto& r : i.routes) routes.push_back({{"name", r.name}, {"dim", r.dim}});
    return {
        {"path", i.path.string()},
        {"source", lm.where.source},
        {"fingerprint", model_fingerprint(i.path)},
        {"architecture", i.architecture},
        {"num_layers", i.num_layers},
        {"hidden_size", i.hidden_size},
        {"num_heads", i.num_heads},
        {"intermediate_size", i.intermediate_size},
        {"vocab_size", i.vocab_size},
        {"max_position_embeddings", i.max_position_embeddings},
        {"max_seq_length", i.max_seq_length},
        {"do_lower_case", i.do_lower_case},
        {"weights_dtype", i.weights_dtype},
        {"tensor_count", i.tensor_count},
        {"router_type", i.router_type},
        {"routes", routes},
        {"default_route", i.default_route},
        {"pooled_dim", i.pooled_dim},
        {"normalize_module", i.normalize_module},
        {"test_model", is_toy_model(lm.model)},
    };
}

int run_info(const InfoArgs& a) {
    const LoadedModel lm = load_model(a.model);
    const auto j = info_json(lm);
    if (a.format == "json") {
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    const ModelInfo& i = lm.model.info();
    std::string routes;
    for (const auto& r : i.routes) routes += (routes.empty() ? "" : ", ") + r.name + " (" + std::to_string(r.dim) + ")";
    std::cout << "model            " << i.path.string()
              << (lm.where.source == "default" ? "  (the shipped default model)"
                  : lm.where.source == "JOBBERT_MODEL" ? "  (from JOBBERT_MODEL)" : "")
              << "\n"
              << "fingerprint      " << j["fingerprint"].get<std::string>() << "\n"
              << "architecture     " << i.architecture << ": " << i.num_layers << " layers, hidden " << i.hidden_size
              << ", " << i.num_heads << " heads, FFN " << i.intermediate_size << "\n"
              << "vocabulary       " << i.vocab_size << " ids, " << i.max_position_embeddings << " positions\n"
              << "max_seq_length   " << i.max_seq_length << " tokens (specials included)"
              << (i.do_lower_case ? ", input lowercased" : "") << "\n"
              << "weights          " << i.weights_dtype << ", " << i.tensor_count << " tensors\n"
              << "heads            " << (i.router_type.empty() ? "none" : i.router_type) << ": " << routes
              << "; default route " << i.default_route << "; none (pooled) = " << i.pooled_dim << "\n"
              << "normalize module " << (i.normalize_module ? "yes" : "no") << "\n"
              << "similarity       cosine\n";
    return 0;
}

}  // namespace

Command add_info_command(CLI::App& parent) {
    auto args = std::make_shared<InfoArgs>();
    CLI::App* app = parent.add_subcommand(
        "info", "What a model is: architecture, routes and default route, dims, max_seq_length, dtype, tensors");
    add_model_options(*app, args->model, false);
    app->add_option("--format", args->format, "text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    return {app, [args] { return run_info(*args); }};
}

}  // namespace jobbert::cli
