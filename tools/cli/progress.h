// A progress bar on stderr for long runs.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace jobbert::cli {

/** True when a progress bar may be drawn: stderr is a terminal and --quiet was not given. */
bool progress_wanted(bool quiet);

/**
 * Progress of `total` units of work ("texts", "bytes"). Draws on stderr only when enabled, and
 * only once the work has run for more than a second (short runs stay silent); redraws at most
 * ten times a second; finish() (or the destructor) clears the line.
 */
class Progress {
public:
    Progress(std::string label, std::size_t total, bool enabled, bool bytes = false);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void set_total(std::size_t total) { total_ = total; }
    /** Sets the amount done so far. */
    void update(std::size_t done);
    void finish();

private:
    void draw(bool force);
    std::string label_;
    std::size_t total_, done_ = 0;
    bool enabled_, bytes_, drawn_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace jobbert::cli
