#include "train/tokenizer_training.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "jobbert/error.h"

extern char** environ;

namespace jobbert::train {

namespace fs = std::filesystem;

fs::path find_spm_trainer(const fs::path& hint) {
    const char* name = "jobbert-spm-train";
    if (!hint.empty()) {
        if (!fs::exists(hint)) throw Error(hint.string() + ": no such file (the jobbert-spm-train helper)");
        return hint;
    }
    if (const char* env = std::getenv("JOBBERT_SPM_TRAIN"); env && *env) return env;
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec && fs::exists(self.parent_path() / name)) return self.parent_path() / name;
#ifdef JOBBERT_SPM_TRAIN_BUILD_PATH
    if (fs::exists(JOBBERT_SPM_TRAIN_BUILD_PATH)) return JOBBERT_SPM_TRAIN_BUILD_PATH;
#endif
    if (const char* path = std::getenv("PATH")) {
        std::stringstream ss(path);
        for (std::string dir; std::getline(ss, dir, ':');)
            if (!dir.empty() && fs::exists(fs::path(dir) / name)) return fs::path(dir) / name;
    }
    throw Error(std::string("cannot find the ") + name +
                " helper (set JOBBERT_SPM_TRAIN or install it next to jobbert)");
}

void train_tokenizer(const std::vector<std::string>& texts, const TokenizerTrainOptions& o, const fs::path& out_json,
                     const fs::path& work_dir) {
    const fs::path helper = find_spm_trainer(o.helper);
    fs::create_directories(work_dir);
    const fs::path corpus = work_dir / "tokenizer-corpus.txt";
    const fs::path log = work_dir / "tokenizer-train.log";
    {
        std::ofstream out(corpus, std::ios::binary | std::ios::trunc);
        for (const std::string& t : texts) {
            std::string line = t;
            for (char& c : line)
                if (c == '\n' || c == '\r') c = ' ';
            out << line << '\n';
        }
        if (!out) throw Error(corpus.string() + ": write failed");
    }
    std::vector<std::string> args = {helper.string(),
                                     "--input",
                                     corpus.string(),
                                     "--vocab-size",
                                     std::to_string(o.vocab_size),
                                     "--output",
                                     out_json.string(),
                                     "--character-coverage",
                                     std::to_string(o.character_coverage),
                                     "--threads",
                                     std::to_string(o.threads),
                                     "--seed",
                                     std::to_string(o.seed)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, helper.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw Error(helper.string() + ": cannot run: " + std::strerror(rc));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::ifstream in(log);
        std::string msg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == '\r')) msg.pop_back();
        const auto nl = msg.rfind('\n');
        throw Error("tokenizer training failed: " + (nl == std::string::npos ? msg : msg.substr(nl + 1)) +
                    " (log: " + log.string() + ")");
    }
}

}  // namespace jobbert::train
