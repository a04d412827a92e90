#include "train/pair_data.h"

#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "jobbert/error.h"
#include "jobbert/text.h"
#include "train/seeded_random.h"

namespace jobbert::train {

namespace {

namespace fs = std::filesystem;

class LineError {
public:
    LineError(const std::string& origin, std::size_t line) : prefix_(origin + " line " + std::to_string(line) + ": ") {}
    [[noreturn]] void fail(const std::string& what) const { throw InputError(prefix_ + what); }

private:
    std::string prefix_;
};

bool is_blank(std::string_view s) {
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r') return false;
    return true;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// A text field: non-empty after Python's strip(), within the byte limit.
void check_text(std::string_view s, const char* what, const LineError& err, const DataLimits& limits) {
    if (s.size() > limits.max_text_bytes)
        err.fail(std::string(what) + " of " + std::to_string(s.size()) + " bytes is over the limit of " +
                 std::to_string(limits.max_text_bytes));
    if (python_strip(s).empty()) err.fail(std::string("empty ") + what);
}

DataFormat detect_format(const fs::path& path, std::string_view text) {
    const std::string ext = lower_ascii(path.extension().string());
    if (ext == ".jsonl" || ext == ".json" || ext == ".ndjson") return DataFormat::Jsonl;
    if (ext == ".tsv" || ext == ".tab" || ext == ".txt") return DataFormat::Tsv;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        return c == '{' ? DataFormat::Jsonl : DataFormat::Tsv;
    }
    return DataFormat::Tsv;
}

}  // namespace

uint32_t PairData::add_text(std::string_view s) {
    spans_.push_back({text_.size(), static_cast<uint32_t>(s.size())});
    text_.append(s);
    return static_cast<uint32_t>(spans_.size() - 1);
}

std::string_view PairData::anchor(std::size_t i) const {
    const Span& s = spans_[rows_[i].anchor];
    return std::string_view(text_).substr(s.offset, s.length);
}

std::string_view PairData::item(std::size_t i, std::size_t k) const {
    const Span& s = spans_[rows_[i].first + k];
    return std::string_view(text_).substr(s.offset, s.length);
}

std::size_t PairData::list_rows() const {
    std::size_t n = 0;
    for (const Row& r : rows_) n += r.list ? 1 : 0;
    return n;
}

std::string PairData::positive(std::size_t i, uint64_t seed, uint64_t epoch) const {
    const Row& r = rows_[i];
    if (!r.list) return std::string(item(i, 0));
    std::vector<uint32_t> order(r.count);
    for (uint32_t k = 0; k < r.count; ++k) order[k] = k;
    uint64_t state = derive_state(seed, epoch, i);
    shuffle_in_place(order, state);
    std::string out;
    for (std::size_t k = 0; k < order.size(); ++k) {
        if (k) out += ", ";
        out += item(i, order[k]);
    }
    return out;
}

void PairData::parse_jsonl_line(std::string_view line, std::size_t lineno, const DataLimits& limits) {
    const LineError err(origin_, lineno);
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
        err.fail("invalid JSON at byte " + std::to_string(e.byte) + " of the line");
    }
    if (!j.is_object()) err.fail("expected a JSON object {\"anchor\", \"positive\"} or {\"title\", \"skills\"}");
    auto field = [&](std::initializer_list<const char*> names) -> const nlohmann::json* {
        for (const char* n : names)
            if (j.contains(n)) return &j[n];
        return nullptr;
    };
    const nlohmann::json* a = field({"anchor", "title", "query"});
    const nlohmann::json* p = field({"positive", "skills", "skill_list", "positives"});
    if (!a)
        err.fail("missing field 'anchor' (or 'title'); expected {\"anchor\", \"positive\"} or {\"title\", \"skills\"}");
    if (!p)
        err.fail(
            "missing field 'positive' (or 'skills'); expected {\"anchor\", \"positive\"} or {\"title\", \"skills\"}");
    if (!a->is_string()) err.fail("field 'anchor'/'title' must be a string");
    const std::string anchor_text = a->get<std::string>();
    check_text(anchor_text, "anchor", err, limits);
    Row row{add_text(anchor_text), 0, 0, static_cast<uint32_t>(lineno), false};
    if (p->is_string()) {
        const std::string s = p->get<std::string>();
        check_text(s, "positive", err, limits);
        row.first = add_text(s);
        row.count = 1;
    } else if (p->is_array()) {
        if (p->empty()) err.fail("empty skill list");
        if (p->size() > limits.max_list_items)
            err.fail("skill list of " + std::to_string(p->size()) + " items is over the limit of " +
                     std::to_string(limits.max_list_items));
        row.list = true;
        row.first = static_cast<uint32_t>(spans_.size());
        for (const auto& item : *p) {
            if (!item.is_string()) err.fail("skill list items must be strings");
            const std::string s = item.get<std::string>();
            check_text(s, "skill", err, limits);
            add_text(s);
        }
        row.count = static_cast<uint32_t>(p->size());
    } else {
        err.fail("field 'positive'/'skills' must be a string or a list of strings");
    }
    rows_.push_back(row);
}

