//===- TranscendentalAccuracyTest.cpp - Approximations vs libm ------------===//
//
// Sweeps exp, tanh, log and sigmoid (1 / (1 + exp(-x)), as the event
// lowering writes it) through the host pipeline and measures their error
// against libm evaluated in double precision, in float32 ulps. The bounds
// below are the ones docs/Transcendentals.md documents; a change of MLIR's
// approximations shows up here (and would break host/chip bit equality).
// f64 math must stay libm's, bit for bit.
//
// Run the binary to print the table of docs/Transcendentals.md.
//
//===----------------------------------------------------------------------===//
#include "spnc/Pipelines/Pipelines.h"
#include "spnc/Runner/HostRunner.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FormatVariadic.h"

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <functional>
#include <iostream>
#include <limits>
#include <random>

using namespace spnc;

namespace {

constexpr int64_t kPoints = 1 << 20;

/// The error of `approx` against the exact value `exact`, in units of the
/// float32 spacing at `exact` (subnormal spacing below FLT_MIN).
double ulpError(float approx, double exact) {
  if (std::isnan(exact))
    return std::isnan(approx) ? 0.0 : INFINITY;
  if (std::isnan(approx))
    return INFINITY;
  if (std::fabs(exact) > FLT_MAX)
    return std::isinf(approx) && std::signbit(approx) == std::signbit(exact)
               ? 0.0
               : INFINITY;
  if (std::isinf(approx))
    return INFINITY;
  int exponent;
  std::frexp(std::fabs(exact), &exponent);
  double ulp = std::ldexp(1.0, std::max(exponent - 24, -149));
  return std::fabs(static_cast<double>(approx) - exact) / ulp;
}

enum class Kind { Exp, Tanh, Log, Sigmoid };

struct Function {
  const char *name;
  Kind kind;
  const char *domain;
  /// Documented bounds: the maximum error in ulps, or (where the
  /// approximation flushes subnormals) the maximum absolute error.
  double ulpBound;
  double absBound;
  std::vector<float> inputs;
};

double reference(Kind kind, double x) {
  switch (kind) {
  case Kind::Exp:
    return std::exp(x);
  case Kind::Tanh:
    return std::tanh(x);
  case Kind::Log:
    return std::log(x);
  case Kind::Sigmoid:
    return 1.0 / (1.0 + std::exp(-x));
  }
  return NAN;
}

/// `count` points evenly spaced over [lo, hi].
void addGrid(std::vector<float> &points, double lo, double hi, int64_t count) {
  for (int64_t i = 0; i < count; ++i)
    points.push_back(static_cast<float>(lo + (hi - lo) * i / (count - 1)));
}

/// `count` points +-2^u with u uniform in [lo, hi) (magnitudes).
void addLogarithmic(std::vector<float> &points, double lo, double hi,
                    int64_t count, bool bothSigns, std::mt19937 &rng) {
  std::uniform_real_distribution<double> u(lo, hi);
  for (int64_t i = 0; i < count; ++i) {
    float value = static_cast<float>(std::exp2(u(rng)));
    points.push_back(bothSigns && (i & 1) ? -value : value);
  }
}

class TranscendentalAccuracyTest : public ::testing::Test {
protected:
  TranscendentalAccuracyTest() {
    registerSPNCDialects(registry);
    context = std::make_unique<mlir::MLIRContext>(registry);
    context->loadAllAvailableDialects();
  }

  std::unique_ptr<HostRunner> compile(const std::string &source) {
    module = mlir::parseSourceString<mlir::ModuleOp>(source, context.get());
    EXPECT_TRUE(module);
    if (!module)
      return nullptr;
    llvm::Expected<std::unique_ptr<HostRunner>> runner =
        HostRunner::create(*module);
    if (!runner) {
      ADD_FAILURE() << llvm::toString(runner.takeError());
      return nullptr;
    }
    return std::move(*runner);
  }

