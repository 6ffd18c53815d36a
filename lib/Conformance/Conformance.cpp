//===- Conformance.cpp - ONNX node tests on the host reference ------------===//
//
// One test: read the model and its data sets; skip it if it needs something
// spnc deliberately does not support (checked on the ModelProto first, so
// the reason names the operator or feature); bind the integer-typed graph
// inputs of a data set as initializers; import, legalize, lower and JIT it;
// run every data set and compare the outputs. Diagnostics are collected per
// test, and a crash fails the test instead of the runner.
//
//===----------------------------------------------------------------------===//
#include "spnc/Conformance/Conformance.h"

#include "spnc/Conversion/ONNXToEvent/ONNXToEvent.h"
#include "spnc/Pipelines/Pipelines.h"
#include "spnc/Runner/HostRunner.h"
#include "spnc/Target/ONNX/ImportONNX.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <map>

using namespace mlir;
using namespace spnc;
using namespace spnc::conformance;

const char *spnc::conformance::getStatusName(Status status) {
  switch (status) {
  case Status::Pass:
    return "PASS";
  case Status::Fail:
    return "FAIL";
  case Status::Skip:
    return "SKIP";
  }
  return "?";
}

llvm::Expected<std::vector<NodeTest>>
spnc::conformance::findNodeTests(llvm::StringRef dataDir,
                                 const llvm::Regex *filter,
                                 const llvm::Regex *filterOut) {
  std::vector<NodeTest> tests;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dataDir, ec), end; it != end && !ec;
       it.increment(ec)) {
    llvm::SmallString<256> model(it->path());
    llvm::sys::path::append(model, "model.onnx");
    if (!llvm::sys::fs::exists(model))
      continue;
    std::string name = llvm::sys::path::filename(it->path()).str();
    if (filter && !filter->match(name))
      continue;
    if (filterOut && filterOut->match(name))
      continue;
    tests.push_back({name, it->path()});
  }
  if (ec)
    return llvm::createStringError(ec, "cannot read '" + dataDir +
                                           "': " + ec.message());
  llvm::sort(tests, [](const NodeTest &a, const NodeTest &b) {
    return a.name < b.name;
  });
  return tests;
}

namespace {

//===----------------------------------------------------------------------===//
// Test data
//===----------------------------------------------------------------------===//

/// One test_data_set_N directory.
struct DataSet {
  std::string name;
  /// The serialized input TensorProtos (to bind as initializers) and the
  /// tensors read from them, in graph input order.
  std::vector<std::string> inputBytes;
  std::vector<rt::Tensor> inputs;
  std::vector<rt::Tensor> outputs;
};

std::string readFile(llvm::StringRef path, std::string &error) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer) {
    error = "cannot read '" + path.str() + "': " + buffer.getError().message();
    return "";
  }
  return (*buffer)->getBuffer().str();
}

/// Reads `<dir>/<prefix>_0.pb`, `_1.pb`, ... until one is missing.
bool readTensors(llvm::StringRef dir, llvm::StringRef prefix,
                 std::vector<std::string> &bytes,
                 std::vector<rt::Tensor> &tensors, std::string &error) {
  for (unsigned index = 0;; ++index) {
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, prefix + "_" + llvm::Twine(index) + ".pb");
    if (!llvm::sys::fs::exists(path))
      return true;
    std::string data = readFile(path, error);
    if (!error.empty())
      return false;
    rt::TensorReadResult read =
        rt::readTensorProtoBuffer(data, path.str().str());
    if (!read) {
      error = read.error;
      return false;
    }
    bytes.push_back(std::move(data));
    tensors.push_back(std::move(read.tensor));
  }
}

