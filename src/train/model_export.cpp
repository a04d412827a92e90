#include "train/model_export.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "io/json_file.h"
#include "io/safetensors_writer.h"
#include "jobbert/error.h"

namespace jobbert::train {

namespace {

namespace fs = std::filesystem;
using OJson = nlohmann::ordered_json;

void write_json(const fs::path& file, const OJson& j, int indent = 2) {
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(file.string() + ": cannot open for writing");
    out << j.dump(indent) << "\n";
    if (!out) throw Error(file.string() + ": write failed");
}

bool is_weight_file(const fs::path& p) {
    static const char* exts[] = {".safetensors", ".bin", ".pt", ".pth", ".onnx", ".h5", ".msgpack", ".ot", ".gguf"};
    for (const char* e : exts)
        if (p.extension() == e) return true;
    return false;
}

void copy_non_weights(const fs::path& from, const fs::path& to) {
    for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator(); ++it) {
        const fs::path rel = fs::relative(it->path(), from);
        // Hidden entries, and the training record of a source that was itself trained by jobbert.
        if (rel.filename().string().rfind('.', 0) == 0 || rel == "training") {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        if (it->is_directory())
            fs::create_directories(to / rel);
        else if (it->is_regular_file() && !is_weight_file(rel))
            fs::copy_file(it->path(), to / rel, fs::copy_options::overwrite_existing);
    }
}

// Tensors as float32 safetensors, names given; the tensors stay alive in `keep`.
void write_tensors(const fs::path& file, const std::vector<std::pair<std::string, torch::Tensor>>& named) {
    std::vector<torch::Tensor> keep;
    std::vector<io::TensorToWrite> out;
    for (const auto& [name, t] : named) {
        keep.push_back(t.detach().to(torch::kCPU, torch::kFloat).contiguous());
        io::TensorToWrite w;
        w.name = name;
        for (auto d : keep.back().sizes()) w.shape.push_back(static_cast<std::size_t>(d));
        w.data = keep.back().data_ptr<float>();
        w.nbytes = static_cast<std::size_t>(keep.back().numel()) * sizeof(float);
        out.push_back(std::move(w));
    }
    fs::create_directories(file.parent_path());
    io::write_safetensors(file, out);
}

OJson hf_config(const XlmrConfig& c) {
    const auto& hp = c.hp;
    return OJson{{"architectures", {"XLMRobertaModel"}},
                 {"attention_probs_dropout_prob", c.attention_dropout},
                 {"bos_token_id", 0},
                 {"classifier_dropout", nullptr},
                 {"eos_token_id", 2},
                 {"hidden_act", "gelu"},
                 {"hidden_dropout_prob", c.hidden_dropout},
                 {"hidden_size", hp.hidden_size},
                 {"initializer_range", 0.02},
                 {"intermediate_size", hp.intermediate_size},
                 {"layer_norm_eps", static_cast<double>(hp.layer_norm_eps)},
                 {"max_position_embeddings", hp.max_position_embeddings},
                 {"model_type", "xlm-roberta"},
                 {"num_attention_heads", hp.num_heads},
                 {"num_hidden_layers", hp.num_layers},
                 {"output_past", true},
                 {"pad_token_id", hp.pad_token_id},
                 {"position_embedding_type", "absolute"},
                 {"torch_dtype", "float32"},
                 {"transformers_version", "4.48.3"},
                 {"type_vocab_size", hp.type_vocab_size},
                 {"use_cache", true},
                 {"vocab_size", hp.vocab_size}};
}

void write_new_layout_files(const SentenceModelImpl& m, const fs::path& tokenizer_json, const fs::path& out) {
    const Layout& l = m.layout;
    write_json(out / "config.json", hf_config(m.transformer->config));
    write_json(
        out / "config_sentence_transformers.json",
        OJson{{"__version__", {{"sentence_transformers", "4.1.0"}, {"transformers", "4.48.3"}, {"pytorch", "1.13.1"}}},
              {"prompts", OJson::object()},
              {"default_prompt_name", nullptr},
              {"similarity_fn_name", "cosine"}});
    write_json(out / "sentence_bert_config.json",
               OJson{{"max_seq_length", l.max_seq_length}, {"do_lower_case", l.do_lower_case}});
    write_json(out / "1_Pooling" / "config.json",
               OJson{{"word_embedding_dimension", m.transformer->config.hp.hidden_size},
                     {"pooling_mode_cls_token", false},
                     {"pooling_mode_mean_tokens", true},
                     {"pooling_mode_max_tokens", false},
                     {"pooling_mode_mean_sqrt_len_tokens", false},
                     {"pooling_mode_weightedmean_tokens", false},
                     {"pooling_mode_lasttoken", false},
                     {"include_prompt", true}},
               4);
    const bool router = l.router_type == "Router";
    OJson types = OJson::object(), structure = OJson::object();
    for (const auto& name : l.route_names) {
        OJson ids = OJson::array();
        for (const StepSpec& s : l.routes.at(name)) {
            const std::string id = fs::path(s.folder).filename().string();
            ids.push_back(id);
            types[id] = router ? "sentence_transformers.models.Dense.Dense" : "sentence_transformers.models.Dense";
        }
        structure[name] = ids;
    }
    OJson params = router ? OJson{{"default_route", l.default_route}, {"allow_empty_key", true}}
                          : OJson{{"allow_empty_key", true}};
    write_json(out / "2_Asym" / (router ? "router_config.json" : "config.json"),
               OJson{{"types", types}, {"structure", structure}, {"parameters", params}}, router ? 4 : 2);
    for (const auto& [folder, d] : l.dense)
        write_json(out / folder / "config.json", OJson{{"in_features", d.in_features},
                                                       {"out_features", d.out_features},
                                                       {"bias", d.bias},
                                                       {"activation_function", d.activation}});
    write_json(
        out / "modules.json",
        OJson::array(
            {{{"idx", 0}, {"name", "0"}, {"path", ""}, {"type", "sentence_transformers.models.Transformer"}},
             {{"idx", 1}, {"name", "1"}, {"path", "1_Pooling"}, {"type", "sentence_transformers.models.Pooling"}},
             {{"idx", 2},
              {"name", "2"},
              {"path", "2_Asym"},
              {"type", router ? "sentence_transformers.models.Router" : "sentence_transformers.models.Asym"}}}));
    write_json(out / "special_tokens_map.json", OJson{{"bos_token", "<s>"},
                                                      {"cls_token", "<s>"},
                                                      {"eos_token", "</s>"},
                                                      {"mask_token",
                                                       {{"content", "<mask>"},
                                                        {"lstrip", true},
                                                        {"normalized", false},
                                                        {"rstrip", false},
                                                        {"single_word", false}}},
                                                      {"pad_token", "<pad>"},
                                                      {"sep_token", "</s>"},
                                                      {"unk_token", "<unk>"}});
    write_json(out / "tokenizer_config.json", OJson{{"bos_token", "<s>"},
                                                    {"clean_up_tokenization_spaces", true},
                                                    {"cls_token", "<s>"},
                                                    {"eos_token", "</s>"},
                                                    {"mask_token", "<mask>"},
                                                    {"model_max_length", l.max_seq_length},
                                                    {"pad_token", "<pad>"},
                                                    {"sep_token", "</s>"},
                                                    {"tokenizer_class", "XLMRobertaTokenizer"},
                                                    {"unk_token", "<unk>"}});
    if (fs::absolute(tokenizer_json) != fs::absolute(out / "tokenizer.json"))
        fs::copy_file(tokenizer_json, out / "tokenizer.json", fs::copy_options::overwrite_existing);
}

}  // namespace

void export_model(const ModelSource& src, const fs::path& tokenizer_json, const fs::path& out) {
    SentenceModelImpl& m = *src.model.ptr();
    fs::create_directories(out);
    if (!src.dir.empty()) {
        if (fs::absolute(src.dir) != fs::absolute(out)) copy_non_weights(src.dir, out);
        nlohmann::ordered_json cfg = io::read_json_file(out / "config.json");
        cfg["torch_dtype"] = "float32";
        cfg["hidden_dropout_prob"] = m.transformer->config.hidden_dropout;
        cfg["attention_probs_dropout_prob"] = m.transformer->config.attention_dropout;
        write_json(out / "config.json", cfg);
    } else {
        write_new_layout_files(m, tokenizer_json, out);
    }
    std::vector<std::pair<std::string, torch::Tensor>> encoder;
    for (const auto& p : m.transformer->named_parameters()) encoder.emplace_back(p.key(), p.value());
    for (const auto& [name, t] : src.extra) encoder.emplace_back(name, t);
    write_tensors(out / "model.safetensors", encoder);
    for (const auto& [folder, spec] : m.layout.dense) {
        const DenseHead head = m.dense_at(folder);
        std::vector<std::pair<std::string, torch::Tensor>> t;
        t.emplace_back("linear.weight", head->linear->weight);
        if (spec.bias) t.emplace_back("linear.bias", head->linear->bias);
        write_tensors(out / folder / "model.safetensors", t);
    }
}

}  // namespace jobbert::train
