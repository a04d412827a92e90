// Every model-directory fault gets a one-line ModelError naming the file and the key/tensor.
#include <gtest/gtest.h>

#include "io/safetensors.h"
#include "jobbert/error.h"
#include "jobbert/model.h"
#include "support/fixtures.h"
#include "support/safetensors_writer.h"

namespace jobbert::testing {
namespace {

std::string load_error(const fs::path& dir) {
    try {
        Model::load(dir);
    } catch (const ModelError& e) {
        const std::string msg = e.what();
        EXPECT_EQ(msg.find('\n'), std::string::npos) << "multi-line message: " << msg;
        return msg;
    }
    return "(loaded without error)";
}

#define EXPECT_CONTAINS(haystack, needle) EXPECT_NE((haystack).find(needle), std::string::npos) << (haystack)

TEST(ModelErrors, MissingDirectoryAndFiles) {
    EXPECT_CONTAINS(load_error("/nonexistent/model"), "/nonexistent/model: not a model directory");
    TempModel m("tiny-asym-f32");
    fs::remove(m.dir() / "config.json");
    EXPECT_CONTAINS(load_error(m.dir()), (m.dir() / "config.json").string() + ": cannot read (missing file?)");
}

TEST(ModelErrors, MalformedJson) {
    TempModel m("tiny-asym-f32");
    m.write_text("config.json", "{\"hidden_size\": 32,,}");
    EXPECT_CONTAINS(load_error(m.dir()), (m.dir() / "config.json").string() + ": invalid JSON: parse error at line 1");
}

TEST(ModelErrors, MissingAndWrongConfigKeys) {
    TempModel m("tiny-asym-f32");
    auto cfg = m.read_json("config.json");
    cfg.erase("num_hidden_layers");
    m.write_json("config.json", cfg);
    EXPECT_CONTAINS(load_error(m.dir()), "config.json: key 'num_hidden_layers' is missing");
    cfg["num_hidden_layers"] = "two";
    m.write_json("config.json", cfg);
    EXPECT_CONTAINS(load_error(m.dir()), "config.json: key 'num_hidden_layers' must be an integer, got \"two\"");
    cfg["num_hidden_layers"] = 2;
    cfg["hidden_act"] = "relu";
    m.write_json("config.json", cfg);
    EXPECT_CONTAINS(load_error(m.dir()), "config.json: hidden_act 'relu' is not supported");
}

TEST(ModelErrors, UnknownModuleType) {
    TempModel m("tiny-asym-f32");
    auto modules = m.read_json("modules.json");
    modules[2]["type"] = "sentence_transformers.models.LSTM";
    m.write_json("modules.json", modules);
    EXPECT_CONTAINS(load_error(m.dir()), "modules.json: module 2: module type 'sentence_transformers.models.LSTM' is not supported");
}

TEST(ModelErrors, UnknownActivation) {
    TempModel m("tiny-router-bf16");
    auto cfg = m.read_json("2_Asym/anchor_0_Dense/config.json");
    cfg["activation_function"] = "torch.nn.modules.activation.ReLU";
    m.write_json("2_Asym/anchor_0_Dense/config.json", cfg);
    EXPECT_CONTAINS(load_error(m.dir()),
                    "anchor_0_Dense/config.json: activation_function 'torch.nn.modules.activation.ReLU' is not supported");
}

TEST(ModelErrors, PoolingOtherThanMean) {
    TempModel m("tiny-asym-f32");
    auto cfg = m.read_json("1_Pooling/config.json");
    cfg["pooling_mode_mean_tokens"] = false;
    cfg["pooling_mode_cls_token"] = true;
    m.write_json("1_Pooling/config.json", cfg);
    EXPECT_CONTAINS(load_error(m.dir()), "1_Pooling/config.json: pooling_mode_cls_token is not supported (only pooling_mode_mean_tokens)");
}

TEST(ModelErrors, UnknownDefaultRouteAndModuleWithoutType) {
    TempModel m("tiny-router-bf16");
    auto cfg = m.read_json("2_Asym/router_config.json");
    cfg["parameters"]["default_route"] = "query";
    m.write_json("2_Asym/router_config.json", cfg);
    EXPECT_CONTAINS(load_error(m.dir()), "router_config.json: default_route 'query' is not a route in 'structure'");
    cfg["parameters"]["default_route"] = "anchor";
    cfg["types"].erase("positive_0_Dense");
    m.write_json("2_Asym/router_config.json", cfg);
    EXPECT_CONTAINS(load_error(m.dir()), "router_config.json: module 'positive_0_Dense' of route 'positive' has no type");
}

TEST(ModelErrors, MissingTensorAndWrongShape) {
    TempModel m("tiny-asym-f32");
    // Rewrite model.safetensors without one tensor, then with one tensor of the wrong shape.
    io::SafeTensors orig(fixture_model("tiny-asym-f32") / "model.safetensors");
    std::map<std::string, StoredTensor> tensors;
    for (const auto& [name, t] : orig.tensors()) {
        StoredTensor s{io::dtype_name(t.dtype), t.shape, std::vector<unsigned char>(t.data, t.data + t.nbytes)};
        tensors[name] = s;
    }
    auto without = tensors;
    without.erase("encoder.layer.1.attention.self.key.weight");
    write_safetensors(m.dir() / "model.safetensors", without);
    EXPECT_CONTAINS(load_error(m.dir()), "model.safetensors: missing tensor encoder.layer.1.attention.self.key.weight");
    auto reshaped = tensors;
    reshaped["encoder.layer.0.intermediate.dense.weight"].shape = {32, 64};
    write_safetensors(m.dir() / "model.safetensors", reshaped);
    EXPECT_CONTAINS(load_error(m.dir()),
                    "model.safetensors: tensor encoder.layer.0.intermediate.dense.weight: expected [64, 32], got [32, 64]");
}

TEST(ModelErrors, TruncatedWeightsFile) {
    TempModel m("tiny-asym-f32");
    const auto p = m.dir() / "model.safetensors";
    fs::resize_file(p, fs::file_size(p) - 1000);
    EXPECT_CONTAINS(load_error(m.dir()), "lies outside the data buffer");
    fs::resize_file(p, 4);
    EXPECT_CONTAINS(load_error(m.dir()), "model.safetensors: truncated file (4 bytes, no header)");
}

TEST(ModelErrors, DenseHeadWrongShape) {
    TempModel m("tiny-asym-f32");
    auto cfg = m.read_json("2_Asym/1000007_Dense/config.json");
    cfg["out_features"] = 50;
    m.write_json("2_Asym/1000007_Dense/config.json", cfg);
    EXPECT_CONTAINS(load_error(m.dir()), "1000007_Dense/model.safetensors: tensor linear.weight: expected [50, 32], got [48, 32]");
}

TEST(ModelErrors, MaxSeqLengthBeyondPositionTable) {
    TempModel m("tiny-asym-f32");
    m.write_text("sentence_bert_config.json", R"({"max_seq_length": 600, "do_lower_case": false})");
    EXPECT_CONTAINS(load_error(m.dir()), "sentence_bert_config.json: max_seq_length 600 must be between 2 and 512");
}

TEST(ModelInputErrors, BadIdsAndRoutes) {
    const Model model = Model::load(fixture_model("tiny-asym-f32"));
    auto error_of = [&](std::vector<std::vector<int32_t>> ids, const std::string& route) -> std::string {
        EncodeOptions o;
        o.route = route;
        try {
            model.encode_ids(ids, o);
        } catch (const InputError& e) {
            return e.what();
        }
        return "";
    };
    EXPECT_EQ(error_of({{0, 5, 2}}, "query"), "unknown route 'query' (routes: anchor, positive, none)");
    EXPECT_EQ(error_of({{0, 5, 2}, {}}, "anchor"), "sequence 1 is empty");
    EXPECT_EQ(error_of({{0, 8002, 2}}, "anchor"), "sequence 0, token 1: id 8002 is outside the vocabulary [0, 8002)");
    EXPECT_EQ(error_of({std::vector<int32_t>(513, 5)}, ""),
              "sequence 0 has 513 tokens; the position table allows at most 512");
    EXPECT_EQ(model.encode_ids(std::vector<std::vector<int32_t>>{}).rows, 0u);
}

TEST(ModelInfo, DescribesTheFixture) {
    const Model model = Model::load(fixture_model("tiny-nfkc-roberta"));
    const ModelInfo& i = model.info();
    EXPECT_EQ(i.router_type, "Router");
    EXPECT_EQ(i.default_route, "anchor");
    ASSERT_EQ(i.routes.size(), 2u);
    EXPECT_EQ(i.routes[1].name, "positive");
    EXPECT_EQ(i.routes[1].dim, 24u);
    EXPECT_TRUE(i.do_lower_case);
    EXPECT_TRUE(i.normalize_module);
    EXPECT_FLOAT_EQ(float(i.layer_norm_eps), 1e-12f);
    EXPECT_EQ(model.dim("none"), 32u);
    EXPECT_EQ(model.dim(""), 24u);
    EXPECT_EQ(Model::load(fixture_model("tiny-legacy-f16")).info().weights_dtype, "F16");
}

}  // namespace
}  // namespace jobbert::testing
