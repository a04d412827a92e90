#include "model/hparams.h"

#include "io/json_file.h"
#include "jobbert/error.h"

namespace jobbert::model {

HParams read_hparams(const std::filesystem::path& file) {
    using io::optional;
    using io::required;
    const io::Json cfg = io::read_json_file(file);
    const std::string where = file.string();
    HParams hp;
    const auto model_type = optional<std::string>(cfg, "model_type", "xlm-roberta", file);
    if (model_type != "xlm-roberta" && model_type != "roberta")
        throw ModelError(where + ": model_type '" + model_type + "' is not supported (xlm-roberta, roberta)");
    const io::Json arch = optional<io::Json>(cfg, "architectures", io::Json::array(), file);
    hp.architecture = arch.is_array() && !arch.empty() && arch[0].is_string() ? arch[0].get<std::string>()
                                                                              : "XLMRobertaModel";
    hp.vocab_size = required<uint64_t>(cfg, "vocab_size", file);
    hp.hidden_size = required<uint64_t>(cfg, "hidden_size", file);
    hp.num_layers = required<uint64_t>(cfg, "num_hidden_layers", file);
    hp.num_heads = required<uint64_t>(cfg, "num_attention_heads", file);
    hp.intermediate_size = required<uint64_t>(cfg, "intermediate_size", file);
    hp.max_position_embeddings = required<uint64_t>(cfg, "max_position_embeddings", file);
    hp.type_vocab_size = optional<uint64_t>(cfg, "type_vocab_size", 2, file);
    hp.layer_norm_eps = static_cast<float>(optional<double>(cfg, "layer_norm_eps", 1e-12, file));
    hp.pad_token_id = static_cast<int32_t>(optional<int64_t>(cfg, "pad_token_id", 1, file));
    const auto act = optional<std::string>(cfg, "hidden_act", "gelu", file);
    if (act != "gelu")
        throw ModelError(where + ": hidden_act '" + act + "' is not supported (only exact erf \"gelu\")");
    const auto pos = optional<std::string>(cfg, "position_embedding_type", "absolute", file);
    if (pos != "absolute")
        throw ModelError(where + ": position_embedding_type '" + pos + "' is not supported (only \"absolute\")");
    if (hp.hidden_size == 0 || hp.num_heads == 0 || hp.hidden_size % hp.num_heads != 0)
        throw ModelError(where + ": hidden_size " + std::to_string(hp.hidden_size) +
                         " is not a positive multiple of num_attention_heads " + std::to_string(hp.num_heads));
    if (hp.vocab_size == 0 || hp.num_layers == 0 || hp.intermediate_size == 0 || hp.type_vocab_size == 0)
        throw ModelError(where + ": vocab_size, num_hidden_layers, intermediate_size and type_vocab_size must be > 0");
    if (hp.pad_token_id < 0 || static_cast<std::size_t>(hp.pad_token_id) + 2 > hp.max_position_embeddings)
        throw ModelError(where + ": pad_token_id " + std::to_string(hp.pad_token_id) +
                         " leaves no room in max_position_embeddings " + std::to_string(hp.max_position_embeddings));
    return hp;
}

}  // namespace jobbert::model
