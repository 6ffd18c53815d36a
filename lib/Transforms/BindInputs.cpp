//===- BindInputs.cpp - Graph inputs that become constants ----------------===//
//
// `--bind-input=NAME=FILE`: the input NAME of the entry function becomes an
// arith.constant with FILE's tensor and leaves the signature. SpiNNaker 2
// needs constant weights, and some models (ONNX's recurrent node tests) pass
// theirs as graph inputs.
//
//===----------------------------------------------------------------------===//
#include "spnc/Transforms/Passes.h"
#include "EntryFunction.h"
#include "spnc/Support/DType.h"

#include "spnc-runtime/Tensor.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/BuiltinDialect.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/StringMap.h"

namespace spnc {
#define GEN_PASS_DEF_BINDINPUTS
#include "spnc/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;

namespace spnc {
namespace {

std::string describe(RankedTensorType type) {
  std::optional<rt::DType> dtype = getDType(type.getElementType());
  std::string text;
  llvm::raw_string_ostream os(text);
  if (dtype)
    os << rt::dtypeName(*dtype);
  else
    os << type.getElementType();
  os << "[";
  llvm::interleaveComma(type.getShape(), os);
  os << "]";
  return text;
}

/// The constant for `tensor`, whose dtype and shape match `type`. Like the
/// ONNX importer's initializers, large tensors become resource blobs.
ElementsAttr makeConstant(RankedTensorType type, const rt::Tensor &tensor,
                          llvm::StringRef name) {
  constexpr int64_t kResourceBlobThreshold = 64;
  if (type.getElementType().isInteger(1)) {
    llvm::SmallVector<bool> bits;
    for (uint8_t byte : tensor.data)
      bits.push_back(byte != 0);
    return DenseElementsAttr::get(type, llvm::ArrayRef(bits));
  }
  llvm::ArrayRef<char> raw(reinterpret_cast<const char *>(tensor.data.data()),
                           tensor.data.size());
  if (type.getNumElements() > kResourceBlobThreshold) {
    AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
        raw, rt::dtypeSize(tensor.dtype));
    return DenseResourceElementsAttr::get(type, name, std::move(blob));
  }
  return DenseElementsAttr::getFromRawBuffer(type, raw);
}

struct BindInputsPass : public impl::BindInputsBase<BindInputsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (bindings.empty())
      return;
    ModuleOp module = getOperation();
    func::FuncOp func = findEntryFunction(module, function, "--bind-input");
    if (!func)
      return signalPassFailure();

    llvm::StringMap<unsigned> argumentOf;
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      argumentOf[argumentName(func, i)] = i;
    auto listInputs = [&]() {
      std::string text;
      for (unsigned i = 0; i < func.getNumArguments(); ++i)
        text += (i ? ", '" : "'") + argumentName(func, i) + "'";
      return text.empty() ? std::string("none") : text;
    };

    llvm::BitVector erased(func.getNumArguments());
    OpBuilder builder = OpBuilder::atBlockBegin(&func.getBody().front());
    bool ok = true;
    for (const std::string &entry : bindings) {
      auto [name, path] = llvm::StringRef(entry).split('=');
      if (name.empty() || path.empty()) {
        module.emitError() << "--bind-input expects NAME=FILE, got '" << entry
                           << "'";
        ok = false;
        continue;
      }
      auto it = argumentOf.find(name);
      if (it == argumentOf.end()) {
        module.emitError() << "--bind-input: the model has no input '" << name
                           << "' (its inputs: " << listInputs() << ")";
        ok = false;
        continue;
      }
      unsigned index = it->second;
      if (erased.test(index)) {
        module.emitError() << "--bind-input: input '" << name
                           << "' is bound twice";
        ok = false;
        continue;
      }
      auto type = dyn_cast<RankedTensorType>(func.getArgument(index).getType());
      std::optional<rt::DType> dtype =
          type && type.hasStaticShape() ? getDType(type.getElementType())
                                        : std::nullopt;
      if (!dtype) {
        module.emitError() << "--bind-input: input '" << name << "' has type "
                           << func.getArgument(index).getType()
                           << ", which cannot be read from a file";
        ok = false;
        continue;
      }
      rt::TensorReadResult read = rt::readTensorFile(path.str());
      if (!read) {
        module.emitError() << "--bind-input: cannot read input '" << name
                           << "' from '" << path << "': " << read.error;
        ok = false;
        continue;
      }
      if (read.tensor.dtype != *dtype ||
          llvm::ArrayRef(read.tensor.shape) != type.getShape()) {
        module.emitError() << "--bind-input: '" << path << "' holds "
                           << read.tensor.describe() << " but input '" << name
                           << "' is " << describe(type);
        ok = false;
        continue;
      }
      Location loc = NameLoc::get(builder.getStringAttr(name), func.getLoc());
      auto constant = arith::ConstantOp::create(
          builder, loc, cast<TypedAttr>(makeConstant(type, read.tensor, name)));
      func.getArgument(index).replaceAllUsesWith(constant);
      erased.set(index);
    }
    if (!ok)
      return signalPassFailure();
    if (failed(func.eraseArguments(erased))) {
      func.emitError() << "--bind-input: cannot remove the bound inputs";
      return signalPassFailure();
    }
  }
};

} // namespace
} // namespace spnc
