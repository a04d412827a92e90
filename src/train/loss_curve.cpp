#include "train/loss_curve.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "jobbert/error.h"

namespace jobbert::train {

namespace fs = std::filesystem;

nlohmann::json to_json(const LossRow& r) {
    return nlohmann::json::array({r.step, r.epoch, r.loss, r.lr, r.grad_norm, r.pairs_per_s, r.elapsed_s});
}

LossRow loss_row_from_json(const nlohmann::json& j) {
    return LossRow{j.at(0).get<int64_t>(), j.at(1).get<double>(), j.at(2).get<double>(), j.at(3).get<double>(),
                   j.at(4).get<double>(),  j.at(5).get<double>(), j.at(6).get<double>()};
}

void write_loss_csv(const fs::path& file, const std::vector<LossRow>& rows) {
    const fs::path tmp = file.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(tmp.string() + ": cannot open for writing");
        out << "step,epoch,loss,lr,grad_norm,pairs_per_s,elapsed_s\n";
        char line[256];
        for (const LossRow& r : rows) {
            std::snprintf(line, sizeof line, "%lld,%.6f,%.8g,%.8g,%.6g,%.4g,%.3f\n", static_cast<long long>(r.step),
                          r.epoch, r.loss, r.lr, r.grad_norm, r.pairs_per_s, r.elapsed_s);
            out << line;
        }
        if (!out) throw Error(tmp.string() + ": write failed");
    }
    fs::rename(tmp, file);
}

std::string plot_loss_png(const fs::path& csv, const fs::path& png, std::size_t window) {
    if (std::system("command -v gnuplot >/dev/null 2>&1") != 0)
        return "gnuplot not found (apt-get install gnuplot-nox)";
    const fs::path script = png.string() + ".gp";
    {
        std::ofstream gp(script, std::ios::trunc);
        gp << "set terminal pngcairo size 900,500 enhanced font 'sans,10'\n"
           << "set output '" << png.string() << "'\n"
           << "set datafile separator ','\n"
           << "set key top right\nset grid\n"
           << "set xlabel 'step'\nset ylabel 'MNRL loss'\n"
           << "set title 'jobbert train: loss per step'\n"
           << "n = " << window << "\n"
           << "array buf[" << window << "]\n"
           << "do for [i=1:n] { buf[i] = NaN }\n"
           << "k = 0\nsum = 0\ncount = 0\n"
           << "avg(x) = (k = k % n + 1, old = buf[k], buf[k] = x, sum = sum + x - (old == old ? old : 0),"
              " count = (count < n ? count + 1 : n), sum / count)\n"
           << "plot '" << csv.string() << "' using 1:3 skip 1 with lines lc rgb '#9ab6d8' title 'loss', \\\n"
           << "     '' using 1:(avg($3)) skip 1 with lines lw 2 lc rgb '#1f4e9a' title sprintf('moving average (%d "
              "steps)', n)\n";
    }
    const std::string cmd = "gnuplot '" + script.string() + "' 2>'" + script.string() + ".log'";
    const int rc = std::system(cmd.c_str());
    if (rc != 0) {
        // pngcairo may be missing from a gnuplot build: retry with the libgd png terminal.
        std::ifstream in(script);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto at = text.find("pngcairo");
        if (at != std::string::npos) text.replace(at, 8, "png");
        std::ofstream(script, std::ios::trunc) << text;
        if (std::system(cmd.c_str()) != 0) return "gnuplot failed (see " + script.string() + ".log)";
    }
    std::error_code ec;
    fs::remove(script.string() + ".log", ec);
    return "";
}

}  // namespace jobbert::train
