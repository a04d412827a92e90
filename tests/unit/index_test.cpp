// Label indexes: exact search, the file format, the cache, model fingerprints, the Matcher.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "jobbert/error.h"
#include "jobbert/index.h"
#include "jobbert/match.h"
#include "jobbert/similarity.h"
#include "support/fixtures.h"

namespace jobbert::testing {
namespace {

// n_occ occupations with 1..4 labels each, labels named "o<i> l<j>".
Taxonomy make_taxonomy(std::size_t n_occ, unsigned seed) {
    std::mt19937 rng(seed);
    std::string csv = "id,label\n";
    for (std::size_t o = 0; o < n_occ; ++o)
        for (std::size_t l = 0, n = 1 + rng() % 4; l < n; ++l) {
            const std::string occ = std::to_string(o);
            csv.append("o").append(occ).append(",o").append(occ).append(" l").append(std::to_string(l)).append("\n");
        }
    return Taxonomy::parse(csv, ',', "generated");
}

Matrix random_matrix(std::size_t rows, std::size_t cols, unsigned seed) {
    Matrix m(rows, cols);
    m.data = random_floats(rows * cols, 1.0f, seed);
    return m;
}

TEST(Search, ExactTopKEqualsBruteForce) {
    const Taxonomy tax = make_taxonomy(300, 1);
    const std::size_t dim = 24;
    const LabelIndex idx = LabelIndex::from_vectors({"cosine", "anchor", "fp", tax.checksum()},
                                                    random_matrix(tax.labels().size(), dim, 2));
    const Matrix q = random_matrix(300, dim, 3);  // > one block of 256 queries
    const auto hits = search_occupations(idx, tax, q, 7);
    ASSERT_EQ(hits.size(), q.rows);
    for (std::size_t i = 0; i < q.rows; ++i) {
        // Brute force in double: best label per occupation, then sort.
        std::vector<double> best(tax.occupations().size(), -2.0);
        double qn = 0;
        for (std::size_t d = 0; d < dim; ++d) qn += double(q.row(i)[d]) * q.row(i)[d];
        for (std::size_t l = 0; l < tax.labels().size(); ++l) {
            double dot = 0;
            for (std::size_t d = 0; d < dim; ++d) dot += double(q.row(i)[d]) * idx.vectors().row(l)[d];
            best[tax.labels()[l].occupation] = std::max(best[tax.labels()[l].occupation], dot / std::sqrt(qn));
        }
        std::vector<std::size_t> order(best.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](auto a, auto b) { return best[a] > best[b]; });
        ASSERT_EQ(hits[i].size(), 7u);
        for (std::size_t r = 0; r < 7; ++r) {
            EXPECT_NEAR(hits[i][r].score, best[order[r]], 1e-5) << "query " << i << " rank " << r;
            EXPECT_EQ(tax.labels()[hits[i][r].label].occupation, hits[i][r].occupation);
            if (r + 1 < 7 && best[order[r]] - best[order[r + 1]] > 1e-5) {
                EXPECT_EQ(hits[i][r].occupation, order[r]);
            }
        }
    }
}

TEST(Search, TiesKeepTaxonomyOrderAndKIsClamped) {
    const Taxonomy tax = Taxonomy::parse("id,label\na,a1\nb,b1\nb,b2\nc,c1\n", ',', "t");
    Matrix v(4, 2);
    v.data = {1, 0, 1, 0, 1, 0, 0, 1};  // a1, b1, b2 identical
    const LabelIndex idx = LabelIndex::from_vectors({"cosine", "r", "f", tax.checksum()}, v);
    Matrix q(1, 2);
    q.data = {3, 0};
    const auto hits = search_occupations(idx, tax, q, 10);
    ASSERT_EQ(hits[0].size(), 3u);
    EXPECT_EQ(hits[0][0].occupation, 0u);
    EXPECT_EQ(hits[0][1].occupation, 1u);
    EXPECT_EQ(hits[0][1].label, 1u);  // b's first best label
    EXPECT_FLOAT_EQ(hits[0][0].score, 1.0f);
    EXPECT_FLOAT_EQ(hits[0][2].score, 0.0f);
    Matrix wrong(1, 3);
    EXPECT_THROW(search_occupations(idx, tax, wrong, 1), InputError);
}

TEST(IndexFile, RoundTripAndErrors) {
    TempDir tmp;
    const IndexKey key{"cosine", "anchor", "v1:abc", "sha256:def"};
    const LabelIndex idx = LabelIndex::from_vectors(key, random_matrix(33, 5, 4));
    const fs::path file = tmp.path() / "sub" / "index.bin";
    idx.write(file);
    EXPECT_EQ(std::distance(fs::directory_iterator(file.parent_path()), fs::directory_iterator()), 1);  // no temp left
    const LabelIndex back = LabelIndex::read(file);
    EXPECT_EQ(back.key(), key);
    EXPECT_EQ(back.vectors().rows, 33u);
    EXPECT_EQ(back.vectors().data, idx.vectors().data);
    for (std::size_t i = 0; i < 33; ++i) {
        double n = 0;
        for (std::size_t j = 0; j < 5; ++j) n += double(back.vectors().row(i)[j]) * back.vectors().row(i)[j];
        EXPECT_NEAR(n, 1.0, 1e-6);
    }
    fs::resize_file(file, fs::file_size(file) - 4);
    EXPECT_THROW(LabelIndex::read(file), Error);
    std::ofstream(file, std::ios::trunc) << "not an index";
    EXPECT_THROW(LabelIndex::read(file), Error);
}

TEST(Fingerprint, FollowsContentNotCopiesOrTimes) {
    TempModel a("tiny-asym-f32"), b("tiny-asym-f32");
    const std::string fa = model_fingerprint(a.dir());
    EXPECT_EQ(fa.rfind("v1:", 0), 0u);
    EXPECT_EQ(fa, model_fingerprint(b.dir()));
    fs::last_write_time(b.dir() / "config.json", fs::file_time_type::clock::now() - std::chrono::hours(5));
    EXPECT_EQ(fa, model_fingerprint(b.dir()));
    std::ofstream(b.dir() / ".hidden.json") << "{}";  // hidden files are not part of the model
    std::ofstream(b.dir() / "model.safetensors.incomplete") << "x";
    EXPECT_EQ(fa, model_fingerprint(b.dir()));
    {
        std::fstream f(b.dir() / "2_Asym" / "1000007_Dense" / "model.safetensors", std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(-1, std::ios::end);
        f.put('\x7f');
    }
    EXPECT_NE(fa, model_fingerprint(b.dir()));
    EXPECT_THROW(model_fingerprint(a.dir() / "nope"), ModelError);
}

TEST(Fingerprint, LargeWeightFilesAreSampled) {
    TempDir tmp;
    const fs::path f = tmp.path() / "model.safetensors";
    std::string header = "{}";
    std::string bytes(8, '\0');
    bytes[0] = static_cast<char>(header.size());
    bytes += header;
    bytes.resize(17u << 20, 'w');
    std::ofstream(f, std::ios::binary) << bytes;
    const std::string before = model_fingerprint(tmp.path());
    {
        std::fstream s(f, std::ios::in | std::ios::out | std::ios::binary);
        s.seekp(-1, std::ios::end);  // the last block is always sampled
        s.put('x');
    }
    EXPECT_NE(before, model_fingerprint(tmp.path()));
}

class IndexWithModel : public ::testing::Test {
protected:
    Model model = Model::load(fixture_model("tiny-asym-f32"));
    Taxonomy tax = Taxonomy::parse(
        "id,preferred_label,label\n"
        "n,nurse,nurse\nn,nurse,registered nurse\nd,software developer,software developer\n"
        "d,software developer,programmer\nc,cook,cook\nc,cook,chef de cuisine\nt,teacher,teacher\n",
        ',', "t.csv");
};

TEST_F(IndexWithModel, BuildEqualsEncodeNormalized) {
    std::vector<std::string> labels;
    for (const auto& l : tax.labels()) labels.push_back(l.text);
    EncodeOptions opt;
    opt.route = "positive";
    opt.normalize = true;
    const Matrix want = model.encode(labels, opt);
    std::size_t calls = 0;
    IndexBuildOptions bo;
    bo.batch_tokens = 8;  // several chunks
    bo.progress = [&](std::size_t done, std::size_t total) {
        EXPECT_LE(done, total);
        ++calls;
    };
    const LabelIndex idx = LabelIndex::build(model, tax, "positive", bo);
    EXPECT_EQ(idx.key().route, "positive");
    EXPECT_EQ(idx.key().taxonomy_checksum, tax.checksum());
    EXPECT_EQ(idx.key().model_fingerprint, model_fingerprint(fixture_model("tiny-asym-f32")));
    EXPECT_LE(max_abs_diff(idx.vectors(), want), 1e-6);
    EXPECT_GE(calls, 2u);
    EXPECT_EQ(LabelIndex::build(model, tax, "").key().route, "anchor");
    EXPECT_THROW(LabelIndex::build(model, tax, "nope"), InputError);
}

TEST_F(IndexWithModel, CacheIsReusedAndRebuiltWhenTheKeyChanges) {
    TempDir cache;
    IndexOrigin origin{};
    std::vector<std::string> warnings;
    auto warn = [&](const std::string& w) { warnings.push_back(w); };
    const LabelIndex first = load_or_build_index(model, tax, "anchor", cache.path(), false, {}, &origin, warn);
    EXPECT_EQ(origin, IndexOrigin::built);
    const fs::path file = index_cache_path(cache.path(), first.key());
    ASSERT_TRUE(fs::exists(file));
    const auto written = fs::last_write_time(file);
    const LabelIndex second = load_or_build_index(model, tax, "anchor", cache.path(), false, {}, &origin, warn);
    EXPECT_EQ(origin, IndexOrigin::cache);
    EXPECT_EQ(second.vectors().data, first.vectors().data);
    EXPECT_EQ(fs::last_write_time(file), written);
    load_or_build_index(model, tax, "anchor", cache.path(), true, {}, &origin, warn);
    EXPECT_EQ(origin, IndexOrigin::built);
    load_or_build_index(model, tax, "positive", cache.path(), false, {}, &origin, warn);
    EXPECT_EQ(origin, IndexOrigin::built);
    const Taxonomy other = Taxonomy::parse("id,label\nx,nurse\n", ',', "o");
    load_or_build_index(model, other, "anchor", cache.path(), false, {}, &origin, warn);
    EXPECT_EQ(origin, IndexOrigin::built);
    EXPECT_EQ(std::distance(fs::directory_iterator(cache.path()), fs::directory_iterator()), 3);
    EXPECT_TRUE(warnings.empty());
    fs::resize_file(file, 100);  // corrupt: rebuilt with a warning
    load_or_build_index(model, tax, "anchor", cache.path(), false, {}, &origin, warn);
    EXPECT_EQ(origin, IndexOrigin::built);
    EXPECT_EQ(warnings.size(), 1u);
    load_or_build_index(model, tax, "anchor", cache.path(), false, {}, &origin, warn);
    EXPECT_EQ(origin, IndexOrigin::cache);
}

TEST_F(IndexWithModel, MatcherRanksByBestLabelCosine) {
    const Matcher m(model, tax);
    EXPECT_EQ(m.index_origin(), IndexOrigin::built);
    EXPECT_TRUE(m.index_file().empty());
    const std::vector<std::string> titles = {"staff nurse", "java programmer", "  Cook  "};
    const auto got = m.match(titles, 3);
    std::vector<std::string> labels;
    for (const auto& l : tax.labels()) labels.push_back(l.text);
    EncodeOptions anchor;
    anchor.route = "anchor";
    const Matrix cos = cosine_similarity(model.encode(titles, anchor), model.encode(labels, anchor));
    ASSERT_EQ(got.size(), 3u);
    for (std::size_t i = 0; i < titles.size(); ++i) {
        ASSERT_EQ(got[i].size(), 3u);
        for (std::size_t r = 0; r < 3; ++r) {
            // The matched label's cosine is the occupation's best, and ranks are non-increasing.
            std::size_t label = 0;
            float best = -2;
            for (std::size_t l = 0; l < labels.size(); ++l) {
                if (tax.occupations()[tax.labels()[l].occupation].id != got[i][r].id) continue;
                if (cos.row(i)[l] > best) best = cos.row(i)[l], label = l;
            }
            EXPECT_EQ(got[i][r].label, labels[label]);
            EXPECT_NEAR(got[i][r].score, best, 1e-5);
            if (r) {
                EXPECT_GE(got[i][r - 1].score, got[i][r].score);
            }
        }
    }
    EXPECT_EQ(default_title_route(model), "anchor");
}

}  // namespace
}  // namespace jobbert::testing
