#include "embedding_writer.h"

#include "io/npy.h"
#include "output.h"

namespace jobbert::cli {

void write_embeddings(std::ostream& out, const Matrix& m, const std::vector<InputRow>& rows, const std::string& format) {
    if (format == "npy") {
        io::write_npy(out, m);
        return;
    }
    const bool jsonl = format == "jsonl";
    std::string line;
    for (std::size_t i = 0; i < m.rows; ++i) {
        line.clear();
        if (!rows[i].ok()) {
            line = "{\"error\": " + json_string(rows[i].error) + "}";
        } else {
            if (jsonl) line = "{\"embedding\": [";
            const float* r = m.row(i);
            for (std::size_t j = 0; j < m.cols; ++j) {
                if (j) line += jsonl ? ", " : "\t";
                append_float(line, r[j]);
            }
            if (jsonl) line += "]}";
        }
        line += '\n';
        out.write(line.data(), static_cast<std::streamsize>(line.size()));
    }
}

}  // namespace jobbert::cli
