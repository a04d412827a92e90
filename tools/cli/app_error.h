// Errors and exit codes of the jobbert command-line tool.
#pragma once

#include <exception>
#include <iostream>
#include <string>

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

/** Writes "`program`: error: `message`" as one line on stderr; returns `code`. */
inline int report_error(const std::string& program, int code, const std::string& message) {
    std::cerr << program << ": error: " << message << "\n";
    return code;
}

/**
 * Runs `body` (returning an exit code) and turns what it throws into one line on stderr (see
 * report_error) and the exit code of its kind: UsageError 2, ModelError 3, InputError 4,
 * NetworkError 5, any other std::exception 1.
 */
template <class Body>
int run_reporting_errors(const std::string& program, Body&& body) {
    try {
        return body();
    } catch (const UsageError& e) {
        return report_error(program, kExitUsage, e.what());
    } catch (const NetworkError& e) {
        return report_error(program, kExitNetwork, e.what());
    } catch (const ModelError& e) {
        return report_error(program, kExitModel, e.what());
    } catch (const InputError& e) {
        return report_error(program, kExitInput, e.what());
    } catch (const std::exception& e) {
        return report_error(program, kExitFailure, e.what());
    }
}

}  // namespace jobbert::cli
