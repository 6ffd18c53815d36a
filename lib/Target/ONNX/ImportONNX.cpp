//===- ImportONNX.cpp - ONNX model to the onnx dialect --------------------===//
//
// The importer knows ONNX's file formats and type system but no operator
// semantics: every node becomes one generic `onnx.node`. Validation is left
// to libonnx (checker, shape inference) so that what we accept is exactly
// what ONNX calls a valid model, and our diagnostics only add where we are
// stricter (static shapes, no subgraphs).
//
// This file is compiled with exceptions enabled: libonnx reports checker and
// inference failures by throwing.
//
//===----------------------------------------------------------------------===//
#include "spnc/Target/ONNX/ImportONNX.h"

#include "spnc/Dialect/ONNX/ONNXDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <onnx/checker.h>
#include <onnx/defs/parser.h>
#include <onnx/defs/schema.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <cstring>
#include <mutex>

using namespace mlir;

namespace spnc {
namespace {

/// Largest tensor we agree to materialise (elements); beyond any SRAM or
/// host budget, and a guard against corrupt dimensions.
constexpr int64_t kMaxTensorElements = int64_t(1) << 32;

class Importer {
public:
  Importer(MLIRContext *context, llvm::StringRef fileName,
           const ONNXImportOptions &options)
      : context(context), builder(context), fileName(fileName.str()),
        options(options) {}

  OwningOpRef<ModuleOp> import(onnx::ModelProto &model);

private:
  InFlightDiagnostic emitFileError() {
    return mlir::emitError(FileLineColLoc::get(context, fileName, 0, 0));
  }

  LogicalResult validateAndInfer(onnx::ModelProto &model);
  FailureOr<Type> convertElementType(int32_t dataType, llvm::StringRef what);
  FailureOr<RankedTensorType> convertValueType(const onnx::TypeProto &type,
                                               llvm::StringRef valueName);
  FailureOr<ElementsAttr> convertTensor(const onnx::TensorProto &tensor,
                                        llvm::StringRef what);
  FailureOr<NamedAttribute> convertAttribute(const onnx::AttributeProto &attr,
                                             const onnx::NodeProto &node,
                                             llvm::StringRef nodeName,
                                             Location loc);
  LogicalResult importNode(const onnx::NodeProto &node, size_t index);
  Location nodeLoc(const onnx::NodeProto &node, size_t index);
  Value getAbsent();

  MLIRContext *context;
  OpBuilder builder;
  std::string fileName;
  const ONNXImportOptions &options;

