#include "server/json_body.h"

#include <string>
#include <vector>

#include "server/api_error.h"

namespace jobbert::server {

namespace {

using json = nlohmann::json;

// SAX handler that only tracks where the parser is: a stack of open containers, each with the
// current key (objects) or the number of elements read so far (arrays).
class PathTracker : public nlohmann::json_sax<json> {
public:
    bool null() override { return done(); }
    bool boolean(bool) override { return done(); }
    bool number_integer(number_integer_t) override { return done(); }
    bool number_unsigned(number_unsigned_t) override { return done(); }
    bool number_float(number_float_t, const string_t&) override { return done(); }
    bool string(string_t&) override { return done(); }
    bool binary(binary_t&) override { return done(); }
    bool start_object(std::size_t) override { return open(false); }
    bool start_array(std::size_t) override { return open(true); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }
    bool key(string_t& k) override {
        stack_.back().key = k;
        stack_.back().has_key = true;
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
        position_ = position;
        for (const Frame& f : stack_) {
            if (f.array) {
                path_.append(1, '[').append(std::to_string(f.index)).append(1, ']');
            } else if (f.has_key) {
                if (!path_.empty()) path_ += ".";
                path_ += f.key;
            }
        }
        return false;
    }

    const std::string& path() const { return path_; }
    std::size_t position() const { return position_; }

private:
    struct Frame {
        bool array = false;
        std::size_t index = 0;  // arrays: elements completed
        std::string key;        // objects: key of the value being read
        bool has_key = false;
    };
    bool open(bool array) {
        stack_.push_back({array, 0, {}, false});
        return true;
    }
    bool close() {
        stack_.pop_back();
        return done();
    }
    bool done() {
        if (!stack_.empty()) {
            if (stack_.back().array) ++stack_.back().index;
            else stack_.back().has_key = false;
        }
        return true;
    }
    std::vector<Frame> stack_;
    std::string path_;
    std::size_t position_ = 0;
};

// "... - invalid string: ill-formed UTF-8 byte; last read: '...'" -> "invalid string: ill-formed
// UTF-8 byte" (the quoted input may hold the very bytes that are not UTF-8: leave it out).
std::string reason_of(const std::string& what) {
    std::size_t b = what.find(" - ");
    b = b == std::string::npos ? what.find("] ") : b + 1;
    std::string r = b == std::string::npos ? what : what.substr(b + 2);
    const std::size_t e = r.find("; last read");
    if (e != std::string::npos) r.resize(e);
    return r;
}

}  // namespace

json parse_json_body(std::string_view body) {
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
        throw ApiError(400, "invalid_json", "the request body is empty (expected a JSON object)");
    try {
        return json::parse(body);
    } catch (const json::exception& e) {
        PathTracker tracker;
        json::sax_parse(body, &tracker);
        const std::string what = e.what();
        std::string code = "invalid_json", reason = reason_of(what);
        if (what.find("surrogate") != std::string::npos) {
            code = "invalid_unicode_escape";
            reason = "unpaired surrogate escape (\\ud800-\\udfff must come as a high-low pair)";
        } else if (what.find("ill-formed UTF-8") != std::string::npos) {
            code = "invalid_utf8";
            reason = "a string holds bytes that are not valid UTF-8";
        }
        std::string msg = "invalid JSON";
        if (!tracker.path().empty()) msg += " in '" + tracker.path() + "'";
        if (tracker.position() > 0) msg += " at byte " + std::to_string(tracker.position());
        throw ApiError(400, code, msg + ": " + reason, tracker.path());
    }
}

}  // namespace jobbert::server
