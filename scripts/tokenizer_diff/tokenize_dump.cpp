// Differential-test driver: encodes every text of a JSONL file with jobbert::Tokenizer.
//
// usage: tokenize_dump TOKENIZER.json MAX_LENGTH IN.jsonl OUT.jsonl
// IN.jsonl: one JSON string per line. OUT.jsonl, one object per line:
//   {"ids": [...], "tokens": [...],            encoded without truncation
//    "tids": [...], "ttokens": [...],          encoded with max_length = MAX_LENGTH
//    "new_cps": [...]}                         code points of the text that ICU's Unicode data
//                                              does not know (u_charAge 0.0: assigned after
//                                              Unicode 15.0, or unassigned)
// or {"error": "..."} when jobbert throws (which the comparison counts as a mismatch).
#include <unicode/uchar.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "jobbert/error.h"
#include "jobbert/tokenizer.h"

namespace {

nlohmann::json unknown_code_points(const std::string& s) {
    nlohmann::json cps = nlohmann::json::array();
    for (std::size_t i = 0; i < s.size();) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        const std::size_t n = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
        char32_t cp = n == 1 ? b0 : b0 & (0x7F >> n);
        for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        i += n;
        UVersionInfo age;
        u_charAge(static_cast<UChar32>(cp), age);
        if (age[0] == 0 && age[1] == 0) cps.push_back(static_cast<std::uint32_t>(cp));
    }
    return cps;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s TOKENIZER.json MAX_LENGTH IN.jsonl OUT.jsonl\n", argv[0]);
        return 2;
    }
    try {
        const jobbert::Tokenizer tok = jobbert::Tokenizer::from_file(argv[1]);
        const std::size_t max_len = std::stoul(argv[2]);
        std::ifstream in(argv[3]);
        std::ofstream out(argv[4]);
        if (!in || !out) {
            std::fprintf(stderr, "cannot open %s or %s\n", argv[3], argv[4]);
            return 2;
        }
        for (std::string line; std::getline(in, line);) {
            if (line.empty()) continue;
            const std::string text = nlohmann::json::parse(line).get<std::string>();
            nlohmann::json row;
            try {
                const jobbert::Encoding full = tok.encode(text);
                const jobbert::Encoding cut = tok.encode(text, max_len);
                row["ids"] = full.ids;
                row["tokens"] = full.tokens;
                row["tids"] = cut.ids;
                row["ttokens"] = cut.tokens;
            } catch (const jobbert::Error& e) {
                row["error"] = e.what();
            }
            row["new_cps"] = unknown_code_points(text);
            out << row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "tokenize_dump: %s\n", e.what());
        return 1;
    }
    return 0;
}
