//===- ONNXToEvent.h - Converter registry for onnx.node ---------*- C++ -*-===//
//
// A converter turns one `onnx.node` into values of the event and upstream
// dialects. Converters are registered per (domain, op type, opset range), the
// way ONNX versions its operators, so a new opset's semantics get a new entry
// instead of a branch buried in an old one.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_CONVERSION_ONNXTOEVENT_ONNXTOEVENT_H
#define SPNC_CONVERSION_ONNXTOEVENT_ONNXTOEVENT_H

#include "spnc/Dialect/ONNX/ONNXDialect.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringMap.h"

#include <functional>

namespace spnc {

/// Produces one value per node result (a null value for an optional output
/// that the converter does not compute; using such a result is an error).
/// On failure the converter has already emitted a diagnostic on the node.
using ONNXConvertFn = std::function<mlir::LogicalResult(
    onnxir::NodeOp node, mlir::OpBuilder &builder,
    llvm::SmallVectorImpl<mlir::Value> &results)>;

class ONNXConverterRegistry {
public:
  /// Registers `convert` for opsets [sinceOpset, untilOpset] of `opType` in
  /// `domain` ("" is the default ai.onnx domain).
  void add(llvm::StringRef domain, llvm::StringRef opType, int64_t sinceOpset,
           int64_t untilOpset, ONNXConvertFn convert);
  void add(llvm::StringRef opType, int64_t sinceOpset, int64_t untilOpset,
           ONNXConvertFn convert) {
    add("", opType, sinceOpset, untilOpset, std::move(convert));
  }

  /// The converter for `node`, or null when there is none.
  const ONNXConvertFn *lookup(onnxir::NodeOp node) const;
  /// The same for an op not imported yet (e.g. a NodeProto).
  const ONNXConvertFn *lookup(llvm::StringRef domain, llvm::StringRef opType,
                              int64_t opset) const;

  /// The opset ranges registered for an op type, for diagnostics.
  std::string describeSupportedOpsets(llvm::StringRef domain,
                                      llvm::StringRef opType) const;

private:
  struct Entry {
    int64_t sinceOpset;
    int64_t untilOpset;
    ONNXConvertFn convert;
  };
  llvm::StringMap<llvm::SmallVector<Entry, 2>> entries;
};

/// Highest opset of the default domain that the converters understand.
constexpr int64_t kMaxSupportedOpset = 17;

void populateONNXConstantConverters(ONNXConverterRegistry &registry);
void populateONNXElementwiseConverters(ONNXConverterRegistry &registry);
void populateONNXMatMulConverters(ONNXConverterRegistry &registry);
void populateONNXShapeConverters(ONNXConverterRegistry &registry);
void populateONNXReductionConverters(ONNXConverterRegistry &registry);
void populateONNXNormalizationConverters(ONNXConverterRegistry &registry);
void populateONNXRecurrentConverters(ONNXConverterRegistry &registry);

/// All of the above.
void populateAllONNXConverters(ONNXConverterRegistry &registry);

} // namespace spnc

#endif // SPNC_CONVERSION_ONNXTOEVENT_ONNXTOEVENT_H
