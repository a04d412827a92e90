#include "xlmr_tokenizer_json.h"

#include <stdexcept>

namespace jobbert::spm {

using OJson = nlohmann::ordered_json;

std::string base64(const std::string& bytes) {
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
        if (i + 1 < bytes.size()) v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
        if (i + 2 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 2]);
        out += table[(v >> 18) & 63u];
        out += table[(v >> 12) & 63u];
        out += i + 1 < bytes.size() ? table[(v >> 6) & 63u] : '=';
        out += i + 2 < bytes.size() ? table[v & 63u] : '=';
    }
    return out;
}

namespace {

OJson added(int id, const char* content, bool lstrip = false) {
    return OJson{{"id", id},        {"content", content},  {"single_word", false}, {"lstrip", lstrip},
                 {"rstrip", false}, {"normalized", false}, {"special", true}};
}

OJson special(const char* token, int id) {
    return OJson{{"id", token}, {"ids", {id}}, {"tokens", {token}}};
}

OJson template_piece(const char* special_token) {
    return OJson{{"SpecialToken", {{"id", special_token}, {"type_id", 0}}}};
}

OJson sequence_piece(const char* id) {
    return OJson{{"Sequence", {{"id", id}, {"type_id", 0}}}};
}

}  // namespace

OJson xlmr_tokenizer_json(const ModelProtoView& m) {
    if (m.pieces.size() < 4 || m.pieces[0].piece != "<unk>" || m.pieces[1].piece != "<s>" ||
        m.pieces[2].piece != "</s>")
        throw std::runtime_error("SentencePiece model: expected pieces 0..2 to be <unk>, <s>, </s>");
    if (m.precompiled_charsmap.empty())
        throw std::runtime_error("SentencePiece model: no precompiled charsmap (normalizer '" + m.normalizer_name +
                                 "')");
    OJson vocab = OJson::array({{"<s>", 0.0}, {"<pad>", 0.0}, {"</s>", 0.0}, {"<unk>", 0.0}});
    for (std::size_t i = 3; i < m.pieces.size(); ++i) vocab.push_back({m.pieces[i].piece, m.pieces[i].score});
    const int mask_id = static_cast<int>(vocab.size());
    vocab.push_back({"<mask>", 0.0});
    const OJson metaspace = {
        {"type", "Metaspace"}, {"replacement", "\u2581"}, {"prepend_scheme", "always"}, {"split", true}};
    OJson tok;
    tok["version"] = "1.0";
    tok["truncation"] = nullptr;
    tok["padding"] = nullptr;
    tok["added_tokens"] = OJson::array(
        {added(0, "<s>"), added(1, "<pad>"), added(2, "</s>"), added(3, "<unk>"), added(mask_id, "<mask>", true)});
    tok["normalizer"] = {
        {"type", "Sequence"},
        {"normalizers",
         OJson::array({{{"type", "Precompiled"}, {"precompiled_charsmap", base64(m.precompiled_charsmap)}},
                       {{"type", "Replace"}, {"pattern", {{"Regex", " {2,}"}}}, {"content", " "}}})}};
    tok["pre_tokenizer"] = {{"type", "Sequence"},
                            {"pretokenizers", OJson::array({{{"type", "WhitespaceSplit"}}, metaspace})}};
    tok["post_processor"] = {
        {"type", "TemplateProcessing"},
        {"single", OJson::array({template_piece("<s>"), sequence_piece("A"), template_piece("</s>")})},
        {"pair", OJson::array({template_piece("<s>"), sequence_piece("A"), template_piece("</s>"),
                               template_piece("</s>"), sequence_piece("B"), template_piece("</s>")})},
        {"special_tokens", {{"<s>", special("<s>", 0)}, {"</s>", special("</s>", 2)}}}};
    tok["decoder"] = metaspace;
    tok["model"] = {{"type", "Unigram"}, {"unk_id", 3}, {"vocab", vocab}, {"byte_fallback", false}};
    return tok;
}

}  // namespace jobbert::spm
