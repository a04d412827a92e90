#include "train/layout.h"

#include "io/json_file.h"
#include "jobbert/error.h"

namespace jobbert::train {

namespace {

namespace fs = std::filesystem;

// "sentence_transformers.models.Dense.Dense" -> "Dense".
std::string module_kind(const std::string& type) {
    const std::string prefix = "sentence_transformers.models.";
    if (type.rfind(prefix, 0) != 0) return type;
    const std::string rest = type.substr(prefix.size());
    return rest.substr(0, rest.find('.'));
}

std::string join_folder(const std::string& a, const std::string& b) {
    if (a.empty()) return b;
    return a + "/" + b;
}

DenseSpec read_dense(const fs::path& dir) {
    const fs::path file = dir / "config.json";
    const io::Json cfg = io::read_json_file(file);
    DenseSpec d;
    d.in_features = io::required<uint64_t>(cfg, "in_features", file);
    d.out_features = io::required<uint64_t>(cfg, "out_features", file);
    d.bias = io::optional<bool>(cfg, "bias", true, file);
    d.activation = io::optional<std::string>(cfg, "activation_function", "torch.nn.modules.activation.Tanh", file);
    const std::string last = d.activation.substr(d.activation.rfind('.') + 1);
    if (last != "Tanh" && last != "Identity")
        throw ModelError(file.string() + ": activation_function '" + d.activation +
                         "' is not supported (Tanh, Identity)");
    d.tanh = last == "Tanh";
    return d;
}

StepSpec step_for(const std::string& kind, const std::string& type, const fs::path& root, const std::string& folder,
                  Layout& layout, const std::string& where) {
    StepSpec s;
    if (kind == "Normalize") {
        s.kind = StepSpec::Kind::Normalize;
    } else if (kind == "Dense") {
        s.folder = folder;
        if (!layout.dense.count(folder)) layout.dense[folder] = read_dense(root / folder);
    } else {
        throw ModelError(where + ": module type '" + type + "' is not supported (Dense, Normalize)");
    }
    return s;
}

void read_router(const fs::path& root, const std::string& folder, const std::string& kind, Layout& layout,
                 std::vector<std::vector<StepSpec>>& per_route) {
    const fs::path file = root / folder / (kind == "Router" ? "router_config.json" : "config.json");
    const io::Json cfg = io::read_json_file(file);
    const io::Json types = io::required<io::Json>(cfg, "types", file);
    const io::Json structure = io::required<io::Json>(cfg, "structure", file);
    if (!types.is_object() || !structure.is_object() || structure.empty())
        throw ModelError(file.string() + ": 'types' and 'structure' must be objects, 'structure' non-empty");
    for (const auto& [route, modules] : structure.items()) {
        if (!modules.is_array()) throw ModelError(file.string() + ": structure." + route + " must be an array");
        layout.route_names.push_back(route);
        std::vector<StepSpec> steps;
        for (const auto& m : modules) {
            const std::string id = m.is_string() ? m.get<std::string>() : "";
            if (id.empty() || !types.contains(id) || !types[id].is_string())
                throw ModelError(file.string() + ": module '" + id + "' of route '" + route + "' has no type");
            const std::string type = types[id].get<std::string>();
            steps.push_back(step_for(module_kind(type), type, root, join_folder(folder, id), layout, file.string()));
        }
        per_route.push_back(std::move(steps));
    }
    const io::Json params = io::optional<io::Json>(cfg, "parameters", io::Json::object(), file);
    layout.default_route = io::optional<std::string>(params, "default_route", layout.route_names.front(), file);
}

}  // namespace

Layout read_layout(const fs::path& dir) {
    const fs::path file = dir / "modules.json";
    const io::Json modules = io::read_json_file(file);
    if (!modules.is_array() || modules.empty()) throw ModelError(file.string() + ": expected a non-empty array");
    Layout layout;
    std::vector<StepSpec> before, after;
    std::vector<std::vector<StepSpec>> per_route;
    bool have_pooling = false;
    for (std::size_t i = 0; i < modules.size(); ++i) {
        const io::Json& m = modules[i];
        const std::string where = file.string() + ": module " + std::to_string(i);
        if (!m.is_object() || !m.contains("type") || !m["type"].is_string())
            throw ModelError(where + ": missing 'type'");
        const std::string type = m["type"].get<std::string>();
        const std::string folder = m.contains("path") && m["path"].is_string() ? m["path"].get<std::string>() : "";
        const std::string kind = module_kind(type);
        if (i == 0) {
            if (kind != "Transformer") throw ModelError(where + ": the first module must be a Transformer");
            const fs::path sb = dir / folder / "sentence_bert_config.json";
            if (fs::exists(sb)) {
                const io::Json cfg = io::read_json_file(sb);
                layout.max_seq_length = io::optional<uint64_t>(cfg, "max_seq_length", 0, sb);
                layout.do_lower_case = io::optional<bool>(cfg, "do_lower_case", false, sb);
            } else {
                layout.max_seq_length = 0;  // the position table's limit, decided by the caller
            }
        } else if (kind == "Pooling" && !have_pooling) {
            have_pooling = true;
        } else if (!have_pooling) {
            throw ModelError(where + ": module type '" + type + "' before the Pooling module is not supported");
        } else if (kind == "Asym" || kind == "Router") {
            if (!layout.router_type.empty()) throw ModelError(where + ": more than one Asym/Router module");
            layout.router_type = kind;
            read_router(dir, folder, kind, layout, per_route);
        } else {
            (layout.router_type.empty() ? before : after).push_back(step_for(kind, type, dir, folder, layout, where));
        }
    }
    if (!have_pooling) throw ModelError(file.string() + ": a Pooling module is required");
    if (layout.router_type.empty()) {
        layout.route_names = {"default"};
        layout.default_route = "default";
        per_route.push_back({});
    }
    for (std::size_t r = 0; r < layout.route_names.size(); ++r) {
        std::vector<StepSpec> chain = before;
        chain.insert(chain.end(), per_route[r].begin(), per_route[r].end());
        chain.insert(chain.end(), after.begin(), after.end());
        layout.routes[layout.route_names[r]] = std::move(chain);
    }
    return layout;
}

Layout make_layout(const std::string& router_type, std::size_t hidden, std::size_t out_dim, std::size_t max_seq_length,
                   bool do_lower_case) {
    if (router_type != "Asym" && router_type != "Router")
        throw InputError("layout must be 'asym' or 'router', got '" + router_type + "'");
    Layout layout;
    layout.router_type = router_type;
    layout.route_names = {"anchor", "positive"};
    layout.default_route = "anchor";
    layout.max_seq_length = max_seq_length;
    layout.do_lower_case = do_lower_case;
    for (std::size_t r = 0; r < 2; ++r) {
        const std::string& name = layout.route_names[r];
        // sentence-transformers 4.x names a folder str(id(module)) + "_Dense"; 5.x "<route>_<i>_Dense".
        const std::string folder =
            "2_Asym/" + (router_type == "Asym" ? std::to_string(140000000000000 + r) + "_Dense" : name + "_0_Dense");
        layout.dense[folder] = DenseSpec{hidden, out_dim, true, "torch.nn.modules.activation.Tanh", true};
        layout.routes[name] = {StepSpec{StepSpec::Kind::Dense, folder}};
    }
    return layout;
}

}  // namespace jobbert::train
