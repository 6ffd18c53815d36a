//===- SteppingTest.cpp - State pairing and time-stepped execution --------===//
//
// runModel with a step function written in C++ (no JIT): h = h_prev + x,
// out = 10 * x, so every carried and sliced value is visible.
//
//===----------------------------------------------------------------------===//
#include "spnc/Runner/Stepping.h"

#include <gtest/gtest.h>

using namespace spnc;

namespace {

TEST(SteppingTest, StateOutputNames) {
  EXPECT_EQ(getStateOutputName("y_prev_0"), "y_0");
  EXPECT_EQ(getStateOutputName("c_prev_12"), "c_12");
  EXPECT_EQ(getStateOutputName("y_prev.0"), "y.0");
  EXPECT_EQ(getStateOutputName("c_prev.1"), "c.1");
  EXPECT_EQ(getStateOutputName("h_prev"), "h");
  EXPECT_EQ(getStateOutputName("layer2/h_prev"), "layer2/h");
  // The first `_prev` that is followed by nothing, '_' or '.' counts.
  EXPECT_EQ(getStateOutputName("x_previous_prev"), "x_previous");
  EXPECT_EQ(getStateOutputName("x"), std::nullopt);
  EXPECT_EQ(getStateOutputName("_prev"), std::nullopt);
  EXPECT_EQ(getStateOutputName("h_previous"), std::nullopt);
  EXPECT_EQ(getStateOutputName("prev_h"), std::nullopt);
}

EntrySignature makeSignature() {
  EntrySignature signature;
  signature.entry = "step";
  signature.inputs = {{"x", rt::DType::F32, {2}},
                      {"h_prev", rt::DType::F32, {2}},
                      {"bias_prev", rt::DType::F32, {2}}}; // no output "bias"
  signature.outputs = {{"out", rt::DType::F32, {2}},
                       {"h", rt::DType::F32, {2}}};
  return signature;
}

/// h = h_prev + x + bias_prev; out = 10 * x. Counts its calls.
struct AddStep {
  int calls = 0;
  llvm::Error operator()(llvm::ArrayRef<rt::Tensor> inputs,
                         std::vector<rt::Tensor> &outputs) {
    ++calls;
    outputs.assign(2, rt::Tensor(rt::DType::F32, {2}));
    for (int i = 0; i < 2; ++i) {
      float x = inputs[0].as<float>()[i];
      outputs[0].as<float>()[i] = 10.0f * x;
      outputs[1].as<float>()[i] =
          inputs[1].as<float>()[i] + x + inputs[2].as<float>()[i];
    }
    return llvm::Error::success();
  }
};

rt::Tensor makeTensor(std::vector<int64_t> shape, std::vector<float> values) {
  rt::Tensor tensor(rt::DType::F32, std::move(shape));
  EXPECT_EQ(tensor.numElements(), values.size());
  std::copy(values.begin(), values.end(), tensor.as<float>());
  return tensor;
}

std::vector<float> values(const rt::Tensor &tensor) {
  return std::vector<float>(tensor.as<float>(),
                            tensor.as<float>() + tensor.numElements());
}

TEST(SteppingTest, PairsByNameOnly) {
  llvm::Expected<std::vector<StatePair>> pairs =
      findStatePairs(makeSignature());
  ASSERT_TRUE(static_cast<bool>(pairs)) << llvm::toString(pairs.takeError());
  ASSERT_EQ(pairs->size(), 1u);
  EXPECT_EQ((*pairs)[0].input, 1u);
  EXPECT_EQ((*pairs)[0].output, 1u);
}

TEST(SteppingTest, CarriesStateSlicesInputsAndStacksOutputs) {
  AddStep step;
  std::vector<NamedInput> provided;
  // x: one slice per step; bias_prev: the same at every step (an ordinary
  // input, since no output is called "bias").
  provided.push_back({"x", makeTensor({3, 2}, {1, 2, 3, 4, 5, 6}), "x.npy"});
  provided.push_back({"bias_prev", makeTensor({2}, {100, 200}), "b.npy"});
  llvm::Expected<std::vector<rt::Tensor>> outputs =
      runModel(makeSignature(), provided, 3, std::ref(step));
  ASSERT_TRUE(static_cast<bool>(outputs))
      << llvm::toString(outputs.takeError());
  EXPECT_EQ(step.calls, 3);
  ASSERT_EQ(outputs->size(), 2u);
  EXPECT_EQ((*outputs)[0].shape, (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(values((*outputs)[0]),
            (std::vector<float>{10, 20, 30, 40, 50, 60}));
  // h starts at zeros: 101, 202; then + 3 + 100, + 4 + 200; ...
  EXPECT_EQ(values((*outputs)[1]),
            (std::vector<float>{101, 202, 204, 406, 309, 612}));
}

TEST(SteppingTest, GivenStateIsTheInitialState) {
  AddStep step;
  std::vector<NamedInput> provided;
  provided.push_back({"x", makeTensor({2}, {1, 1}), "x.npy"});
  provided.push_back({"bias_prev", makeTensor({2}, {0, 0}), "b.npy"});
  provided.push_back({"h_prev", makeTensor({2}, {-5, 5}), "h.npy"});
  llvm::Expected<std::vector<rt::Tensor>> outputs =
      runModel(makeSignature(), provided, 2, std::ref(step));
  ASSERT_TRUE(static_cast<bool>(outputs))
      << llvm::toString(outputs.takeError());
  EXPECT_EQ(values((*outputs)[1]), (std::vector<float>{-4, 6, -3, 7}));
}

TEST(SteppingTest, WithoutStepsRunsOnceUnstacked) {
  AddStep step;
  std::vector<NamedInput> provided;
  provided.push_back({"x", makeTensor({2}, {1, 2}), "x.npy"});
  provided.push_back({"bias_prev", makeTensor({2}, {0, 0}), "b.npy"});
  llvm::Expected<std::vector<rt::Tensor>> outputs =
      runModel(makeSignature(), provided, std::nullopt, std::ref(step));
  ASSERT_TRUE(static_cast<bool>(outputs))
      << llvm::toString(outputs.takeError());
  EXPECT_EQ(step.calls, 1);
  EXPECT_EQ((*outputs)[1].shape, (std::vector<int64_t>{2}));
  EXPECT_EQ(values((*outputs)[1]), (std::vector<float>{1, 2}));
}

std::string runError(std::vector<NamedInput> provided,
                     std::optional<int64_t> steps,
                     EntrySignature signature = makeSignature()) {
  AddStep step;
  llvm::Expected<std::vector<rt::Tensor>> outputs =
      runModel(signature, provided, steps, std::ref(step));
  if (outputs)
    return "no error";
  EXPECT_EQ(step.calls, 0);
  return llvm::toString(outputs.takeError());
}

TEST(SteppingTest, Errors) {
  auto x = [] { return NamedInput{"x", makeTensor({2}, {1, 2}), "x.npy"}; };
  auto bias = [] {
    return NamedInput{"bias_prev", makeTensor({2}, {0, 0}), "b.npy"};
  };
  EXPECT_EQ(runError({x()}, 2), "missing input 'bias_prev' (float32[2])");
  EXPECT_EQ(runError({x(), bias(), {"y", makeTensor({2}, {0, 0}), "y.npy"}}, 2),
            "unknown input 'y' (from 'y.npy'); the model's inputs are 'x', "
            "'h_prev', 'bias_prev'");
  EXPECT_EQ(runError({x(), bias(), x()}, 2),
            "input 'x' is given twice ('x.npy' and 'x.npy')");
  // Per-step slices need --steps and the right leading axis.
  EXPECT_EQ(
      runError({{"x", makeTensor({3, 2}, {1, 2, 3, 4, 5, 6}), "x.npy"}, bias()},
               std::nullopt),
      "input 'x' from 'x.npy': expected float32[2], got float32[3, 2]");
  EXPECT_EQ(
      runError({{"x", makeTensor({3, 2}, {1, 2, 3, 4, 5, 6}), "x.npy"}, bias()},
               2),
      "input 'x' from 'x.npy': expected float32[2] (or float32[2, 2], "
      "one slice per step), got float32[3, 2]");
  // State inputs are never sliced.
  EXPECT_EQ(
      runError(
          {x(), bias(), {"h_prev", makeTensor({2, 2}, {0, 0, 0, 0}), "h.npy"}},
          2),
      "input 'h_prev' from 'h.npy': expected float32[2], got "
      "float32[2, 2]");
  rt::Tensor ints(rt::DType::I32, {2});
  EXPECT_EQ(runError({{"x", ints, "i.npy"}, bias()}, 2),
            "input 'x' from 'i.npy': expected float32[2] (or float32[2, 2], "
            "one slice per step), got int32[2]");
  EXPECT_EQ(runError({x(), bias()}, 0),
            "the number of steps must be at least 1, got 0");

  EntrySignature mismatched = makeSignature();
  mismatched.outputs[1].shape = {1, 2};
  EXPECT_EQ(runError({x(), bias()}, 2, mismatched),
            "state input 'h_prev' (float32[2]) pairs with output 'h' by name "
            "but the output is float32[1, 2]");
}

TEST(SteppingTest, StepErrorsStopTheRun) {
  int calls = 0;
  auto failing = [&](llvm::ArrayRef<rt::Tensor> inputs,
                     std::vector<rt::Tensor> &outputs) -> llvm::Error {
    if (++calls == 2)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "step failed");
    outputs.assign(1, inputs[0]);
    return llvm::Error::success();
  };
  EntrySignature signature;
  signature.inputs = {{"x", rt::DType::F32, {1}}};
  signature.outputs = {{"y", rt::DType::F32, {1}}};
  std::vector<NamedInput> provided{{"x", makeTensor({1}, {1}), "x.npy"}};
  llvm::Expected<std::vector<rt::Tensor>> outputs =
      runModel(signature, provided, 5, failing);
  ASSERT_FALSE(static_cast<bool>(outputs));
  EXPECT_EQ(llvm::toString(outputs.takeError()), "step failed");
  EXPECT_EQ(calls, 2);
}

TEST(SteppingTest, StepOutputsMustMatchTheSignature) {
  EntrySignature signature;
  signature.inputs = {{"x", rt::DType::F32, {1}}};
  signature.outputs = {{"y", rt::DType::F32, {1}}};
  std::vector<NamedInput> provided{{"x", makeTensor({1}, {1}), "x.npy"}};
  auto wrong = [](llvm::ArrayRef<rt::Tensor>,
                  std::vector<rt::Tensor> &outputs) -> llvm::Error {
    outputs.assign(1, rt::Tensor(rt::DType::F32, {2}));
    return llvm::Error::success();
  };
  llvm::Expected<std::vector<rt::Tensor>> outputs =
      runModel(signature, provided, 2, wrong);
  ASSERT_FALSE(static_cast<bool>(outputs));
  EXPECT_EQ(llvm::toString(outputs.takeError()),
            "the step produced float32[2] for output 'y', expected "
            "float32[1]");
}

} // namespace
