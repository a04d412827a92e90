// Linear layers with weights packed once at load for oneDNN's matmul primitive (brgemm: AVX-512
// for float32, AMX or AVX512-BF16 for bfloat16, AMX or VNNI for int8).
//
// A PackedLinear computes y[M, N] = x[M, K] . W[N, K]^T + b[N] in one of three number formats:
//   f32   W and x float32, float32 accumulation (exact to the reference within float rounding)
//   bf16  W and x rounded to bfloat16 (nearest even), float32 accumulation, float32 output
//   int8  W symmetric int8 per output channel (scale_w[n] = max|W[n,:]| / 127), x asymmetric
//         uint8 per row (GemmInput), int32 accumulation, dequantised to float32:
//         y[m,n] = scale_x[m] * scale_w[n] * (acc[m,n] - zero_x[m] * sum_k Wq[n,k]) + b[n]
// Primitives are created per row count M (exact up to 63 rows; larger products run as a body of a
// multiple of 64 rows plus an exact tail) and cached process-wide, so no product pays for JIT code
// after its first call. A row's result never depends on M or on the thread count (oneDNN's brgemm
// never splits K across threads), which keeps batching bitwise invisible in float32.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace jobbert::kernels {

/** Number format of a PackedLinear's weights and inputs. */
enum class GemmType { f32, bf16, int8 };

/** "f32", "bf16", "int8". */
const char* gemm_type_name(GemmType t) noexcept;

/**
 * GEMM input rows x[M, K] in the form a PackedLinear of the same GemmType consumes. Owns its
 * storage, which only grows, so one buffer serves every batch of a call.
 *   f32:  float32 rows (set() keeps a view of the caller's rows, no copy)
 *   bf16: bfloat16 rows (uint16_t bit patterns), rounded to nearest even
 *   int8: uint8 codes q[m, k] with x[m, k] ~ scale[m] * (q[m, k] - zero[m]), per row the range
 *         [min(x, 0), max(x, 0)] mapped onto [0, 255] (so zero is exact)
 */
class GemmInput {
public:
    explicit GemmInput(GemmType type = GemmType::f32) : type_(type) {}

    /** Converts (bf16), quantises (int8) or views (f32) the rows x[M, K]. */
    void set(const float* x, std::size_t M, std::size_t K);
    /** Sizes the storage for M rows of K written by a GEMM epilogue (see PackedLinear). */
    void reshape(std::size_t M, std::size_t K);

    GemmType type() const noexcept { return type_; }
    std::size_t rows() const noexcept { return rows_; }
    std::size_t cols() const noexcept { return cols_; }
    /** Row-major data: const float* (f32), const uint16_t* (bf16) or const uint8_t* (int8). */
    const void* data() const noexcept;
    void* mutable_data() noexcept;
    float* scale() noexcept { return scale_.data(); }      ///< int8: [M]
    int32_t* zero() noexcept { return zero_.data(); }      ///< int8: [M]
    const float* scale() const noexcept { return scale_.data(); }
    const int32_t* zero() const noexcept { return zero_.data(); }

private:
    GemmType type_;
    std::size_t rows_ = 0, cols_ = 0;
    const float* view_ = nullptr;
    std::vector<float> f32_;
    std::vector<uint16_t> bf16_;
    std::vector<uint8_t> u8_;
    std::vector<float> scale_;
    std::vector<int32_t> zero_;
};

/** Per-thread working memory of PackedLinear (oneDNN scratchpad, int32 accumulators). */
struct GemmWorkspace {
    std::vector<unsigned char> scratchpad;
    std::vector<int32_t> acc;
};

/** A linear layer with pre-packed weights; immutable and shareable between threads. */
class PackedLinear {
public:
    PackedLinear() = default;
    /**
     * Packs w[N, K] (torch.nn.Linear layout [out_features, in_features], float32) and copies
     * bias[N] (may be null). The caller's arrays are not referenced afterwards. Throws
     * std::runtime_error when this CPU has no oneDNN implementation for the type (bf16 and int8
     * need AVX-512).
     */
    PackedLinear(const float* w, std::size_t N, std::size_t K, const float* bias, GemmType type);

    /** y[M, N] = x . W^T + b, float32 rows; x.type() must equal type(). */
    void forward(const GemmInput& x, float* y, GemmWorkspace& ws) const;
    /**
     * out[M, N] = GELU(x . W^T + b) with exact (erf) GELU, stored directly in the input form of
     * this type (out.type() == type()) for the next layer.
     */
    void forward_gelu(const GemmInput& x, GemmInput& out, GemmWorkspace& ws) const;

    /**
     * The oneDNN product alone, for measuring the backend's rate: dst[M, N] = x . W^T (+ b), as
     * float32 (f32, bf16) or the raw int32 accumulators (int8, no dequantisation).
     */
    void forward_raw(const GemmInput& x, void* dst, GemmWorkspace& ws) const;

    GemmType type() const noexcept;
    std::size_t in_features() const noexcept;
    std::size_t out_features() const noexcept;
    /** Bytes of packed weights (plus int8 scales and sums) held. */
    std::size_t packed_bytes() const noexcept;
    /** oneDNN's implementation name for an M-row product, e.g. "brg:avx512_core_amx_bf16". */
    std::string implementation(std::size_t M) const;

    struct Impl;

private:
    std::shared_ptr<const Impl> impl_;
};

}  // namespace jobbert::kernels
