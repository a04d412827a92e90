#include "progress.h"

#include <unistd.h>

#include <cstdio>

namespace jobbert::cli {

bool progress_wanted(bool quiet) { return !quiet && ::isatty(2); }

Progress::Progress(std::string label, std::size_t total, bool enabled, bool bytes)
    : label_(std::move(label)), total_(total), enabled_(enabled), bytes_(bytes),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

Progress::~Progress() { finish(); }

void Progress::update(std::size_t done) {
    done_ = done;
    if (enabled_) draw(false);
}

namespace {
std::string amount(std::size_t n, bool bytes) {
    char buf[32];
    if (!bytes) std::snprintf(buf, sizeof buf, "%zu", n);
    else if (n >= (1u << 30)) std::snprintf(buf, sizeof buf, "%.2f GB", double(n) / double(1u << 30));
    else std::snprintf(buf, sizeof buf, "%.1f MB", double(n) / double(1u << 20));
    return buf;
}
}  // namespace

void Progress::draw(bool force) {
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    if (!force && (elapsed < 1.0 || now - last_ < std::chrono::milliseconds(100))) return;
    last_ = now;
    const double frac = total_ ? double(done_) / double(total_) : 0.0;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(frac * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kWidth - filled), ' ');
    const double rate = elapsed > 0 ? double(done_) / elapsed : 0.0;
    const double eta = rate > 0 && total_ > done_ ? double(total_ - done_) / rate : 0.0;
    std::fprintf(stderr, "\r%s [%s] %3d%% %s/%s  %s/s  ETA %.0fs\x1b[K", label_.c_str(), bar.c_str(),
                 static_cast<int>(frac * 100), amount(done_, bytes_).c_str(), amount(total_, bytes_).c_str(),
                 amount(static_cast<std::size_t>(rate), bytes_).c_str(), eta);
    std::fflush(stderr);
    drawn_ = true;
}

void Progress::finish() {
    if (drawn_) {
        std::fprintf(stderr, "\r\x1b[K");
        std::fflush(stderr);
        drawn_ = false;
    }
    enabled_ = false;
}

}  // namespace jobbert::cli
