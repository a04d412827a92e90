// Errors and exit codes of the jobbert command-line tool.
#pragma once

#include "jobbert/error.h"

namespace jobbert::cli {

/** Exit codes: distinct per kind of failure so that scripts can tell them apart. */
enum ExitCode : int {
    kExitOk = 0,
    kExitFailure = 1,   ///< anything else (I/O errors, internal errors)
    kExitUsage = 2,     ///< bad command line: unknown option, missing argument, bad value
    kExitModel = 3,     ///< the model cannot be found or loaded
    kExitInput = 4,     ///< the input is invalid: not UTF-8, not JSON, no such column, bad taxonomy
    kExitNetwork = 5,   ///< `pull`: the hub cannot be reached, a file is missing or fails its check
};

/** A command-line mistake found after parsing (e.g. two inputs given at once). Exit code 2. */
class UsageError : public Error {
public:
    using Error::Error;
};

/** A download failed (connection, HTTP status, size or checksum). Exit code 5. */
class NetworkError : public Error {
public:
    using Error::Error;
};

}  // namespace jobbert::cli
