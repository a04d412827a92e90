// End-to-end training runs on tiny models: the output loads in the engine with the layout,
// tokenizer and routes kept; the engine agrees with the training model; an interrupted run
// resumes to the same result; option mismatches on resume are refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "io/safetensors.h"
#include "jobbert/error.h"
#include "jobbert/model.h"
#include "support/fixtures.h"
#include "train/layout.h"
#include "train/trainer.h"

namespace jobbert::train {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using jobbert::testing::TempDir;

// (title, skill list) pairs from the fixture texts: titles from the real-title section, skill
// lists from the last lines (split on ", ").
fs::path write_pairs(const fs::path& dir, std::size_t n) {
    const auto texts = testing::golden_texts();
    std::vector<std::string> titles(texts.begin() + 100, texts.begin() + 100 + static_cast<long>(n));
    std::vector<std::string> lists(texts.end() - 150, texts.end());
    nlohmann::json rows = nlohmann::json::array();
    const fs::path file = dir / "pairs.jsonl";
    std::ofstream out(file);
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::string> skills;
        const std::string& l = lists[i % lists.size()];
        for (std::size_t s = 0, e; s <= l.size(); s = e + 2) {
            e = l.find(", ", s);
            if (e == std::string::npos) e = l.size();
            if (e > s) skills.push_back(l.substr(s, e - s));
        }
        out << nlohmann::json{{"title", titles[i]}, {"skills", skills}}.dump() << "\n";
    }
    return file;
}

TrainOptions tiny_options(const fs::path& data, const fs::path& out) {
    TrainOptions o;
    o.data = data;
    o.out = out;
    o.batch_size = 12;
    o.mini_batch_size = 5;
    o.max_steps = 4;
    o.optim.lr = 1e-3;
    o.optim.warmup_ratio = 0.25;
    o.optim.weight_decay = 0.01;
    o.threads = 1;
    o.plot = false;
    return o;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class FineTune : public ::testing::TestWithParam<std::string> {};

TEST_P(FineTune, KeepsLayoutTokenizerAndRoutes) {
    TempDir tmp;
    const fs::path src = testing::fixture_model(GetParam());
    TrainOptions o = tiny_options(write_pairs(tmp.path(), 30), tmp.path() / "out");
    o.init = src;
    const TrainResult r = run_training(o);
    ASSERT_EQ(r.steps_done, 4);
    EXPECT_TRUE(std::isfinite(r.final_loss));

    const Model before = Model::load(src), after = Model::load(o.out);
    EXPECT_EQ(after.info().router_type, before.info().router_type);
    ASSERT_EQ(after.info().routes.size(), before.info().routes.size());
    for (std::size_t i = 0; i < before.info().routes.size(); ++i) {
        EXPECT_EQ(after.info().routes[i].name, before.info().routes[i].name);
        EXPECT_EQ(after.info().routes[i].dim, before.info().routes[i].dim);
    }
    EXPECT_EQ(after.info().default_route, before.info().default_route);
    EXPECT_EQ(after.info().weights_dtype, "F32");
    EXPECT_EQ(read_file(o.out / "tokenizer.json"), read_file(src / "tokenizer.json"));
    const Layout lb = read_layout(src), la = read_layout(o.out);
    for (const auto& [folder, spec] : lb.dense) EXPECT_TRUE(la.dense.count(folder)) << folder;
    EXPECT_EQ(read_file(o.out / "modules.json"), read_file(src / "modules.json"));
    EXPECT_EQ(read_file(o.out / "sentence_bert_config.json"), read_file(src / "sentence_bert_config.json"));

    // The weights moved, and both routes still run.
    const std::vector<std::vector<int32_t>> ids = {{0, 100, 200, 2}, {0, 5, 2}};
    for (const auto& route : before.info().routes) {
        EncodeOptions eo;
        eo.route = route.name;
        const Matrix a = before.encode_ids(ids, eo), b = after.encode_ids(ids, eo);
        EXPECT_GT(testing::max_abs_diff(a, b), 1e-4) << route.name;
    }
    EXPECT_TRUE(fs::exists(o.out / "training" / "loss.csv"));
    EXPECT_TRUE(fs::exists(o.out / "training" / "summary.json"));
}

INSTANTIATE_TEST_SUITE_P(Train, FineTune, ::testing::Values("tiny-asym-f32", "tiny-router-bf16", "tiny-nfkc-roberta"),
                         testing::FixtureName());

class NewModel : public ::testing::TestWithParam<std::string> {};

TEST_P(NewModel, LoadsInTheEngineInThePublishedLayout) {
    TempDir tmp;
    TrainOptions o = tiny_options(write_pairs(tmp.path(), 30), tmp.path() / "out");
    o.tokenizer = testing::fixture_model("tiny-asym-f32") / "tokenizer.json";
    o.sizes.hidden_size = 16;
    o.sizes.num_layers = 1;
    o.sizes.num_heads = 2;
    o.sizes.intermediate_size = 32;
    o.sizes.out_dim = 8;
    o.sizes.layout = GetParam();
    run_training(o);
    for (const char* f : {"config.json", "model.safetensors", "modules.json", "1_Pooling/config.json", "tokenizer.json",
                          "sentence_bert_config.json", "config_sentence_transformers.json", "special_tokens_map.json",
                          "tokenizer_config.json"})
        EXPECT_TRUE(fs::exists(o.out / f)) << f;
    EXPECT_TRUE(fs::exists(o.out / "2_Asym" / (GetParam() == "Router" ? "router_config.json" : "config.json")));
    const Model m = Model::load(o.out);
    EXPECT_EQ(m.info().router_type, GetParam());
    EXPECT_EQ(m.info().hidden_size, 16u);
    ASSERT_EQ(m.info().routes.size(), 2u);
    EXPECT_EQ(m.info().routes[0].name, "anchor");
    EXPECT_EQ(m.info().routes[1].name, "positive");
    EXPECT_EQ(m.dim("positive"), 8u);
    EXPECT_EQ(m.info().max_seq_length, 64u);
    // Every tensor is F32 and named as transformers names them (no prefix).
    const io::SafeTensors st(o.out / "model.safetensors");
    EXPECT_TRUE(st.find("embeddings.word_embeddings.weight"));
    EXPECT_TRUE(st.find("encoder.layer.0.output.LayerNorm.bias"));
    for (const auto& [name, t] : st.tensors()) EXPECT_EQ(t.dtype, io::DType::F32) << name;
    const Matrix v = m.encode(std::vector<std::string>{"nurse", "software developer"});
    EXPECT_EQ(v.rows, 2u);
}

INSTANTIATE_TEST_SUITE_P(Train, NewModel, ::testing::Values("Asym", "Router"));

TEST(NewModel, TrainsItsOwnTokenizer) {
    TempDir tmp;
    TrainOptions o = tiny_options(write_pairs(tmp.path(), 200), tmp.path() / "out");
    o.max_steps = 1;
    o.tokenizer_training.vocab_size = 600;
    o.sizes.hidden_size = 16;
    o.sizes.num_layers = 1;
    o.sizes.num_heads = 2;
    o.sizes.intermediate_size = 32;
    o.sizes.out_dim = 8;
    run_training(o);
    const Model m = Model::load(o.out);
    EXPECT_LE(m.info().vocab_size, 600u);
    EXPECT_EQ(m.tokenizer().token_to_id("<s>"), 0);
    EXPECT_EQ(m.tokenizer().token_to_id("<pad>"), 1);
    EXPECT_EQ(m.tokenizer().token_to_id("</s>"), 2);
    EXPECT_EQ(m.tokenizer().token_to_id("<unk>"), 3);
    EXPECT_EQ(m.tokenizer().token_to_id("<mask>"), static_cast<int32_t>(m.info().vocab_size) - 1);
    const auto ids = m.tokenize("Software Developer");
    EXPECT_EQ(ids.front(), 0);
    EXPECT_EQ(ids.back(), 2);
}

// Loss column of loss.csv (the timing columns differ between runs).
std::vector<std::string> losses(const fs::path& csv) {
    std::ifstream in(csv);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
        const auto a = line.find(','), b = line.find(',', a + 1), c = line.find(',', b + 1), d = line.find(',', c + 1);
        out.push_back(line.substr(0, a) + ":" + line.substr(b + 1, d - b - 1));  // step:loss,lr
    }
    return out;
}

