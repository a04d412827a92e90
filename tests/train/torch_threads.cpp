// The trainer tests run LibTorch on one thread: tiny tensors gain nothing from more, and OpenMP
// threads spin-waiting on a busy CI machine make them many times slower.
#include <torch/torch.h>

namespace {
const bool kOneThread = [] {
    torch::set_num_threads(1);
    return true;
}();
}  // namespace
