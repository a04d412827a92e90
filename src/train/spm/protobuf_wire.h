// A minimal reader of the protobuf wire format (https://protobuf.dev/programming-guides/encoding/),
// enough to read a SentencePiece ModelProto without linking protobuf: pieces and the
// normalizer's precompiled charsmap.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace jobbert::spm {

/** One SentencePiece piece (ModelProto.pieces). */
struct Piece {
    std::string piece;
    float score = 0;
    int type = 1;  ///< NORMAL=1, UNKNOWN=2, CONTROL=3, USER_DEFINED=4, UNUSED=5, BYTE=6
};

/** What the tokenizer.json writer needs from a ModelProto. */
struct ModelProtoView {
    std::vector<Piece> pieces;         ///< field 1, in id order
    std::string normalizer_name;       ///< normalizer_spec (field 3).name (field 1)
    std::string precompiled_charsmap;  ///< normalizer_spec.precompiled_charsmap (field 2), raw bytes
};

/** Parses a serialized ModelProto. Throws std::runtime_error("protobuf: ...") on malformed input. */
ModelProtoView parse_model_proto(std::string_view bytes);

}  // namespace jobbert::spm
