// Taxonomy files (CSV per RFC 4180, TSV) and the CSV reader underneath.
#include <gtest/gtest.h>

#include "index/csv.h"
#include "jobbert/error.h"
#include "jobbert/taxonomy.h"
#include "support/fixtures.h"

namespace jobbert::testing {
namespace {

std::vector<std::vector<std::string>> records(std::string_view text, char delim = ',') {
    index::CsvReader r(text, delim, "t.csv");
    index::CsvRecord rec;
    std::vector<std::vector<std::string>> out;
    while (r.next(rec)) out.push_back(rec.fields);
    return out;
}

std::string error_of(std::string_view text, char delim = ',') {
    try {
        Taxonomy::parse(text, delim, "t.csv");
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

using Rows = std::vector<std::vector<std::string>>;

TEST(Csv, Rfc4180Quoting) {
    EXPECT_EQ(records("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n"), (Rows{{"a", "b"}, {"x, y", "say \"hi\""}}));
    EXPECT_EQ(records("a,b\n\"multi\nline\",2\n"), (Rows{{"a", "b"}, {"multi\nline", "2"}}));
    EXPECT_EQ(records("a,b\n,\n"), (Rows{{"a", "b"}, {"", ""}}));
    EXPECT_EQ(records("a,b\n1,2"), (Rows{{"a", "b"}, {"1", "2"}}));       // no final line break
    EXPECT_EQ(records("a,b\r\n1,2\r"), (Rows{{"a", "b"}, {"1", "2"}}));   // final "\r"
    EXPECT_EQ(records("a\n\nb\n"), (Rows{{"a"}, {""}, {"b"}}));           // empty line = one empty field
    EXPECT_EQ(records("a,\"\"\n"), (Rows{{"a", ""}}));
    EXPECT_EQ(records("a,1\"2\n"), (Rows{{"a", "1\"2"}}));                 // quote inside unquoted: kept
    EXPECT_EQ(records("a\tb c\n\"t\tab\"\tx\n", '\t'), (Rows{{"a", "b c"}, {"t\tab", "x"}}));
}

TEST(Csv, ErrorsNameTheLine) {
    index::CsvReader open("a\n\"never closed\nstill\n", ',', "t.csv");
    index::CsvRecord rec;
    ASSERT_TRUE(open.next(rec));
    try {
        open.next(rec);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "t.csv line 2: quoted field is not closed");
    }
    index::CsvReader after("\"x\"y,z\n", ',', "t.csv");
    EXPECT_THROW(after.next(rec), InputError);
}

TEST(Taxonomy, OccupationsLabelsAndPreferredLabels) {
    const Taxonomy t = Taxonomy::parse(
        "id,preferred_label,label,extra\n"
        "o1,software developer,software developer,x\n"
        "o1,software developer,\"programmer, software\",x\n"
        "o2,,nurse,x\n"
        "o1,software developer,coder,x\n"
        "o2,,nurse,x\n"  // repeated pair: kept once
        "\n",
        ',', "t.csv");
    ASSERT_EQ(t.occupations().size(), 2u);
    EXPECT_EQ(t.occupations()[0].id, "o1");
    EXPECT_EQ(t.occupations()[0].preferred_label, "software developer");
    EXPECT_EQ(t.occupations()[1].preferred_label, "nurse");  // no preferred_label: first label
    ASSERT_EQ(t.labels().size(), 4u);
    EXPECT_EQ(t.labels()[1].text, "programmer, software");
    EXPECT_EQ(t.labels()[2].occupation, 1u);
    EXPECT_EQ(t.labels()[3].text, "coder");
    EXPECT_EQ(t.checksum().rfind("sha256:", 0), 0u);
    EXPECT_EQ(t.checksum().size(), 7u + 64u);
}

TEST(Taxonomy, ChecksumFollowsContentNotSyntax) {
    const std::string a = Taxonomy::parse("id,label\no1,a\no1,b\n", ',', "a").checksum();
    EXPECT_EQ(a, Taxonomy::parse("label\tid\textra\r\n\"a\"\to1\tq\r\nb\to1\tz\r\n", '\t', "b").checksum());
    EXPECT_EQ(a, Taxonomy::parse("\xEF\xBB\xBFid,label\no1,a\no1,b", ',', "c").checksum());
    EXPECT_NE(a, Taxonomy::parse("id,label\no1,b\no1,a\n", ',', "d").checksum());  // order is row order
    EXPECT_NE(a, Taxonomy::parse("id,label\no1,a\no2,b\n", ',', "e").checksum());
    EXPECT_NE(a, Taxonomy::parse("id,label,preferred_label\no1,a,z\no1,b,z\n", ',', "f").checksum());
}

TEST(Taxonomy, LoadPicksTheDelimiter) {
    TempModel dir("tiny-asym-f32");  // any scratch directory
    std::ofstream(dir.dir() / "t.tsv") << "id\tpreferred_label\tlabel\nx\tX, Y\tX, Y\n";
    std::ofstream(dir.dir() / "t.csv") << "id,label\nx,\"X, Y\"\n";
    std::ofstream(dir.dir() / "t.txt") << "id\tlabel\nx\tX, Y\n";
    for (const char* f : {"t.tsv", "t.csv", "t.txt"}) {
        const Taxonomy t = Taxonomy::load(dir.dir() / f);
        ASSERT_EQ(t.labels().size(), 1u) << f;
        EXPECT_EQ(t.labels()[0].text, "X, Y") << f;
    }
    EXPECT_THROW(Taxonomy::load(dir.dir() / "missing.csv"), InputError);
}

TEST(Taxonomy, OneLineErrors) {
    EXPECT_EQ(error_of(""), "t.csv: empty taxonomy file (no header row)");
    EXPECT_EQ(error_of("id,name\nx,y\n"),
              "t.csv line 1: the header must name the columns 'id' and 'label' (and optionally "
              "'preferred_label'); it has 'id', 'name'");
    EXPECT_EQ(error_of("id,label\nx,y,z\n"), "t.csv line 2: expected 2 fields (as in the header), got 3");
    EXPECT_EQ(error_of("id,label\n,y\n"), "t.csv line 2: empty id");
    EXPECT_EQ(error_of("id,label\nx, \n"), "t.csv line 2: empty label");
    EXPECT_EQ(error_of("id,label\n"), "t.csv: the taxonomy has no labels");
    EXPECT_EQ(error_of("id,label\nx,ok\nx,caf\xC3\n"), "t.csv line 3: invalid UTF-8 at byte 19");
    EXPECT_EQ(error_of("id,preferred_label,label\nx,A,a\nx,B,b\n"),
              "t.csv line 3: occupation 'x' has preferred_label 'B' here but 'A' on line 2");
}

TEST(Taxonomy, ShippedEscoLoads) {
    const fs::path esco = fs::path(JOBBERT_SOURCE_DIR) / "data" / "esco" / "occupations_en.tsv";
    if (!fs::exists(esco)) GTEST_SKIP() << esco << " is not there";
    const Taxonomy t = Taxonomy::load(esco);
    EXPECT_EQ(t.occupations().size(), 2942u);
    EXPECT_GT(t.labels().size(), 30000u);
    for (const auto& o : t.occupations()) {
        ASSERT_EQ(o.id.rfind("http://data.europa.eu/esco/occupation/", 0), 0u) << o.id;
        ASSERT_FALSE(o.preferred_label.empty());
    }
    // The preferred label is each occupation's first label.
    std::vector<bool> seen(t.occupations().size());
    for (const auto& l : t.labels()) {
        if (!seen[l.occupation]) {
            EXPECT_EQ(l.text, t.occupations()[l.occupation].preferred_label);
        }
        seen[l.occupation] = true;
    }
}

}  // namespace
}  // namespace jobbert::testing
