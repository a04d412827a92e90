// The loss curve of a run: one row per optimiser step, written as CSV and drawn as a PNG with
// gnuplot (Debian gnuplot-nox), if installed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace jobbert::train {

/** One optimiser step. */
struct LossRow {
    int64_t step = 0;        ///< 1-based optimiser step
    double epoch = 0;        ///< fractional epoch at the end of the step
    double loss = 0;         ///< MNRL loss of the step's batch (nats)
    double lr = 0;           ///< learning rate used by the step
    double grad_norm = 0;    ///< global gradient L2 norm before clipping
    double pairs_per_s = 0;  ///< pairs per second since the run (or resume) started
    double elapsed_s = 0;    ///< seconds since the run started (resumes add up)
};

nlohmann::json to_json(const LossRow& r);
LossRow loss_row_from_json(const nlohmann::json& j);

/** Writes rows as CSV: header step,epoch,loss,lr,grad_norm,pairs_per_s,elapsed_s. Throws Error. */
void write_loss_csv(const std::filesystem::path& file, const std::vector<LossRow>& rows);

/**
 * Draws loss against step (and a moving average over `window` steps) into `png` with gnuplot,
 * reading the CSV. Returns "" on success, else why not (gnuplot missing or failed); never throws.
 */
std::string plot_loss_png(const std::filesystem::path& csv, const std::filesystem::path& png, std::size_t window = 20);

}  // namespace jobbert::train
