#include "output.h"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "jobbert/error.h"

namespace jobbert::cli {

Output::Output(const std::string& path) : out_(&std::cout) {
    if (path.empty() || path == "-") return;
    path_ = path;
    tmp_ = path + ".tmp." + std::to_string(::getpid());
    file_.open(tmp_, std::ios::binary | std::ios::trunc);
    if (!file_) throw Error(path + ": cannot create output file");
    out_ = &file_;
}

Output::~Output() {
    if (!tmp_.empty() && file_.is_open()) {
        file_.close();
        std::error_code ec;
        std::filesystem::remove(tmp_, ec);
    }
}

void Output::commit() {
    out_->flush();
    if (!*out_) throw Error((tmp_.empty() ? std::string("stdout") : path_.string()) + ": write failed");
    if (tmp_.empty()) return;
    file_.close();
    if (!file_) throw Error(path_.string() + ": write failed");
    std::error_code ec;
    std::filesystem::rename(tmp_, path_, ec);
    if (ec) throw Error(path_.string() + ": cannot move the output into place: " + ec.message());
}

std::string json_string(const std::string& s) {
    return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace jobbert::cli
