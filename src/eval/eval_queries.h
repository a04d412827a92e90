// Evaluation queries: a job title (or any text) with its gold occupations of a taxonomy, and
// optionally a language, read from CSV/TSV (header row) or JSONL (one object per line).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "jobbert/taxonomy.h"

namespace jobbert::eval {

/** One query. */
struct EvalQuery {
    std::string text;               ///< e.g. "registered nurse"
    std::vector<std::size_t> gold;  ///< indices into Taxonomy::occupations(), distinct, >= 1
    std::string language;           ///< "" when the data has no language column
    std::size_t line = 0;           ///< 1-based line in the file
};

/** How the query file is read. */
struct QueryFileOptions {
    std::string query_column;          ///< "" = the first of query, title, text, job_title
    std::string gold_column;           ///< "" = the first of gold, occupation_id, occupation, esco_id, uri, id
    std::string language_column;       ///< "" = "language" or "lang" when present; "-" = none
    std::string gold_separator = "|";  ///< several gold values in one CSV/TSV field
    std::string gold_by = "auto";      ///< "id", "label" (preferred label) or "auto" (id, else preferred label)
    bool skip_unknown_gold = false;    ///< drop gold values not in the taxonomy (and queries left without one)
};

/** Queries and what was dropped while reading them. */
struct QuerySet {
    std::vector<EvalQuery> queries;
    std::size_t unknown_gold = 0;                            ///< gold values not in the taxonomy (skip_unknown_gold)
    std::size_t dropped_queries = 0;                         ///< queries left without any gold
    std::string query_column, gold_column, language_column;  ///< the columns used
};

/**
 * Reads a query file. Format from the extension: .jsonl/.json (JSONL: the gold field may be a
 * string or a list), .tsv/.tab (TSV), otherwise CSV. Throws InputError("<file> line N: ...")
 * for invalid UTF-8, a missing column, an empty query or gold, a gold value that is not an
 * occupation of the taxonomy (unless skip_unknown_gold), or no queries at all.
 */
QuerySet read_queries(const std::filesystem::path& file, const Taxonomy& taxonomy, const QueryFileOptions& options);

}  // namespace jobbert::eval
