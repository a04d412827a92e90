// Training pairs: (anchor, positive) or (title, skill list), read from JSONL or TSV.
//
// JSONL, one object per line:  {"anchor": "...", "positive": "..."}
//                              {"title": "...", "skills": ["...", "..."]}
//   ("positive"/"skills" may each be a string or a list; "query" is accepted for the anchor.)
// TSV, one row per line: ANCHOR <tab> POSITIVE, or TITLE <tab> SKILL <tab> SKILL ... (three or
//   more fields: a skill list). A first line whose fields are header names (anchor/title/query,
//   then positive/skills/...) is skipped.
// A skill list becomes one positive text per epoch: its items joined with ", " in an order
// shuffled anew every epoch (how JobBERT-v3's positives were built). Blank lines are skipped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace jobbert::train {

/** Limits on the input; a line beyond one is an error naming the line. */
struct DataLimits {
    std::size_t max_line_bytes = 1 << 20;         ///< bytes of one line (without the newline)
    std::size_t max_text_bytes = 1 << 16;         ///< bytes of one anchor, positive or skill
    std::size_t max_list_items = 4096;            ///< skills in one list
    std::size_t max_rows = std::size_t{1} << 31;  ///< pairs in the file
};

/** Input formats. */
enum class DataFormat { Auto, Jsonl, Tsv };

/** All pairs of a data file, texts stored back to back in one buffer. Immutable after load. */
class PairData {
public:
    /**
     * Reads `path`. Format Auto: .jsonl/.json -> JSONL, .tsv/.tab/.txt -> TSV, otherwise JSONL
     * if the first non-blank line starts with '{'. Throws InputError("<file> line N: ...") for
     * invalid UTF-8 (with the byte offset in the line), invalid JSON, a missing or non-string
     * field, an empty (all-whitespace) text, a line, text or list over the limits, a TSV row
     * with one field; InputError("<file>: no training pairs (empty file)") when nothing is left.
     */
    static PairData load(const std::filesystem::path& path, DataFormat format = DataFormat::Auto,
                         const DataLimits& limits = {});

    /** Same on in-memory text; `origin` names it in messages. */
    static PairData parse(std::string_view text, DataFormat format, const std::string& origin,
                          const DataLimits& limits = {});

    std::size_t size() const { return rows_.size(); }
    /** The anchor text of pair i, as in the file. */
    std::string_view anchor(std::size_t i) const;
    /** Whether pair i's positive is a skill list (joined per epoch) rather than one text. */
    bool is_list(std::size_t i) const { return rows_[i].list; }
    /** Items of pair i's positive (one item for a plain positive). */
    std::size_t item_count(std::size_t i) const { return rows_[i].count; }
    std::string_view item(std::size_t i, std::size_t k) const;
    /** 1-based line of pair i in the file. */
    std::size_t line(std::size_t i) const { return rows_[i].line; }
    /**
     * The positive text of pair i for `epoch`: the plain positive, or the skill list joined with
     * ", " after a shuffle that depends only on (seed, epoch, i).
     */
    std::string positive(std::size_t i, uint64_t seed, uint64_t epoch) const;
    /** Number of pairs whose positive is a skill list. */
    std::size_t list_rows() const;
    /** Where the data came from. */
    const std::string& origin() const { return origin_; }

private:
    struct Span {
        uint64_t offset;
        uint32_t length;
    };
    struct Row {
        uint32_t anchor;  ///< index into spans_
        uint32_t first;   ///< first item in spans_
        uint32_t count;   ///< items
        uint32_t line;
        bool list;
    };
    uint32_t add_text(std::string_view s);
    void parse_jsonl_line(std::string_view line, std::size_t lineno, const DataLimits& limits);
    void parse_tsv_line(std::string_view line, std::size_t lineno, const DataLimits& limits, bool maybe_header);

    std::string origin_;
    std::string text_;
    std::vector<Span> spans_;
    std::vector<Row> rows_;
};

}  // namespace jobbert::train
