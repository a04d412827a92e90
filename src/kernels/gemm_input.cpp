// GemmInput: GEMM input rows converted to bfloat16 or quantised to uint8 per row (kernels/gemm.h).
#include <algorithm>

#include "kernels/gemm.h"
#include "kernels/parallel.h"
#include "kernels/vec.h"

namespace jobbert::kernels {

const char* gemm_type_name(GemmType t) noexcept {
    switch (t) {
        case GemmType::f32: return "f32";
        case GemmType::bf16: return "bf16";
        case GemmType::int8: return "int8";
    }
    return "?";
}

void GemmInput::reshape(std::size_t M, std::size_t K) {
    rows_ = M;
    cols_ = K;
    const std::size_t n = M * K;
    switch (type_) {
        case GemmType::f32:
            view_ = nullptr;
            if (f32_.size() < n) f32_.resize(n);
            break;
        case GemmType::bf16:
            if (bf16_.size() < n) bf16_.resize(n);
            break;
        case GemmType::int8:
            if (u8_.size() < n) u8_.resize(n);
            if (scale_.size() < M) scale_.resize(M);
            if (zero_.size() < M) zero_.resize(M);
            break;
    }
}

void GemmInput::set(const float* x, std::size_t M, std::size_t K) {
    if (type_ == GemmType::f32) {
        rows_ = M;
        cols_ = K;
        view_ = x;
        return;
    }
    reshape(M, K);
    const VecOps& v = ops();
    if (type_ == GemmType::bf16) {
        parallel_rows(M, K, [&](std::size_t m) { v.to_bf16(x + m * K, bf16_.data() + m * K, K); });
    } else {
        parallel_rows(M, K, [&](std::size_t m) { v.quantize_u8(x + m * K, K, u8_.data() + m * K, &scale_[m], &zero_[m]); });
    }
}

const void* GemmInput::data() const noexcept {
    switch (type_) {
        case GemmType::f32: return view_ ? view_ : f32_.data();
        case GemmType::bf16: return bf16_.data();
        case GemmType::int8: return u8_.data();
    }
    return nullptr;
}

void* GemmInput::mutable_data() noexcept {
    switch (type_) {
        case GemmType::f32: return view_ ? nullptr : f32_.data();
        case GemmType::bf16: return bf16_.data();
        case GemmType::int8: return u8_.data();
    }
    return nullptr;
}

}  // namespace jobbert::kernels
