#include "train/trainer.h"

#include <sys/resource.h>

#include <chrono>
#include <deque>
#include <fstream>
#include <numeric>

#include "jobbert/error.h"
#include "train/checkpoint.h"
#include "train/loss_curve.h"
#include "train/mnrl_loss.h"
#include "train/model_export.h"
#include "train/seeded_random.h"
#include "train/train_setup.h"

namespace jobbert::train {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::size_t peak_rss_bytes() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<std::size_t>(u.ru_maxrss) * 1024;
}

void check_options(const TrainOptions& o) {
    if (o.data.empty()) throw InputError("no training data (--data)");
    if (o.out.empty()) throw InputError("no output directory (--out)");
    if (o.batch_size < 2) throw InputError("--batch-size must be at least 2 (in-batch negatives)");
    if (o.mini_batch_size == 0) throw InputError("--mini-batch-size must be positive");
    if (o.epochs == 0 && o.max_steps <= 0) throw InputError("--epochs must be positive (or give --max-steps)");
    if (o.optim.lr <= 0) throw InputError("--lr must be positive");
    if (o.optim.warmup_ratio < 0 || o.optim.warmup_ratio > 1) throw InputError("--warmup-ratio must be in [0, 1]");
    if (o.optim.weight_decay < 0) throw InputError("--weight-decay must be >= 0");
    if (o.optim.max_grad_norm < 0) throw InputError("--max-grad-norm must be >= 0 (0 = no clipping)");
    if (o.dropout && (*o.dropout < 0 || *o.dropout >= 1)) throw InputError("--dropout must be in [0, 1)");
    if (!o.init.empty() && fs::exists(o.init) && fs::exists(o.out) && fs::equivalent(o.init, o.out))
        throw InputError("--out must differ from --init (the source model is read while the output is written)");
}

// The batch of optimiser step `step`: rows of the epoch's order, positives joined for the epoch.
struct BatchTexts {
    std::vector<std::string> anchors, positives;
};

class BatchMaker {
public:
    BatchMaker(const PairData& data, std::size_t batch_size, uint64_t seed)
        : data_(data), batch_(batch_size), seed_(seed), per_epoch_((data.size() + batch_size - 1) / batch_size) {}

    int64_t steps_per_epoch() const { return static_cast<int64_t>(per_epoch_); }

    BatchTexts make(int64_t step) {
        const auto epoch = static_cast<uint64_t>(step) / per_epoch_;
        const auto k = static_cast<std::size_t>(static_cast<uint64_t>(step) % per_epoch_);
        if (epoch != order_epoch_ || order_.empty()) {
            order_ = epoch_order(data_.size(), seed_, epoch);
            order_epoch_ = epoch;
        }
        BatchTexts b;
        for (std::size_t i = k * batch_; i < std::min(data_.size(), (k + 1) * batch_); ++i) {
            b.anchors.emplace_back(data_.anchor(order_[i]));
            b.positives.push_back(data_.positive(order_[i], seed_, epoch));
        }
        return b;
    }

private:
    const PairData& data_;
    std::size_t batch_;
    uint64_t seed_;
    std::size_t per_epoch_;
    std::vector<uint32_t> order_;
    uint64_t order_epoch_ = 0;
};

double global_grad_norm(const std::vector<torch::Tensor>& params) {
    double sq = 0;
    for (const auto& p : params)
        if (p.grad().defined()) sq += p.grad().pow(2).sum().item<double>();
    return std::sqrt(sq);
}

void write_json_file(const fs::path& file, const nlohmann::json& j) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << j.dump(2) << "\n";
    if (!out) throw Error(file.string() + ": write failed");
}

}  // namespace

