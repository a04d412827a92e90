// `jobbert eval`: metrics by hand-computed examples, query files, gold resolution and errors,
// the lexical baseline (scikit-learn's char_wb n-grams), ranks and ties.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "eval/eval_queries.h"
#include "eval/lexical_index.h"
#include "eval/metrics.h"
#include "eval/ranking.h"
#include "jobbert/error.h"

namespace jobbert::eval {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

TEST(Metrics, HandComputed) {
    // q0: gold at rank 1; q1: gold at rank 4; q2: two golds at ranks 2 and 10.
    const GoldRanks ranks = {{1}, {4}, {10, 2}};
    const Metrics m = compute_metrics(ranks, {0, 1, 2}, {1, 5, 10});
    EXPECT_EQ(m.queries, 3u);
    EXPECT_EQ(m.gold, 4u);
    EXPECT_NEAR(m.mrr, (1.0 + 0.25 + 0.5) / 3, 1e-12);
    EXPECT_NEAR(m.recall.at(1), 1.0 / 4, 1e-12);  // micro: 1 of 4 gold in the top 1
    EXPECT_NEAR(m.recall.at(5), 3.0 / 4, 1e-12);
    EXPECT_NEAR(m.recall.at(10), 4.0 / 4, 1e-12);
    // AP: q0 1; q1 1/4; q2 (1/2 + 2/10) / 2 = 0.35.
    EXPECT_NEAR(m.map, (1.0 + 0.25 + 0.35) / 3, 1e-12);
}

TEST(Metrics, PerLanguage) {
    const GoldRanks ranks = {{1}, {2}, {1}};
    const auto groups = metrics_by_language(ranks, {"en", "es", "en"}, {1});
    ASSERT_EQ(groups.size(), 3u);
    EXPECT_EQ(groups[0].group, "all");
    EXPECT_EQ(groups[1].group, "en");
    EXPECT_EQ(groups[1].queries, 2u);
    EXPECT_DOUBLE_EQ(groups[1].mrr, 1.0);
    EXPECT_EQ(groups[2].group, "es");
    EXPECT_DOUBLE_EQ(groups[2].mrr, 0.5);
    EXPECT_EQ(metrics_by_language(ranks, {"", "", ""}, {1}).size(), 1u);
}

TEST(Ranking, TiesGoToTheOccupationListedFirst) {
    EXPECT_EQ(ranks_from_scores({0.5f, 0.9f, 0.5f, 0.1f}, {0, 2, 1, 3}), (std::vector<std::size_t>{2, 3, 1, 4}));
}

TEST(Lexical, CharWbNgramsAsScikitLearn) {
    // sklearn: TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()("Chef de Cuisine")
    const auto g = char_wb_ngrams("Chef  de");
    std::map<std::string, uint32_t> sorted(g.begin(), g.end());
    const std::map<std::string, uint32_t> want = {{" ch", 1},   {"che", 1},  {"hef", 1},  {"ef ", 1},
                                                  {" che", 1},  {"chef", 1}, {"hef ", 1}, {" chef", 1},
                                                  {"chef ", 1}, {" de", 1},  {"de ", 1},  {" de ", 1}};
    EXPECT_EQ(sorted, want);
    // A padded word shorter than n counts once, whole (" a " for n = 3..5).
    const auto a = char_wb_ngrams("a");
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a.begin()->first, " a ");
    // Code points, not bytes; Python's lowercasing.
    EXPECT_EQ(char_wb_ngrams("ÉTÉ").count(" été"), 1u);
}

fs::path write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

Taxonomy tiny_taxonomy() {
    return Taxonomy::parse(
        "id\tlabel\tpreferred_label\n"
        "o1\tnurse\tnurse\n"
        "o1\tregistered nurse\tnurse\n"
        "o2\tsoftware developer\tsoftware developer\n"
        "o2\tprogrammer\tsoftware developer\n"
        "o3\tchef\tchef\n"
        "o3\tcook\tchef\n",
        '\t', "tiny.tsv");
}

