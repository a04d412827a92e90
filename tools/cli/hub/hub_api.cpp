#include "hub/hub_api.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app_error.h"
#include "jobbert/error.h"

namespace jobbert::cli::hub {

namespace {

using nlohmann::json;

std::string api_base(const std::string& endpoint, const std::string& repo) {
    return endpoint + "/api/models/" + url_encode(repo, true);
}

json parse_json(const std::string& body, const std::string& url) {
    try {
        return json::parse(body);
    } catch (const json::exception& e) {
        throw NetworkError(url + ": the hub answered with invalid JSON (" + e.what() + ")");
    }
}

std::string explain(const NetworkError& e) {
    const std::string msg = e.what();
    if (msg.find("HTTP 401") != std::string::npos || msg.find("HTTP 403") != std::string::npos)
        return msg + " (a gated or private repository: set HF_TOKEN)";
    if (msg.find("HTTP 404") != std::string::npos) return msg + " (no such repository or revision)";
    return msg;
}

// The next page of a paginated listing: Link: <url>; rel="next".
std::string next_link(const ResponseHead& head) {
    const std::string link = head.header("link");
    // Link: <url1>; rel="next", <url2>; rel="last"
    for (std::size_t open = link.find('<'); open != std::string::npos; open = link.find('<', open + 1)) {
        const std::size_t close = link.find('>', open);
        if (close == std::string::npos) break;
        const std::size_t end = link.find('<', close);
        const std::string params = link.substr(close + 1, end == std::string::npos ? std::string::npos : end - close - 1);
        if (params.find("rel=\"next\"") != std::string::npos || params.find("rel=next") != std::string::npos)
            return link.substr(open + 1, close - open - 1);
    }
    return {};
}

void fill_from_tree_entry(const json& e, RemoteFile& f) {
    if (e.contains("size") && e["size"].is_number_unsigned()) f.size = e["size"].get<std::uint64_t>();
    if (e.contains("lfs") && e["lfs"].is_object()) {
        const json& lfs = e["lfs"];
        if (lfs.contains("oid") && lfs["oid"].is_string()) f.lfs_sha256 = lfs["oid"].get<std::string>();
        if (lfs.contains("sha256") && lfs["sha256"].is_string()) f.lfs_sha256 = lfs["sha256"].get<std::string>();
        if (lfs.contains("size") && lfs["size"].is_number_unsigned()) f.size = lfs["size"].get<std::uint64_t>();
    } else if (e.contains("oid") && e["oid"].is_string()) {
        f.git_oid = e["oid"].get<std::string>();
    }
    if (f.lfs_sha256.rfind("sha256:", 0) == 0) f.lfs_sha256 = f.lfs_sha256.substr(7);
}

}  // namespace

std::string resolve_url(const std::string& endpoint, const std::string& repo, const std::string& revision,
                        const std::string& path) {
    return endpoint + "/" + url_encode(repo, true) + "/resolve/" + url_encode(revision, false) + "/" +
           url_encode(path, true);
}

RepoListing list_repo(const std::string& endpoint, const std::string& repo, const std::string& revision,
                      const HttpSettings& settings) {
    RepoListing listing;
    std::map<std::string, RemoteFile> files;
    const std::string rev_url = api_base(endpoint, repo) + "/revision/" + url_encode(revision, false) + "?blobs=true";
    json info;
    try {
        info = parse_json(http_get_text(rev_url, settings), rev_url);
    } catch (const NetworkError& e) {
        throw NetworkError(explain(e));
    }
    if (info.contains("sha") && info["sha"].is_string()) listing.commit = info["sha"].get<std::string>();
    if (info.contains("siblings") && info["siblings"].is_array())
        for (const json& s : info["siblings"]) {
            if (!s.contains("rfilename") || !s["rfilename"].is_string()) continue;
            RemoteFile f;
            f.path = s["rfilename"].get<std::string>();
            fill_from_tree_entry(s, f);
            f.git_oid.clear();  // a sibling's blobId is not always the git blob id: trust only the tree's oid
            files[f.path] = f;
        }

    // The tree API: sizes, LFS hashes and git blob ids, paginated.
    std::string url = api_base(endpoint, repo) + "/tree/" +
                      url_encode(listing.commit.empty() ? revision : listing.commit, false) + "?recursive=true";
    try {
        for (int page = 0; !url.empty() && page < 1000; ++page) {
            ResponseHead head;
            const json entries = parse_json(http_get_text(url, settings, &head), url);
            if (!entries.is_array()) throw NetworkError(url + ": expected a JSON array");
            for (const json& e : entries) {
                if (!e.contains("path") || !e["path"].is_string()) continue;
                if (e.contains("type") && e["type"] != "file") continue;
                RemoteFile f;
                f.path = e["path"].get<std::string>();
                fill_from_tree_entry(e, f);
                files[f.path] = f;
            }
            url = next_link(head);
            if (!url.empty() && url[0] == '/') url = parse_url(endpoint).origin + url;
        }
    } catch (const NetworkError&) {
        if (files.empty()) throw;  // no siblings either: nothing to go on
    }
    for (auto& [path, f] : files) listing.files.push_back(std::move(f));
    return listing;
}

std::vector<RemoteFile> select_model_files(const RepoListing& listing, const std::string& modules_json) {
    json modules;
    try {
        modules = json::parse(modules_json);
    } catch (const json::exception& e) {
        throw InputError(std::string("modules.json: invalid JSON (") + e.what() + ")");
    }
    if (!modules.is_array()) throw InputError("modules.json: expected an array of modules");
    std::string transformer_dir;
    std::set<std::string> module_dirs;
    for (const json& m : modules) {
        if (!m.is_object() || !m.contains("path") || !m["path"].is_string()) continue;
        std::string p = m["path"].get<std::string>();
        while (!p.empty() && p.back() == '/') p.pop_back();
        if (m.contains("type") && m["type"].is_string() &&
            m["type"].get<std::string>().find("Transformer") != std::string::npos)
            transformer_dir = p;
        if (!p.empty()) module_dirs.insert(p + "/");
    }
    static const std::set<std::string> root_files = {
        "modules.json",          "config.json",          "config_sentence_transformers.json",
        "sentence_bert_config.json", "tokenizer.json",   "tokenizer_config.json",
        "special_tokens_map.json",   "model.safetensors"};
    const std::string tdir = transformer_dir.empty() ? "" : transformer_dir + "/";
    std::vector<RemoteFile> out;
    bool has_weights = false;
    for (const RemoteFile& f : listing.files) {
        const auto ends = [&](const char* suffix) {
            const std::string s = suffix;
            return f.path.size() >= s.size() && f.path.compare(f.path.size() - s.size(), s.size(), s) == 0;
        };
        bool want = root_files.count(f.path) > 0;
        for (const auto& dir : module_dirs)
            if (f.path.rfind(dir, 0) == 0 && (ends(".json") || ends(".safetensors"))) want = true;
        if (!tdir.empty() && f.path.rfind(tdir, 0) == 0 && f.path.find('/', tdir.size()) == std::string::npos &&
            root_files.count(f.path.substr(tdir.size())))
            want = true;
        if (f.path == tdir + "model.safetensors") has_weights = true;
        if (want) out.push_back(f);
    }
    if (!has_weights)
        throw NetworkError("the repository has no " + tdir +
                           "model.safetensors (jobbert reads safetensors weights; pytorch_model.bin, ONNX and "
                           "OpenVINO files are not used)");
    return out;
}

}  // namespace jobbert::cli::hub
