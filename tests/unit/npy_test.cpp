#include <gtest/gtest.h>

#include <sstream>

#include "io/npy.h"
#include "jobbert/error.h"
#include "support/fixtures.h"

namespace jobbert::testing {
namespace {

TEST(Npy, RoundTripsAndReadsNumpysOwnFiles) {
    Matrix m(3, 5);
    for (std::size_t i = 0; i < m.data.size(); ++i) m.data[i] = float(i) * 0.25f - 1.0f;
    const fs::path p = fs::temp_directory_path() / ("jobbert-npy-" + std::to_string(::getpid()) + ".npy");
    {
        std::ofstream out(p, std::ios::binary);
        io::write_npy(out, m);
    }
    const Matrix back = io::read_npy(p);
    EXPECT_EQ(back.rows, 3u);
    EXPECT_EQ(back.cols, 5u);
    EXPECT_EQ(back.data, m.data);
    // A file numpy wrote itself (the golden vectors): [2875, 48] float32.
    const Matrix g = io::read_npy(golden_dir("tiny-asym-f32") / "anchor.npy");
    EXPECT_EQ(g.rows, 2875u);
    EXPECT_EQ(g.cols, 48u);
    std::ofstream(p, std::ios::binary) << std::string("\x93NUMPY\x01\x00", 8) << char(57) << char(0)
                                       << "{'descr': '<f4', 'fortran_order': False, 'shape': (7,), }";
    try {
        io::read_npy(p);
        ADD_FAILURE() << "1-D array accepted";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), p.string() + ": not a 2-D array");
    }
    fs::remove(p);
}

}  // namespace
}  // namespace jobbert::testing
