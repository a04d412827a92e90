// Writing a trained model as a sentence-transformers directory in the published layout.
#pragma once

#include <filesystem>

#include "train/model_io.h"

namespace jobbert::train {

/**
 * Writes the model to `out` (created if needed) in JobBERT-v3's published layout, every weight
 * as F32 safetensors:
 * - fine-tuned (src.dir set): every file of the source directory except weights (*.safetensors,
 *   *.bin, *.pt, *.onnx, ...), hidden files and a training/ folder is copied as is, so the layout (Asym or Router),
 *   module folders, tokenizer files and routes stay; config.json gets "torch_dtype": "float32"
 *   and the dropout probabilities trained with; model.safetensors = the encoder (names without
 *   prefix) + the source's unused tensors (pooler.*), each Dense folder its model.safetensors.
 * - new (src.dir empty): config.json, config_sentence_transformers.json, modules.json,
 *   sentence_bert_config.json, 1_Pooling/config.json, 2_Asym/{config.json|router_config.json},
 *   one folder per Dense, special_tokens_map.json, tokenizer_config.json, and `tokenizer_json`
 *   copied to tokenizer.json.
 * Throws Error on I/O failure.
 */
void export_model(const ModelSource& src, const std::filesystem::path& tokenizer_json,
                  const std::filesystem::path& out);

}  // namespace jobbert::train
