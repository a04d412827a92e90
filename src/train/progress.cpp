#include "train/progress.h"

#include <unistd.h>

#include <chrono>
#include <cmath>

namespace jobbert::train {

namespace {

double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string format_duration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return "?";
    const auto s = static_cast<long long>(seconds + 0.5);
    char buf[48];
    if (s >= 86400)
        std::snprintf(buf, sizeof buf, "%lldd %lldh", s / 86400, s % 86400 / 3600);
    else if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s % 3600 / 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
    return buf;
}

std::string format_progress(const StepReport& r, int bar_width) {
    const double frac = r.total > 0 ? static_cast<double>(r.step) / static_cast<double>(r.total) : 0.0;
    const int filled = static_cast<int>(frac * bar_width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(bar_width - filled), '.');
    char buf[256];
    std::snprintf(buf, sizeof buf, "step %lld/%lld [%s] %3.0f%% loss %.4f (avg %.4f) %.1f pairs/s ETA %s",
                  static_cast<long long>(r.step), static_cast<long long>(r.total), bar.c_str(), frac * 100, r.loss,
                  r.loss_avg, r.pairs_per_s, format_duration(r.eta_s).c_str());
    return buf;
}

ProgressPrinter::ProgressPrinter(std::FILE* out, double plain_every_s)
    : out_(out), tty_(isatty(fileno(out)) != 0), every_(plain_every_s) {}

void ProgressPrinter::update(const StepReport& r) {
    last_report_ = r;
    pending_ = true;
    const double t = now_s();
    const bool last = r.step == r.total;
    if (tty_) {
        if (t - last_ < 0.1 && !last) return;
        std::fprintf(out_, "\r%s\033[K", format_progress(r).c_str());
    } else {
        if (t - last_ < every_ && !last) return;
        std::fprintf(out_, "%s\n", format_progress(r).c_str());
    }
    std::fflush(out_);
    last_ = t;
    pending_ = tty_;
}

void ProgressPrinter::finish() {
    if (tty_ && pending_)
        std::fprintf(out_, "\r%s\033[K\n", format_progress(last_report_).c_str());
    else if (!tty_ && pending_)
        std::fprintf(out_, "%s\n", format_progress(last_report_).c_str());
    std::fflush(out_);
    pending_ = false;
}

}  // namespace jobbert::train