  llvm::StringMap<int64_t> opsets;
  llvm::StringMap<const onnx::TypeProto *> valueTypes;
  llvm::StringMap<Value> values;
  Value absent;
  Block *body = nullptr;
};

} // namespace

static std::string dataTypeName(int32_t dataType) {
  if (onnx::TensorProto_DataType_IsValid(dataType))
    return onnx::TensorProto_DataType_Name(
        static_cast<onnx::TensorProto_DataType>(dataType));
  return "data type " + std::to_string(dataType);
}

FailureOr<Type> Importer::convertElementType(int32_t dataType,
                                             llvm::StringRef what) {
  auto signedInt = [&](unsigned width) -> Type {
    return IntegerType::get(context, width);
  };
  auto unsignedInt = [&](unsigned width) -> Type {
    return IntegerType::get(context, width, IntegerType::Unsigned);
  };
  switch (dataType) {
  case onnx::TensorProto::FLOAT:
    return Type(Float32Type::get(context));
  case onnx::TensorProto::DOUBLE:
    return Type(Float64Type::get(context));
  case onnx::TensorProto::FLOAT16:
    return Type(Float16Type::get(context));
  case onnx::TensorProto::BFLOAT16:
    return Type(BFloat16Type::get(context));
  case onnx::TensorProto::BOOL:
    return signedInt(1);
  case onnx::TensorProto::INT8:
    return signedInt(8);
  case onnx::TensorProto::INT16:
    return signedInt(16);
  case onnx::TensorProto::INT32:
    return signedInt(32);
  case onnx::TensorProto::INT64:
    return signedInt(64);
  case onnx::TensorProto::UINT8:
    return unsignedInt(8);
  case onnx::TensorProto::UINT16:
    return unsignedInt(16);
  case onnx::TensorProto::UINT32:
    return unsignedInt(32);
  case onnx::TensorProto::UINT64:
    return unsignedInt(64);
  default:
    emitFileError() << what << " has unsupported element type "
                    << dataTypeName(dataType);
    return failure();
  }
}

FailureOr<RankedTensorType>
Importer::convertValueType(const onnx::TypeProto &type,
                           llvm::StringRef valueName) {
  if (!type.has_tensor_type()) {
    emitFileError() << "value '" << valueName
                    << "' is not a tensor; sequences, maps and optionals are "
                       "not supported";
    return failure();
  }
  const onnx::TypeProto_Tensor &tensorType = type.tensor_type();
  FailureOr<Type> elementType =
      convertElementType(tensorType.elem_type(), "value '" + valueName.str() + "'");
  if (failed(elementType))
    return failure();
  if (!tensorType.has_shape()) {
    emitFileError() << "the rank of value '" << valueName
                    << "' is unknown after shape inference; spnc needs "
                       "static shapes";
    return failure();
  }
  llvm::SmallVector<int64_t> shape;
  llvm::SmallVector<std::string> unknown;
  for (const auto &dim : tensorType.shape().dim()) {
    if (dim.has_dim_value() && dim.dim_value() >= 0) {
      shape.push_back(dim.dim_value());
      continue;
    }
    shape.push_back(ShapedType::kDynamic);
    unknown.push_back(dim.has_dim_param() ? "'" + dim.dim_param() + "'"
                                          : std::string("?"));
  }
  if (!unknown.empty()) {
    InFlightDiagnostic diag = emitFileError();
    diag << "value '" << valueName << "' has dynamic dimension(s) "
         << llvm::join(unknown, ", ")
         << " after shape inference; spnc needs static shapes";
    bool anyNamed = llvm::any_of(
        unknown, [](const std::string &dim) { return dim != "?"; });
    if (anyNamed)
      diag << " (give symbolic dimensions a value with --onnx-dim=NAME=N)";
    return failure();
  }
  return RankedTensorType::get(shape, *elementType);
}

/// Copies the typed repeated field `field` into `buffer` as `Storage`.
template <typename Storage, typename Field>
static void appendField(const Field &field, std::vector<char> &buffer) {
  for (auto value : field) {
    Storage stored = static_cast<Storage>(value);
    const char *bytes = reinterpret_cast<const char *>(&stored);
    buffer.insert(buffer.end(), bytes, bytes + sizeof(Storage));
  }
}

FailureOr<ElementsAttr> Importer::convertTensor(const onnx::TensorProto &tensor,
                                                llvm::StringRef what) {
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    emitFileError() << what
                    << " stores its data in an external file, which spnc "
                       "does not read; save the model with its data inside";
    return failure();
  }
  FailureOr<Type> elementType = convertElementType(tensor.data_type(), what);
  if (failed(elementType))
    return failure();
  llvm::SmallVector<int64_t> shape;
  int64_t numElements = 1;
  for (int64_t dim : tensor.dims()) {
    if (dim < 0 || (dim > 0 && numElements > kMaxTensorElements / dim)) {
      emitFileError() << what << " has an invalid or oversized shape";
      return failure();
    }
    shape.push_back(dim);
    numElements *= dim;
  }
  auto type = RankedTensorType::get(shape, *elementType);
  unsigned bitWidth = elementType->getIntOrFloatBitWidth();
  size_t elementBytes = bitWidth == 1 ? 1 : bitWidth / 8;

