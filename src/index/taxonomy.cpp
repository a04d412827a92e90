// Taxonomy files: CSV/TSV with `id`, `label` and optional `preferred_label` columns.
#include "jobbert/taxonomy.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "index/csv.h"
#include "index/hash.h"
#include "jobbert/error.h"
#include "jobbert/text.h"

namespace jobbert {

namespace {

std::string trim_ascii(std::string s) {
    const auto not_space = [](unsigned char c) { return c != ' ' && c != '\t' && c != '\r' && c != '\n'; };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
}

std::string in_quotes(const std::string& s) { return "'" + s + "'"; }

// Column positions found in the header row.
struct Columns {
    std::size_t count = 0;
    std::size_t id = 0, label = 0, preferred = 0;
    bool has_preferred = false;
};

Columns find_columns(const index::CsvRecord& header, const std::string& origin) {
    Columns c;
    c.count = header.fields.size();
    bool has_id = false, has_label = false;
    std::string names;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const std::string name = trim_ascii(header.fields[i]);
        names += (i ? ", " : "") + in_quotes(name);
        if (name == "id" && !has_id) c.id = i, has_id = true;
        else if (name == "label" && !has_label) c.label = i, has_label = true;
        else if (name == "preferred_label" && !c.has_preferred) c.preferred = i, c.has_preferred = true;
    }
    if (!has_id || !has_label)
        throw InputError(origin + " line " + std::to_string(header.line) + ": the header must name the columns " +
                         "'id' and 'label' (and optionally 'preferred_label'); it has " + names);
    return c;
}

}  // namespace

Taxonomy Taxonomy::load(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path.string() + ": cannot open taxonomy file");
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    char delim = index::delimiter_for_extension(path.filename().string());
    if (delim == 0) {
        const std::string_view first_line = std::string_view(text).substr(0, text.find('\n'));
        delim = first_line.find('\t') != std::string_view::npos ? '\t' : ',';
    }
    return parse(text, delim, path.string());
}

Taxonomy Taxonomy::parse(std::string_view text, char delimiter, const std::string& origin) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (const auto bad = find_invalid_utf8(text)) {
        const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + *bad, '\n'));
        throw InputError(origin + " line " + std::to_string(line) + ": invalid UTF-8 at byte " + std::to_string(*bad));
    }
    Taxonomy t;
    t.origin_ = origin;
    index::CsvReader reader(text, delimiter, origin);
    index::CsvRecord rec;
    if (!reader.next(rec)) throw InputError(origin + ": empty taxonomy file (no header row)");
    const Columns col = find_columns(rec, origin);

    std::unordered_map<std::string, std::size_t> occupation_of_id;
    std::vector<std::size_t> preferred_line;  // line that gave each occupation its preferred label, 0 if none
    std::unordered_set<std::string> seen_pairs;
    index::Hasher hash;
    while (reader.next(rec)) {
        const auto& f = rec.fields;
        if (f.size() == 1 && f[0].empty()) continue;  // blank line
        const std::string where = origin + " line " + std::to_string(rec.line);
        if (f.size() != col.count)
            throw InputError(where + ": expected " + std::to_string(col.count) + " fields (as in the header), got " +
                             std::to_string(f.size()));
        const std::string id = trim_ascii(f[col.id]);
        const std::string label = trim_ascii(f[col.label]);
        const std::string preferred = col.has_preferred ? trim_ascii(f[col.preferred]) : std::string();
        if (id.empty()) throw InputError(where + ": empty id");
        if (label.empty()) throw InputError(where + ": empty label");
        auto [it, inserted] = occupation_of_id.try_emplace(id, t.occupations_.size());
        if (inserted) {
            t.occupations_.push_back({id, preferred.empty() ? label : preferred});
            preferred_line.push_back(preferred.empty() ? 0 : rec.line);
        } else if (!preferred.empty() && preferred_line[it->second] == 0) {
            t.occupations_[it->second].preferred_label = preferred;
            preferred_line[it->second] = rec.line;
        } else if (!preferred.empty() && preferred != t.occupations_[it->second].preferred_label) {
            throw InputError(where + ": occupation " + in_quotes(id) + " has preferred_label " + in_quotes(preferred) +
                             " here but " + in_quotes(t.occupations_[it->second].preferred_label) + " on line " +
                             std::to_string(preferred_line[it->second]));
        }
        if (!seen_pairs.insert(id + '\x1F' + label).second) continue;
        t.labels_.push_back({label, it->second});
    }
    if (t.labels_.empty()) throw InputError(origin + ": the taxonomy has no labels");
    for (const auto& l : t.labels_) {
        const Occupation& o = t.occupations_[l.occupation];
        hash.update(o.id);
        hash.update("\x1F");
        hash.update(o.preferred_label);
        hash.update("\x1F");
        hash.update(l.text);
        hash.update("\x1E");
    }
    t.checksum_ = "sha256:" + hash.hex_digest();
    return t;
}

}  // namespace jobbert
