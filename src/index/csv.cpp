#include "index/csv.h"

#include <algorithm>
#include <cctype>

#include "jobbert/error.h"

namespace jobbert::index {

CsvReader::CsvReader(std::string_view text, char delimiter, std::string origin)
    : text_(text), delim_(delimiter), origin_(std::move(origin)) {}

bool CsvReader::next(CsvRecord& rec) {
    rec.fields.clear();
    if (pos_ >= text_.size()) return false;
    rec.line = line_;
    const std::size_t n = text_.size();
    // Returns true (and consumes it) if a record terminator starts at pos_.
    auto at_record_end = [&]() {
        if (text_[pos_] == '\n') {
            ++pos_;
            ++line_;
            return true;
        }
        if (text_[pos_] == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') {
            pos_ += 2;
            ++line_;
            return true;
        }
        return false;
    };
    std::string field;
    while (true) {
        field.clear();
        if (pos_ < n && text_[pos_] == '"') {
            const std::size_t start_line = line_;
            ++pos_;
            while (true) {
                if (pos_ >= n)
                    throw InputError(origin_ + " line " + std::to_string(start_line) +
                                     ": quoted field is not closed");
                const char c = text_[pos_++];
                if (c == '"') {
                    if (pos_ < n && text_[pos_] == '"') {
                        field += '"';
                        ++pos_;
                        continue;
                    }
                    break;
                }
                if (c == '\n') ++line_;
                field += c;
            }
            if (pos_ < n && text_[pos_] != delim_ && text_[pos_] != '\n' &&
                !(text_[pos_] == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') &&
                !(text_[pos_] == '\r' && pos_ + 1 == n))
                throw InputError(origin_ + " line " + std::to_string(line_) +
                                 ": unexpected character after a closing quote (a '\"' inside a quoted "
                                 "field is written '\"\"')");
        } else {
            const std::size_t start = pos_;
            // A "\r" ends the field before "\n" or at the end of the text (a final line ending).
            while (pos_ < n && text_[pos_] != delim_ && text_[pos_] != '\n' &&
                   !(text_[pos_] == '\r' && (pos_ + 1 == n || text_[pos_ + 1] == '\n')))
                ++pos_;
            field.assign(text_.substr(start, pos_ - start));
        }
        rec.fields.push_back(field);
        if (pos_ >= n) return true;
        if (pos_ + 1 == n && text_[pos_] == '\r') {
            ++pos_;
            return true;
        }
        if (text_[pos_] == delim_) {
            ++pos_;
            if (pos_ >= n) {  // a trailing delimiter ends with one more empty field
                rec.fields.emplace_back();
                return true;
            }
            continue;
        }
        if (at_record_end()) return true;
    }
}

char delimiter_for_extension(std::string_view filename) {
    std::string lower(filename);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto ends_with = [&](std::string_view suffix) {
        return lower.size() >= suffix.size() && lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends_with(".tsv") || ends_with(".tab")) return '\t';
    if (ends_with(".csv")) return ',';
    return 0;
}

}  // namespace jobbert::index