  // Gather the data as little-endian elements of `elementBytes` each, the
  // layout of both raw_data and MLIR's dense storage.
  std::vector<char> buffer;
  if (tensor.has_raw_data()) {
    buffer.assign(tensor.raw_data().begin(), tensor.raw_data().end());
  } else {
    switch (tensor.data_type()) {
    case onnx::TensorProto::FLOAT:
      appendField<float>(tensor.float_data(), buffer);
      break;
    case onnx::TensorProto::DOUBLE:
      appendField<double>(tensor.double_data(), buffer);
      break;
    case onnx::TensorProto::INT64:
      appendField<int64_t>(tensor.int64_data(), buffer);
      break;
    case onnx::TensorProto::UINT32:
      appendField<uint32_t>(tensor.uint64_data(), buffer);
      break;
    case onnx::TensorProto::UINT64:
      appendField<uint64_t>(tensor.uint64_data(), buffer);
      break;
    case onnx::TensorProto::INT32:
      appendField<int32_t>(tensor.int32_data(), buffer);
      break;
    case onnx::TensorProto::INT16:
    case onnx::TensorProto::UINT16:
    case onnx::TensorProto::FLOAT16:
    case onnx::TensorProto::BFLOAT16:
      appendField<uint16_t>(tensor.int32_data(), buffer);
      break;
    case onnx::TensorProto::INT8:
    case onnx::TensorProto::UINT8:
    case onnx::TensorProto::BOOL:
      appendField<uint8_t>(tensor.int32_data(), buffer);
      break;
    default:
      break;
    }
  }
  size_t expectedBytes = static_cast<size_t>(numElements) * elementBytes;
  if (buffer.size() != expectedBytes) {
    emitFileError() << what << " holds " << buffer.size()
                    << " bytes of data but its shape and type need "
                    << expectedBytes;
    return failure();
  }

  if (bitWidth == 1) {
    llvm::SmallVector<bool> bits;
    for (char byte : buffer)
      bits.push_back(byte != 0);
    return ElementsAttr(DenseElementsAttr::get(type, llvm::ArrayRef(bits)));
  }
  if (numElements > options.resourceBlobThreshold) {
    std::string blobName = tensor.name().empty() ? "onnx_tensor" : tensor.name();
    AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
        llvm::ArrayRef<char>(buffer), elementBytes);
    return ElementsAttr(
        DenseResourceElementsAttr::get(type, blobName, std::move(blob)));
  }
  return ElementsAttr(DenseElementsAttr::getFromRawBuffer(
      type, llvm::ArrayRef<char>(buffer)));
}

FailureOr<NamedAttribute>
Importer::convertAttribute(const onnx::AttributeProto &attr,
                           const onnx::NodeProto &node,
                           llvm::StringRef nodeName, Location loc) {
  StringAttr name = builder.getStringAttr(attr.name());
  switch (attr.type()) {
  case onnx::AttributeProto::FLOAT:
    return NamedAttribute(name, builder.getF32FloatAttr(attr.f()));
  case onnx::AttributeProto::INT:
    return NamedAttribute(name, builder.getI64IntegerAttr(attr.i()));
  case onnx::AttributeProto::STRING:
    return NamedAttribute(name, builder.getStringAttr(attr.s()));
  case onnx::AttributeProto::INTS:
    return NamedAttribute(
        name, builder.getDenseI64ArrayAttr(llvm::SmallVector<int64_t>(
                  attr.ints().begin(), attr.ints().end())));
  case onnx::AttributeProto::FLOATS:
    return NamedAttribute(
        name, builder.getDenseF32ArrayAttr(llvm::SmallVector<float>(
                  attr.floats().begin(), attr.floats().end())));
  case onnx::AttributeProto::STRINGS: {
    llvm::SmallVector<Attribute> strings;
    for (const std::string &value : attr.strings())
      strings.push_back(builder.getStringAttr(value));
    return NamedAttribute(name, builder.getArrayAttr(strings));
  }
  case onnx::AttributeProto::TENSOR: {
    FailureOr<ElementsAttr> value = convertTensor(
        attr.t(),
        "attribute '" + attr.name() + "' of node '" + nodeName.str() + "'");
    if (failed(value))
      return failure();
    return NamedAttribute(name, *value);
  }
  default:
    mlir::emitError(loc) << "node '" << nodeName << "' (" << node.op_type()
                    << ") has attribute '" << attr.name() << "' of type "
                    << onnx::AttributeProto_AttributeType_Name(attr.type())
                    << ", which spnc does not support (subgraphs, sparse "
                       "tensors and type attributes are not imported)";
    return failure();
  }
}

