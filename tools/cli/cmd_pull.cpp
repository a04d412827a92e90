// jobbert pull: download a model from a Hugging Face-style hub, verify it, and load it once.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <algorithm>
#include <cctype>
#include <sstream>

#include "app_error.h"
#include "command.h"
#include "hub/download.h"
#include "hub/hub_api.h"
#include "jobbert/model.h"
#include "locate.h"
#include "progress.h"

namespace jobbert::cli {

namespace {

struct PullArgs {
    std::string repo;
    std::string revision = "main";
    std::string dir;
    bool quiet = false;
};

// "name" or "owner/name": letters, digits, '.', '_', '-', each part starting with a letter or digit.
bool valid_repo_id(const std::string& id) {
    if (id.empty() || id.find("..") != std::string::npos) return false;
    std::size_t parts = 0, start = 0;
    while (start <= id.size()) {
        const std::size_t end = std::min(id.find('/', start), id.size());
        const std::string part = id.substr(start, end - start);
        if (part.empty() || !std::isalnum(static_cast<unsigned char>(part[0])) || ++parts > 2) return false;
        for (unsigned char c : part)
            if (!std::isalnum(c) && c != '.' && c != '_' && c != '-') return false;
        start = end + 1;
    }
    return true;
}

std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

std::string mb(std::uint64_t bytes) {
    char buf[32];
    if (bytes < 1000) std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
    else if (bytes < 1000000) std::snprintf(buf, sizeof buf, "%.1f kB", double(bytes) / 1e3);
    else std::snprintf(buf, sizeof buf, "%.1f MB", double(bytes) / 1e6);
    return buf;
}

int run_pull(const PullArgs& a) {
    if (!valid_repo_id(a.repo))
        throw UsageError("'" + a.repo + "' is not a repository id (owner/name)");
    std::string endpoint = env_or("HF_ENDPOINT", "https://huggingface.co");
    while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
    hub::HttpSettings settings;
    settings.auth_origin = hub::parse_url(endpoint).origin;
    settings.token = env_or("HF_TOKEN", env_or("HUGGING_FACE_HUB_TOKEN", ""));
    const std::filesystem::path dest = a.dir.empty() ? default_models_dir() / a.repo : std::filesystem::path(a.dir);
    auto say = [&](const std::string& line) {
        if (!a.quiet) std::cerr << line << "\n";
    };

    const hub::RepoListing listing = hub::list_repo(endpoint, a.repo, a.revision, settings);
    const std::string rev = listing.commit.empty() ? a.revision : listing.commit;
    say("pulling " + a.repo + " at " + a.revision + (listing.commit.empty() ? "" : " (" + listing.commit + ")") +
        " from " + endpoint + " into " + dest.string());
    const auto modules = std::find_if(listing.files.begin(), listing.files.end(),
                                      [](const hub::RemoteFile& f) { return f.path == "modules.json"; });
    if (modules == listing.files.end())
        throw NetworkError(a.repo + ": no modules.json (not a sentence-transformers model)");
    const bool show = progress_wanted(a.quiet);
    std::uint64_t total = 0, received = 0;
    const auto modules_result = hub::download_file(hub::resolve_url(endpoint, a.repo, rev, "modules.json"), *modules,
                                                   dest / "modules.json", settings,
                                                   [&](std::uint64_t n) { received += n; });
    std::ifstream mj(dest / "modules.json");
    std::stringstream ss;
    ss << mj.rdbuf();
    const auto files = hub::select_model_files(listing, ss.str());

    for (const auto& f : files) total += f.size.value_or(0);
    Progress bar("downloading", static_cast<std::size_t>(total), show, true);
    for (const auto& f : files) {
        auto result = hub::download_file(hub::resolve_url(endpoint, a.repo, rev, f.path), f, dest / f.path,
                                               settings, [&](std::uint64_t n) {
                                                   received += n;
                                                   bar.update(static_cast<std::size_t>(received));
                                               });
        bar.finish();
        if (f.path == "modules.json") result = modules_result;  // fetched first, to choose the files
        say("  " + f.path + "  " + (f.size ? mb(*f.size) : std::string("?")) + "  " +
            (result == hub::FetchResult::present    ? "already there"
             : result == hub::FetchResult::resumed ? "resumed"
                                                   : "downloaded"));
    }
    const Model model = Model::load(dest);  // the final check: it loads
    std::cout << "pulled " << a.repo << " (" << files.size() << " files, " << mb(total) << ", " << mb(received)
              << " downloaded) into " << dest.string() << "\n"
              << "routes:";
    for (std::size_t i = 0; i < model.info().routes.size(); ++i)
        std::cout << (i ? ", " : " ") << model.info().routes[i].name << " (" << model.info().routes[i].dim << ")";
    std::cout << "; use it with: jobbert match -m " << (a.dir.empty() ? a.repo : dest.string()) << " TITLE...\n";
    return 0;
}

}  // namespace

Command add_pull_command(CLI::App& parent) {
    auto args = std::make_shared<PullArgs>();
    CLI::App* app = parent.add_subcommand(
        "pull",
        "Download a sentence-transformers model from a Hugging Face-style hub ($HF_ENDPOINT, default "
        "https://huggingface.co; $HF_TOKEN for gated models): only the files jobbert needs, resumable, with "
        "sizes and SHA-256 checked, then loaded once to validate it");
    app->add_option("REPO_ID", args->repo, "Repository, e.g. TechWolf/JobBERT-v3")->required();
    app->add_option("--revision", args->revision, "Branch, tag or commit")->capture_default_str();
    app->add_option("--dir", args->dir,
                    "Target directory (default: <cache>/models/REPO_ID, found again by `-m REPO_ID`)");
    app->add_flag("-q,--quiet", args->quiet, "No progress bar and no per-file lines");
    return {app, [args] { return run_pull(*args); }};
}

}  // namespace jobbert::cli
