// Pattern matching for the Replace normalizer, with PCRE2 standing in for HF's Oniguruma.
//
// HF compiles `Replace` patterns with Oniguruma (Ruby syntax, UTF-8): `^`/`$` match at line
// boundaries, `.` does not match "\n", \s \w \d are Unicode-aware. PCRE2 is used in UTF + UCP +
// MULTILINE mode to match that. Literal (`String`) patterns use PCRE2_LITERAL. Matches are
// enumerated like rust-onig's FindMatches (an empty match right after the previous match is
// skipped by advancing one char).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/normalized_string.h"

namespace jobbert::detail {

/** A compiled pattern; immutable and thread-safe (match data is per call). */
class Regex {
public:
    /** Compiles `pattern`. Throws std::invalid_argument with PCRE2's message and offset. */
    Regex(std::string_view pattern, bool literal);
    ~Regex();
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;

    /**
     * HF `find_matches` of a SysRegex over `text` (valid UTF-8): ordered spans covering the whole
     * text, each flagged as a match or not; [{0,0,false}] for an empty text.
     */
    std::vector<MatchSpan> find_matches(std::string_view text) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace jobbert::detail