/// The data sets of a test in numeric order.
bool readDataSets(llvm::StringRef testDir, std::vector<DataSet> &dataSets,
                  std::string &error) {
  std::vector<std::pair<unsigned, std::string>> dirs;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(testDir, ec), end; it != end && !ec;
       it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    unsigned number;
    if (name.consume_front("test_data_set_") && !name.getAsInteger(10, number))
      dirs.emplace_back(number, it->path());
  }
  if (ec) {
    error = "cannot read '" + testDir.str() + "': " + ec.message();
    return false;
  }
  llvm::sort(dirs);
  for (auto &[number, dir] : dirs) {
    DataSet dataSet;
    dataSet.name = llvm::sys::path::filename(dir).str();
    std::vector<std::string> outputBytes;
    if (!readTensors(dir, "input", dataSet.inputBytes, dataSet.inputs, error) ||
        !readTensors(dir, "output", outputBytes, dataSet.outputs, error))
      return false;
    dataSets.push_back(std::move(dataSet));
  }
  if (dataSets.empty()) {
    error = "no test_data_set_N directories in '" + testDir.str() + "'";
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// What spnc deliberately does not support
//===----------------------------------------------------------------------===//

bool isIntegerType(int32_t dataType) {
  switch (dataType) {
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::INT64:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64:
    return true;
  default:
    return false;
  }
}

/// The element types the importer converts (ImportONNX.cpp).
bool isSupportedElementType(int32_t dataType) {
  return isIntegerType(dataType) || dataType == onnx::TensorProto::FLOAT ||
         dataType == onnx::TensorProto::DOUBLE ||
         dataType == onnx::TensorProto::FLOAT16 ||
         dataType == onnx::TensorProto::BFLOAT16 ||
         dataType == onnx::TensorProto::BOOL;
}

std::string elementTypeCause(int32_t dataType) {
  if (dataType == onnx::TensorProto::STRING)
    return "string tensors";
  std::string name =
      onnx::TensorProto_DataType_IsValid(dataType)
          ? onnx::TensorProto_DataType_Name(
                static_cast<onnx::TensorProto_DataType>(dataType))
          : std::to_string(dataType);
  return "unsupported element type " + name;
}

/// The runtime dtype of an ONNX element type, if the runner has one.
std::optional<rt::DType> getDType(int32_t dataType) {
  switch (dataType) {
  case onnx::TensorProto::FLOAT:
    return rt::DType::F32;
  case onnx::TensorProto::DOUBLE:
    return rt::DType::F64;
  case onnx::TensorProto::FLOAT16:
    return rt::DType::F16;
  case onnx::TensorProto::BFLOAT16:
    return rt::DType::BF16;
  case onnx::TensorProto::BOOL:
    return rt::DType::Bool;
  case onnx::TensorProto::INT8:
    return rt::DType::I8;
  case onnx::TensorProto::INT16:
    return rt::DType::I16;
  case onnx::TensorProto::INT32:
    return rt::DType::I32;
  case onnx::TensorProto::INT64:
    return rt::DType::I64;
  case onnx::TensorProto::UINT8:
    return rt::DType::U8;
  case onnx::TensorProto::UINT16:
    return rt::DType::U16;
  case onnx::TensorProto::UINT32:
    return rt::DType::U32;
  case onnx::TensorProto::UINT64:
    return rt::DType::U64;
  default:
    return std::nullopt;
  }
}

/// Empty if `tensor` has the element type and the known dimensions of
/// `type`; else "<tensor> but the model declares <type>".
std::string describeMismatch(const onnx::TypeProto_Tensor &type,
                             const rt::Tensor &tensor) {
  std::optional<rt::DType> dtype = getDType(type.elem_type());
  bool fits = dtype && *dtype == tensor.dtype;
  std::string declared = dtype ? rt::dtypeName(*dtype) : "?";
  declared += "[";
  if (type.has_shape()) {
    const auto &dims = type.shape().dim();
    fits &= static_cast<size_t>(dims.size()) == tensor.shape.size();
    for (int i = 0; i < dims.size(); ++i) {
      const auto &dim = dims.Get(i);
      declared += i ? ", " : "";
      if (dim.has_dim_value()) {
        declared += std::to_string(dim.dim_value());
        fits &= static_cast<size_t>(i) < tensor.shape.size() &&
                tensor.shape[i] == dim.dim_value();
      } else {
        declared += dim.has_dim_param() ? dim.dim_param() : "?";
      }
    }
  }
  declared += "]";
  if (fits)
    return "";
  return tensor.describe() + " but the model declares " + declared;
}

/// Collects the features of `model` that spnc deliberately does not support:
/// operators without a converter, non-tensor values, element types, and
/// subgraphs. Each cause once, in order of appearance.
class UnsupportedFeatures {
public:
  UnsupportedFeatures(const onnx::ModelProto &model,
                      const ONNXConverterRegistry &converters) {
    std::map<std::string, int64_t> opsets;
    for (const auto &opset : model.opset_import())
      opsets[opset.domain() == "ai.onnx" ? "" : opset.domain()] =
          opset.version();
    const onnx::GraphProto &graph = model.graph();
    for (const onnx::NodeProto &node : graph.node()) {
      std::string domain = node.domain() == "ai.onnx" ? "" : node.domain();
      auto opset = opsets.find(domain);
      // An undeclared domain is invalid; the importer reports it.
      if (opset != opsets.end() &&
          !converters.lookup(domain, node.op_type(), opset->second)) {
        std::string op = "'" + node.op_type() + "'";
        if (!domain.empty())
          op += " (domain '" + domain + "')";
        std::string supported =
            converters.describeSupportedOpsets(domain, node.op_type());
        if (!supported.empty())
          op += " at opset " + std::to_string(opset->second) +
                " (supported: " + supported + ")";
        operators.insert(op);
      }
      for (const onnx::AttributeProto &attr : node.attribute()) {
        switch (attr.type()) {
        case onnx::AttributeProto::GRAPH:
        case onnx::AttributeProto::GRAPHS:
          others.insert("subgraphs");
          break;
        case onnx::AttributeProto::SPARSE_TENSOR:
        case onnx::AttributeProto::SPARSE_TENSORS:
          others.insert("sparse tensors");
          break;
        case onnx::AttributeProto::TENSOR:
          checkElementType(attr.t().data_type());
          break;
        default:
          break;
        }
      }
    }
    for (const auto &input : graph.input())
      checkType(input.type());
    for (const auto &output : graph.output())
      checkType(output.type());
    for (const auto &info : graph.value_info())
      checkType(info.type());
    for (const auto &initializer : graph.initializer())
      checkElementType(initializer.data_type());
    if (graph.sparse_initializer_size() > 0)
      others.insert("sparse tensors");
  }

  bool empty() const { return operators.empty() && others.empty(); }

  /// "unsupported ONNX operator 'Erf'", one entry per cause.
  std::vector<std::string> getCauses() const {
    std::vector<std::string> causes;
    for (const std::string &op : operators)
      causes.push_back("unsupported ONNX operator " + op);
    causes.insert(causes.end(), others.begin(), others.end());
    return causes;
  }

  /// All causes in one line; operators named together.
  std::string getReason() const {
    std::vector<std::string> parts;
    if (!operators.empty())
      parts.push_back(std::string(operators.size() == 1
                                      ? "unsupported ONNX operator "
                                      : "unsupported ONNX operators ") +
                      llvm::join(operators, ", "));
    parts.insert(parts.end(), others.begin(), others.end());
    return llvm::join(parts, "; ");
  }

private:
  void checkElementType(int32_t dataType) {
    if (!isSupportedElementType(dataType))
      others.insert(elementTypeCause(dataType));
  }

  void checkType(const onnx::TypeProto &type) {
    switch (type.value_case()) {
    case onnx::TypeProto::kTensorType:
      checkElementType(type.tensor_type().elem_type());
      break;
    case onnx::TypeProto::kSequenceType:
      others.insert("sequences");
      break;
    case onnx::TypeProto::kOptionalType:
      others.insert("optionals");
      break;
    case onnx::TypeProto::kMapType:
      others.insert("maps");
      break;
    default:
      others.insert("non-tensor values");
      break;
    }
  }

  /// Insertion-ordered sets of a few strings.
  struct OrderedSet : std::vector<std::string> {
    void insert(const std::string &value) {
      if (!llvm::is_contained(*this, value))
        push_back(value);
    }
  };
  OrderedSet operators;
  OrderedSet others;
};

/// One line of at most `limit` characters from diagnostics text.
std::string oneLine(llvm::StringRef text, size_t limit = 400) {
  std::string line;
  for (char c : text.trim())
    line += c == '\n' ? ' ' : c;
  if (line.size() > limit)
    line = line.substr(0, limit) + "...";
  return line;
}

/// The stage a test is in, to say where a crash happened.
enum class Stage {
  Reading,
  Importing,
  Legalizing,
  Lowering,
  Running,
  Comparing
};

const char *describeStage(Stage stage) {
  switch (stage) {
  case Stage::Reading:
    return "reading the test";
  case Stage::Importing:
    return "importing";
  case Stage::Legalizing:
    return "legalizing (ONNX to event)";
  case Stage::Lowering:
    return "lowering for the host and JIT-compiling";
  case Stage::Running:
    return "running the compiled model";
  case Stage::Comparing:
    return "comparing outputs";
  }
  return "?";
}

TestResult makeResult(Status status, std::string reason,
                      std::string diagnostics = "") {
  TestResult result;
  result.status = status;
  result.reason = std::move(reason);
  result.diagnostics = std::move(diagnostics);
  return result;
}

} // namespace

