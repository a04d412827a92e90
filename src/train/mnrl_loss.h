// MultipleNegativesRankingLoss, plain and cached (GradCache), as sentence-transformers 4.1
// computes them (losses/MultipleNegativesRankingLoss.py, losses/CachedMultipleNegativesRankingLoss.py).
//
// For a batch of B (anchor, positive) pairs: a = anchors through the anchor route [B, D],
// p = positives through the positive route [B, D], S = scale * cos(a_i, p_j) [B, B] with
// cos = util.cos_sim (rows normalised by max(||x||, 1e-12)), loss = mean_i CE(S_i, i): one
// direction, anchor -> positives, every other positive of the batch a negative.
#pragma once

#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "train/sentence_model.h"

namespace jobbert::train {

/** Token ids of one batch: anchors[i] pairs with positives[i]. Sequences include <s> and </s>. */
struct TokenBatch {
    std::vector<std::vector<int32_t>> anchors;
    std::vector<std::vector<int32_t>> positives;
};

/** Loss options. */
struct MnrlOptions {
    double scale = 20.0;                      ///< multiplies the cosine similarities (1 / temperature)
    std::size_t mini_batch_size = 512;        ///< sequences per forward pass (cached loss only)
    std::string anchor_route = "anchor";      ///< route of the anchors (job titles)
    std::string positive_route = "positive";  ///< route of the positives (skill lists)
    /// Forward passes over each side's sequences sorted by length, so mini-batches pad little.
    /// The loss and gradients are the same function of the batch either way (rows are mapped
    /// back to batch order); only float rounding and which dropout mask a row draws differ.
    bool sort_by_length = true;
};

/** The loss of given embeddings a, p [B, D]: mean_i CE(scale * cos(a_i, p_j)_j, i), a scalar. */
torch::Tensor mnrl_loss(const torch::Tensor& a, const torch::Tensor& p, double scale);

/**
 * The same loss computed in chunks of `chunk` anchors, each chunk's CE weighted by its share of
 * B and back-propagated at once (sentence-transformers' calculate_loss with_backward), so the
 * [B, B] score matrix is never held whole. a and p must require grad; returns the loss.
 */
double chunked_mnrl_backward(const torch::Tensor& a, const torch::Tensor& p, double scale, std::size_t chunk);

/**
 * Plain MNRL: embeds the whole batch with autograd (anchors, then positives, in forward passes
 * of mini_batch_size sequences whose graphs are all kept: the same order of random draws as
 * the cached loss's first pass) and back-propagates the full-batch loss into the parameters'
 * .grad (accumulating). Returns the loss. Memory grows with B; the reference for the cached loss.
 */
double plain_mnrl_backward(SentenceModelImpl& model, const TokenBatch& batch, const MnrlOptions& o);

/**
 * Cached MNRL (GradCache, sentence-transformers' CachedMultipleNegativesRankingLoss):
 * 1. embeds every anchor, then every positive, without autograd, mini-batch by mini-batch
 *    (in length order when sort_by_length), saving torch's CPU generator state before each;
 * 2. computes the loss on the cached embeddings [B, D] in chunks of mini_batch_size anchors and
 *    back-propagates it to the embeddings only (d loss / d a, d loss / d p);
 * 3. re-embeds each mini-batch with autograd after restoring its generator state (so dropout
 *    draws the same masks) and back-propagates the cached embedding gradient into the
 *    parameters' .grad (accumulating).
 * Afterwards the generator is in the state that follows step 1, as with torch.random.fork_rng.
 * The loss and gradients equal plain_mnrl_backward's (with the same dropout masks); memory is
 * one mini-batch's activations plus O(B * D). Returns the loss.
 */
double cached_mnrl_backward(SentenceModelImpl& model, const TokenBatch& batch, const MnrlOptions& o);

}  // namespace jobbert::train
