// PackedLinear on oneDNN's matmul primitive (kernels/gemm.h).
//
// oneDNN 2.6 dispatches its brgemm matmul (AVX-512, AMX) only for products whose M is known when
// the primitive is created; with a run-time M it falls back to a slower gemm. So primitives are
// created per M and cached: exact M below kExactRows, else a body of a multiple of kBodyStep rows
// plus an exact tail. Weights are reordered once into the blocked layout brgemm picks (the same
// for every M, checked in tests), and every primitive is created for that fixed layout.
#include <dnnl.hpp>
#include <omp.h>
#include <sys/mman.h>

#include <cstdlib>
#include <new>

#include <algorithm>
#include <cmath>
#include <compare>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <unordered_map>

#include "kernels/gemm.h"
#include "kernels/parallel.h"
#include "kernels/vec.h"

namespace jobbert::kernels {

namespace {

using dnnl::memory;
using dt = memory::data_type;
using tag = memory::format_tag;

constexpr std::size_t kLayoutRows = 64;   // M of the product whose preferred weight layout is used
constexpr std::size_t kExactRows = 128;   // products with fewer rows get an exact-M primitive
constexpr std::size_t kBodyStep = 64;     // larger products: body rows are a multiple of this

// Storage of packed weights: 2 MB aligned and advised for transparent huge pages when that large,
// so that packing takes few page faults and streaming the weights through a GEMM few TLB misses.
std::shared_ptr<void> allocate_weights(std::size_t bytes) {
    constexpr std::size_t kHugePage = std::size_t{2} << 20;
    const std::size_t align = bytes >= kHugePage ? kHugePage : 64;
    const std::size_t size = (bytes + align - 1) / align * align;
    void* p = nullptr;
    if (::posix_memalign(&p, align, size) != 0) throw std::bad_alloc();
    if (align == kHugePage) ::madvise(p, size, MADV_HUGEPAGE);  // advice only: failure is harmless
    return {p, ::free};
}

dnnl::engine& cpu_engine() {
    static dnnl::engine e(dnnl::engine::kind::cpu, 0);
    return e;
}

dnnl::stream& cpu_stream() {
    thread_local dnnl::stream s(cpu_engine());
    return s;
}

dt src_type(GemmType t) { return t == GemmType::f32 ? dt::f32 : t == GemmType::bf16 ? dt::bf16 : dt::u8; }
dt wei_type(GemmType t) { return t == GemmType::f32 ? dt::f32 : t == GemmType::bf16 ? dt::bf16 : dt::s8; }
dt dst_type(GemmType t, bool gelu) {
    if (t == GemmType::int8) return dt::s32;
    return t == GemmType::bf16 && gelu ? dt::bf16 : dt::f32;
}
std::size_t type_bytes(dt t) { return t == dt::bf16 ? 2 : t == dt::u8 || t == dt::s8 ? 1 : 4; }

memory::dim dim(std::size_t n) { return static_cast<memory::dim>(n); }

// One cached primitive: everything but the weights, which are passed at execution.
struct Key {
    GemmType type;
    std::size_t K, N, M;
    bool gelu, bias;
    int threads;  // oneDNN fixes its work split for the OpenMP team size at creation
    auto operator<=>(const Key&) const = default;
};

struct Entry {
    dnnl::matmul prim;
    memory::desc src, dst, bias, scratchpad;
    std::string impl;
};

dnnl::matmul::primitive_desc make_pd(const Key& k, const memory::desc& weights) {
    const memory::desc src({dim(k.M), dim(k.K)}, src_type(k.type), tag::ab);
    const memory::desc dst({dim(k.M), dim(k.N)}, dst_type(k.type, k.gelu), tag::ab);
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);  // per-thread scratch: concurrent calls are safe
    if (k.gelu && k.type != GemmType::int8) {
        dnnl::post_ops po;
        po.append_eltwise(1.0f, dnnl::algorithm::eltwise_gelu_erf, 0.0f, 0.0f);
        attr.set_post_ops(po);
    }
    if (k.bias)
        return {dnnl::matmul::desc(src, weights, memory::desc({1, dim(k.N)}, dt::f32, tag::ab), dst), attr, cpu_engine()};
    return {dnnl::matmul::desc(src, weights, dst), attr, cpu_engine()};
}

const Entry& cached_primitive(const Key& k, const memory::desc& weights) {
    static std::shared_mutex mu;
    static std::map<Key, std::unique_ptr<const Entry>> cache;
    {
        std::shared_lock lock(mu);
        if (auto it = cache.find(k); it != cache.end()) return *it->second;
    }
    const auto pd = make_pd(k, weights);
    auto e = std::make_unique<const Entry>(
        Entry{dnnl::matmul(pd), pd.src_desc(), pd.dst_desc(), memory::desc({1, dim(k.N)}, dt::f32, tag::ab),
              pd.scratchpad_desc(), pd.impl_info_str()});
    std::unique_lock lock(mu);
    return *cache.try_emplace(k, std::move(e)).first->second;
}

}  // namespace

