#include "train/train_setup.h"

#include <cstdio>
#include <fstream>

#include "jobbert/error.h"

namespace jobbert::train {

namespace fs = std::filesystem;

std::string file_hash(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(file.string() + ": cannot read");
    uint64_t h = 0xcbf29ce484222325ull;
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const auto n = static_cast<std::size_t>(in.gcount());
        for (std::size_t i = 0; i < n; ++i) h = (h ^ static_cast<unsigned char>(buf[i])) * 0x100000001b3ull;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return hex;
}

namespace {

std::vector<std::string> corpus_texts(const PairData& data) {
    std::vector<std::string> texts;
    texts.reserve(data.size() * 2);
    for (std::size_t i = 0; i < data.size(); ++i) {
        texts.emplace_back(data.anchor(i));
        texts.push_back(data.positive(i, 0, 0));
    }
    return texts;
}

}  // namespace

RunModel build_run_model(const TrainOptions& o, const PairData& data,
                         const std::function<void(const std::string&)>& log) {
    auto say = [&](const std::string& m) {
        if (log) log(m);
    };
    ModelSource src;
    fs::path tok_json;
    if (!o.init.empty()) {
        src = load_model_source(o.init, o.dropout);
        tok_json = src.dir / "tokenizer.json";
        say("fine-tuning " + o.init.string() + " (" + src.model->layout.router_type + ", routes " +
            std::to_string(src.model->layout.route_names.size()) + ")");
    } else {
        NewModelSizes sizes = o.sizes;  // fail on bad sizes before any tokenizer training
        if (o.dropout) sizes.dropout = *o.dropout;
        if (o.max_seq_length) sizes.max_seq_length = *o.max_seq_length;
        validate_sizes(sizes);
        tok_json = o.tokenizer;
        if (tok_json.empty()) {
            tok_json = o.out / "tokenizer.json";
            if (!(o.resume && fs::exists(tok_json))) {
                say("training a SentencePiece Unigram tokenizer (" + std::to_string(o.tokenizer_training.vocab_size) +
                    " ids) on " + std::to_string(data.size() * 2) + " texts");
                fs::create_directories(o.out / "training");
                train_tokenizer(corpus_texts(data), o.tokenizer_training, tok_json, o.out / "training");
            }
        }
    }
    Tokenizer tok = Tokenizer::from_file(tok_json);
    if (o.init.empty()) {
        NewModelSizes sizes = o.sizes;
        sizes.vocab_size = tok.vocab_size();
        if (o.dropout) sizes.dropout = *o.dropout;
        if (o.max_seq_length) sizes.max_seq_length = *o.max_seq_length;
        src = new_model_source(sizes, o.seed);
        say("new model: vocab " + std::to_string(sizes.vocab_size) + ", hidden " + std::to_string(sizes.hidden_size) +
            ", layers " + std::to_string(sizes.num_layers) + ", heads " + std::to_string(sizes.num_heads) + ", ffn " +
            std::to_string(sizes.intermediate_size) + ", out " + std::to_string(sizes.out_dim));
    } else {
        if (tok.vocab_size() > src.model->transformer->config.hp.vocab_size)
            throw ModelError(tok_json.string() + ": vocabulary larger than the model's vocab_size");
        if (o.max_seq_length) {
            const auto& hp = src.model->transformer->config.hp;
            const std::size_t limit = hp.max_position_embeddings - static_cast<std::size_t>(hp.pad_token_id) - 1;
            if (*o.max_seq_length < 3 || *o.max_seq_length > limit)
                throw InputError("--max-seq-length must be in [3, " + std::to_string(limit) + "]");
            src.model->layout.max_seq_length = *o.max_seq_length;
        }
    }
    src.model->resolve_route(o.anchor_route);
    src.model->resolve_route(o.positive_route);
    torch::manual_seed(o.seed);
    const Layout& l = src.model->layout;
    return RunModel{std::move(src), tok_json, TextEncoder(std::move(tok), l.max_seq_length, l.do_lower_case)};
}

nlohmann::json run_arguments(const TrainOptions& o, const PairData& data, const RunModel& m) {
    const auto& c = m.source.model->transformer->config;
    nlohmann::json a = {
        {"data", fs::absolute(o.data).string()},
        {"data_hash", file_hash(o.data)},
        {"data_pairs", data.size()},
        {"init", o.init.empty() ? "" : fs::absolute(o.init).string()},
        {"tokenizer", o.tokenizer.empty() ? (o.init.empty() ? "trained" : "init") : fs::absolute(o.tokenizer).string()},
        {"vocab_size", c.hp.vocab_size},
        {"hidden_size", c.hp.hidden_size},
        {"num_layers", c.hp.num_layers},
        {"num_heads", c.hp.num_heads},
        {"intermediate_size", c.hp.intermediate_size},
        {"layout", m.source.model->layout.router_type},
        {"max_seq_length", m.encoder.max_seq_length()},
        {"hidden_dropout", c.hidden_dropout},
        {"attention_dropout", c.attention_dropout},
        {"batch_size", o.batch_size},
        {"mini_batch_size", o.mini_batch_size},
        {"scale", o.scale},
        {"epochs", o.epochs},
        {"max_steps", o.max_steps},
        {"lr", o.optim.lr},
        {"warmup_ratio", o.optim.warmup_ratio},
        {"weight_decay", o.optim.weight_decay},
        {"max_grad_norm", o.optim.max_grad_norm},
        {"seed", o.seed},
        {"anchor_route", o.anchor_route},
        {"positive_route", o.positive_route},
    };
    if (o.init.empty()) a["out_dim"] = o.sizes.out_dim;
    if (o.tokenizer.empty() && o.init.empty()) a["tokenizer_vocab_size"] = o.tokenizer_training.vocab_size;
    return a;
}

std::string compare_arguments(const nlohmann::json& checkpoint, const nlohmann::json& now) {
    std::string diff;
    for (const auto& [key, value] : now.items()) {
        const bool has = checkpoint.contains(key);
        if (has && checkpoint[key] == value) continue;
        diff += (diff.empty() ? "" : ", ") + key + ": " + (has ? checkpoint[key].dump() : "absent") +
                " (checkpoint) vs " + value.dump() + " (now)";
    }
    return diff;
}

}  // namespace jobbert::train