TEST(Lexical, RanksTheRightOccupationFirst) {
    const Taxonomy t = tiny_taxonomy();
    const LexicalIndex lex(t);
    const std::vector<EvalQuery> qs = {
        {"Registered Nurse (ICU)", {0}, "", 1}, {"senior software developer", {1}, "", 2}, {"line cook", {2}, "", 3}};
    const GoldRanks r = rank_with_lexical(lex, t, qs, {}, 1);
    EXPECT_EQ(r, (GoldRanks{{1}, {1}, {1}}));
    const auto s = lex.label_scores("nurse");
    EXPECT_NEAR(s[0], 1.0f, 1e-6f);  // identical text: cosine 1
    EXPECT_EQ(s[4], 0.0f);           // "chef" shares no n-gram with "nurse"
}

class QueryFiles : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("jobbert-eval-test-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
    Taxonomy t_ = tiny_taxonomy();
};

TEST_F(QueryFiles, CsvWithIdsLabelsSeveralGoldsAndLanguages) {
    const auto f = write(dir_ / "q.csv",
                         "title,occupation_id,lang\n"
                         "enfermera,o1,es\n"
                         "\"cook, line\",chef,en\n"
                         "dev or chef,o2|o3,en\n");
    const QuerySet qs = read_queries(f, t_, {});
    ASSERT_EQ(qs.queries.size(), 3u);
    EXPECT_EQ(qs.query_column, "title");
    EXPECT_EQ(qs.gold_column, "occupation_id");
    EXPECT_EQ(qs.language_column, "lang");
    EXPECT_EQ(qs.queries[0].gold, (std::vector<std::size_t>{0}));
    EXPECT_EQ(qs.queries[1].text, "cook, line");
    EXPECT_EQ(qs.queries[1].gold, (std::vector<std::size_t>{2}));  // by preferred label
    EXPECT_EQ(qs.queries[2].gold, (std::vector<std::size_t>{1, 2}));
    EXPECT_EQ(qs.queries[0].language, "es");
    EXPECT_EQ(qs.queries[2].line, 4u);
}

TEST_F(QueryFiles, JsonlWithGoldLists) {
    const auto f = write(dir_ / "q.jsonl",
                         "{\"query\": \"nurse\", \"gold\": [\"o1\"]}\n\n{\"query\": \"chef\", \"gold\": \"o3\"}\n");
    const QuerySet qs = read_queries(f, t_, {});
    ASSERT_EQ(qs.queries.size(), 2u);
    EXPECT_EQ(qs.queries[1].gold, (std::vector<std::size_t>{2}));
    EXPECT_EQ(qs.queries[1].line, 3u);
}

TEST_F(QueryFiles, ErrorsNameTheLine) {
    auto error = [&](const std::string& name, const std::string& text, QueryFileOptions o = {}) -> std::string {
        try {
            read_queries(write(dir_ / name, text), t_, o);
        } catch (const InputError& e) {
            return e.what();
        }
        return "(no error)";
    };
    EXPECT_THAT(error("a.csv", "title,gold\nnurse,o9\n"), HasSubstr("a.csv line 2: gold 'o9' is not an occupation"));
    EXPECT_THAT(error("b.csv", "name,gold\nnurse,o1\n"), HasSubstr("b.csv line 1: no query column"));
    QueryFileOptions x;
    x.query_column = "x";
    EXPECT_THAT(error("c.csv", "title,gold\nnurse,o1\n", x), HasSubstr("no query column 'x'"));
    EXPECT_THAT(error("d.csv", "title,gold\n\"\xC3\",o1\n"), HasSubstr("d.csv line 2: invalid UTF-8"));
    EXPECT_THAT(error("e.csv", "title,gold\n  ,o1\n"), HasSubstr("e.csv line 2: empty query"));
    EXPECT_THAT(error("f.csv", "title,gold\n"), HasSubstr("no queries"));
    EXPECT_THAT(error("g.jsonl", "{\"query\": \"x\"}\n"), HasSubstr("g.jsonl line 1: no gold column"));
    QueryFileOptions skip;
    skip.skip_unknown_gold = true;
    const QuerySet qs = read_queries(write(dir_ / "h.csv", "title,gold\nnurse,o9\nchef,o3|o8\n"), t_, skip);
    EXPECT_EQ(qs.queries.size(), 1u);
    EXPECT_EQ(qs.unknown_gold, 2u);
    EXPECT_EQ(qs.dropped_queries, 1u);
}

}  // namespace
}  // namespace jobbert::eval