struct PackedLinear::Impl {
    GemmType type = GemmType::f32;
    std::size_t N = 0, K = 0;
    memory::desc layout;              // packed weights [K, N] in brgemm's blocked layout
    std::shared_ptr<void> storage;    // the packed weights' bytes
    memory weights;                   // oneDNN's view of storage
    std::vector<float> bias;          // [N] or empty
    std::vector<float> col_scale;     // int8: [N] scale of each output channel
    std::vector<int32_t> col_sum;     // int8: [N] sum over k of the int8 weights

    Key key(std::size_t M, bool gelu) const {
        return {type, K, N, M, gelu, !bias.empty() && type != GemmType::int8, omp_get_max_threads()};
    }

    // dst[M, N] = src[M, K] . W^T (+ bias, GELU as asked), split into cached row blocks.
    void matmul(const void* src, std::size_t M, bool gelu, void* dst, GemmWorkspace& ws) const {
        auto run = [&](std::size_t row0, std::size_t rows) {
            const Key k = key(rows, gelu);
            const Entry& e = cached_primitive(k, layout);
            if (ws.scratchpad.size() < e.scratchpad.get_size()) ws.scratchpad.resize(e.scratchpad.get_size());
            auto* s = static_cast<unsigned char*>(const_cast<void*>(src)) + row0 * K * type_bytes(src_type(type));
            auto* d = static_cast<unsigned char*>(dst) + row0 * N * type_bytes(dst_type(type, gelu));
            std::unordered_map<int, memory> args{{DNNL_ARG_SRC, memory(e.src, cpu_engine(), s)},
                                                 {DNNL_ARG_WEIGHTS, weights},
                                                 {DNNL_ARG_DST, memory(e.dst, cpu_engine(), d)},
                                                 {DNNL_ARG_SCRATCHPAD, memory(e.scratchpad, cpu_engine(), ws.scratchpad.data())}};
            if (k.bias) args.emplace(DNNL_ARG_BIAS, memory(e.bias, cpu_engine(), const_cast<float*>(bias.data())));
            e.prim.execute(cpu_stream(), args);
        };
        if (M == 0) return;
        if (M < kExactRows) return run(0, M);
        const std::size_t body = M / kBodyStep * kBodyStep;
        run(0, body);
        if (M > body) run(body, M - body);
    }
};

PackedLinear::PackedLinear(const float* w, std::size_t N, std::size_t K, const float* bias, GemmType type) {
    auto impl = std::make_shared<Impl>();
    impl->type = type;
    impl->N = N;
    impl->K = K;
    if (bias) impl->bias.assign(bias, bias + N);
    try {
        Key probe = impl->key(kLayoutRows, false);
        probe.bias = false;
        impl->layout = make_pd(probe, memory::desc({dim(K), dim(N)}, wei_type(type), tag::any)).weights_desc();
        impl->storage = allocate_weights(impl->layout.get_size());
        impl->weights = memory(impl->layout, cpu_engine(), impl->storage.get());
        // w[N, K] row-major is oneDNN's [K, N] in format "ba".
        const memory::desc plain({dim(K), dim(N)}, wei_type(type) == dt::s8 ? dt::s8 : dt::f32, tag::ba);
        std::vector<int8_t> q;
        const void* src = w;
        if (type == GemmType::int8) {  // symmetric per output channel: q = round(w / scale), |q| <= 127
            q.resize(N * K);
            impl->col_scale.resize(N);
            impl->col_sum.resize(N);
            const VecOps& v = ops();
            parallel_rows(N, K, [&](std::size_t n) {
                v.quantize_s8(w + n * K, K, q.data() + n * K, &impl->col_scale[n], &impl->col_sum[n]);
            });
            src = q.data();
        }
        memory user(plain, cpu_engine(), const_cast<void*>(src));
        dnnl::reorder(user, impl->weights).execute(cpu_stream(), user, impl->weights);
        cpu_stream().wait();
    } catch (const dnnl::error& e) {
        throw std::runtime_error(std::string("oneDNN cannot run a ") + gemm_type_name(type) + " matmul [" +
                                 std::to_string(K) + " -> " + std::to_string(N) + "] on this CPU: " + e.what());
    }
    impl_ = std::move(impl);
}