Location Importer::nodeLoc(const onnx::NodeProto &node, size_t index) {
  std::string name = node.name();
  if (name.empty())
    name = node.op_type() + "_" + std::to_string(index);
  return NameLoc::get(builder.getStringAttr(name),
                      FileLineColLoc::get(context, fileName, 0, 0));
}

Value Importer::getAbsent() {
  if (!absent) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(body);
    absent = onnxir::AbsentOp::create(builder, builder.getUnknownLoc(),
                                      builder.getNoneType());
  }
  return absent;
}

LogicalResult Importer::importNode(const onnx::NodeProto &node, size_t index) {
  Location loc = nodeLoc(node, index);
  std::string displayName = node.name().empty()
                                ? node.op_type() + "_" + std::to_string(index)
                                : node.name();
  llvm::SmallVector<Value> inputs;
  for (const std::string &input : node.input()) {
    if (input.empty()) {
      inputs.push_back(getAbsent());
      continue;
    }
    auto it = values.find(input);
    if (it == values.end())
      return mlir::emitError(loc)
             << "node '" << displayName << "' reads '" << input
             << "', which no earlier node, input or initializer defines";
    inputs.push_back(it->second);
  }

  llvm::SmallVector<Type> resultTypes;
  for (const std::string &output : node.output()) {
    if (output.empty()) {
      resultTypes.push_back(builder.getNoneType());
      continue;
    }
    auto it = valueTypes.find(output);
    if (it == valueTypes.end())
      return mlir::emitError(loc)
             << "shape inference could not determine the type of '" << output
             << "', output of node '" << displayName << "' ("
             << node.op_type() << ")";
    FailureOr<RankedTensorType> type = convertValueType(*it->second, output);
    if (failed(type))
      return mlir::emitError(loc) << "in output of node '" << displayName
                                  << "' (" << node.op_type() << ")";
    resultTypes.push_back(*type);
  }

  llvm::SmallVector<NamedAttribute> attrs;
  for (const onnx::AttributeProto &attr : node.attribute()) {
    FailureOr<NamedAttribute> converted =
        convertAttribute(attr, node, displayName, loc);
    if (failed(converted))
      return failure();
    attrs.push_back(*converted);
  }

  std::string domain = node.domain() == "ai.onnx" ? "" : node.domain();
  auto opset = opsets.find(domain);
  if (opset == opsets.end())
    return mlir::emitError(loc) << "node '" << displayName
                                << "' uses domain '" << domain
                                << "', which the model does not import";

  auto op = onnxir::NodeOp::create(
      builder, loc, resultTypes, builder.getStringAttr(node.op_type()),
      builder.getStringAttr(domain), builder.getI64IntegerAttr(opset->second),
      builder.getDictionaryAttr(attrs), inputs);
  for (auto [output, result] : llvm::zip(node.output(), op->getResults()))
    if (!output.empty())
      values[output] = result;
  return success();
}

LogicalResult Importer::validateAndInfer(onnx::ModelProto &model) {
  if (!model.has_graph() || model.ir_version() <= 0) {
    emitFileError() << "'" << fileName << "' is not an ONNX model"
                    << (model.has_graph() ? " (no IR version)" : " (no graph)");
    return failure();
  }
  if (model.functions_size() > 0) {
    emitFileError() << "model-local functions are not supported ('"
                    << model.functions(0).name() << "')";
    return failure();
  }
  // Before the checker, which would look for the data file relative to the
  // working directory and report something less helpful.
  for (const auto &initializer : model.graph().initializer()) {
    if (initializer.data_location() == onnx::TensorProto::EXTERNAL) {
      emitFileError() << "initializer '" << initializer.name()
                      << "' stores its data in an external file, which spnc "
                         "does not read; save the model with its data inside";
      return failure();
    }
  }
  // Bind symbolic input dimensions before inference so they propagate.
  for (auto &input : *model.mutable_graph()->mutable_input()) {
    if (!input.type().has_tensor_type())
      continue;
    auto *shape = input.mutable_type()->mutable_tensor_type()->mutable_shape();
    for (auto &dim : *shape->mutable_dim()) {
      if (!dim.has_dim_param())
        continue;
      auto it = options.dimParams.find(dim.dim_param());
      if (it != options.dimParams.end())
        dim.set_dim_value(it->second);
    }
  }
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &error) {
    emitFileError() << "'" << fileName
                    << "' fails the ONNX checker: " << error.what();
    return failure();
  }
  try {
    onnx::ShapeInferenceOptions inferenceOptions(/*check_type=*/true,
                                                 /*error_mode=*/1,
                                                 /*enable_data_propagation=*/true);
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                       inferenceOptions);
  } catch (const std::exception &error) {
    emitFileError() << "ONNX shape inference failed on '" << fileName
                    << "': " << error.what();
    return failure();
  }
  return success();
}

