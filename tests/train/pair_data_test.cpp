// Training data: JSONL/TSV pairs and skill lists, per-epoch skill order, and clear errors with
// line numbers for bad data.
#include "train/pair_data.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "jobbert/error.h"
#include "train/seeded_random.h"

namespace jobbert::train {
namespace {

using ::testing::HasSubstr;

PairData jsonl(const std::string& text, const DataLimits& limits = {}) {
    return PairData::parse(text, DataFormat::Jsonl, "data.jsonl", limits);
}
PairData tsv(const std::string& text, const DataLimits& limits = {}) {
    return PairData::parse(text, DataFormat::Tsv, "data.tsv", limits);
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(PairData, JsonlPairsAndSkillLists) {
    const PairData d = jsonl(
        "{\"anchor\": \"nurse\", \"positive\": \"patient care\"}\n"
        "\n"
        "{\"title\": \"cook\", \"skills\": [\"prepare food\", \"clean kitchen\", \"plan menus\"]}\r\n");
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d.anchor(0), "nurse");
    EXPECT_FALSE(d.is_list(0));
    EXPECT_EQ(d.positive(0, 42, 0), "patient care");
    EXPECT_EQ(d.anchor(1), "cook");
    EXPECT_TRUE(d.is_list(1));
    EXPECT_EQ(d.line(1), 3u);
    EXPECT_EQ(d.list_rows(), 1u);
}

TEST(PairData, SkillListIsShuffledPerEpochAndJoinedWithCommaSpace) {
    std::string skills;
    for (int i = 0; i < 8; ++i) skills += std::string(i ? ", " : "") + "\"s" + std::to_string(i) + "\"";
    const PairData d = jsonl("{\"title\": \"t\", \"skills\": [" + skills + "]}\n");
    std::set<std::string> orders;
    for (uint64_t epoch = 0; epoch < 6; ++epoch) {
        const std::string p = d.positive(0, 42, epoch);
        EXPECT_EQ(p, d.positive(0, 42, epoch)) << "deterministic";
        std::set<std::string> items;
        for (std::size_t s = 0, e; s <= p.size(); s = e + 2) {
            e = p.find(", ", s);
            if (e == std::string::npos) e = p.size();
            items.insert(p.substr(s, e - s));
        }
        EXPECT_EQ(items.size(), 8u) << p;
        orders.insert(p);
    }
    EXPECT_GE(orders.size(), 5u) << "the order changes from epoch to epoch";
    EXPECT_NE(d.positive(0, 42, 0), d.positive(0, 43, 0)) << "and with the seed";
}

TEST(PairData, TsvPairsListsAndHeader) {
    const PairData d = tsv("title\tskills\nnurse\tpatient care\ncook\tprepare food\tclean kitchen\n");
    ASSERT_EQ(d.size(), 2u);
    EXPECT_FALSE(d.is_list(0));
    EXPECT_TRUE(d.is_list(1));
    EXPECT_EQ(d.item_count(1), 2u);
    EXPECT_EQ(d.line(0), 2u);
}

TEST(PairData, EmptyFile) {
    EXPECT_THAT(error_of([] { jsonl(""); }), HasSubstr("data.jsonl: no training pairs (empty file)"));
    EXPECT_THAT(error_of([] { tsv("\n  \n"); }), HasSubstr("no training pairs"));
    EXPECT_THAT(error_of([] { tsv("anchor\tpositive\n"); }), HasSubstr("no training pairs"));
}

TEST(PairData, MissingFields) {
    EXPECT_THAT(error_of([] { jsonl("{\"anchor\": \"a\", \"positive\": \"b\"}\n{\"anchor\": \"a\"}\n"); }),
                HasSubstr("data.jsonl line 2: missing field 'positive'"));
    EXPECT_THAT(error_of([] { jsonl("{\"skills\": [\"b\"]}\n"); }), HasSubstr("line 1: missing field 'anchor'"));
    EXPECT_THAT(error_of([] { jsonl("{\"anchor\": 3, \"positive\": \"b\"}\n"); }), HasSubstr("line 1: field 'anchor'"));
    EXPECT_THAT(error_of([] { jsonl("{\"anchor\": \"a\", \"positive\": [\"b\", 4]}\n"); }),
                HasSubstr("line 1: skill list items must be strings"));
    EXPECT_THAT(error_of([] { jsonl("{\"anchor\": \"  \", \"positive\": \"b\"}\n"); }),
                HasSubstr("line 1: empty anchor"));
    EXPECT_THAT(error_of([] { jsonl("{\"anchor\": \"a\", \"positive\": []}\n"); }),
                HasSubstr("line 1: empty skill list"));
    EXPECT_THAT(error_of([] { jsonl("{\"anchor\": \"a\", \"positive\": \"b\"\n"); }),
                HasSubstr("line 1: invalid JSON"));
    EXPECT_THAT(error_of([] { jsonl("[\"a\", \"b\"]\n"); }), HasSubstr("line 1: expected a JSON object"));
    EXPECT_THAT(error_of([] { tsv("a\tb\njust one field\n"); }),
                HasSubstr("data.tsv line 2: expected ANCHOR<tab>POSITIVE"));
    EXPECT_THAT(error_of([] { tsv("a\t \n"); }), HasSubstr("line 1: empty positive"));
}

TEST(PairData, InvalidUtf8) {
    EXPECT_THAT(error_of([] {
                    jsonl("{\"anchor\": \"a\", \"positive\": \"b\"}\n{\"anchor\": \"caf\xC3\", \"positive\": \"x\"}\n");
                }),
                HasSubstr("data.jsonl line 2: invalid UTF-8 at byte 15 of the line"));
    EXPECT_THAT(error_of([] { tsv("ok\tfine\n\xFFoops\tx\n"); }),
                HasSubstr("data.tsv line 2: invalid UTF-8 at byte 0"));
}

TEST(PairData, LinesOverLimits) {
    DataLimits limits;
    limits.max_line_bytes = 40;
    limits.max_text_bytes = 10;
    limits.max_list_items = 3;
    EXPECT_THAT(error_of([&] { tsv("a\tb\n" + std::string(41, 'x') + "\n", limits); }),
                HasSubstr("data.tsv line 2: line of 41 bytes is over the limit of 40 bytes"));
    EXPECT_THAT(error_of([&] { tsv("abcdefghijk\tb\n", limits); }),
                HasSubstr("line 1: anchor of 11 bytes is over the limit of 10"));
    EXPECT_THAT(error_of([&] { tsv("a\tb\tc\td\te\n", limits); }),
                HasSubstr("line 1: skill list of 4 items is over the limit of 3"));
}

TEST(PairData, AutoFormatFromContent) {
    const PairData j = PairData::parse("{\"anchor\": \"a\", \"positive\": \"b\"}\n", DataFormat::Auto, "pairs");
    EXPECT_EQ(j.size(), 1u);
    const PairData t = PairData::parse("a\tb\n", DataFormat::Auto, "pairs");
    EXPECT_EQ(t.size(), 1u);
}

TEST(SeededRandom, EpochOrderIsAPermutationAndDependsOnEpoch) {
    const auto a = epoch_order(1000, 42, 0), b = epoch_order(1000, 42, 1), c = epoch_order(1000, 42, 0);
    EXPECT_EQ(a, c);
    EXPECT_NE(a, b);
    std::vector<uint32_t> sorted = a;
    std::sort(sorted.begin(), sorted.end());
    for (uint32_t i = 0; i < 1000; ++i) EXPECT_EQ(sorted[i], i);
    // A fixed value: the order must not change across platforms or releases (resume, recipes).
    EXPECT_EQ(epoch_order(5, 1, 0), (std::vector<uint32_t>{4, 1, 0, 2, 3}));
}

}  // namespace
}  // namespace jobbert::train
