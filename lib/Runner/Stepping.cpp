//===- Stepping.cpp - Time-stepped execution of one-step models -----------===//
#include "spnc/Runner/Stepping.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <cstring>

namespace spnc {

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<std::vector<StatePair>>
findStatePairs(const EntrySignature &signature) {
  llvm::StringMap<size_t> outputs;
  for (auto [index, spec] : llvm::enumerate(signature.outputs))
    outputs.try_emplace(spec.name, index);
  std::vector<StatePair> pairs;
  for (auto [index, spec] : llvm::enumerate(signature.inputs)) {
    std::optional<std::string> outputName = getStateOutputName(spec.name);
    if (!outputName)
      continue;
    auto it = outputs.find(*outputName);
    if (it == outputs.end())
      continue;
    const TensorSpec &output = signature.outputs[it->second];
    if (output.dtype != spec.dtype || output.shape != spec.shape)
      return makeError("state input '" + spec.name + "' (" + spec.describe() +
                       ") pairs with output '" + output.name +
                       "' by name but "
                       "the output is " +
                       output.describe());
    pairs.push_back({index, it->second});
  }
  return pairs;
}

/// Slice `step` of `tensor` along its leading axis.
static rt::Tensor sliceStep(const rt::Tensor &tensor, int64_t step) {
  rt::Tensor slice(tensor.dtype, std::vector<int64_t>(tensor.shape.begin() + 1,
                                                      tensor.shape.end()));
  size_t bytes = slice.data.size();
  if (bytes)
    std::memcpy(slice.data.data(), tensor.data.data() + step * bytes, bytes);
  return slice;
}

/// Checks that a step produced exactly the outputs of the signature.
static llvm::Error checkOutputs(const EntrySignature &signature,
                                llvm::ArrayRef<rt::Tensor> outputs) {
  if (outputs.size() != signature.outputs.size())
    return makeError("the step produced " + llvm::Twine(outputs.size()) +
                     " outputs; the model has " +
                     llvm::Twine(signature.outputs.size()));
  for (auto [spec, tensor] : llvm::zip(signature.outputs, outputs))
    if (!spec.matches(tensor))
      return makeError("the step produced " + tensor.describe() +
                       " for output '" + spec.name + "', expected " +
                       spec.describe());
  return llvm::Error::success();
}

llvm::Expected<std::vector<rt::Tensor>>
runModel(const EntrySignature &signature, llvm::ArrayRef<NamedInput> provided,
         std::optional<int64_t> steps, StepFunction step) {
  if (steps && *steps < 1)
    return makeError("the number of steps must be at least 1, got " +
                     llvm::Twine(*steps));
  llvm::Expected<std::vector<StatePair>> pairs = findStatePairs(signature);
  if (!pairs)
    return pairs.takeError();
  std::vector<bool> isState(signature.inputs.size(), false);
  for (const StatePair &pair : *pairs)
    isState[pair.input] = true;

  // Match the provided tensors to the inputs.
  llvm::StringMap<size_t> inputIndex;
  for (auto [index, spec] : llvm::enumerate(signature.inputs))
    inputIndex.try_emplace(spec.name, index);
  std::vector<const NamedInput *> given(signature.inputs.size(), nullptr);
  std::vector<bool> perStep(signature.inputs.size(), false);
  for (const NamedInput &input : provided) {
    auto it = inputIndex.find(input.name);
    if (it == inputIndex.end()) {
      std::string known;
      for (const TensorSpec &spec : signature.inputs)
        known += (known.empty() ? "'" : ", '") + spec.name + "'";
      return makeError("unknown input '" + input.name + "' (from '" +
                       input.source + "'); the model's inputs are " +
                       (known.empty() ? std::string("none") : known));
    }
    size_t index = it->second;
    if (given[index])
      return makeError("input '" + input.name + "' is given twice ('" +
                       given[index]->source + "' and '" + input.source + "')");
    const TensorSpec &spec = signature.inputs[index];
    given[index] = &input;
    if (spec.matches(input.tensor))
      continue;
    // One slice per step: [N, S...].
    if (steps && !isState[index] && input.tensor.dtype == spec.dtype &&
        input.tensor.shape.size() == spec.shape.size() + 1 &&
        input.tensor.shape.front() == *steps &&
        std::equal(spec.shape.begin(), spec.shape.end(),
                   input.tensor.shape.begin() + 1)) {
      perStep[index] = true;
      continue;
    }
    std::string expected = spec.describe();
    if (steps && !isState[index]) {
      TensorSpec stacked = spec;
      stacked.shape.insert(stacked.shape.begin(), *steps);
      expected += " (or " + stacked.describe() + ", one slice per step)";
    }
    return makeError("input '" + spec.name + "' from '" + input.source +
                     "': expected " + expected + ", got " +
                     input.tensor.describe());
  }
  for (auto [index, spec] : llvm::enumerate(signature.inputs))
    if (!given[index] && !isState[index])
      return makeError("missing input '" + spec.name + "' (" + spec.describe() +
                       ")");

  // Inputs of the first step: given tensors, zeros for ungiven state.
  std::vector<rt::Tensor> inputs;
  for (auto [index, spec] : llvm::enumerate(signature.inputs)) {
    if (!given[index])
      inputs.emplace_back(spec.dtype, spec.shape);
    else if (perStep[index])
      inputs.push_back(sliceStep(given[index]->tensor, 0));
    else
      inputs.push_back(given[index]->tensor);
  }

  std::vector<rt::Tensor> outputs;
  if (!steps) {
    if (llvm::Error error = step(inputs, outputs))
      return std::move(error);
    if (llvm::Error error = checkOutputs(signature, outputs))
      return std::move(error);
    return outputs;
  }

  int64_t count = *steps;
  std::vector<rt::Tensor> stacked;
  for (const TensorSpec &spec : signature.outputs) {
    std::vector<int64_t> shape(spec.shape);
    shape.insert(shape.begin(), count);
    stacked.emplace_back(spec.dtype, std::move(shape));
  }
  for (int64_t t = 0; t < count; ++t) {
    if (t > 0) {
      for (auto [index, spec] : llvm::enumerate(signature.inputs))
        if (perStep[index])
          inputs[index] = sliceStep(given[index]->tensor, t);
      for (const StatePair &pair : *pairs)
        inputs[pair.input] = outputs[pair.output];
    }
    if (llvm::Error error = step(inputs, outputs))
      return std::move(error);
    if (llvm::Error error = checkOutputs(signature, outputs))
      return std::move(error);
    for (auto [output, stack] : llvm::zip(outputs, stacked)) {
      size_t bytes = output.data.size();
      if (bytes)
        std::memcpy(stack.data.data() + t * bytes, output.data.data(), bytes);
    }
  }
  return stacked;
}

} // namespace spnc