//===----------------------------------------------------------------------===//
// ConformanceRunner
//===----------------------------------------------------------------------===//

class ConformanceRunner::Impl {
public:
  explicit Impl(Tolerance tolerance) : tolerance(tolerance) {
    spnc::registerSPNCDialects(registry);
    populateAllONNXConverters(converters);
    llvm::CrashRecoveryContext::Enable();
    resetContext();
  }

  TestResult run(const NodeTest &test);

private:
  void resetContext() {
    context = std::make_unique<MLIRContext>(registry,
                                            MLIRContext::Threading::DISABLED);
    context->loadAllAvailableDialects();
    context->printOpOnDiagnostic(false);
  }

  TestResult runUnsafe(const NodeTest &test, Stage &stage);

  /// The compiled model for `model` with the integer inputs of `dataSet`
  /// bound, or the skip/fail result that stopped it.
  struct Compiled {
    std::unique_ptr<HostRunner> runner;
    std::optional<TestResult> stopped;
  };
  Compiled compile(const NodeTest &test, const onnx::ModelProto &model,
                   const std::vector<int> &boundInputs, const DataSet &dataSet,
                   Stage &stage);

  Tolerance tolerance;
  DialectRegistry registry;
  std::unique_ptr<MLIRContext> context;
  ONNXConverterRegistry converters;
};

