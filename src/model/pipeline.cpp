#include "model/pipeline.h"

#include <algorithm>

#include "io/json_file.h"
#include "jobbert/error.h"

namespace jobbert::model {

namespace {

namespace fs = std::filesystem;

// "sentence_transformers.models.Dense.Dense" -> "Dense"; other libraries' types stay whole.
std::string module_kind(const std::string& type) {
    const std::string prefix = "sentence_transformers.models.";
    if (type.rfind(prefix, 0) != 0) return type;
    const std::string rest = type.substr(prefix.size());
    return rest.substr(0, rest.find('.'));
}

void read_pooling(const fs::path& dir, Pipeline& p) {
    const fs::path file = dir / "config.json";
    const io::Json cfg = io::read_json_file(file);
    p.pooling_dim = io::optional<uint64_t>(cfg, "word_embedding_dimension", 0, file);
    if (cfg.contains("pooling_mode") && cfg["pooling_mode"].is_string() && cfg["pooling_mode"] != "mean")
        throw ModelError(file.string() + ": pooling_mode '" + cfg["pooling_mode"].get<std::string>() +
                         "' is not supported (only mean)");
    bool mean = false;
    for (const auto& [key, value] : cfg.items()) {
        if (key.rfind("pooling_mode_", 0) != 0 || !value.is_boolean() || !value.get<bool>()) continue;
        if (key == "pooling_mode_mean_tokens") mean = true;
        else throw ModelError(file.string() + ": " + key + " is not supported (only pooling_mode_mean_tokens)");
    }
    if (!mean && !cfg.contains("pooling_mode"))
        throw ModelError(file.string() + ": pooling_mode_mean_tokens is not set (only mean pooling is supported)");
}

void read_sbert_config(const fs::path& transformer_dir, Pipeline& p) {
    const fs::path file = transformer_dir / "sentence_bert_config.json";
    if (!fs::exists(file)) return;
    p.has_sbert_config = true;
    const io::Json cfg = io::read_json_file(file);
    p.max_seq_length = io::optional<uint64_t>(cfg, "max_seq_length", 0, file);
    p.do_lower_case = io::optional<bool>(cfg, "do_lower_case", false, file);
}

// A step of a route from a module folder of type `kind`.
HeadStep load_step(const std::string& kind, const std::string& type, const fs::path& dir, const fs::path& cfg_file,
                   const std::string& key) {
    HeadStep step;
    if (kind == "Dense") {
        step.kind = HeadStep::Kind::Dense;
        step.dense = load_dense(dir);
    } else if (kind == "Normalize") {
        step.kind = HeadStep::Kind::Normalize;
    } else {
        throw ModelError(cfg_file.string() + ": module type '" + type + "' of '" + key +
                         "' is not supported (Dense, Normalize)");
    }
    return step;
}

// Asym (4.x, config.json) or Router (5.x, router_config.json): routes and the default route.
void read_router(const fs::path& dir, const std::string& kind, Pipeline& p) {
    const fs::path file = dir / (kind == "Router" ? "router_config.json" : "config.json");
    const io::Json cfg = io::read_json_file(file);
    const io::Json types = io::required<io::Json>(cfg, "types", file);
    const io::Json structure = io::required<io::Json>(cfg, "structure", file);
    if (!types.is_object()) throw ModelError(file.string() + ": key 'types' must be an object");
    if (!structure.is_object() || structure.empty())
        throw ModelError(file.string() + ": key 'structure' must be a non-empty object of routes");
    for (const auto& [route_name, modules] : structure.items()) {
        if (!modules.is_array())
            throw ModelError(file.string() + ": structure." + route_name + " must be an array of module names");
        Route r;
        r.name = route_name;
        for (const auto& m : modules) {
            if (!m.is_string()) throw ModelError(file.string() + ": structure." + route_name + " has a non-string entry");
            const std::string id = m.get<std::string>();
            if (!types.contains(id) || !types[id].is_string())
                throw ModelError(file.string() + ": module '" + id + "' of route '" + route_name + "' has no type in 'types'");
            const std::string type = types[id].get<std::string>();
            r.steps.push_back(load_step(module_kind(type), type, dir / id, file, id));
        }
        p.routes.push_back(std::move(r));
    }
    const io::Json params = io::optional<io::Json>(cfg, "parameters", io::Json::object(), file);
    p.default_route = io::optional<std::string>(params, "default_route", p.routes.front().name, file);
    const bool known = std::any_of(p.routes.begin(), p.routes.end(),
                                   [&](const Route& r) { return r.name == p.default_route; });
    if (!known) throw ModelError(file.string() + ": default_route '" + p.default_route + "' is not a route in 'structure'");
}

}  // namespace

void check_pipeline(Pipeline& p, std::size_t hidden_size, std::size_t max_seq_limit) {
    const fs::path& dir = p.transformer_dir;
    if (p.pooling_dim != 0 && p.pooling_dim != hidden_size)
        throw ModelError(dir.string() + ": Pooling word_embedding_dimension " + std::to_string(p.pooling_dim) +
                         " does not match the encoder's hidden_size " + std::to_string(hidden_size));
    if (!p.has_sbert_config || p.max_seq_length == 0) p.max_seq_length = max_seq_limit;
    if (p.max_seq_length < 2 || p.max_seq_length > max_seq_limit)
        throw ModelError((dir / "sentence_bert_config.json").string() + ": max_seq_length " +
                         std::to_string(p.max_seq_length) + " must be between 2 and " + std::to_string(max_seq_limit) +
                         " (the position table)");
    for (Route& r : p.routes) {
        std::size_t dim = hidden_size;
        for (const HeadStep& s : r.steps) {
            if (s.kind != HeadStep::Kind::Dense) continue;
            if (s.dense.in_features != dim)
                throw ModelError(dir.string() + ": route '" + r.name + "': Dense in_features " +
                                 std::to_string(s.dense.in_features) + " does not match the previous output " +
                                 std::to_string(dim));
            dim = s.dense.out_features;
        }
        r.dim = dim;
    }
}

Pipeline read_pipeline(const fs::path& dir) {
    const fs::path file = dir / "modules.json";
    const io::Json modules = io::read_json_file(file);
    if (!modules.is_array() || modules.empty()) throw ModelError(file.string() + ": expected a non-empty array of modules");
    Pipeline p;
    std::vector<HeadStep> before, after;  // steps outside the router, applied to every route
    bool have_transformer = false, have_pooling = false;
    for (std::size_t i = 0; i < modules.size(); ++i) {
        const io::Json& m = modules[i];
        const std::string at = file.string() + ": module " + std::to_string(i);
        if (!m.is_object() || !m.contains("type") || !m["type"].is_string())
            throw ModelError(at + ": missing 'type'");
        const std::string type = m["type"].get<std::string>();
        const std::string path = m.contains("path") && m["path"].is_string() ? m["path"].get<std::string>() : "";
        const fs::path mdir = dir / path;
        const std::string kind = module_kind(type);
        if (i == 0) {
            if (kind != "Transformer")
                throw ModelError(at + ": the first module must be sentence_transformers.models.Transformer, got '" +
                                 type + "'");
            have_transformer = true;
            p.transformer_dir = mdir;
            read_sbert_config(mdir, p);
        } else if (kind == "Pooling" && !have_pooling) {
            have_pooling = true;
            read_pooling(mdir, p);
        } else if (!have_pooling) {
            throw ModelError(at + ": module type '" + type + "' before the Pooling module is not supported");
        } else if (kind == "Asym" || kind == "Router") {
            if (!p.router_type.empty()) throw ModelError(at + ": more than one Asym/Router module is not supported");
            p.router_type = kind;
            read_router(mdir, kind, p);
        } else if (kind == "Dense" || kind == "Normalize") {
            HeadStep s = load_step(kind, type, mdir, file, std::to_string(i));
            if (kind == "Normalize" && !p.router_type.empty()) p.normalize_module = true;
            (p.router_type.empty() ? before : after).push_back(std::move(s));
        } else {
            throw ModelError(at + ": module type '" + type + "' is not supported");
        }
    }
    if (!have_transformer || !have_pooling)
        throw ModelError(file.string() + ": a Transformer and a Pooling module are required");
    if (p.router_type.empty()) {  // plain pipeline: one route holds every step after pooling
        Route r;
        r.name = "default";
        r.steps = std::move(before);
        p.normalize_module = std::any_of(r.steps.begin(), r.steps.end(),
                                         [](const HeadStep& s) { return s.kind == HeadStep::Kind::Normalize; });
        p.routes.push_back(std::move(r));
        p.default_route = "default";
    } else {
        for (Route& r : p.routes) {
            r.steps.insert(r.steps.begin(), before.begin(), before.end());
            r.steps.insert(r.steps.end(), after.begin(), after.end());
        }
    }
    return p;
}

}  // namespace jobbert::model
