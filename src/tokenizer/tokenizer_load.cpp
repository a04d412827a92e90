// Loading tokenizer.json into a TokenizerImpl (HF tokenizers/src/tokenizer/serialization.rs order:
// model, normalizer, pre-tokenizer, post-processor, then the added tokens).
#include "jobbert/error.h"
#include "tokenizer/json_util.h"
#include "tokenizer/tokenizer_impl.h"

namespace jobbert::detail {
namespace {

std::size_t read_truncation(const nlohmann::json& t, const JsonContext& ctx) {
    if (t.is_null()) return 0;
    if (!t.is_object()) ctx.fail("key 'truncation' must be an object or null");
    const auto& ml = ctx.required(t, "max_length", "truncation");
    if (!ml.is_number_unsigned()) ctx.fail("key 'truncation.max_length' must be a non-negative integer");
    if (t.contains("stride") && !(t["stride"].is_number_integer() && t["stride"].get<std::int64_t>() == 0))
        ctx.fail("truncation: stride other than 0 is not supported");
    if (t.contains("direction") && t["direction"] != "Right")
        ctx.fail("truncation: direction " + t["direction"].dump() + " is not supported");
    if (t.contains("strategy") && t["strategy"] != "LongestFirst" && t["strategy"] != "OnlyFirst")
        ctx.fail("truncation: strategy " + t["strategy"].dump() + " is not supported");
    return ml.get<std::size_t>();
}

}  // namespace

std::shared_ptr<const TokenizerImpl> TokenizerImpl::load(std::string_view json, const std::string& origin) {
    const JsonContext ctx(origin);
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(json.begin(), json.end());
    } catch (const nlohmann::json::exception& e) {
        ctx.fail(std::string("malformed JSON: ") + e.what());
    }
    if (!doc.is_object()) ctx.fail("the document must be a JSON object");
    if (doc.contains("version") && doc["version"] != "1.0")
        ctx.fail("tokenizer.json version " + doc["version"].dump() + " is not supported");

    auto impl = std::make_shared<TokenizerImpl>();
    impl->origin = origin;
    impl->default_max_length = doc.contains("truncation") ? read_truncation(doc["truncation"], ctx) : 0;
    if (doc.contains("padding") && !doc["padding"].is_null())
        ctx.fail("padding is not supported (set \"padding\": null)");

    const auto& model = ctx.required(doc, "model", "tokenizer");
    const std::string model_type = ctx.type_of(model, "model");
    if (model_type != "Unigram") ctx.unsupported_type("model", model_type, "model");
    impl->model = UnigramModel::from_json(model, ctx, "model");

    if (doc.contains("normalizer") && !doc["normalizer"].is_null())
        impl->normalizer = make_normalizer(doc["normalizer"], ctx, "normalizer");
    if (doc.contains("pre_tokenizer") && !doc["pre_tokenizer"].is_null())
        impl->pre_tokenizer = make_pre_tokenizer(doc["pre_tokenizer"], ctx, "pre_tokenizer");
    if (doc.contains("post_processor") && !doc["post_processor"].is_null())
        impl->post_processor = PostProcessor::from_json(doc["post_processor"], ctx, "post_processor");
    impl->added = AddedVocabulary::from_json(doc.contains("added_tokens") ? doc["added_tokens"] : nlohmann::json(), ctx,
                                             impl->model, impl->normalizer.get());

    // HF get_vocab_size(true): distinct strings of the model vocabulary and the added tokens.
    impl->vocab_size = impl->model.distinct_pieces();
    for (const auto& [content, id] : impl->added.contents())
        impl->vocab_size += !impl->model.token_to_id(content).has_value();
    return impl;
}

}  // namespace jobbert::detail