ConformanceRunner::Impl::Compiled ConformanceRunner::Impl::compile(
    const NodeTest &test, const onnx::ModelProto &original,
    const std::vector<int> &boundInputs, const DataSet &dataSet, Stage &stage) {
  Compiled compiled;
  auto stop = [&](Status status, std::string reason,
                  std::string diagnostics = "") {
    compiled.stopped =
        makeResult(status, std::move(reason), std::move(diagnostics));
    return std::move(compiled);
  };

  // Integer-typed graph inputs become initializers holding the data set's
  // values (docs/Conformance.md). From IR version 4 on an initializer need
  // not be a graph input, and one that is would stay overridable (not a
  // constant for shape inference), so the input goes; before, it must stay.
  onnx::ModelProto model = original;
  onnx::GraphProto *graph = model.mutable_graph();
  llvm::SmallVector<std::string> boundNames;
  // (Every graph input has a data file, in order: runUnsafe checked.)
  for (int index : boundInputs) {
    const onnx::ValueInfoProto &input = graph->input(index);
    onnx::TensorProto *value = graph->add_initializer();
    if (!value->ParseFromString(dataSet.inputBytes[index]))
      return stop(Status::Fail, dataSet.name + ": input #" +
                                    std::to_string(index) +
                                    " is not a serialized TensorProto");
    value->set_name(input.name());
    boundNames.push_back(input.name());
  }
  if (model.ir_version() >= 4) {
    auto *inputs = graph->mutable_input();
    inputs->erase(std::remove_if(inputs->begin(), inputs->end(),
                                 [&](const onnx::ValueInfoProto &input) {
                                   return llvm::is_contained(boundNames,
                                                             input.name());
                                 }),
                  inputs->end());
  }
  std::string bytes;
  if (!model.SerializeToString(&bytes))
    return stop(Status::Fail, "cannot serialize the model with bound inputs");

  // Diagnostics of this test only.
  std::string diagnostics;
  bool onlyElementTypes = true, anyDynamicShape = false;
  std::string firstError;
  ScopedDiagnosticHandler handler(context.get(), [&](Diagnostic &diag) {
    std::string message = diag.str();
    for (const Diagnostic &note : diag.getNotes())
      message += "\n  note: " + note.str();
    if (diag.getSeverity() == DiagnosticSeverity::Error) {
      if (firstError.empty())
        firstError = message;
      // ConversionUtils.cpp (checkElementKind) and ImportONNX.cpp word
      // these deliberate limitations so.
      if (!llvm::StringRef(message).contains(
              "which this converter does not support"))
        onlyElementTypes = false;
      if (llvm::StringRef(message).contains("spnc needs static shapes"))
        anyDynamicShape = true;
    }
    llvm::raw_string_ostream os(diagnostics);
    os << diag.getLocation() << ": " << message << "\n";
    return success();
  });

  stage = Stage::Importing;
  std::string modelPath = test.dir + "/model.onnx";
  OwningOpRef<ModuleOp> module =
      importONNXBuffer(bytes, modelPath, context.get());
  if (!module) {
    if (anyDynamicShape) {
      TestResult result = makeResult(
          Status::Skip, "dynamic shape: " + oneLine(firstError), diagnostics);
      result.skipCauses.push_back("dynamic shape");
      compiled.stopped = std::move(result);
      return compiled;
    }
    return stop(Status::Fail, "import failed: " + oneLine(firstError),
                diagnostics);
  }

  stage = Stage::Legalizing;
  PassManager pm(context.get());
  populateONNXToEventPipeline(pm, ONNXToEventPipelineOptions());
  if (failed(pm.run(*module))) {
    if (onlyElementTypes && !firstError.empty()) {
      TestResult result = makeResult(
          Status::Skip, "unsupported element type: " + oneLine(firstError),
          diagnostics);
      result.skipCauses.push_back("element type a converter does not support");
      compiled.stopped = std::move(result);
      return compiled;
    }
    return stop(Status::Fail, "legalization failed: " + oneLine(firstError),
                diagnostics);
  }

  stage = Stage::Lowering;
  llvm::Expected<std::unique_ptr<HostRunner>> runner =
      HostRunner::create(*module);
  if (!runner) {
    std::string error = llvm::toString(runner.takeError());
    return stop(Status::Fail, "host lowering failed: " + oneLine(error),
                diagnostics + error);
  }
  compiled.runner = std::move(*runner);
  return compiled;
}

