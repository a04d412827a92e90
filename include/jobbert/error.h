// jobbert.cpp — error types thrown by the library.
//
// Every exception the library throws derives from jobbert::Error and carries a one-line,
// human-readable message that names the file, tensor, key, line or byte offset at fault.
// Tools map ModelError to "cannot load model" exits, InputError to 4xx / usage errors.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace jobbert {

/** Base class of every exception thrown by jobbert. what() is one line, no trailing newline. */
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/** A model directory or one of its files is missing, corrupt or unsupported (load time). */
class ModelError : public Error {
public:
    using Error::Error;
};

/** Caller-supplied input is invalid: bad UTF-8, unknown route, token id out of range, ... */
class InputError : public Error {
public:
    using Error::Error;
};

/** Input bytes are not valid UTF-8. byte_offset() is the offset of the first bad byte. */
class Utf8Error : public InputError {
public:
    Utf8Error(const std::string& msg, std::size_t byte_offset)
        : InputError(msg), byte_offset_(byte_offset) {}
    /** Offset, in bytes from the start of the text, of the first byte that is not valid UTF-8. */
    std::size_t byte_offset() const noexcept { return byte_offset_; }

private:
    std::size_t byte_offset_;
};

}  // namespace jobbert