OwningOpRef<ModuleOp> Importer::import(onnx::ModelProto &model) {
  if (failed(validateAndInfer(model)))
    return nullptr;
  context->loadDialect<onnxir::ONNXDialect, func::FuncDialect,
                       arith::ArithDialect>();

  for (const auto &opset : model.opset_import())
    opsets[opset.domain() == "ai.onnx" ? "" : opset.domain()] = opset.version();

  const onnx::GraphProto &graph = model.graph();
  for (const auto &input : graph.input())
    valueTypes[input.name()] = &input.type();
  for (const auto &info : graph.value_info())
    valueTypes[info.name()] = &info.type();
  for (const auto &output : graph.output())
    valueTypes[output.name()] = &output.type();
  if (graph.sparse_initializer_size() > 0) {
    emitFileError() << "sparse initializers are not supported ('"
                    << graph.sparse_initializer(0).values().name() << "')";
    return nullptr;
  }

  Location fileLoc = FileLineColLoc::get(context, fileName, 0, 0);
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  llvm::SmallVector<NamedAttribute> moduleAttrs;
  moduleAttrs.push_back(builder.getNamedAttr(
      "onnx.ir_version", builder.getI64IntegerAttr(model.ir_version())));
  if (!model.producer_name().empty())
    moduleAttrs.push_back(builder.getNamedAttr(
        "onnx.producer", builder.getStringAttr(model.producer_name())));
  llvm::SmallVector<NamedAttribute> opsetAttrs;
  for (const auto &opset : opsets)
    opsetAttrs.push_back(builder.getNamedAttr(
        opset.getKey().empty() ? "ai.onnx" : opset.getKey(),
        builder.getI64IntegerAttr(opset.getValue())));
  moduleAttrs.push_back(builder.getNamedAttr(
      "onnx.opset_import", builder.getDictionaryAttr(opsetAttrs)));
  for (const NamedAttribute &attr : moduleAttrs)
    (*module)->setAttr(attr.getName(), attr.getValue());

  // Inputs that are also initializers are constants with a default, as ONNX
  // allows before IR version 4; spnc treats them as constants.
  llvm::StringSet<> initializerNames;
  for (const auto &initializer : graph.initializer())
    initializerNames.insert(initializer.name());

  llvm::SmallVector<Type> argTypes;
  llvm::SmallVector<std::string> argNames;
  for (const auto &input : graph.input()) {
    if (initializerNames.contains(input.name()))
      continue;
    FailureOr<RankedTensorType> type =
        convertValueType(input.type(), input.name());
    if (failed(type)) {
      emitFileError() << "in graph input '" << input.name() << "'";
      return nullptr;
    }
    argTypes.push_back(*type);
    argNames.push_back(input.name());
  }
  llvm::SmallVector<Type> resultTypes;
  for (const auto &output : graph.output()) {
    FailureOr<RankedTensorType> type =
        convertValueType(output.type(), output.name());
    if (failed(type)) {
      emitFileError() << "in graph output '" << output.name() << "'";
      return nullptr;
    }
    resultTypes.push_back(*type);
  }

  builder.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(builder, fileLoc, "main_graph",
                                   builder.getFunctionType(argTypes, resultTypes));
  if (!graph.name().empty())
    func->setAttr("onnx.graph_name", builder.getStringAttr(graph.name()));
  body = func.addEntryBlock();
  for (auto [index, name] : llvm::enumerate(argNames)) {
    func.setArgAttr(index, "onnx.name", builder.getStringAttr(name));
    values[name] = body->getArgument(index);
  }
  for (auto [index, output] : llvm::enumerate(graph.output()))
    func.setResultAttr(index, "onnx.name", builder.getStringAttr(output.name()));

  builder.setInsertionPointToEnd(body);
  for (const auto &initializer : graph.initializer()) {
    FailureOr<ElementsAttr> value =
        convertTensor(initializer, "initializer '" + initializer.name() + "'");
    if (failed(value))
      return nullptr;
    Location loc = NameLoc::get(builder.getStringAttr(initializer.name()), fileLoc);
    values[initializer.name()] =
        arith::ConstantOp::create(builder, loc, cast<TypedAttr>(*value));
  }
  for (auto [index, node] : llvm::enumerate(graph.node()))
    if (failed(importNode(node, index)))
      return nullptr;

  llvm::SmallVector<Value> results;
  for (const auto &output : graph.output()) {
    auto it = values.find(output.name());
    if (it == values.end()) {
      emitFileError() << "graph output '" << output.name()
                      << "' is not produced by any node";
      return nullptr;
    }
    results.push_back(it->second);
  }
  func::ReturnOp::create(builder, fileLoc, results);

  if (failed(verify(*module)))
    return nullptr;
  return module;
}