void PairData::parse_tsv_line(std::string_view line, std::size_t lineno, const DataLimits& limits, bool maybe_header) {
    const LineError err(origin_, lineno);
    std::vector<std::string_view> fields;
    for (std::size_t start = 0;;) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
    if (!fields.empty() && !fields.back().empty() && fields.back().back() == '\r') fields.back().remove_suffix(1);
    if (maybe_header && fields.size() >= 2) {
        const std::string f0 = lower_ascii(fields[0]), f1 = lower_ascii(fields[1]);
        if ((f0 == "anchor" || f0 == "title" || f0 == "query") &&
            (f1 == "positive" || f1 == "skills" || f1 == "skill" || f1 == "positives" || f1 == "skill_list"))
            return;
    }
    if (fields.size() < 2) err.fail("expected ANCHOR<tab>POSITIVE or TITLE<tab>SKILL<tab>SKILL...; found no tab");
    if (fields.size() - 1 > limits.max_list_items)
        err.fail("skill list of " + std::to_string(fields.size() - 1) + " items is over the limit of " +
                 std::to_string(limits.max_list_items));
    check_text(fields[0], "anchor", err, limits);
    Row row{add_text(fields[0]), static_cast<uint32_t>(spans_.size()), static_cast<uint32_t>(fields.size() - 1),
            static_cast<uint32_t>(lineno), fields.size() > 2};
    for (std::size_t k = 1; k < fields.size(); ++k) {
        check_text(fields[k], row.list ? "skill" : "positive", err, limits);
        add_text(fields[k]);
    }
    rows_.push_back(row);
}

PairData PairData::parse(std::string_view text, DataFormat format, const std::string& origin,
                         const DataLimits& limits) {
    PairData d;
    d.origin_ = origin;
    if (format == DataFormat::Auto) format = detect_format(origin, text);
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM
    std::size_t lineno = 0;
    bool first = true;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        const std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++lineno;
        const LineError err(origin, lineno);
        if (line.size() > limits.max_line_bytes)
            err.fail("line of " + std::to_string(line.size()) + " bytes is over the limit of " +
                     std::to_string(limits.max_line_bytes) + " bytes");
        if (auto bad = find_invalid_utf8(line))
            err.fail("invalid UTF-8 at byte " + std::to_string(*bad) + " of the line");
        if (is_blank(line)) continue;
        if (d.rows_.size() >= limits.max_rows)
            err.fail("more than " + std::to_string(limits.max_rows) + " pairs (the limit)");
        if (format == DataFormat::Jsonl)
            d.parse_jsonl_line(line, lineno, limits);
        else
            d.parse_tsv_line(line, lineno, limits, first);
        first = false;
        if (d.spans_.size() >= std::numeric_limits<uint32_t>::max() - limits.max_list_items)
            err.fail("too many texts in one file (split it)");
    }
    if (d.rows_.empty())
        throw InputError(origin + ": no training pairs (" +
                         (lineno == 0 || text.empty() ? "empty file" : "only blank lines or a header") + ")");
    return d;
}

PairData PairData::load(const fs::path& path, DataFormat format, const DataLimits& limits) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path.string() + ": cannot open training data");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (format == DataFormat::Auto) format = detect_format(path, text);
    return parse(text, format, path.string(), limits);
}

}  // namespace jobbert::train
