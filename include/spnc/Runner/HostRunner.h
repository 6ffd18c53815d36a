//===- HostRunner.h - JIT execution of a model on the host ------*- C++ -*-===//
//
// The host reference execution: a module at the event level (event dialect +
// linalg/tensor/arith/math/scf on tensors) is lowered with the host pipeline
// and JIT-compiled with mlir::ExecutionEngine; its entry function is called
// with memref descriptors that point into spnc::rt::Tensor data.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_RUNNER_HOSTRUNNER_H
#define SPNC_RUNNER_HOSTRUNNER_H

#include "spnc/Support/DType.h"
#include "spnc-runtime/Tensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class ExecutionEngine;
} // namespace mlir

namespace spnc {

/// A graph input or output: its name, element type and static shape.
struct TensorSpec {
  std::string name;
  rt::DType dtype = rt::DType::F32;
  std::vector<int64_t> shape;

  /// "float32[1, 3, 2]".
  std::string describe() const;
  /// Whether `tensor` has exactly this dtype and shape.
  bool matches(const rt::Tensor &tensor) const;
};

/// The inputs and outputs of the entry function, in argument/result order.
struct EntrySignature {
  std::string entry;
  std::vector<TensorSpec> inputs;
  std::vector<TensorSpec> outputs;
};

/// The function to run: `entry` if given, else `main_graph` (the ONNX
/// importer's name), else the only public function with a body.
llvm::Expected<std::string> findEntry(mlir::ModuleOp module,
                                      llvm::StringRef entry = "");

/// The signature of `entry` at the tensor level: every argument and result
/// must be a statically shaped tensor of a supported element type. Names are
/// the `onnx.name` argument/result attributes, or `arg<i>` / `result<i>`.
llvm::Expected<EntrySignature> getEntrySignature(mlir::ModuleOp module,
                                                 llvm::StringRef entry);

/// A strided memref descriptor of any rank, laid out as the C interface
/// (`_mlir_ciface_<name>`) reads `StridedMemRefType<T, rank>`:
/// {allocated pointer, aligned pointer, offset, sizes[rank], strides[rank]},
/// all 64-bit words.
class MemRefDescriptor {
public:
  /// A descriptor of the row-major, contiguous `shape` at `data`, offset 0.
  MemRefDescriptor(void *data, llvm::ArrayRef<int64_t> shape);
  /// A descriptor of `tensor`'s data.
  explicit MemRefDescriptor(rt::Tensor &tensor);

  /// The address to pass to the C interface.
  void *get() { return words.data(); }
  size_t getRank() const { return (words.size() - 3) / 2; }
  void *getAllocatedPointer() const;
  void *getAlignedPointer() const;
  int64_t getOffset() const { return words[2]; }
  llvm::ArrayRef<int64_t> getSizes() const;
  llvm::ArrayRef<int64_t> getStrides() const;

private:
  llvm::SmallVector<int64_t, 11> words;
};

struct HostRunnerOptions {
  /// The function to run (see findEntry).
  std::string entry;
  /// LLVM IR optimization level of the JIT (0-3); codegen uses the same.
  unsigned optLevel = 2;
  /// If set, receives the LLVM dialect module the pipeline produced.
  std::string *llvmDialectDump = nullptr;
};

/// A JIT-compiled model.
class HostRunner {
public:
  /// Lowers `module` (modified in place) with the host pipeline and
  /// JIT-compiles it: O2, and floating-point contraction disabled
  /// (AllowFPOpFusion = Strict), so only explicit math.fma ops fuse.
  static llvm::Expected<std::unique_ptr<HostRunner>>
  create(mlir::ModuleOp module, const HostRunnerOptions &options = {});
  ~HostRunner();

  const EntrySignature &getSignature() const { return signature; }

  /// Calls the entry once. `inputs` are in signature order and must match it
  /// exactly; `outputs` is resized and filled in signature order.
  llvm::Error run(llvm::ArrayRef<rt::Tensor> inputs,
                  std::vector<rt::Tensor> &outputs);

private:
  HostRunner() = default;

  EntrySignature signature;
  std::unique_ptr<mlir::ExecutionEngine> engine;
};

} // namespace spnc

#endif // SPNC_RUNNER_HOSTRUNNER_H