TrainResult run_training(const TrainOptions& o, const TrainCallbacks& cb) {
    auto log = [&](const std::string& m) {
        if (cb.log) cb.log(m);
    };
    check_options(o);
    if (o.threads > 0) torch::set_num_threads(o.threads);
    const PairData data = PairData::load(o.data, o.format, o.limits);
    log("data: " + std::to_string(data.size()) + " pairs (" + std::to_string(data.list_rows()) +
        " with skill lists) from " + o.data.string());

    const fs::path train_dir = o.out / "training", ckpt_dir = train_dir / "checkpoints";
    const auto latest = latest_checkpoint(ckpt_dir);
    if (latest && !o.resume)
        throw InputError(o.out.string() + " holds checkpoints of an earlier run (" + latest->string() +
                         "); pass --resume to continue it, or choose another --out");
    fs::create_directories(train_dir);

    RunModel run = build_run_model(o, data, cb.log);
    SentenceModelImpl& model = *run.source.model;
    model.train();
    const nlohmann::json args = run_arguments(o, data, run);
    auto optimizer = make_adamw(model, o.optim);
    std::vector<torch::Tensor> params;
    for (const auto& p : model.parameters()) params.push_back(p);

    BatchMaker batches(data, o.batch_size, o.seed);
    const int64_t total = o.max_steps > 0 ? o.max_steps : batches.steps_per_epoch() * static_cast<int64_t>(o.epochs);
    const int64_t warmup = warmup_steps(total, o.optim.warmup_ratio);

    TrainResult result;
    result.total_steps = total;
    std::vector<LossRow> history;
    double elapsed_before = 0;
    int64_t start = 0;
    if (o.resume && latest) {
        const nlohmann::json state = load_checkpoint(*latest, model, *optimizer);
        if (const std::string diff = compare_arguments(state.at("args"), args); !diff.empty())
            throw Error("cannot resume from " + latest->string() + ": options differ: " + diff);
        start = state.at("step").get<int64_t>();
        elapsed_before = state.value("elapsed_s", 0.0);
        for (const auto& r : state.at("history")) history.push_back(loss_row_from_json(r));
        result.resumed_from = start;
        log("resuming from " + latest->string() + " (step " + std::to_string(start) + " of " + std::to_string(total) +
            ")");
    } else if (o.resume) {
        log("no checkpoint in " + ckpt_dir.string() + ": starting a new run");
    }
    write_json_file(train_dir / "train_args.json", args);

    auto save = [&](int64_t step) {
        nlohmann::json hist = nlohmann::json::array();
        for (const auto& r : history) hist.push_back(to_json(r));
        const double elapsed = history.empty() ? elapsed_before : history.back().elapsed_s;
        save_checkpoint(ckpt_dir, step, model, *optimizer,
                        {{"version", 1}, {"step", step}, {"args", args}, {"elapsed_s", elapsed}, {"history", hist}},
                        o.keep_checkpoints);
        write_loss_csv(train_dir / "loss.csv", history);
    };

    MnrlOptions mo;
    mo.scale = o.scale;
    mo.mini_batch_size = o.mini_batch_size;
    mo.anchor_route = o.anchor_route;
    mo.positive_route = o.positive_route;
    std::deque<double> recent;
    std::size_t pairs_done = 0;
    const auto t0 = Clock::now();
    for (int64_t step = start; step < total; ++step) {
        const BatchTexts texts = batches.make(step);
        TokenBatch batch{run.encoder.encode_all(texts.anchors, o.threads),
                         run.encoder.encode_all(texts.positives, o.threads)};
        const double lr = o.optim.lr * linear_schedule(step, total, warmup);
        optimizer->zero_grad();
        const double loss = cached_mnrl_backward(model, batch, mo);
        const double norm = o.optim.max_grad_norm > 0 ? torch::nn::utils::clip_grad_norm_(params, o.optim.max_grad_norm)
                                                      : global_grad_norm(params);
        set_learning_rate(*optimizer, lr);
        optimizer->step();

        pairs_done += texts.anchors.size();
        const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
        recent.push_back(loss);
        if (recent.size() > 20) recent.pop_front();
        const double epoch = static_cast<double>(step + 1) / static_cast<double>(batches.steps_per_epoch());
        history.push_back(
            {step + 1, epoch, loss, lr, norm, static_cast<double>(pairs_done) / secs, elapsed_before + secs});
        if (cb.on_step) {
            StepReport r;
            r.step = step + 1;
            r.total = total;
            r.epoch = epoch;
            r.loss = loss;
            r.loss_avg = std::accumulate(recent.begin(), recent.end(), 0.0) / static_cast<double>(recent.size());
            r.lr = lr;
            r.grad_norm = norm;
            r.pairs_per_s = static_cast<double>(pairs_done) / secs;
            r.eta_s = secs / static_cast<double>(step + 1 - start) * static_cast<double>(total - step - 1);
            cb.on_step(r);
        }
        result.steps_done = step + 1;
        result.final_loss = loss;
        result.seconds = secs;
        result.pairs_per_s = static_cast<double>(pairs_done) / secs;
        const bool last = step + 1 == total;
        if (o.stop_after_steps > 0 && step + 1 == o.stop_after_steps && !last) {
            result.stopped = true;  // as if killed: no checkpoint beyond the periodic ones
            break;
        }
        if (o.stop && o.stop->load() && !last) {
            save(step + 1);
            log("interrupted: checkpoint at step " + std::to_string(step + 1) + "; continue with --resume");
            result.stopped = true;
            break;
        }
        if (o.save_steps > 0 && (step + 1) % static_cast<int64_t>(o.save_steps) == 0 && !last) save(step + 1);
    }
    result.peak_rss_bytes = peak_rss_bytes();
    if (result.stopped) return result;

    save(total);
    export_model(run.source, run.tokenizer_json, o.out);
    result.model_dir = o.out;
    if (o.plot) {
        result.plot_warning = plot_loss_png(train_dir / "loss.csv", train_dir / "loss.png");
        if (!result.plot_warning.empty()) log("loss.png not drawn: " + result.plot_warning);
    }
    write_json_file(train_dir / "summary.json", {{"steps", total},
                                                 {"resumed_from", result.resumed_from},
                                                 {"final_loss", result.final_loss},
                                                 {"seconds_this_process", result.seconds},
                                                 {"pairs_per_s", result.pairs_per_s},
                                                 {"peak_rss_bytes", result.peak_rss_bytes},
                                                 {"threads", torch::get_num_threads()},
                                                 {"args", args}});
    log("model written to " + o.out.string());
    return result;
}

}  // namespace jobbert::train
