#include "eval/eval_queries.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "index/csv.h"
#include "jobbert/error.h"
#include "jobbert/text.h"

namespace jobbert::eval {

namespace {

namespace fs = std::filesystem;

std::string lower_ascii(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// Finds gold values in the taxonomy: by id, or by preferred label.
class GoldResolver {
public:
    GoldResolver(const Taxonomy& t, const std::string& by) : by_(by) {
        if (by != "id" && by != "label" && by != "auto")
            throw InputError("--gold-by must be id, label or auto, got '" + by + "'");
        for (std::size_t i = 0; i < t.occupations().size(); ++i) {
            by_id_.emplace(t.occupations()[i].id, i);
            const auto [it, fresh] = by_label_.emplace(t.occupations()[i].preferred_label, i);
            if (!fresh) it->second = kAmbiguous;
        }
    }

    std::optional<std::size_t> find(const std::string& value) const {
        if (by_ != "label")
            if (auto it = by_id_.find(value); it != by_id_.end()) return it->second;
        if (by_ != "id")
            if (auto it = by_label_.find(value); it != by_label_.end() && it->second != kAmbiguous) return it->second;
        return std::nullopt;
    }

private:
    static constexpr std::size_t kAmbiguous = static_cast<std::size_t>(-1);
    std::string by_;
    std::unordered_map<std::string, std::size_t> by_id_, by_label_;
};

struct Reader {
    const fs::path& file;
    const QueryFileOptions& o;
    const GoldResolver& resolver;
    QuerySet& set;

    std::string where(std::size_t line) const { return file.string() + " line " + std::to_string(line) + ": "; }

    void add(std::size_t line, const std::string& text, const std::vector<std::string>& gold_values,
             const std::string& language) {
        if (auto bad = find_invalid_utf8(text))
            throw InputError(where(line) + "invalid UTF-8 at byte " + std::to_string(*bad));
        if (python_strip(text).empty()) throw InputError(where(line) + "empty query");
        EvalQuery q{text, {}, language, line};
        for (const std::string& g : gold_values) {
            if (g.empty()) continue;
            const auto occ = resolver.find(g);
            if (!occ) {
                if (!o.skip_unknown_gold)
                    throw InputError(where(line) + "gold '" + g + "' is not an occupation " +
                                     (o.gold_by == "label" ? "preferred label"
                                      : o.gold_by == "id"  ? "id"
                                                           : "id or preferred label") +
                                     " of the taxonomy (--skip-unknown-gold drops such values)");
                ++set.unknown_gold;
                continue;
            }
            if (std::find(q.gold.begin(), q.gold.end(), *occ) == q.gold.end()) q.gold.push_back(*occ);
        }
        if (q.gold.empty()) {
            if (!o.skip_unknown_gold) throw InputError(where(line) + "no gold occupation");
            ++set.dropped_queries;
            return;
        }
        set.queries.push_back(std::move(q));
    }
};

std::vector<std::string> split(const std::string& s, const std::string& sep) {
    std::vector<std::string> out;
    if (sep.empty()) return {s};
    for (std::size_t start = 0;;) {
        const std::size_t at = s.find(sep, start);
        out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) break;
        start = at + sep.size();
    }
    return out;
}

// The column to use: `wanted` if given (must exist), else the first candidate present.
std::string pick(const std::vector<std::string>& present, const std::string& wanted,
                 const std::vector<std::string>& candidates, const std::string& what, const std::string& where,
                 bool required) {
    auto has = [&](const std::string& c) { return std::find(present.begin(), present.end(), c) != present.end(); };
    if (wanted == "-") return "";
    if (!wanted.empty()) {
        if (has(wanted)) return wanted;
        std::string names;
        for (const auto& p : present) names += (names.empty() ? "'" : ", '") + p + "'";
        throw InputError(where + "no " + what + " column '" + wanted + "' (columns: " + names + ")");
    }
    for (const auto& c : candidates)
        if (has(c)) return c;
    if (!required) return "";
    std::string names;
    for (const auto& c : candidates) names += (names.empty() ? "'" : ", '") + c + "'";
    throw InputError(where + "no " + what + " column (looked for " + names + "; name it with --" + what + "-column)");
}

const std::vector<std::string> kQueryColumns = {"query", "title", "text", "job_title"};
const std::vector<std::string> kGoldColumns = {"gold", "occupation_id", "occupation", "esco_id", "uri", "id"};
const std::vector<std::string> kLanguageColumns = {"language", "lang"};

void read_delimited(const std::string& text, char delim, Reader& r) {
    index::CsvReader csv(text, delim, r.file.string());
    index::CsvRecord header, rec;
    if (!csv.next(header)) return;
    if (!header.fields.empty() && header.fields[0].rfind("\xEF\xBB\xBF", 0) == 0) header.fields[0].erase(0, 3);
    std::vector<std::string> names;
    for (auto& f : header.fields) names.push_back(lower_ascii(f));
    const std::string at = r.file.string() + " line " + std::to_string(header.line) + ": ";
    r.set.query_column = pick(names, lower_ascii(r.o.query_column), kQueryColumns, "query", at, true);
    r.set.gold_column = pick(names, lower_ascii(r.o.gold_column), kGoldColumns, "gold", at, true);
    r.set.language_column = pick(names, lower_ascii(r.o.language_column), kLanguageColumns, "language", at, false);
    auto index_of = [&](const std::string& n) {
        return static_cast<std::size_t>(std::find(names.begin(), names.end(), n) - names.begin());
    };
    const std::size_t qi = index_of(r.set.query_column), gi = index_of(r.set.gold_column);
    const std::size_t li = r.set.language_column.empty() ? names.size() : index_of(r.set.language_column);
    while (csv.next(rec)) {
        if (rec.fields.size() == 1 && rec.fields[0].empty()) continue;  // blank line
        if (rec.fields.size() != names.size())
            throw InputError(r.where(rec.line) + std::to_string(rec.fields.size()) + " fields, the header has " +
                             std::to_string(names.size()));
        r.add(rec.line, rec.fields[qi], split(rec.fields[gi], r.o.gold_separator),
              li < names.size() ? rec.fields[li] : std::string());
    }
}

void read_jsonl(const std::string& text, Reader& r) {
    std::istringstream in(text);
    std::size_t line = 0;
    for (std::string l; std::getline(in, l);) {
        ++line;
        if (l.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (auto bad = find_invalid_utf8(l))
            throw InputError(r.where(line) + "invalid UTF-8 at byte " + std::to_string(*bad));
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(l);
        } catch (const nlohmann::json::parse_error& e) {
            throw InputError(r.where(line) + "invalid JSON at byte " + std::to_string(e.byte));
        }
        if (!j.is_object()) throw InputError(r.where(line) + "expected a JSON object");
        std::vector<std::string> keys;
        for (const auto& [k, v] : j.items()) keys.push_back(k);
        const std::string qc = pick(keys, r.o.query_column, kQueryColumns, "query", r.where(line), true);
        const std::string gc = pick(keys, r.o.gold_column, kGoldColumns, "gold", r.where(line), true);
        const std::string lc = pick(keys, r.o.language_column, kLanguageColumns, "language", r.where(line), false);
        if (r.set.query_column.empty()) r.set.query_column = qc, r.set.gold_column = gc, r.set.language_column = lc;
        if (!j[qc].is_string()) throw InputError(r.where(line) + "field '" + qc + "' must be a string");
        std::vector<std::string> gold;
        if (j[gc].is_string())
            gold = {j[gc].get<std::string>()};
        else if (j[gc].is_array())
            for (const auto& g : j[gc]) {
                if (!g.is_string()) throw InputError(r.where(line) + "field '" + gc + "' must hold strings");
                gold.push_back(g.get<std::string>());
            }
        else
            throw InputError(r.where(line) + "field '" + gc + "' must be a string or a list of strings");
        const std::string lang = !lc.empty() && j[lc].is_string() ? j[lc].get<std::string>() : "";
        r.add(line, j[qc].get<std::string>(), gold, lang);
    }
}

}  // namespace

QuerySet read_queries(const fs::path& file, const Taxonomy& taxonomy, const QueryFileOptions& o) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(file.string() + ": cannot open query file");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const GoldResolver resolver(taxonomy, o.gold_by);
    QuerySet set;
    Reader r{file, o, resolver, set};
    const std::string ext = lower_ascii(file.extension().string());
    if (ext == ".jsonl" || ext == ".json" || ext == ".ndjson")
        read_jsonl(text, r);
    else
        read_delimited(text, ext == ".tsv" || ext == ".tab" ? '\t' : ',', r);
    if (set.queries.empty()) throw InputError(file.string() + ": no queries with a gold occupation");
    return set;
}

}  // namespace jobbert::eval
