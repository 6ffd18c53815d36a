//===- ConverterRegistry.cpp - Converters keyed by op type and opset ------===//
#include "spnc/Conversion/ONNXToEvent/ONNXToEvent.h"

#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace spnc {

static std::string registryKey(llvm::StringRef domain, llvm::StringRef opType) {
  // "ai.onnx" and "" name the same default domain.
  if (domain == "ai.onnx")
    domain = "";
  return (domain + "::" + opType).str();
}

void ONNXConverterRegistry::add(llvm::StringRef domain,
                                llvm::StringRef opType, int64_t sinceOpset,
                                int64_t untilOpset, ONNXConvertFn convert) {
  entries[registryKey(domain, opType)].push_back(
      Entry{sinceOpset, untilOpset, std::move(convert)});
}

const ONNXConvertFn *ONNXConverterRegistry::lookup(onnxir::NodeOp node) const {
  return lookup(node.getDomain(), node.getOpType(), node.getOpset());
}

const ONNXConvertFn *ONNXConverterRegistry::lookup(llvm::StringRef domain,
                                                   llvm::StringRef opType,
                                                   int64_t opset) const {
  auto it = entries.find(registryKey(domain, opType));
  if (it == entries.end())
    return nullptr;
  for (const Entry &entry : it->second)
    if (entry.sinceOpset <= opset && opset <= entry.untilOpset)
      return &entry.convert;
  return nullptr;
}

std::string
ONNXConverterRegistry::describeSupportedOpsets(llvm::StringRef domain,
                                               llvm::StringRef opType) const {
  auto it = entries.find(registryKey(domain, opType));
  if (it == entries.end())
    return "";
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(it->second, os, [&](const Entry &entry) {
    os << entry.sinceOpset << "-" << entry.untilOpset;
  });
  return text;
}

void populateAllONNXConverters(ONNXConverterRegistry &registry) {
  populateONNXConstantConverters(registry);
  populateONNXElementwiseConverters(registry);
  populateONNXMatMulConverters(registry);
  populateONNXShapeConverters(registry);
  populateONNXReductionConverters(registry);
  populateONNXNormalizationConverters(registry);
  populateONNXRecurrentConverters(registry);
}

} // namespace spnc