  mlir::DialectRegistry registry;
  std::unique_ptr<mlir::MLIRContext> context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
};

/// One input and one output per kind, vectors of `n` elements of `type`;
/// sigmoid is written as the event lowering writes it.
std::string makeModule(llvm::ArrayRef<Kind> kinds, const char *type,
                       int64_t n) {
  std::string t = llvm::formatv("tensor<{0}x{1}>", n, type).str();
  std::string args, results, body, returned;
  for (auto [i, kind] : llvm::enumerate(kinds)) {
    args += llvm::formatv("{0}%x{1}: {2}", i ? ", " : "", i, t).str();
    results += llvm::formatv("{0}{1}", i ? ", " : "", t).str();
    returned += llvm::formatv("{0}%r{1}", i ? ", " : "", i).str();
    switch (kind) {
    case Kind::Exp:
      body += llvm::formatv("  %r{0} = math.exp %x{0} : {1}\n", i, t).str();
      break;
    case Kind::Tanh:
      body += llvm::formatv("  %r{0} = math.tanh %x{0} : {1}\n", i, t).str();
      break;
    case Kind::Log:
      body += llvm::formatv("  %r{0} = math.log %x{0} : {1}\n", i, t).str();
      break;
    case Kind::Sigmoid:
      body += llvm::formatv("  %one{0} = arith.constant dense<1.0> : {1}\n"
                            "  %n{0} = arith.negf %x{0} : {1}\n"
                            "  %e{0} = math.exp %n{0} : {1}\n"
                            "  %d{0} = arith.addf %one{0}, %e{0} : {1}\n"
                            "  %r{0} = arith.divf %one{0}, %d{0} : {1}\n",
                            i, t)
                  .str();
      break;
    }
  }
  return llvm::formatv("func.func @main_graph({0}) -> ({1}) {{\n{2}  return "
                       "{3} : {1}\n}\n",
                       args, results, body, returned)
      .str();
}

std::vector<Function> makeFunctions() {
  std::mt19937 rng(42);
  const double inf = INFINITY;
  std::vector<Function> functions = {
      {"exp", Kind::Exp, "[-87.33, 88.72] (normal results)", 5.5, inf, {}},
      {"exp",
       Kind::Exp,
       "[-103.9, -87.34] (subnormal results)",
       inf,
       FLT_MIN,
       {}},
      {"tanh", Kind::Tanh, "[-9, 9] and +-2^[-40, 3)", 4.5, inf, {}},
      {"log",
       Kind::Log,
       "2^[-126, 128) and [0.5, 2] (normal inputs)",
       1.0,
       inf,
       {}},
      {"log",
       Kind::Log,
       "2^[-149, -126) (subnormal inputs)",
       inf,
       23 * std::log(2.0),
       {}},
      {"sigmoid", Kind::Sigmoid, "[-80, 40]", 2.5, inf, {}},
  };
  constexpr int64_t half = kPoints / 2;
  addGrid(functions[0].inputs, -87.33, 88.72, kPoints);
  addGrid(functions[1].inputs, -103.9, -87.34, kPoints);
  addGrid(functions[2].inputs, -9.0, 9.0, half);
  addLogarithmic(functions[2].inputs, -40, 3, half, true, rng);
  addLogarithmic(functions[3].inputs, -126, 128, half, false, rng);
  addGrid(functions[3].inputs, 0.5, 2.0, half);
  addLogarithmic(functions[4].inputs, -149, -126, kPoints, false, rng);
  addGrid(functions[5].inputs, -80.0, 40.0, kPoints);
  return functions;
}

std::vector<Kind> kindsOf(llvm::ArrayRef<Function> functions) {
  std::vector<Kind> kinds;
  for (const Function &f : functions)
    kinds.push_back(f.kind);
  return kinds;
}

TEST_F(TranscendentalAccuracyTest, F32ApproximationsStayWithinTheirBounds) {
  std::vector<Function> functions = makeFunctions();
  std::unique_ptr<HostRunner> runner =
      compile(makeModule(kindsOf(functions), "f32", kPoints));
  ASSERT_TRUE(runner);
  std::vector<rt::Tensor> inputs;
  for (const Function &f : functions) {
    ASSERT_EQ(static_cast<int64_t>(f.inputs.size()), kPoints) << f.name;
    rt::Tensor tensor(rt::DType::F32, {kPoints});
    std::copy(f.inputs.begin(), f.inputs.end(), tensor.as<float>());
    inputs.push_back(std::move(tensor));
  }
  std::vector<rt::Tensor> outputs;
  llvm::Error error = runner->run(inputs, outputs);
  ASSERT_FALSE(error) << llvm::toString(std::move(error));

  std::cout << "| function | inputs | max error (ulp) | at x | max abs error "
               "|\n| --- | --- | --- | --- | --- |\n";
  for (auto [f, output] : llvm::zip(functions, outputs)) {
    double maxUlp = 0.0, maxAbs = 0.0;
    float worst = 0.0f;
    for (int64_t i = 0; i < kPoints; ++i) {
      float x = f.inputs[i];
      double exact = reference(f.kind, x);
      float approx = output.as<float>()[i];
      double ulps = ulpError(approx, exact);
      if (ulps > maxUlp) {
        maxUlp = ulps;
        worst = x;
      }
      maxAbs = std::max(maxAbs, std::fabs(approx - exact));
    }
    std::cout << llvm::formatv("| {0} | {1} | {2:f2} | {3:e} | {4:e} |\n",
                               f.name, f.domain, maxUlp, worst, maxAbs)
                     .str();
    EXPECT_LE(maxUlp, f.ulpBound) << f.name << " at x = " << worst;
    EXPECT_LE(maxAbs, f.absBound) << f.name;
  }
}

TEST_F(TranscendentalAccuracyTest, F32SpecialValues) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> xs = {0.0f,    -0.0f,  1.0f,        -1.0f,  inf,
                                 -inf,    nan,    -100.0f,     100.0f, 1e-30f,
                                 FLT_MIN, 1e-40f, FLT_TRUE_MIN};
  int64_t n = xs.size();
  std::unique_ptr<HostRunner> runner = compile(
      makeModule({Kind::Exp, Kind::Tanh, Kind::Log, Kind::Sigmoid}, "f32", n));
  ASSERT_TRUE(runner);
  std::vector<rt::Tensor> inputs(4, rt::Tensor(rt::DType::F32, {n}));
  for (rt::Tensor &tensor : inputs)
    std::copy(xs.begin(), xs.end(), tensor.as<float>());
  std::vector<rt::Tensor> outputs;
  llvm::Error error = runner->run(inputs, outputs);
  ASSERT_FALSE(error) << llvm::toString(std::move(error));
  const float *e = outputs[0].as<float>(), *t = outputs[1].as<float>(),
              *l = outputs[2].as<float>(), *s = outputs[3].as<float>();
  // exp
  EXPECT_EQ(e[0], 1.0f);
  EXPECT_EQ(e[1], 1.0f);
  EXPECT_EQ(e[4], inf);
  EXPECT_EQ(e[5], 0.0f);
  EXPECT_TRUE(std::isnan(e[6]));
  EXPECT_EQ(e[8], inf);
  EXPECT_EQ(e[7], 0.0f); // flushed: e^-100 is a subnormal 3.7e-44
  // tanh: odd, saturating.
  EXPECT_EQ(t[0], 0.0f);
  EXPECT_EQ(t[4], 1.0f);
  EXPECT_EQ(t[5], -1.0f);
  EXPECT_TRUE(std::isnan(t[6]));
  EXPECT_EQ(t[7], -1.0f);
  EXPECT_EQ(t[8], 1.0f);
  EXPECT_EQ(t[2], -t[3]);
  EXPECT_EQ(t[9], 1e-30f);
  // log
  EXPECT_EQ(l[0], -inf);
  EXPECT_EQ(l[2], 0.0f);
  EXPECT_TRUE(std::isnan(l[3]));
  EXPECT_EQ(l[4], inf);
  EXPECT_TRUE(std::isnan(l[6]));
  // Subnormal inputs are treated as FLT_MIN.
  EXPECT_NEAR(l[10], std::log(FLT_MIN), 1e-5);
  EXPECT_EQ(l[11], l[10]);
  EXPECT_EQ(l[12], l[10]);
  // sigmoid
  EXPECT_EQ(s[0], 0.5f);
  EXPECT_EQ(s[4], 1.0f);
  EXPECT_EQ(s[5], 0.0f);
  EXPECT_EQ(s[8], 1.0f);
}

TEST_F(TranscendentalAccuracyTest, F64IsLibm) {
  std::vector<Function> functions = makeFunctions();
  constexpr int64_t n = 4096;
  std::unique_ptr<HostRunner> runner =
      compile(makeModule(kindsOf(functions), "f64", n));
  ASSERT_TRUE(runner);
  std::vector<rt::Tensor> inputs;
  for (const Function &f : functions) {
    rt::Tensor tensor(rt::DType::F64, {n});
    for (int64_t i = 0; i < n; ++i)
      tensor.as<double>()[i] = f.inputs[i * (kPoints / n)];
    inputs.push_back(std::move(tensor));
  }
  std::vector<rt::Tensor> outputs;
  llvm::Error error = runner->run(inputs, outputs);
  ASSERT_FALSE(error) << llvm::toString(std::move(error));
  for (auto [f, input, output] : llvm::zip(functions, inputs, outputs))
    for (int64_t i = 0; i < n; ++i) {
      double x = input.as<double>()[i];
      ASSERT_EQ(output.as<double>()[i], reference(f.kind, x))
          << f.name << "(" << x << ")";
    }
}

} // namespace
