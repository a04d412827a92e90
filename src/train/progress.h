// The training progress line: step, a bar, loss (last and moving average), pairs/s, ETA.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace jobbert::train {

/** What the trainer reports after each optimiser step. */
struct StepReport {
    int64_t step = 0;        ///< optimiser steps done (1-based)
    int64_t total = 0;       ///< steps of the run
    double epoch = 0;        ///< fractional epoch
    double loss = 0;         ///< this step's loss
    double loss_avg = 0;     ///< moving average of the loss (last 20 steps)
    double lr = 0;           ///< learning rate of this step
    double grad_norm = 0;    ///< gradient norm before clipping
    double pairs_per_s = 0;  ///< pairs per second in this process
    double eta_s = 0;        ///< seconds left, from this process's average step time
};

/** "12:03" / "1:02:03" / "3d 4h" */
std::string format_duration(double seconds);

/** One progress line, e.g. "step 12/100 [###.......] 12% loss 2.3412 (avg 2.5120) 123.4 pairs/s ETA 3:12". */
std::string format_progress(const StepReport& r, int bar_width = 24);

/**
 * Prints progress lines to a stream: redrawn in place ("\r", at most 10 times a second) when
 * the stream is a terminal, else one line every `plain_every_s` seconds and at the end.
 */
class ProgressPrinter {
public:
    explicit ProgressPrinter(std::FILE* out, double plain_every_s = 30);
    void update(const StepReport& r);
    /** Ends the in-place line (prints the last report on its own line). */
    void finish();

private:
    std::FILE* out_;
    bool tty_;
    double every_;
    double last_ = -1e9;
    bool pending_ = false;
    StepReport last_report_;
};

}  // namespace jobbert::train
