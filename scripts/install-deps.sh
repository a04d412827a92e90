#!/usr/bin/env bash
# Installs every Debian package jobbert.cpp needs to build and test (run as root, or with sudo).
set -euo pipefail
packages=(
  # build
  cmake ninja-build g++ pkg-config
  # library dependencies
  nlohmann-json3-dev libdnnl-dev libspdlog-dev libicu-dev libpcre2-dev libutf8proc-dev
  # command-line tool and server
  libcli11-dev libcpp-httplib-dev libssl-dev
  # tests and reference scripts
  libgtest-dev libgmock-dev python3 python3-numpy
  # tokenizer fuzzing (fuzz/run.sh: clang with libFuzzer)
  clang libclang-rt-14-dev
  # reference implementations the tests compare against (scripts/reference)
  python3-torch python3-torchtext python3-sentencepiece
  # `jobbert train` (LibTorch, SentencePiece trainer, loss-curve PNG) and its scikit-learn check
  libtorch-dev libsentencepiece-dev gnuplot-nox python3-sklearn
  # HTTP load test of `jobbert serve` (bench/serve_load.sh)
  hey wrk
  # (Node.js and npm, used by the tokenizer differential test, come with the machine image)
)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if [ -z "${JOBBERT_SKIP_APT_UPDATE:-}" ]; then $SUDO apt-get update -qq; fi
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "installed: ${packages[*]}"
