//===- Stepping.h - Time-stepped execution of one-step models ---*- C++ -*-===//
//
// A one-step graph carries its recurrent state as graph inputs and outputs
// that pair up by name (docs/StateConvention.md): `y_prev_0` is fed by
// `y_0`, `c_prev.1` by `c.1`, `h_prev` by `h`. runModel runs such a graph
// for N steps, carrying the state; it is independent of how one step is
// executed (host JIT, simulator, ...).
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_RUNNER_STEPPING_H
#define SPNC_RUNNER_STEPPING_H

#include "spnc/Runner/HostRunner.h"
#include "spnc/Support/StateConvention.h"

#include "llvm/ADT/STLFunctionalExtras.h"

namespace spnc {

/// A state input and the output that feeds it at the next step (indices
/// into EntrySignature::inputs / outputs).
struct StatePair {
  size_t input;
  size_t output;
};

/// The state pairs of `signature`: every input whose state output name
/// (getStateOutputName) is an output of the graph. The two must have the
/// same dtype and shape.
llvm::Expected<std::vector<StatePair>>
findStatePairs(const EntrySignature &signature);

/// A user-provided input and where it came from (for error messages).
struct NamedInput {
  std::string name;
  rt::Tensor tensor;
  std::string source;
};

/// Executes one step: inputs and outputs in signature order.
using StepFunction = llvm::function_ref<llvm::Error(
    llvm::ArrayRef<rt::Tensor> inputs, std::vector<rt::Tensor> &outputs)>;

/// Runs a model on named inputs and returns its outputs in signature order.
///
/// Without `steps`, `step` runs once and the outputs have the signature's
/// shapes. With `steps` = N (>= 1), it runs N times; the state inputs of step
/// t > 0 are the paired outputs of step t - 1, and every output is stacked
/// along a new leading axis of N. An ordinary input of shape S is given
/// either as S (the same at every step) or as [N, S...] (slice t at step t).
///
/// State inputs are optional (zeros unless given, then with their exact
/// shape: the initial state); every other input is required. Errors name the
/// input: unknown names, missing inputs, wrong dtype or shape.
llvm::Expected<std::vector<rt::Tensor>>
runModel(const EntrySignature &signature, llvm::ArrayRef<NamedInput> provided,
         std::optional<int64_t> steps, StepFunction step);

} // namespace spnc

#endif // SPNC_RUNNER_STEPPING_H
