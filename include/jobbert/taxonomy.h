// jobbert.cpp — an occupation taxonomy: occupations, each with one or more labels (job titles).
//
// File format: CSV (RFC 4180) or TSV with a header row naming the columns `id` and `label`, and
// optionally `preferred_label`; other columns are ignored. One row per label: an occupation with
// five labels has five rows with the same id. ESCO, for example, as shipped in
// data/esco/occupations_en.tsv: id = concept URI, labels = preferred + alternative + hidden labels.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace jobbert {

/** One occupation of a taxonomy. */
struct Occupation {
    std::string id;               ///< e.g. "http://data.europa.eu/esco/occupation/..."
    std::string preferred_label;  ///< the `preferred_label` column, else the occupation's first label
};

/** One label (job title) of an occupation. */
struct TaxonomyLabel {
    std::string text;            ///< the label, e.g. "software developer"
    std::size_t occupation = 0;  ///< index into Taxonomy::occupations()
};

/**
 * An occupation taxonomy loaded from CSV/TSV. Immutable after load; occupations keep the order
 * of their first row, labels the order of their rows (a repeated (id, label) pair is kept once).
 */
class Taxonomy {
public:
    /**
     * Loads a taxonomy file. The delimiter comes from the extension (.tsv/.tab: tab, .csv:
     * comma), else from the header line (tab if it has one, else comma). A UTF-8 byte order mark
     * is skipped. Throws InputError("<file> line N: ...") for an unreadable file, invalid UTF-8
     * (with the byte offset), a missing `id`/`label` column, a row with the wrong number of
     * fields, an empty id or label, an occupation given two different preferred labels, or a
     * file with no labels. Blank lines are skipped.
     */
    static Taxonomy load(const std::filesystem::path& path);

    /** Same as load() on in-memory text; `origin` names it in error messages. */
    static Taxonomy parse(std::string_view text, char delimiter, const std::string& origin);

    const std::vector<Occupation>& occupations() const { return occupations_; }
    const std::vector<TaxonomyLabel>& labels() const { return labels_; }
    /** Where it was loaded from (the path, or the origin given to parse()). */
    const std::string& origin() const { return origin_; }

    /**
     * "sha256:<64 hex>" of the parsed content: for each label in order, its occupation's id and
     * preferred label and the label, separated by 0x1F and terminated by 0x1E. It does not depend
     * on the delimiter, quoting, line endings or ignored columns of the file; any change to ids,
     * labels, preferred labels or their order changes it (label order is an index's row order).
     */
    const std::string& checksum() const { return checksum_; }

private:
    std::vector<Occupation> occupations_;
    std::vector<TaxonomyLabel> labels_;
    std::string origin_;
    std::string checksum_;
};

}  // namespace jobbert
