// Delimited text (CSV per RFC 4180, and TSV read the same way with a tab delimiter).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jobbert::index {

/** One record: its fields and the 1-based line number where it starts. */
struct CsvRecord {
    std::vector<std::string> fields;
    std::size_t line = 0;
};

/**
 * Reads records from delimited text, RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180):
 * fields separated by `delimiter`; records end at "\r\n" or "\n" (a final record may lack it);
 * a field that starts with '"' is quoted: it runs to the next lone '"', may contain delimiters,
 * line breaks and '""' (one '"'), and must be followed by a delimiter, a record end or the end
 * of the text. A '"' inside an unquoted field is kept as is (as Python's csv module does). An
 * empty line is a record of one empty field. The same rules with delimiter '\t' read TSV as
 * written by Python's csv module and pandas. Bytes are passed through unchanged (no decoding).
 */
class CsvReader {
public:
    /** `text` must outlive the reader; `origin` names the input in error messages. */
    CsvReader(std::string_view text, char delimiter, std::string origin);

    /**
     * Reads the next record into `rec`; returns false at the end of the text. Throws
     * InputError("<origin> line N: ...") for a quoted field that is not closed or a character
     * after a closing quote.
     */
    bool next(CsvRecord& rec);

private:
    std::string_view text_;
    char delim_;
    std::string origin_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

/** Delimiter for a file name: '\t' for *.tsv / *.tab, ',' for *.csv, else 0 (unknown). */
char delimiter_for_extension(std::string_view filename);

}  // namespace jobbert::index
