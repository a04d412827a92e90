// train_grad_dump MODEL_DIR BATCH.json OUT_DIR [--dtype f64|f32] [--mini-batch N] [--scale S]
// Computes the cached MNRL loss (dropout 0) of the batch {"anchors": [[ids]], "positives": [[ids]]}
// on the model and writes OUT_DIR/grads.safetensors (every parameter's gradient, named like
// model.safetensors / "<dense folder>/linear.weight", in the chosen dtype) and OUT_DIR/loss.json.
// Used by scripts/train/check_grad.py to compare with a PyTorch MultipleNegativesRankingLoss.
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "io/safetensors_writer.h"
#include "train/mnrl_loss.h"
#include "train/model_io.h"

using namespace jobbert::train;

int main(int argc, char** argv) try {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s MODEL_DIR BATCH.json OUT_DIR [--dtype f64|f32] [--mini-batch N] [--scale S]\n",
                     argv[0]);
        return 2;
    }
    std::string dtype = "f64";
    MnrlOptions o;
    o.mini_batch_size = 4;
    for (int i = 4; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--dtype")
            dtype = v;
        else if (k == "--mini-batch")
            o.mini_batch_size = std::stoul(v);
        else if (k == "--scale")
            o.scale = std::stod(v);
    }
    ModelSource src = load_model_source(argv[1], 0.0);
    SentenceModelImpl& m = *src.model;
    m.to(dtype == "f64" ? torch::kDouble : torch::kFloat);
    m.train();
    const auto j = nlohmann::json::parse(std::ifstream(argv[2]));
    TokenBatch b{j.at("anchors").get<std::vector<std::vector<int32_t>>>(),
                 j.at("positives").get<std::vector<std::vector<int32_t>>>()};
    const double loss = cached_mnrl_backward(m, b, o);

    std::map<std::string, std::string> folder_of;  // "dense<i>" -> layout folder
    std::size_t i = 0;
    for (const auto& [folder, spec] : m.layout.dense) folder_of["dense" + std::to_string(i++)] = folder;
    std::vector<torch::Tensor> keep;
    std::vector<jobbert::io::TensorToWrite> out;
    for (const auto& p : m.named_parameters()) {
        std::string name = p.key();
        if (name.rfind("transformer.", 0) == 0)
            name = name.substr(12);
        else
            name = folder_of.at(name.substr(0, name.find('.'))) + "/" + name.substr(name.find('.') + 1);
        keep.push_back(p.value().grad().defined() ? p.value().grad().contiguous() : torch::zeros_like(p.value()));
        jobbert::io::TensorToWrite w;
        w.name = name;
        w.dtype = dtype == "f64" ? "F64" : "F32";
        for (auto d : keep.back().sizes()) w.shape.push_back(static_cast<std::size_t>(d));
        w.data = keep.back().data_ptr();
        w.nbytes = static_cast<std::size_t>(keep.back().nbytes());
        out.push_back(w);
    }
    std::filesystem::create_directories(argv[3]);
    jobbert::io::write_safetensors(std::filesystem::path(argv[3]) / "grads.safetensors", out);
    std::ofstream(std::filesystem::path(argv[3]) / "loss.json")
        << nlohmann::json{{"loss", loss}, {"dtype", dtype}, {"mini_batch_size", o.mini_batch_size}, {"scale", o.scale}}
               .dump()
        << "\n";
    std::printf("loss %.17g\n", loss);
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "train_grad_dump: %s\n", e.what());
    return 1;
}