TestResult ConformanceRunner::Impl::runUnsafe(const NodeTest &test,
                                              Stage &stage) {
  stage = Stage::Reading;
  std::string error;
  std::string modelBytes = readFile(test.dir + "/model.onnx", error);
  if (!error.empty())
    return makeResult(Status::Fail, error);
  onnx::ModelProto model;
  if (!model.ParseFromString(modelBytes))
    return makeResult(Status::Fail, "model.onnx is not a binary ONNX model");

  UnsupportedFeatures unsupported(model, converters);
  if (!unsupported.empty()) {
    TestResult result = makeResult(Status::Skip, unsupported.getReason());
    result.skipCauses = unsupported.getCauses();
    return result;
  }

  std::vector<DataSet> dataSets;
  if (!readDataSets(test.dir, dataSets, error))
    return makeResult(Status::Fail, "cannot read the test data: " + error);

  // input_K.pb is graph input K. (An input with an initializer, a default
  // before IR version 4, would upset that; ONNX's node tests have none.)
  const onnx::GraphProto &graph = model.graph();
  const size_t numInputs = graph.input_size();
  const size_t numOutputs = graph.output_size();
  for (const auto &initializer : graph.initializer())
    for (const auto &input : graph.input())
      if (input.name() == initializer.name())
        return makeResult(Status::Fail, "graph input '" + input.name() +
                                            "' has an initializer, which "
                                            "the runner does not handle");
  for (const DataSet &dataSet : dataSets) {
    if (dataSet.inputs.size() != numInputs)
      return makeResult(
          Status::Fail,
          dataSet.name + " has " + std::to_string(dataSet.inputs.size()) +
              " inputs but the graph has " + std::to_string(numInputs));
    if (dataSet.outputs.size() != numOutputs)
      return makeResult(
          Status::Fail,
          dataSet.name + " has " + std::to_string(dataSet.outputs.size()) +
              " outputs but the graph has " + std::to_string(numOutputs));
  }

  // NumPy has no bfloat16: ONNX 1.12's test data holds bfloat16 tensors as
  // uint16 TensorProtos of the same bits.
  auto retypeBFloat16 = [](const onnx::ValueInfoProto &info,
                           rt::Tensor &tensor) {
    if (info.type().tensor_type().elem_type() == onnx::TensorProto::BFLOAT16 &&
        tensor.dtype == rt::DType::U16)
      tensor.dtype = rt::DType::BF16;
  };
  for (DataSet &dataSet : dataSets) {
    for (size_t k = 0; k < numInputs; ++k)
      retypeBFloat16(graph.input(k), dataSet.inputs[k]);
    for (size_t k = 0; k < numOutputs; ++k)
      retypeBFloat16(graph.output(k), dataSet.outputs[k]);
  }

  // A data set must fit the inputs the model declares (as any ONNX runtime
  // requires); libonnx 1.12 has a few that do not (docs/Conformance.md).
  for (const DataSet &dataSet : dataSets) {
    for (size_t k = 0; k < numInputs; ++k) {
      const onnx::ValueInfoProto &input = graph.input(k);
      std::string mismatch =
          describeMismatch(input.type().tensor_type(), dataSet.inputs[k]);
      if (mismatch.empty())
        continue;
      TestResult result =
          makeResult(Status::Skip, "invalid test data: " + dataSet.name +
                                       " gives input '" + input.name() +
                                       "' as " + mismatch);
      result.skipCauses.push_back(
          "invalid test data (an input does not fit the model)");
      return result;
    }
  }

  std::vector<int> boundInputs;
  for (size_t k = 0; k < numInputs; ++k)
    if (isIntegerType(graph.input(k).type().tensor_type().elem_type()))
      boundInputs.push_back(k);

  // Without bound inputs one compilation serves every data set.
  Compiled compiled;
  for (const DataSet &dataSet : dataSets) {
    if (!compiled.runner || !boundInputs.empty()) {
      compiled = compile(test, model, boundInputs, dataSet, stage);
      if (compiled.stopped)
        return std::move(*compiled.stopped);
    }
    HostRunner &runner = *compiled.runner;
    const EntrySignature &signature = runner.getSignature();

    std::vector<rt::Tensor> inputs;
    for (const TensorSpec &spec : signature.inputs) {
      auto it = llvm::find_if(graph.input(), [&](const auto &input) {
        return input.name() == spec.name;
      });
      if (it == graph.input().end())
        return makeResult(Status::Fail, "the compiled model takes input '" +
                                            spec.name +
                                            "', which the graph lacks");
      inputs.push_back(dataSet.inputs[it - graph.input().begin()]);
    }
    if (signature.outputs.size() != dataSet.outputs.size())
      return makeResult(Status::Fail,
                        "the compiled model has " +
                            std::to_string(signature.outputs.size()) +
                            " outputs but " + dataSet.name + " expects " +
                            std::to_string(dataSet.outputs.size()));

    stage = Stage::Running;
    std::vector<rt::Tensor> outputs;
    if (llvm::Error runError = runner.run(inputs, outputs))
      return makeResult(Status::Fail,
                        dataSet.name + ": execution failed: " +
                            oneLine(llvm::toString(std::move(runError))));

    stage = Stage::Comparing;
    for (size_t index = 0; index < outputs.size(); ++index) {
      Comparison comparison =
          compareTensors(outputs[index], dataSet.outputs[index], tolerance);
      if (!comparison.matches)
        return makeResult(Status::Fail,
                          dataSet.name + ": output '" +
                              signature.outputs[index].name +
                              "' mismatches: " + comparison.message);
    }
  }
  return makeResult(Status::Pass, "");
}

TestResult ConformanceRunner::Impl::run(const NodeTest &test) {
  TestResult result;
  Stage stage = Stage::Reading;
  llvm::CrashRecoveryContext crashRecovery;
  if (crashRecovery.RunSafely([&] { result = runUnsafe(test, stage); }))
    return result;
  // The context may hold a half-built module or a held lock: leave it be and
  // start over with a new one.
  (void)context.release();
  resetContext();
  int code = crashRecovery.RetCode;
  std::string how = code > 128
                        ? "crashed with signal " + std::to_string(code - 128)
                        : "exited with status " + std::to_string(code);
  return makeResult(Status::Fail,
                    std::string(how) + " while " + describeStage(stage));
}

ConformanceRunner::ConformanceRunner(Tolerance tolerance)
    : impl(std::make_unique<Impl>(tolerance)) {}

ConformanceRunner::~ConformanceRunner() = default;

TestResult ConformanceRunner::run(const NodeTest &test) {
  return impl->run(test);
}
