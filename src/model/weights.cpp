#include "model/weights.h"

#include <spdlog/spdlog.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <set>
#include <stdexcept>

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

// Drops the whole pages inside [p, p + n) of a read-only file mapping from this process's resident
// set (they are reloaded from the file if ever touched again).
void release_pages(const void* p, std::size_t n) {
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto begin = (reinterpret_cast<std::uintptr_t>(p) + page - 1) / page * page;
    const auto end = (reinterpret_cast<std::uintptr_t>(p) + n) / page * page;
    if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

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

    // The linear layers `names` (weights "<name>.weight" [out, in], stacked along out when there are
    // several, biases "<name>.bias" [out]) packed for `type`; the weights' pages of the mapping are
    // released afterwards, so the float32 originals do not stay resident next to the packed copy.
    kernels::PackedLinear linear(const std::vector<std::string>& names, kernels::GemmType type) {
        std::vector<const io::TensorRef*> w, b;
        std::size_t N = 0;
        for (const auto& n : names) {
            w.push_back(&checked(n + ".weight"));
            b.push_back(&checked(n + ".bias"));
            N += w.back()->shape[0];
        }
        const std::size_t K = w[0]->shape[1];
        std::vector<float> stacked, bias(N);
        const float* weights = nullptr;
        if (w.size() == 1 && w[0]->dtype == io::DType::F32 &&
            reinterpret_cast<std::uintptr_t>(w[0]->data) % alignof(float) == 0) {
            weights = reinterpret_cast<const float*>(w[0]->data);
        } else {
            stacked.resize(N * K);
            for (std::size_t i = 0, off = 0; i < w.size(); off += w[i]->numel(), ++i) io::to_float32(*w[i], stacked.data() + off);
            weights = stacked.data();
        }
        for (std::size_t i = 0, off = 0; i < b.size(); off += b[i]->numel(), ++i) io::to_float32(*b[i], bias.data() + off);
        try {
            kernels::PackedLinear packed(weights, N, K, bias.data(), type);
            for (const auto* r : w) release_pages(r->data, r->nbytes);
            return packed;
        } catch (const std::runtime_error& e) {
            throw ModelError(file_.path().string() + ": tensor " + prefix_ + names[0] + ".weight: " + e.what());
        }
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

EncoderWeights load_encoder_weights(const io::SafeTensors& file, const HParams& hp, kernels::GemmType gemm) {
    Loader ld(file, hp);
    EncoderWeights w;
    w.word = ld.get("embeddings.word_embeddings.weight");
    w.position = ld.get("embeddings.position_embeddings.weight");
    w.token_type = ld.get("embeddings.token_type_embeddings.weight");
    w.emb_ln_g = ld.get("embeddings.LayerNorm.weight");
    w.emb_ln_b = ld.get("embeddings.LayerNorm.bias");
    w.gemm_type = gemm;
    for (std::size_t i = 0; i < hp.num_layers; ++i) {
        const std::string p = "encoder.layer." + std::to_string(i) + ".";
        LayerWeights l;
        l.qkv = ld.linear({p + "attention.self.query", p + "attention.self.key", p + "attention.self.value"}, gemm);
        l.attn_out = ld.linear({p + "attention.output.dense"}, gemm);
        l.ln1_g = ld.get(p + "attention.output.LayerNorm.weight");
        l.ln1_b = ld.get(p + "attention.output.LayerNorm.bias");
        l.ffn_in = ld.linear({p + "intermediate.dense"}, gemm);
        l.ffn_out = ld.linear({p + "output.dense"}, gemm);
        l.ln2_g = ld.get(p + "output.LayerNorm.weight");
        l.ln2_b = ld.get(p + "output.LayerNorm.bias");
        for (const auto* lin : {&l.qkv, &l.attn_out, &l.ffn_in, &l.ffn_out}) w.packed_bytes += lin->packed_bytes();
        w.layers.push_back(std::move(l));
    }
    ld.log_unused();
    w.dtype = ld.dtype();
    w.tensor_count = file.tensors().size();
    return w;
}

}  // namespace jobbert::model
