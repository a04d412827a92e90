// Reading the texts a command works on: JSONL (default), plain lines, CSV/TSV columns,
// positional arguments or stdin. Every reader keeps one row per input record, in order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace jobbert::cli {

/** Input settings shared by every command that reads texts. */
struct InputOptions {
    std::string file;              ///< -i FILE ("-" = stdin); empty = positional args, else stdin
    std::string format;            ///< "jsonl", "lines", "csv", "tsv" or "" (from the extension, else jsonl)
    std::string column;            ///< CSV/TSV column, or JSONL object field (default "text")
    std::string on_invalid = "error";  ///< invalid UTF-8: "error" (stop) or "mark" (an error row)
    std::vector<std::string> texts;    ///< positional TEXT arguments
    bool ids = false;              ///< JSONL rows are token ids (arrays, or objects with "ids")
};

/** What a command accepts; options it does not accept are not registered. */
struct InputFeatures {
    bool positional = true;   ///< TEXT... arguments
    bool mark = true;         ///< --on-invalid mark
    bool ids = false;         ///< --ids
    const char* positional_name = "TEXT";
};

/** Registers -i, --input-format, --lines, --csv, --tsv, --column, --on-invalid and TEXT... */
void add_input_options(CLI::App& app, InputOptions& options, const InputFeatures& features = {});

/** One input record. */
struct InputRow {
    std::string text;            ///< the text (not in ids mode)
    std::vector<int32_t> ids;    ///< token ids (ids mode only)
    bool has_ids = false;        ///< ids mode: `ids` is the input, not `text`
    std::string error;           ///< non-empty: the record is invalid (--on-invalid mark)
    std::size_t line = 0;        ///< 1-based line (or argument number) where the record starts
    bool ok() const { return error.empty(); }
};

/**
 * Reads every input row. Throws InputError("<source> line N: ...") for a line that is not valid
 * JSON / lacks the field / a CSV record with the wrong field count, a missing column, and (unless
 * on_invalid == "mark") invalid UTF-8 with its byte offset; UsageError for conflicting options
 * or no input at all on a terminal.
 */
std::vector<InputRow> read_input(const InputOptions& options);

}  // namespace jobbert::cli
