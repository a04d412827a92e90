#include "train/checkpoint.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cstdio>
#include <fstream>
#include <map>

#include "jobbert/error.h"

namespace jobbert::train {

namespace {

namespace fs = std::filesystem;

// "step-000123" -> 123; -1 for other names.
int64_t step_of(const fs::path& p) {
    const std::string n = p.filename().string();
    if (n.rfind("step-", 0) != 0 || n.size() == 5) return -1;
    for (std::size_t i = 5; i < n.size(); ++i)
        if (n[i] < '0' || n[i] > '9') return -1;
    return std::stoll(n.substr(5));
}

std::map<int64_t, fs::path> complete_checkpoints(const fs::path& dir) {
    std::map<int64_t, fs::path> out;
    if (!fs::is_directory(dir)) return out;
    for (const auto& e : fs::directory_iterator(dir)) {
        const int64_t s = step_of(e.path());
        if (s >= 0 && fs::exists(e.path() / "state.pt") && fs::exists(e.path() / "trainer_state.json"))
            out[s] = e.path();
    }
    return out;
}

}  // namespace

fs::path save_checkpoint(const fs::path& checkpoints_dir, int64_t step, SentenceModelImpl& model,
                         torch::optim::Optimizer& optimizer, const nlohmann::json& state, std::size_t keep) {
    char name[32];
    std::snprintf(name, sizeof name, "step-%08lld", static_cast<long long>(step));
    const fs::path final_dir = checkpoints_dir / name;
    const fs::path tmp = checkpoints_dir / (std::string(name) + ".tmp");
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    {
        torch::serialize::OutputArchive archive, model_archive, optim_archive;
        model.save(model_archive);
        optimizer.save(optim_archive);
        archive.write("model", model_archive);
        archive.write("optimizer", optim_archive);
        at::Generator gen = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(gen.mutex());
        archive.write("rng", gen.get_state());
        archive.save_to((tmp / "state.pt").string());
    }
    {
        std::ofstream out(tmp / "trainer_state.json", std::ios::binary | std::ios::trunc);
        out << state.dump(1) << "\n";
        if (!out) throw Error((tmp / "trainer_state.json").string() + ": write failed");
    }
    fs::remove_all(final_dir);
    fs::rename(tmp, final_dir);
    if (keep > 0) {
        auto all = complete_checkpoints(checkpoints_dir);
        while (all.size() > keep) {
            fs::remove_all(all.begin()->second);
            all.erase(all.begin());
        }
    }
    return final_dir;
}

nlohmann::json load_checkpoint(const fs::path& dir, SentenceModelImpl& model, torch::optim::Optimizer& optimizer) {
    const fs::path state_file = dir / "trainer_state.json";
    std::ifstream in(state_file);
    if (!in) throw Error(state_file.string() + ": cannot read (incomplete checkpoint?)");
    nlohmann::json state;
    try {
        state = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(state_file.string() + ": invalid JSON: " + e.what());
    }
    try {
        torch::serialize::InputArchive archive, model_archive, optim_archive;
        archive.load_from((dir / "state.pt").string());
        archive.read("model", model_archive);
        archive.read("optimizer", optim_archive);
        model.load(model_archive);
        optimizer.load(optim_archive);
        torch::Tensor rng;
        archive.read("rng", rng);
        at::Generator gen = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(gen.mutex());
        gen.set_state(rng);
    } catch (const c10::Error& e) {
        throw Error((dir / "state.pt").string() + ": cannot restore the checkpoint: " + e.msg());
    }
    return state;
}

std::optional<fs::path> latest_checkpoint(const fs::path& checkpoints_dir) {
    const auto all = complete_checkpoints(checkpoints_dir);
    if (all.empty()) return std::nullopt;
    return all.rbegin()->second;
}

}  // namespace jobbert::train
