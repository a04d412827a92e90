// The state behind jobbert::Model (immutable after load).
#pragma once

#include "io/safetensors.h"
#include "jobbert/model.h"
#include "model/hparams.h"
#include "model/pipeline.h"
#include "model/weights.h"

namespace jobbert::detail {

struct ModelImpl {
    ModelInfo info;
    model::HParams hp;
    model::Pipeline pipeline;
    model::EncoderWeights weights;
    Tokenizer tokenizer;
    Precision precision = Precision::fp32;
};

}  // namespace jobbert::detail
