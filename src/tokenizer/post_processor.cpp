// TemplateProcessing / RobertaProcessing for single sequences (see post_processor.h).
#include "tokenizer/post_processor.h"

#include <cstdint>
#include <nlohmann/json.hpp>

namespace jobbert::detail {
namespace {

std::int32_t read_id(const nlohmann::json& v, const JsonContext& ctx, const std::string& where) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > INT32_MAX)
        ctx.fail("'" + where + "' must be a token id");
    return static_cast<std::int32_t>(v.get<std::int64_t>());
}

}  // namespace

PostProcessor PostProcessor::from_json(const nlohmann::json& cfg, const JsonContext& ctx, const std::string& path) {
    PostProcessor pp;
    const std::string type = ctx.type_of(cfg, path);
    if (type == "RobertaProcessing") {
        auto pair_at = [&](const char* key) {
            const auto& v = ctx.required(cfg, key, path);
            if (!v.is_array() || v.size() != 2 || !v[0].is_string())
                ctx.fail("key '" + path + "." + key + "' must be [token, id]");
            Item it;
            it.tokens.push_back(v[0].get<std::string>());
            it.ids.push_back(read_id(v[1], ctx, path + "." + key + "[1]"));
            return it;
        };
        pp.items_.push_back(pair_at("cls"));
        Item seq;
        seq.is_sequence = true;
        pp.items_.push_back(seq);
        pp.items_.push_back(pair_at("sep"));
        pp.n_added_ = 2;
        return pp;
    }
    if (type != "TemplateProcessing") ctx.unsupported_type("post_processor", type, path);

    const auto& specials = ctx.required(cfg, "special_tokens", path);
    if (!specials.is_object()) ctx.fail("key '" + path + ".special_tokens' must be an object");
    const auto& single = ctx.required(cfg, "single", path);
    if (!single.is_array()) ctx.fail("key '" + path + ".single' must be an array");
    for (std::size_t i = 0; i < single.size(); ++i) {
        const std::string where = path + ".single[" + std::to_string(i) + "]";
        const auto& piece = single[i];
        if (!piece.is_object() || piece.size() != 1)
            ctx.fail("'" + where + "' must be {\"SpecialToken\": ...} or {\"Sequence\": ...}");
        const std::string kind = piece.begin().key();
        const auto& body = piece.begin().value();
        if (kind == "Sequence") {
            const std::string id = ctx.string_at(body, "id", where + ".Sequence");
            if (id != "A") ctx.fail("'" + where + "': sequence '" + id + "' in the single template is not supported");
            Item it;
            it.is_sequence = true;
            pp.items_.push_back(it);
        } else if (kind == "SpecialToken") {
            const std::string id = ctx.string_at(body, "id", where + ".SpecialToken");
            const auto sp = specials.find(id);
            if (sp == specials.end())
                ctx.fail("'" + where + "': missing SpecialToken with id '" + id + "' in " + path + ".special_tokens");
            const std::string sp_path = path + ".special_tokens." + id;
            const auto& ids = ctx.required(*sp, "ids", sp_path);
            const auto& toks = ctx.required(*sp, "tokens", sp_path);
            if (!ids.is_array() || !toks.is_array() || ids.size() != toks.size())
                ctx.fail("'" + sp_path + "': ids and tokens must be arrays of the same length");
            Item it;
            for (std::size_t k = 0; k < ids.size(); ++k) {
                it.ids.push_back(read_id(ids[k], ctx, sp_path + ".ids"));
                if (!toks[k].is_string()) ctx.fail("'" + sp_path + ".tokens' must hold strings");
                it.tokens.push_back(toks[k].get<std::string>());
            }
            pp.n_added_ += it.ids.size();
            pp.items_.push_back(std::move(it));
        } else {
            ctx.fail("'" + where + "': template piece '" + kind + "' is not supported");
        }
    }
    return pp;
}

void PostProcessor::apply(std::vector<std::int32_t>& ids, std::vector<std::string>* tokens) const {
    std::vector<std::int32_t> out_ids;
    std::vector<std::string> out_tokens;
    out_ids.reserve(ids.size() + n_added_);
    if (tokens) out_tokens.reserve(ids.size() + n_added_);
    for (const Item& it : items_) {
        if (it.is_sequence) {
            out_ids.insert(out_ids.end(), ids.begin(), ids.end());
            if (tokens) out_tokens.insert(out_tokens.end(), tokens->begin(), tokens->end());
        } else {
            out_ids.insert(out_ids.end(), it.ids.begin(), it.ids.end());
            if (tokens) out_tokens.insert(out_tokens.end(), it.tokens.begin(), it.tokens.end());
        }
    }
    ids = std::move(out_ids);
    if (tokens) *tokens = std::move(out_tokens);
}

}  // namespace jobbert::detail
