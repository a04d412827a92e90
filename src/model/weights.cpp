#include "model/weights.h"

#include <spdlog/spdlog.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <set>

#include "jobbert/error.h"

namespace jobbert::model {

std::string shape_string(const std::vector<std::size_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

std::vector<TensorSpec> expected_tensors(const HParams& hp) {
    const std::size_t H = hp.hidden_size, F = hp.intermediate_size;
    std::vector<TensorSpec> t = {
        {"embeddings.word_embeddings.weight", {hp.vocab_size, H}},
        {"embeddings.position_embeddings.weight", {hp.max_position_embeddings, H}},
        {"embeddings.token_type_embeddings.weight", {hp.type_vocab_size, H}},
        {"embeddings.LayerNorm.weight", {H}},
        {"embeddings.LayerNorm.bias", {H}},
    };
    for (std::size_t i = 0; i < hp.num_layers; ++i) {
        const std::string p = "encoder.layer." + std::to_string(i) + ".";
        for (const char* n : {"attention.self.query", "attention.self.key", "attention.self.value",
                              "attention.output.dense"}) {
            t.push_back({p + n + ".weight", {H, H}});
            t.push_back({p + n + ".bias", {H}});
        }
        t.push_back({p + "attention.output.LayerNorm.weight", {H}});
        t.push_back({p + "attention.output.LayerNorm.bias", {H}});
        t.push_back({p + "intermediate.dense.weight", {F, H}});
        t.push_back({p + "intermediate.dense.bias", {F}});
        t.push_back({p + "output.dense.weight", {H, F}});
        t.push_back({p + "output.dense.bias", {H}});
        t.push_back({p + "output.LayerNorm.weight", {H}});
        t.push_back({p + "output.LayerNorm.bias", {H}});
    }
    return t;
}

namespace {

// Loader over one file: checks names/shapes against the table, converts to float32.
class Loader {
public:
    Loader(const io::SafeTensors& file, const HParams& hp) : file_(file) {
        bool all_prefixed = !file.tensors().empty();
        for (const auto& [name, t] : file.tensors()) all_prefixed &= name.rfind("roberta.", 0) == 0;
        prefix_ = all_prefixed ? "roberta." : "";
        for (const auto& spec : expected_tensors(hp)) specs_[spec.name] = spec.shape;
    }

    // The tensor `name`, checked; a view into the mapping when it is F32 and aligned.
    Tensor get(const std::string& name) {
        const io::TensorRef& ref = checked(name);
        Tensor t;
        t.shape = ref.shape;
        if (ref.dtype == io::DType::F32 && reinterpret_cast<std::uintptr_t>(ref.data) % alignof(float) == 0) {
            t.data = reinterpret_cast<const float*>(ref.data);
            t.owner = file_.mapping();
        } else {
            auto buf = std::make_shared<std::vector<float>>(ref.numel());
            io::to_float32(ref, buf->data());
            t.data = buf->data();
            t.owner = buf;
        }
        return t;
    }

    // Tensors a, b, c (same trailing shape) stacked along the first axis into one owned buffer.
    Tensor stack(const std::vector<std::string>& names) {
        std::vector<const io::TensorRef*> refs;
        std::size_t total = 0;
        for (const auto& n : names) {
            refs.push_back(&checked(n));
            total += refs.back()->numel();
        }
        auto buf = std::make_shared<std::vector<float>>(total);
        std::size_t off = 0;
        for (const auto* r : refs) {
            io::to_float32(*r, buf->data() + off);
            off += r->numel();
        }
        Tensor t;
        t.shape = refs[0]->shape;
        t.shape[0] *= names.size();
        t.data = buf->data();
        t.owner = buf;
        return t;
    }

    void log_unused() const {
        for (const auto& [name, t] : file_.tensors())
            if (!used_.count(name))
                spdlog::debug("{}: unused tensor {} {} {}", file_.path().string(), name,
                              io::dtype_name(t.dtype), shape_string(t.shape));
    }

    std::string dtype() const { return dtype_; }

private:
    const io::TensorRef& checked(const std::string& name) {
        const std::string full = prefix_ + name;
        const io::TensorRef* ref = file_.find(full);
        const std::string where = file_.path().string();
        if (!ref) throw ModelError(where + ": missing tensor " + full);
        const auto& want = specs_.at(name);
        if (ref->shape != want)
            throw ModelError(where + ": tensor " + full + ": expected " + shape_string(want) + ", got " +
                             shape_string(ref->shape));
        const std::string dt = io::dtype_name(ref->dtype);
        if (dtype_.empty()) dtype_ = dt;
        else if (dtype_ != dt)
            throw ModelError(where + ": tensor " + full + " is " + dt + " but earlier tensors are " + dtype_);
        used_.insert(full);
        return *ref;
    }

    const io::SafeTensors& file_;
    std::string prefix_;
    std::map<std::string, std::vector<std::size_t>> specs_;
    std::set<std::string> used_;
    std::string dtype_;
};

}  // namespace

EncoderWeights load_encoder_weights(const io::SafeTensors& file, const HParams& hp) {
    Loader ld(file, hp);
    EncoderWeights w;
    w.word = ld.get("embeddings.word_embeddings.weight");
    w.position = ld.get("embeddings.position_embeddings.weight");
    w.token_type = ld.get("embeddings.token_type_embeddings.weight");
    w.emb_ln_g = ld.get("embeddings.LayerNorm.weight");
    w.emb_ln_b = ld.get("embeddings.LayerNorm.bias");
    for (std::size_t i = 0; i < hp.num_layers; ++i) {
        const std::string p = "encoder.layer." + std::to_string(i) + ".";
        LayerWeights l;
        l.qkv_w = ld.stack({p + "attention.self.query.weight", p + "attention.self.key.weight",
                            p + "attention.self.value.weight"});
        l.qkv_b = ld.stack({p + "attention.self.query.bias", p + "attention.self.key.bias",
                            p + "attention.self.value.bias"});
        l.attn_out_w = ld.get(p + "attention.output.dense.weight");
        l.attn_out_b = ld.get(p + "attention.output.dense.bias");
        l.ln1_g = ld.get(p + "attention.output.LayerNorm.weight");
        l.ln1_b = ld.get(p + "attention.output.LayerNorm.bias");
        l.ffn_in_w = ld.get(p + "intermediate.dense.weight");
        l.ffn_in_b = ld.get(p + "intermediate.dense.bias");
        l.ffn_out_w = ld.get(p + "output.dense.weight");
        l.ffn_out_b = ld.get(p + "output.dense.bias");
        l.ln2_g = ld.get(p + "output.LayerNorm.weight");
        l.ln2_b = ld.get(p + "output.LayerNorm.bias");
        w.layers.push_back(std::move(l));
    }
    ld.log_unused();
    w.dtype = ld.dtype();
    w.tensor_count = file.tensors().size();
    return w;
}

}  // namespace jobbert::model
