//===- HostRunner.cpp - JIT execution of a model on the host --------------===//
#include "spnc/Runner/HostRunner.h"

#include "spnc/Pipelines/HostPipeline.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"

#include <sstream>

using namespace mlir;

namespace spnc {

//===----------------------------------------------------------------------===//
// Signatures
//===----------------------------------------------------------------------===//

std::string TensorSpec::describe() const {
  std::ostringstream os;
  os << rt::dtypeName(dtype) << "[";
  for (size_t i = 0; i < shape.size(); ++i)
    os << (i ? ", " : "") << shape[i];
  os << "]";
  return os.str();
}

bool TensorSpec::matches(const rt::Tensor &tensor) const {
  return tensor.dtype == dtype && tensor.shape == shape;
}

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<std::string> findEntry(ModuleOp module, llvm::StringRef entry) {
  if (!entry.empty()) {
    auto func = module.lookupSymbol<func::FuncOp>(entry);
    if (!func || func.isExternal())
      return makeError("the module has no function '" + entry + "'");
    return entry.str();
  }
  if (auto func = module.lookupSymbol<func::FuncOp>("main_graph"))
    if (!func.isExternal())
      return std::string("main_graph");
  llvm::SmallVector<func::FuncOp> candidates;
  for (auto func : module.getOps<func::FuncOp>())
    if (func.isPublic() && !func.isExternal())
      candidates.push_back(func);
  if (candidates.size() != 1)
    return makeError("cannot tell the entry function: the module has no "
                     "'main_graph' and " +
                     llvm::Twine(candidates.size()) +
                     " public functions with a body");
  return candidates.front().getSymName().str();
}

static llvm::Expected<TensorSpec> getSpec(Type type, std::string name,
                                          llvm::StringRef what) {
  std::string typeText;
  llvm::raw_string_ostream os(typeText);
  os << type;
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return makeError(what + " '" + name + "' has type " + typeText +
                     "; a statically shaped tensor is required");
  std::optional<rt::DType> dtype = getDType(tensor.getElementType());
  if (!dtype)
    return makeError(what + " '" + name + "' has type " + typeText +
                     " whose element type the runner does not support");
  return TensorSpec{
      std::move(name), *dtype,
      std::vector<int64_t>(tensor.getShape().begin(), tensor.getShape().end())};
}

llvm::Expected<EntrySignature> getEntrySignature(ModuleOp module,
                                                 llvm::StringRef entry) {
  auto func = module.lookupSymbol<func::FuncOp>(entry);
  if (!func)
    return makeError("the module has no function '" + entry + "'");
  EntrySignature signature;
  signature.entry = entry.str();
  FunctionType type = func.getFunctionType();
  for (auto [index, argType] : llvm::enumerate(type.getInputs())) {
    auto name = func.getArgAttrOfType<StringAttr>(index, "onnx.name");
    llvm::Expected<TensorSpec> spec = getSpec(
        argType, name ? name.str() : "arg" + std::to_string(index), "input");
    if (!spec)
      return spec.takeError();
    signature.inputs.push_back(std::move(*spec));
  }
  for (auto [index, resultType] : llvm::enumerate(type.getResults())) {
    auto name = func.getResultAttrOfType<StringAttr>(index, "onnx.name");
    llvm::Expected<TensorSpec> spec =
        getSpec(resultType,
                name ? name.str() : "result" + std::to_string(index), "output");
    if (!spec)
      return spec.takeError();
    signature.outputs.push_back(std::move(*spec));
  }
  return signature;
}

//===----------------------------------------------------------------------===//
// MemRefDescriptor
//===----------------------------------------------------------------------===//

MemRefDescriptor::MemRefDescriptor(void *data, llvm::ArrayRef<int64_t> shape) {
  size_t rank = shape.size();
  words.resize(3 + 2 * rank);
  auto address = static_cast<int64_t>(reinterpret_cast<intptr_t>(data));
  words[0] = address; // allocated
  words[1] = address; // aligned
  words[2] = 0;       // offset
  int64_t stride = 1;
  for (size_t i = rank; i-- > 0;) {
    words[3 + i] = shape[i];
    words[3 + rank + i] = stride;
    stride *= shape[i];
  }
}

MemRefDescriptor::MemRefDescriptor(rt::Tensor &tensor)
    : MemRefDescriptor(tensor.data.data(), tensor.shape) {}

void *MemRefDescriptor::getAllocatedPointer() const {
  return reinterpret_cast<void *>(static_cast<intptr_t>(words[0]));
}

void *MemRefDescriptor::getAlignedPointer() const {
  return reinterpret_cast<void *>(static_cast<intptr_t>(words[1]));
}

llvm::ArrayRef<int64_t> MemRefDescriptor::getSizes() const {
  return llvm::ArrayRef<int64_t>(words).slice(3, getRank());
}

llvm::ArrayRef<int64_t> MemRefDescriptor::getStrides() const {
  return llvm::ArrayRef<int64_t>(words).slice(3 + getRank(), getRank());
}

//===----------------------------------------------------------------------===//
// HostRunner
//===----------------------------------------------------------------------===//

HostRunner::~HostRunner() = default;

/// The C interface wrapper of the entry: one pointer per input and output,
/// nothing returned (the host pipeline passes outputs as out-parameters).
static llvm::Error checkLoweredEntry(ModuleOp module,
                                     const EntrySignature &signature) {
  std::string wrapper = "_mlir_ciface_" + signature.entry;
  auto func = module.lookupSymbol<LLVM::LLVMFuncOp>(wrapper);
  if (!func)
    return makeError("the lowered module has no '" + wrapper + "'");
  size_t expected = signature.inputs.size() + signature.outputs.size();
  LLVM::LLVMFunctionType type = func.getFunctionType();
  if (type.getNumParams() != expected ||
      !isa<LLVM::LLVMVoidType>(type.getReturnType()))
    return makeError("'" + wrapper + "' takes " +
                     llvm::Twine(type.getNumParams()) +
                     " arguments; expected one memref per input and output (" +
                     llvm::Twine(expected) + ") and no results");
  return llvm::Error::success();
}

/// Drops the argument/result attributes LLVM IR translation does not know
/// (e.g. `onnx.name`, kept in the LLVM dialect for readers), which it would
/// warn about.
static void dropForeignParameterAttributes(ModuleOp module) {
  auto filter = [](DictionaryAttr attrs) {
    llvm::SmallVector<NamedAttribute> kept;
    for (NamedAttribute attr : attrs)
      if (attr.getName().strref().starts_with("llvm."))
        kept.push_back(attr);
    return DictionaryAttr::get(attrs.getContext(), kept);
  };
  module.walk([&](LLVM::LLVMFuncOp func) {
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
      if (DictionaryAttr attrs = func.getArgAttrDict(i))
        func.setArgAttrs(i, filter(attrs));
    for (unsigned i = 0, e = func.getNumResults(); i < e; ++i)
      if (DictionaryAttr attrs = func.getResultAttrDict(i))
        func.setResultAttrs(i, filter(attrs));
  });
}

llvm::Expected<std::unique_ptr<HostRunner>>
HostRunner::create(ModuleOp module, const HostRunnerOptions &options) {
  std::unique_ptr<HostRunner> runner(new HostRunner());
  llvm::Expected<std::string> entry = findEntry(module, options.entry);
  if (!entry)
    return entry.takeError();
  llvm::Expected<EntrySignature> signature = getEntrySignature(module, *entry);
  if (!signature)
    return signature.takeError();
  runner->signature = std::move(*signature);

  // Lower, collecting the diagnostics for the error message.
  MLIRContext *context = module.getContext();
  std::string diagnostics;
  {
    llvm::raw_string_ostream os(diagnostics);
    ScopedDiagnosticHandler handler(context, [&](Diagnostic &diag) {
      os << diag.getLocation() << ": " << diag << "\n";
      return success();
    });
    PassManager pm(context, ModuleOp::getOperationName());
    populateEventToLLVMHostPipeline(pm);
    if (failed(pm.run(module)))
      return makeError("the host pipeline failed:\n" + diagnostics);
  }
  if (options.llvmDialectDump) {
    llvm::raw_string_ostream os(*options.llvmDialectDump);
    module.print(os);
  }
  if (llvm::Error error = checkLoweredEntry(module, runner->signature))
    return std::move(error);
  dropForeignParameterAttributes(module);

  // JIT: O2, no floating-point contraction.
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  registerBuiltinDialectTranslation(*context);
  registerLLVMDialectTranslation(*context);
  llvm::Expected<llvm::orc::JITTargetMachineBuilder> builder =
      llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  llvm::CodeGenOptLevel codeGenLevel =
      llvm::CodeGenOpt::getLevel(std::min(options.optLevel, 3u))
          .value_or(llvm::CodeGenOptLevel::Default);
  builder->setCodeGenOptLevel(codeGenLevel);
  builder->getOptions().AllowFPOpFusion = llvm::FPOpFusion::Strict;
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> targetMachine =
      builder->createTargetMachine();
  if (!targetMachine)
    return targetMachine.takeError();
  auto transformer = makeOptimizingTransformer(
      std::min(options.optLevel, 3u), /*sizeLevel=*/0, targetMachine->get());
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel = codeGenLevel;
  llvm::Expected<std::unique_ptr<ExecutionEngine>> engine =
      ExecutionEngine::create(module, engineOptions, std::move(*targetMachine));
  if (!engine)
    return engine.takeError();
  runner->engine = std::move(*engine);
  return runner;
}

llvm::Error HostRunner::run(llvm::ArrayRef<rt::Tensor> inputs,
                            std::vector<rt::Tensor> &outputs) {
  if (inputs.size() != signature.inputs.size())
    return makeError("'" + signature.entry + "' takes " +
                     llvm::Twine(signature.inputs.size()) + " inputs, got " +
                     llvm::Twine(inputs.size()));
  for (auto [spec, tensor] : llvm::zip(signature.inputs, inputs))
    if (!spec.matches(tensor))
      return makeError("input '" + spec.name + "': expected " +
                       spec.describe() + ", got " + tensor.describe());

  outputs.clear();
  for (const TensorSpec &spec : signature.outputs)
    outputs.emplace_back(spec.dtype, spec.shape);

  // The generated code only reads its inputs (bufferization copies before
  // writing into a function argument), so they are passed as they are.
  llvm::SmallVector<MemRefDescriptor> descriptors;
  descriptors.reserve(inputs.size() + outputs.size());
  for (const rt::Tensor &tensor : inputs)
    descriptors.emplace_back(const_cast<uint8_t *>(tensor.data.data()),
                             tensor.shape);
  for (rt::Tensor &tensor : outputs)
    descriptors.emplace_back(tensor);
  // invokePacked takes a pointer to each argument; the arguments are the
  // descriptor pointers.
  llvm::SmallVector<void *> pointers;
  pointers.reserve(descriptors.size());
  for (MemRefDescriptor &descriptor : descriptors)
    pointers.push_back(descriptor.get());
  llvm::SmallVector<void *> arguments;
  for (void *&pointer : pointers)
    arguments.push_back(&pointer);
  return engine->invokePacked("_mlir_ciface_" + signature.entry, arguments);
}

} // namespace spnc
