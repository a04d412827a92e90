// Heads: the modules after pooling. A route is the chain of Dense (and Normalize) steps one
// Asym/Router branch applies to the pooled vector.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "jobbert/matrix.h"
#include "kernels/gemm.h"

namespace jobbert::model {

/** sentence_transformers.models.Dense: y = act(x W^T + b), W [out, in]. */
struct Dense {
    enum class Activation { Identity, Tanh };
    std::size_t in_features = 0, out_features = 0;
    std::vector<float> weight;  ///< [out_features, in_features] row-major
    std::vector<float> bias;    ///< [out_features], empty when the layer has no bias
    Activation activation = Activation::Identity;
    kernels::PackedLinear packed;  ///< weight and bias packed for float32 GEMMs (heads stay fp32)
};

/** One step of a route: a Dense layer or an L2 normalisation. */
struct HeadStep {
    enum class Kind { Dense, Normalize };
    Kind kind = Kind::Dense;
    Dense dense;  ///< when kind == Dense
};

/** A route ("anchor", "positive", ...): steps applied in order to the pooled vector. */
struct Route {
    std::string name;
    std::vector<HeadStep> steps;
    std::size_t dim = 0;  ///< output dimension
};

/**
 * Loads a Dense module folder: config.json (in_features, out_features, bias,
 * activation_function: Tanh or Identity) and model.safetensors (linear.weight [out, in],
 * linear.bias [out] when bias). Throws ModelError naming the file and key/tensor.
 */
Dense load_dense(const std::filesystem::path& dir);

/**
 * Applies a route to pooled vectors x [n, in] and returns [n, route.dim]. Tanh/Identity as in
 * torch; Normalize divides each row by max(||row||, 1e-12). Always float32, whatever the
 * encoder's precision; a row's result never depends on the other rows.
 */
Matrix apply_route(const Route& route, const Matrix& pooled);

}  // namespace jobbert::model