void PackedLinear::forward(const GemmInput& x, float* y, GemmWorkspace& ws) const {
    const Impl& w = *impl_;
    if (x.type() != w.type || x.cols() != w.K) throw std::invalid_argument("PackedLinear::forward: input form mismatch");
    const std::size_t M = x.rows(), N = w.N;
    if (w.type != GemmType::int8) return w.matmul(x.data(), M, false, y, ws);
    if (ws.acc.size() < M * N) ws.acc.resize(M * N);
    w.matmul(x.data(), M, false, ws.acc.data(), ws);
    const VecOps& v = ops();
    const float* bias = w.bias.empty() ? nullptr : w.bias.data();
    parallel_rows(M, N, [&](std::size_t m) {
        v.dequantize(ws.acc.data() + m * N, N, x.scale()[m], x.zero()[m], w.col_scale.data(), w.col_sum.data(), bias,
                     y + m * N);
    });
}

void PackedLinear::forward_gelu(const GemmInput& x, GemmInput& out, GemmWorkspace& ws) const {
    const Impl& w = *impl_;
    if (x.type() != w.type || out.type() != w.type || x.cols() != w.K)
        throw std::invalid_argument("PackedLinear::forward_gelu: input form mismatch");
    const std::size_t M = x.rows(), N = w.N;
    out.reshape(M, N);
    if (w.type != GemmType::int8) return w.matmul(x.data(), M, true, out.mutable_data(), ws);
    if (ws.acc.size() < M * N) ws.acc.resize(M * N);
    w.matmul(x.data(), M, false, ws.acc.data(), ws);
    const VecOps& v = ops();
    const float* bias = w.bias.empty() ? nullptr : w.bias.data();
    auto* q = static_cast<uint8_t*>(out.mutable_data());
    parallel_rows(M, N, [&](std::size_t m) {
        thread_local std::vector<float> row;
        if (row.size() < N) row.resize(N);
        v.dequantize(ws.acc.data() + m * N, N, x.scale()[m], x.zero()[m], w.col_scale.data(), w.col_sum.data(), bias,
                     row.data());
        v.gelu_erf(row.data(), N);
        v.quantize_u8(row.data(), N, q + m * N, out.scale() + m, out.zero() + m);
    });
}

void PackedLinear::forward_raw(const GemmInput& x, void* dst, GemmWorkspace& ws) const {
    const Impl& w = *impl_;
    if (x.type() != w.type || x.cols() != w.K) throw std::invalid_argument("PackedLinear::forward_raw: input form mismatch");
    w.matmul(x.data(), x.rows(), false, dst, ws);
}

GemmType PackedLinear::type() const noexcept { return impl_->type; }
std::size_t PackedLinear::in_features() const noexcept { return impl_->K; }
std::size_t PackedLinear::out_features() const noexcept { return impl_->N; }

std::size_t PackedLinear::packed_bytes() const noexcept {
    const Impl& w = *impl_;
    return w.layout.get_size() + w.bias.size() * sizeof(float) + w.col_scale.size() * sizeof(float) +
           w.col_sum.size() * sizeof(int32_t);
}

std::string PackedLinear::implementation(std::size_t M) const {
    const Impl& w = *impl_;
    return cached_primitive(w.key(std::min(M, kExactRows - 1), false), w.layout).impl;
}

}  // namespace jobbert::kernels
