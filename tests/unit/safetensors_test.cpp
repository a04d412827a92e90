// safetensors parsing, dtype conversion and every corrupt-file error.
#include <gtest/gtest.h>

#include <bit>

#include "io/safetensors.h"
#include "jobbert/error.h"
#include "support/fixtures.h"
#include "support/safetensors_writer.h"

namespace jobbert::testing {
namespace {

class SafeTensorsTest : public ::testing::Test {
protected:
    fs::path path_ = fs::temp_directory_path() / ("jobbert-st-" + std::to_string(::getpid()) + ".safetensors");
    void TearDown() override { fs::remove(path_); }

    std::string error_of() {
        try {
            io::SafeTensors st(path_);
        } catch (const ModelError& e) {
            return e.what();
        }
        return "";
    }
    void write_raw(const std::string& header, const std::string& data) {
        std::ofstream out(path_, std::ios::binary);
        uint64_t n = header.size();
        for (int i = 0; i < 8; ++i) out.put(static_cast<char>((n >> (8 * i)) & 0xFF));
        out << header << data;
    }
};

TEST_F(SafeTensorsTest, ReadsShapesAndConvertsHalfTypes) {
    StoredTensor f16{"F16", {3}, {}}, bf16{"BF16", {2}, {}};
    for (uint16_t h : {uint16_t(0x3C00), uint16_t(0xC000), uint16_t(0x0001)}) {  // 1, -2, smallest subnormal
        f16.bytes.push_back(static_cast<unsigned char>(h & 0xFF));
        f16.bytes.push_back(static_cast<unsigned char>(h >> 8));
    }
    for (float f : {1.5f, -3.25f}) {
        const auto u = std::bit_cast<uint32_t>(f) >> 16;
        bf16.bytes.push_back(static_cast<unsigned char>(u & 0xFF));
        bf16.bytes.push_back(static_cast<unsigned char>(u >> 8));
    }
    write_safetensors(path_, {{"a", f32_tensor({2, 2}, {1, 2, 3, 4})}, {"h", f16}, {"b", bf16}});
    io::SafeTensors st(path_);
    ASSERT_EQ(st.tensors().size(), 3u);
    EXPECT_EQ(st.find("a")->shape, (std::vector<std::size_t>{2, 2}));
    float out[4];
    io::to_float32(*st.find("h"), out);
    EXPECT_EQ(out[0], 1.0f);
    EXPECT_EQ(out[1], -2.0f);
    EXPECT_EQ(out[2], std::ldexp(1.0f, -24));
    io::to_float32(*st.find("b"), out);
    EXPECT_EQ(out[0], 1.5f);
    EXPECT_EQ(out[1], -3.25f);
    EXPECT_EQ(st.find("zzz"), nullptr);
}

TEST_F(SafeTensorsTest, TruncatedFiles) {
    std::ofstream(path_, std::ios::binary) << "abc";
    EXPECT_NE(error_of().find("truncated file (3 bytes, no header)"), std::string::npos) << error_of();
    write_raw("{\"a\":", "");  // header length says 5, file holds them, but JSON is cut
    EXPECT_NE(error_of().find("corrupt header: invalid JSON"), std::string::npos) << error_of();
    {
        std::ofstream out(path_, std::ios::binary);
        const uint64_t n = 1000;
        for (int i = 0; i < 8; ++i) out.put(static_cast<char>((n >> (8 * i)) & 0xFF));
        out << "{}";
    }
    EXPECT_NE(error_of().find("truncated file (header of 1000 bytes"), std::string::npos) << error_of();
    write_raw(R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})", std::string(8, '\0'));
    EXPECT_NE(error_of().find("tensor w: data [0, 16) lies outside the data buffer of 8 bytes"), std::string::npos)
        << error_of();
}

TEST_F(SafeTensorsTest, CorruptHeaders) {
    write_raw(R"({"w":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})", std::string(8, '\0'));
    EXPECT_NE(error_of().find("tensor w: unsupported dtype I64"), std::string::npos) << error_of();
    write_raw(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", std::string(8, '\0'));
    EXPECT_NE(error_of().find("tensor w: 8 bytes of data for shape of 3 F32 values"), std::string::npos) << error_of();
    write_raw(R"({"w":{"dtype":"F32","shape":[2]}})", std::string(8, '\0'));
    EXPECT_NE(error_of().find("tensor w: header entry lacks dtype/shape/data_offsets"), std::string::npos);
    write_raw(R"([1,2])", "");
    EXPECT_NE(error_of().find("corrupt header: not a JSON object"), std::string::npos);
    write_raw(R"({"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", std::string(8, '\0'));
    EXPECT_NE(error_of().find("tensor w: shape has a non-integer dimension"), std::string::npos);
}

TEST_F(SafeTensorsTest, MissingFile) {
    const std::string e = error_of();
    EXPECT_NE(e.find(path_.string() + ": cannot open: No such file or directory"), std::string::npos) << e;
}

}  // namespace
}  // namespace jobbert::testing