TEST(Resume, InterruptedRunResumesToTheSameResult) {
    TempDir tmp;
    const fs::path data = write_pairs(tmp.path(), 40);
    TrainOptions o = tiny_options(data, tmp.path() / "straight");
    o.init = testing::fixture_model("tiny-asym-f32");
    o.max_steps = 7;
    o.save_steps = 2;
    o.dropout = 0.1;  // the generator state must be restored too
    run_training(o);

    TrainOptions k = o;
    k.out = tmp.path() / "interrupted";
    k.stop_after_steps = 5;  // "killed" after step 5: the last checkpoint is step 4
    const TrainResult first = run_training(k);
    EXPECT_TRUE(first.stopped);
    EXPECT_FALSE(fs::exists(k.out / "model.safetensors"));
    k.stop_after_steps = -1;
    k.resume = true;
    const TrainResult second = run_training(k);
    EXPECT_EQ(second.resumed_from, 4);
    EXPECT_EQ(second.steps_done, 7);

    EXPECT_EQ(read_file(k.out / "model.safetensors"), read_file(o.out / "model.safetensors"))
        << "resumed weights differ from the uninterrupted run";
    for (const auto& [folder, spec] : read_layout(o.out).dense)
        EXPECT_EQ(read_file(k.out / folder / "model.safetensors"), read_file(o.out / folder / "model.safetensors"));
    EXPECT_EQ(losses(k.out / "training" / "loss.csv"), losses(o.out / "training" / "loss.csv"));
}

TEST(Resume, RefusesOtherOptionsAndUnrequestedReuse) {
    TempDir tmp;
    TrainOptions o = tiny_options(write_pairs(tmp.path(), 24), tmp.path() / "out");
    o.init = testing::fixture_model("tiny-asym-f32");
    o.max_steps = 2;
    run_training(o);
    try {
        run_training(o);
        FAIL() << "expected an error";
    } catch (const InputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("holds checkpoints of an earlier run"));
        EXPECT_THAT(e.what(), HasSubstr("--resume"));
    }
    o.resume = true;
    o.batch_size = 8;
    try {
        run_training(o);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_THAT(e.what(), HasSubstr("options differ: batch_size: 12 (checkpoint) vs 8 (now)"));
    }
}

TEST(TrainErrors, BadDataNamesTheLine) {
    TempDir tmp;
    const fs::path data = tmp.path() / "bad.jsonl";
    std::ofstream(data) << "{\"anchor\": \"a\", \"positive\": \"b\"}\n{\"anchor\": \"c\"}\n";
    TrainOptions o = tiny_options(data, tmp.path() / "out");
    o.init = testing::fixture_model("tiny-asym-f32");
    try {
        run_training(o);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("bad.jsonl line 2: missing field 'positive'"));
    }
    std::ofstream(data, std::ios::trunc) << "";
    EXPECT_THROW(run_training(o), InputError);
}

}  // namespace
}  // namespace jobbert::train
