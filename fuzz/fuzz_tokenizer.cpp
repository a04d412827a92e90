// libFuzzer target over raw bytes for the tokenizer.
//
// Byte 0 selects what the rest of the input is:
//   0..4  (mod 8): text for fixture tokenizer N, encoded with and without truncation
//   5, 6         : text for a tokenizer.json built from the input (normalizer/pre-tokenizer mix)
//   7            : a precompiled_charsmap blob, looked up with itself as text
// Invariants checked: jobbert::Error is the only exception (Utf8Error exactly when the bytes are
// not valid UTF-8), ids and tokens have equal length, every id maps back to a vocabulary entry,
// every token is valid UTF-8, truncation respects max_length, encode_ids == encode().ids.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "jobbert/error.h"
#include "jobbert/text.h"
#include "jobbert/tokenizer.h"
#include "tokenizer/precompiled_charsmap.h"

namespace {

const std::vector<jobbert::Tokenizer>& fixtures() {
    static const std::vector<jobbert::Tokenizer> toks = [] {
        std::vector<jobbert::Tokenizer> v;
        for (const char* name :
             {"tiny-asym-f32", "tiny-router-bf16", "tiny-legacy-f16", "tiny-nfkc-roberta", "tiny-bytefallback"})
            v.push_back(jobbert::Tokenizer::from_file(std::string(JOBBERT_FIXTURES) + "/" + name + "/tokenizer.json"));
        return v;
    }();
    return toks;
}

/** A small tokenizer.json whose blocks are chosen by `sel`. */
std::string small_config(std::uint8_t sel) {
    static const char* normalizers[] = {R"({"type":"NFKC"})",
                                        R"({"type":"NFC"})",
                                        R"({"type":"Lowercase"})",
                                        R"({"type":"Strip","strip_left":true,"strip_right":true})",
                                        R"({"type":"Replace","pattern":{"Regex":"\\s+"},"content":" "})",
                                        R"({"type":"Replace","pattern":{"String":"a"},"content":"bb"})",
                                        R"({"type":"Prepend","prepend":"▁"})",
                                        R"({"type":"Replace","pattern":{"Regex":"x*"},"content":"-"})"};
    static const char* pretoks[] = {"null", R"({"type":"WhitespaceSplit"})",
                                    R"({"type":"Metaspace","replacement":"▁","prepend_scheme":"first","split":true})",
                                    R"({"type":"Metaspace","replacement":"▁","prepend_scheme":"never","split":false})"};
    std::string norm = std::string(R"({"type":"Sequence","normalizers":[)") + normalizers[sel % 8] + "," +
                       normalizers[(sel / 8) % 8] + "]}";
    std::string vocab = R"([["<unk>",0.0],["<s>",0.0],["</s>",0.0],["▁",-1.0],["a",-2.0],["b",-2.5],)"
                        R"(["ab",-2.0],["▁a",-1.5],["é",-3.0],["<0x41>",-4.0],["<0xC3>",-4.0],["<0xA9>",-4.0]])";
    return std::string(R"({"version":"1.0","truncation":null,"padding":null,"added_tokens":[)") +
           R"({"id":1,"content":"<s>","single_word":false,"lstrip":false,"rstrip":true,"normalized":false,"special":true},)" +
           R"({"id":12,"content":"ab","single_word":true,"lstrip":true,"rstrip":false,"normalized":true,"special":false}],)" +
           R"("normalizer":)" + norm + R"(,"pre_tokenizer":)" + pretoks[(sel / 64) % 4] +
           R"(,"post_processor":{"type":"RobertaProcessing","sep":["</s>",2],"cls":["<s>",1]},)" +
           R"("decoder":null,"model":{"type":"Unigram","unk_id":0,"byte_fallback":true,"vocab":)" + vocab + "}}";
}

void check(const jobbert::Tokenizer& tok, std::string_view text, std::size_t max_len) {
    const bool valid = !jobbert::find_invalid_utf8(text).has_value();
    try {
        const jobbert::Encoding e = tok.encode(text, max_len);
        if (!valid) std::abort();  // invalid UTF-8 must throw
        if (e.ids.size() != e.tokens.size()) std::abort();
        if (max_len > 0 && e.ids.size() > max_len) std::abort();
        for (std::size_t i = 0; i < e.ids.size(); ++i) {
            if (e.ids[i] < 0 || static_cast<std::size_t>(e.ids[i]) > tok.vocab_size() + 8) std::abort();
            (void)tok.id_to_token(e.ids[i]);
            if (jobbert::find_invalid_utf8(e.tokens[i])) std::abort();
        }
        if (tok.encode_ids(text, max_len) != e.ids) std::abort();
    } catch (const jobbert::Utf8Error&) {
        if (valid) std::abort();
    } catch (const jobbert::Error&) {
        // InputError (e.g. max_length below the special-token count): acceptable.
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t mode = data[0] % 8;
    const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    if (mode < 5) {
        const auto& tok = fixtures()[mode];
        check(tok, rest, 0);
        check(tok, rest, 2 + (data[0] >> 3) % 16);
    } else if (mode < 7) {
        if (rest.empty()) return 0;
        static std::vector<std::unique_ptr<jobbert::Tokenizer>> cache(256);
        const auto sel = static_cast<std::uint8_t>(rest[0]);
        if (!cache[sel]) {
            try {
                cache[sel] = std::make_unique<jobbert::Tokenizer>(jobbert::Tokenizer::from_json(small_config(sel)));
            } catch (const jobbert::ModelError&) {
                std::abort();  // every generated config is supported
            }
        }
        check(*cache[sel], rest.substr(1), mode == 6 ? 3 : 0);
    } else {
        try {
            const auto cm = jobbert::detail::PrecompiledCharsmap::parse(rest);
            for (std::size_t i = 0; i < rest.size() && i < 64; ++i) (void)cm.transform(rest.substr(i));
        } catch (const std::invalid_argument&) {
        }
    }
    return 0;
}
