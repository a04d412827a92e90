#include "input.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app_error.h"
#include "index/csv.h"
#include "jobbert/error.h"
#include "jobbert/text.h"

namespace jobbert::cli {

void add_input_options(CLI::App& app, InputOptions& o, const InputFeatures& f) {
    app.add_option("-i,--input", o.file,
                   "Input file ('-' = stdin). Default: the TEXT arguments, else stdin. Format from the "
                   "extension (.jsonl .txt .csv .tsv), else JSONL");
    app.add_option("--input-format", o.format,
                   "jsonl: one JSON string, or object with a \"text\" field, per line; lines: one text per "
                   "line (LF or CRLF); csv/tsv: a header row and --column")
        ->check(CLI::IsMember({"jsonl", "lines", "csv", "tsv"}));
    app.add_flag_callback("--lines", [&o] { o.format = "lines"; }, "Same as --input-format lines");
    app.add_flag_callback("--csv", [&o] { o.format = "csv"; }, "Same as --input-format csv");
    app.add_flag_callback("--tsv", [&o] { o.format = "tsv"; }, "Same as --input-format tsv");
    app.add_option("--column", o.column,
                   "CSV/TSV column (default: 'text', or the only column) or JSONL object field (default 'text')");
    if (f.mark)
        app.add_option("--on-invalid", o.on_invalid,
                       "Input that is not valid UTF-8: 'error' stops with the line and byte offset, writing "
                       "nothing; 'mark' writes {\"error\": ...} for that row and goes on")
            ->check(CLI::IsMember({"error", "mark"}))
            ->capture_default_str();
    if (f.ids)
        app.add_flag("--ids", o.ids,
                     "Input rows are token ids (JSONL: an array, or an object with \"ids\"), used as given");
    if (f.positional) app.add_option(f.positional_name, o.texts, "Texts (instead of -i or stdin)");
}

namespace {

// Where rows come from, for messages: "<file>" or "stdin" or "argument".
struct Source {
    std::string name;
    std::string bytes;
};

Source load_source(const InputOptions& o) {
    if (!o.file.empty() && o.file != "-") {
        std::ifstream in(o.file, std::ios::binary);
        if (!in) throw InputError(o.file + ": cannot open input file");
        std::ostringstream ss;
        ss << in.rdbuf();
        return {o.file, ss.str()};
    }
    if (o.file.empty() && ::isatty(0))
        throw UsageError("no input: give TEXT arguments, -i FILE, or pipe texts into stdin");
    std::string data{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    return {"stdin", std::move(data)};
}

std::string format_for(const InputOptions& o) {
    if (!o.format.empty()) return o.format;
    const std::string& f = o.file;
    auto ends = [&](const char* s) {
        const std::string suffix = s;
        return f.size() >= suffix.size() && f.compare(f.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends(".csv")) return "csv";
    if (ends(".tsv") || ends(".tab")) return "tsv";
    if (ends(".txt")) return "lines";
    return "jsonl";
}

// Checks UTF-8; returns "" or the error text for a row. Throws unless marking.
std::string utf8_problem(std::string_view text, const std::string& where, std::size_t base_offset, bool mark) {
    const auto bad = find_invalid_utf8(text);
    if (!bad) return {};
    const std::string msg = where + ": invalid UTF-8 at byte " + std::to_string(*bad) + " of the line (byte " +
                            std::to_string(base_offset + *bad) + " of the input)";
    if (!mark) throw Utf8Error(msg, base_offset + *bad);
    return msg;
}

// Splits into lines at '\n'; a final line without '\n' counts; "\r\n" endings lose the '\r'.
template <class F>
void for_each_line(const std::string& bytes, F&& f) {
    std::size_t start = 0, line = 1;
    while (start < bytes.size()) {
        std::size_t end = bytes.find('\n', start);
        const std::size_t next = end == std::string::npos ? bytes.size() : end + 1;
        if (end == std::string::npos) end = bytes.size();
        std::size_t len = end - start;
        if (len > 0 && bytes[start + len - 1] == '\r') --len;
        f(std::string_view(bytes).substr(start, len), line, start);
        start = next;
        ++line;
    }
}

std::vector<InputRow> read_lines(const Source& src, bool mark) {
    std::vector<InputRow> rows;
    for_each_line(src.bytes, [&](std::string_view line, std::size_t n, std::size_t offset) {
        InputRow r;
        r.line = n;
        r.error = utf8_problem(line, src.name + " line " + std::to_string(n), offset, mark);
        if (r.ok()) r.text = line;
        rows.push_back(std::move(r));
    });
    return rows;
}

std::vector<InputRow> read_jsonl(const Source& src, const InputOptions& o, bool mark) {
    const std::string field = o.ids ? "ids" : (o.column.empty() ? "text" : o.column);
    std::vector<InputRow> rows;
    for_each_line(src.bytes, [&](std::string_view line, std::size_t n, std::size_t offset) {
        InputRow r;
        r.line = n;
        const std::string where = src.name + " line " + std::to_string(n);
        r.error = utf8_problem(line, where, offset, mark);
        if (!r.ok()) {
            rows.push_back(std::move(r));
            return;
        }
        nlohmann::json v;
        try {
            v = nlohmann::json::parse(line);
        } catch (const nlohmann::json::parse_error& e) {
            std::string what = e.what();
            if (const auto p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
            throw InputError(where + ": not valid JSON (" + what + ")" +
                             (line.find_first_not_of(" \t") == std::string::npos ? "; use --lines for plain text"
                                                                                  : ""));
        }
        if (v.is_object()) {
            if (!v.contains(field))
                throw InputError(where + ": the JSON object has no \"" + field + "\" field");
            v = v[field];
        }
        if (o.ids) {
            r.has_ids = true;
            if (!v.is_array()) throw InputError(where + ": expected an array of token ids");
            for (const auto& id : v) {
                if (!id.is_number_integer()) throw InputError(where + ": token ids must be integers");
                const auto x = id.get<long long>();
                if (x < INT32_MIN || x > INT32_MAX) throw InputError(where + ": token id out of range");
                r.ids.push_back(static_cast<int32_t>(x));
            }
        } else {
            if (!v.is_string())
                throw InputError(where + ": expected a JSON string or an object with a string \"" + field + "\"");
            r.text = v.get<std::string>();
        }
        rows.push_back(std::move(r));
    });
    return rows;
}

std::vector<InputRow> read_delimited(const Source& src, const InputOptions& o, char delim, bool mark) {
    std::string_view text = src.bytes;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    index::CsvReader reader(text, delim, src.name);
    index::CsvRecord rec;
    if (!reader.next(rec)) return {};
    utf8_problem(text.substr(0, text.find('\n')), src.name + " line 1 (header)", 0, false);
    std::size_t col = rec.fields.size();
    std::string names;
    for (std::size_t i = 0; i < rec.fields.size(); ++i) {
        names += (i ? ", " : "") + ("'" + rec.fields[i] + "'");
        if (rec.fields[i] == (o.column.empty() ? "text" : o.column)) col = i;
    }
    if (col == rec.fields.size()) {
        if (o.column.empty() && rec.fields.size() == 1) col = 0;
        else
            throw InputError(src.name + ": no column '" + (o.column.empty() ? "text" : o.column) +
                             "' in the header (columns: " + names + "); choose one with --column");
    }
    const std::size_t width = rec.fields.size();
    std::vector<InputRow> rows;
    while (reader.next(rec)) {
        const std::string where = src.name + " line " + std::to_string(rec.line);
        if (rec.fields.size() == 1 && rec.fields[0].empty() && width > 1) continue;  // blank line
        if (rec.fields.size() != width)
            throw InputError(where + ": expected " + std::to_string(width) + " fields (as in the header), got " +
                             std::to_string(rec.fields.size()));
        InputRow r;
        r.line = rec.line;
        if (const auto bad = find_invalid_utf8(rec.fields[col])) {
            r.error = where + ": invalid UTF-8 at byte " + std::to_string(*bad) + " of column " +
                      std::to_string(col + 1);
            if (!mark) throw Utf8Error(r.error, *bad);
        } else {
            r.text = std::move(rec.fields[col]);
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

}  // namespace

std::vector<InputRow> read_input(const InputOptions& o) {
    const bool mark = o.on_invalid == "mark";
    if (!o.file.empty() && !o.texts.empty())
        throw UsageError("give either TEXT arguments or -i FILE, not both");
    if (o.file.empty() && !o.texts.empty()) {
        if (o.ids) throw UsageError("--ids reads JSONL from -i FILE or stdin, not from arguments");
        std::vector<InputRow> rows;
        for (std::size_t i = 0; i < o.texts.size(); ++i) {
            InputRow r;
            r.line = i + 1;
            r.error = utf8_problem(o.texts[i], "argument " + std::to_string(i + 1), 0, mark);
            if (r.ok()) r.text = o.texts[i];
            rows.push_back(std::move(r));
        }
        return rows;
    }
    const Source src = load_source(o);
    const std::string format = format_for(o);
    if (o.ids && format != "jsonl") throw UsageError("--ids needs JSONL input");
    if (format == "lines") return read_lines(src, mark);
    if (format == "csv") return read_delimited(src, o, ',', mark);
    if (format == "tsv") return read_delimited(src, o, '\t', mark);
    return read_jsonl(src, o, mark);
}

}  // namespace jobbert::cli
