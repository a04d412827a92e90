#include "model/heads.h"

#include "io/json_file.h"
#include "io/safetensors.h"
#include "jobbert/error.h"
#include "kernels/kernels.h"
#include "model/weights.h"

namespace jobbert::model {

namespace {

Dense::Activation parse_activation(const std::string& name, const std::filesystem::path& file) {
    const std::string last = name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
    if (last == "Tanh") return Dense::Activation::Tanh;
    if (last == "Identity") return Dense::Activation::Identity;
    throw ModelError(file.string() + ": activation_function '" + name +
                     "' is not supported (torch.nn.modules.activation.Tanh, torch.nn.modules.linear.Identity)");
}

std::vector<float> read_tensor(const io::SafeTensors& st, const std::string& name,
                               const std::vector<std::size_t>& shape) {
    const io::TensorRef* ref = st.find(name);
    if (!ref) throw ModelError(st.path().string() + ": missing tensor " + name);
    if (ref->shape != shape)
        throw ModelError(st.path().string() + ": tensor " + name + ": expected " + shape_string(shape) + ", got " +
                         shape_string(ref->shape));
    std::vector<float> out(ref->numel());
    io::to_float32(*ref, out.data());
    return out;
}

}  // namespace

Dense load_dense(const std::filesystem::path& dir) {
    const auto cfg_path = dir / "config.json";
    const io::Json cfg = io::read_json_file(cfg_path);
    Dense d;
    d.in_features = io::required<uint64_t>(cfg, "in_features", cfg_path);
    d.out_features = io::required<uint64_t>(cfg, "out_features", cfg_path);
    const bool has_bias = io::optional<bool>(cfg, "bias", true, cfg_path);
    d.activation = parse_activation(
        io::optional<std::string>(cfg, "activation_function", "torch.nn.modules.activation.Tanh", cfg_path),
        cfg_path);
    const auto weights_path = dir / "model.safetensors";
    if (!std::filesystem::exists(weights_path)) {
        if (std::filesystem::exists(dir / "pytorch_model.bin"))
            throw ModelError((dir / "pytorch_model.bin").string() +
                             ": PyTorch pickle weights are not supported; save the model with safetensors");
        throw ModelError(weights_path.string() + ": cannot read (missing file?)");
    }
    const io::SafeTensors st(weights_path);
    d.weight = read_tensor(st, "linear.weight", {d.out_features, d.in_features});
    if (has_bias) d.bias = read_tensor(st, "linear.bias", {d.out_features});
    d.packed = kernels::PackedLinear(d.weight.data(), d.out_features, d.in_features,
                                     d.bias.empty() ? nullptr : d.bias.data(), kernels::GemmType::f32);
    return d;
}

Matrix apply_route(const Route& route, const Matrix& pooled) {
    Matrix x = pooled;
    for (const HeadStep& step : route.steps) {
        if (step.kind == HeadStep::Kind::Normalize) {
            kernels::l2_normalize_rows(x.data.data(), x.rows, x.cols);
            continue;
        }
        const Dense& d = step.dense;
        Matrix y(x.rows, d.out_features);
        kernels::GemmInput in(kernels::GemmType::f32);
        thread_local kernels::GemmWorkspace ws;
        in.set(x.data.data(), x.rows, d.in_features);
        d.packed.forward(in, y.data.data(), ws);
        if (d.activation == Dense::Activation::Tanh) kernels::tanh_inplace(y.data.data(), y.data.size());
        x = std::move(y);
    }
    return x;
}

}  // namespace jobbert::model
