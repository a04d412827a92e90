#include "train/model_io.h"

#include <set>

#include "io/json_file.h"
#include "io/safetensors.h"
#include "jobbert/error.h"
#include "model/weights.h"

namespace jobbert::train {

namespace {

namespace fs = std::filesystem;

std::vector<std::size_t> shape_of(const torch::Tensor& t) {
    std::vector<std::size_t> s;
    for (auto d : t.sizes()) s.push_back(static_cast<std::size_t>(d));
    return s;
}

torch::Tensor to_tensor(const io::TensorRef& ref) {
    std::vector<int64_t> shape;
    for (auto d : ref.shape) shape.push_back(static_cast<int64_t>(d));
    torch::Tensor t = torch::empty(shape, torch::kFloat);
    io::to_float32(ref, t.data_ptr<float>());
    return t;
}

// Copies `name` (with `prefix`) from `file` into `param`, checking the shape.
void copy_tensor(const io::SafeTensors& file, const std::string& prefix, const std::string& name,
                 torch::Tensor& param) {
    const io::TensorRef* ref = file.find(prefix + name);
    if (!ref) throw ModelError(file.path().string() + ": missing tensor " + prefix + name);
    if (ref->shape != shape_of(param))
        throw ModelError(file.path().string() + ": tensor " + prefix + name + ": expected " +
                         model::shape_string(shape_of(param)) + ", got " + model::shape_string(ref->shape));
    torch::NoGradGuard no_grad;
    param.copy_(to_tensor(*ref));
}

}  // namespace

XlmrConfig read_xlmr_config(const fs::path& config_json, std::optional<double> dropout) {
    XlmrConfig c;
    c.hp = model::read_hparams(config_json);
    const io::Json cfg = io::read_json_file(config_json);
    c.hidden_dropout = dropout.value_or(io::optional<double>(cfg, "hidden_dropout_prob", 0.1, config_json));
    c.attention_dropout = dropout.value_or(io::optional<double>(cfg, "attention_probs_dropout_prob", 0.1, config_json));
    return c;
}

ModelSource load_model_source(const fs::path& dir, std::optional<double> dropout) {
    if (!fs::is_directory(dir)) throw ModelError(dir.string() + ": not a model directory (no such directory)");
    Layout layout = read_layout(dir);
    const XlmrConfig cfg = read_xlmr_config(dir / "config.json", dropout);
    const std::size_t seq_limit = cfg.hp.max_position_embeddings - static_cast<std::size_t>(cfg.hp.pad_token_id) - 1;
    if (layout.max_seq_length == 0 || layout.max_seq_length > seq_limit) layout.max_seq_length = seq_limit;
    ModelSource src;
    src.dir = dir;
    src.model = SentenceModel(cfg, layout);

    const io::SafeTensors file(dir / "model.safetensors");
    bool all_prefixed = !file.tensors().empty();
    for (const auto& [name, t] : file.tensors()) all_prefixed &= name.rfind("roberta.", 0) == 0;
    const std::string prefix = all_prefixed ? "roberta." : "";
    std::set<std::string> used;
    for (auto& p : src.model->transformer->named_parameters()) {
        copy_tensor(file, prefix, p.key(), p.value());
        used.insert(prefix + p.key());
    }
    for (const auto& [name, ref] : file.tensors())
        if (!used.count(name)) src.extra[name.substr(prefix.size())] = to_tensor(ref);

    for (const auto& [folder, spec] : src.model->layout.dense) {
        const fs::path wfile = dir / folder / "model.safetensors";
        const io::SafeTensors st(wfile);
        DenseHead head = src.model->dense_at(folder);
        copy_tensor(st, "", "linear.weight", head->linear->weight);
        if (spec.bias) copy_tensor(st, "", "linear.bias", head->linear->bias);
    }
    return src;
}

void validate_sizes(const NewModelSizes& s) {
    if (s.hidden_size == 0 || s.num_heads == 0 || s.hidden_size % s.num_heads != 0)
        throw InputError("hidden size " + std::to_string(s.hidden_size) + " is not a positive multiple of heads " +
                         std::to_string(s.num_heads));
    if (s.num_layers == 0 || s.intermediate_size == 0 || s.out_dim == 0)
        throw InputError("layers, ffn size and output dimension must be positive");
    if (s.max_seq_length < 3 || s.max_seq_length + 2 > s.max_position_embeddings)
        throw InputError("max_seq_length " + std::to_string(s.max_seq_length) + " must be in [3, " +
                         std::to_string(s.max_position_embeddings - 2) + "] (the position table)");
    if (s.dropout < 0 || s.dropout >= 1) throw InputError("dropout must be in [0, 1)");
}

ModelSource new_model_source(const NewModelSizes& s, uint64_t seed) {
    if (s.vocab_size < 5) throw InputError("vocab_size must be at least 5 (4 specials and <mask>)");
    validate_sizes(s);
    XlmrConfig c;
    c.hp.architecture = "XLMRobertaModel";
    c.hp.vocab_size = s.vocab_size;
    c.hp.hidden_size = s.hidden_size;
    c.hp.num_layers = s.num_layers;
    c.hp.num_heads = s.num_heads;
    c.hp.intermediate_size = s.intermediate_size;
    c.hp.max_position_embeddings = s.max_position_embeddings;
    c.hp.type_vocab_size = 1;
    c.hp.layer_norm_eps = 1e-5f;
    c.hp.pad_token_id = 1;
    c.hidden_dropout = c.attention_dropout = s.dropout;
    std::string router = s.layout;
    if (router == "asym") router = "Asym";
    if (router == "router") router = "Router";
    Layout layout = make_layout(router, s.hidden_size, s.out_dim, s.max_seq_length, s.do_lower_case);
    torch::manual_seed(seed);
    ModelSource src;
    src.model = SentenceModel(c, layout);  // Dense heads keep torch.nn.Linear's default initialisation
    src.model->transformer->init_weights(0.02);
    return src;
}

}  // namespace jobbert::train
