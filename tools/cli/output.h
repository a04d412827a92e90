// Where a command's output goes (stdout, or a file replaced atomically when the command
// succeeds), and the text formatting every writer shares.
#pragma once

#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>

#include "io/float_text.h"

namespace jobbert::cli {

/**
 * Output to stdout (path empty or "-") or to a file. A file is written to "<path>.tmp.<pid>"
 * and renamed over `path` by commit(); without commit() (an error) it is removed, so a failed
 * run leaves nothing behind.
 */
class Output {
public:
    explicit Output(const std::string& path);
    ~Output();
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;

    std::ostream& stream() { return *out_; }
    bool is_stdout() const { return tmp_.empty(); }
    /** Flushes and moves the file into place. Throws Error on a write or rename failure. */
    void commit();

private:
    std::filesystem::path path_, tmp_;
    std::ofstream file_;
    std::ostream* out_;
};

using io::append_float;  // the shortest decimal that reads back as exactly `x`; "null" if not finite

/** `s` as a JSON string literal (UTF-8 kept; invalid bytes replaced by U+FFFD). */
std::string json_string(const std::string& s);

}  // namespace jobbert::cli