llvm::Error parseDimParams(llvm::ArrayRef<std::string> entries,
                           ONNXImportOptions &options) {
  for (const std::string &entry : entries) {
    auto [name, value] = llvm::StringRef(entry).split('=');
    int64_t size;
    if (name.empty() || value.getAsInteger(10, size) || size <= 0)
      return llvm::createStringError(
          "--onnx-dim expects NAME=N with N > 0, got '" + entry + "'");
    options.dimParams[name] = size;
  }
  return llvm::Error::success();
}

static bool looksLikeText(llvm::StringRef buffer) {
  llvm::StringRef trimmed = buffer.ltrim();
  return trimmed.starts_with("<") || trimmed.starts_with("#");
}

OwningOpRef<ModuleOp> importONNXBuffer(llvm::StringRef buffer,
                                       llvm::StringRef bufferName,
                                       MLIRContext *context,
                                       const ONNXImportOptions &options) {
  registerSPNCONNXSchemas();
  Location fileLoc = FileLineColLoc::get(context, bufferName, 0, 0);
  onnx::ModelProto model;
  bool textual = bufferName.ends_with(".onnxtxt") ||
                 bufferName.ends_with(".onnx.txt");
  if (!textual) {
    if (buffer.size() > static_cast<size_t>(INT32_MAX)) {
      mlir::emitError(fileLoc) << "'" << bufferName
                               << "' is larger than protobuf's 2 GiB limit";
      return nullptr;
    }
    if (!model.ParseFromArray(buffer.data(), static_cast<int>(buffer.size()))) {
      if (!looksLikeText(buffer)) {
        mlir::emitError(fileLoc)
            << "'" << bufferName
            << "' is not a valid binary ONNX model (protobuf parsing failed: "
               "the file is truncated, corrupt or not ONNX)";
        return nullptr;
      }
      textual = true;
    }
  }
  if (textual) {
    model.Clear();
    std::string text = buffer.str();
    onnx::Common::Status status = onnx::OnnxParser::Parse(model, text.c_str());
    if (!status.IsOK()) {
      mlir::emitError(fileLoc) << "cannot parse '" << bufferName
                               << "' as ONNX text: " << status.ErrorMessage();
      return nullptr;
    }
  }
  Importer importer(context, bufferName, options);
  return importer.import(model);
}

OwningOpRef<ModuleOp> importONNXFile(llvm::StringRef path,
                                     MLIRContext *context,
                                     const ONNXImportOptions &options) {
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false);
  if (std::error_code error = file.getError()) {
    mlir::emitError(fileLoc) << "cannot open '" << path
                             << "': " << error.message();
    return nullptr;
  }
  return importONNXBuffer((*file)->getBuffer(), path, context, options);
}

} // namespace spnc
