// Float32 as text: the shortest decimal form that reads back as exactly the same float.
#pragma once

#include <charconv>
#include <cmath>
#include <string>

namespace jobbert::io {

/**
 * Appends `x` in the shortest decimal form that parses back to exactly the same float32
 * ("0.12345679", "-1e-07"; std::to_chars without a precision, C++17 [charconv.to.chars]);
 * a value that is not finite is appended as `null` (JSON has no NaN or infinity).
 */
inline void append_float(std::string& out, float x) {
    if (!std::isfinite(x)) {
        out += "null";
        return;
    }
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    out.append(buf, r.ptr);
}

}  // namespace jobbert::io
