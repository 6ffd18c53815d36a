//===- PECodegen.cpp - PE programs to linked Cortex-M4F images ------------===//
#include "spnc/Target/SpiNNaker2/PECodegen.h"

#include "spnc/Dialect/S2/S2Dialect.h"
#include "spnc/Dialect/S2/Transforms/Report.h"

#include "spinnaker2/abi.h"
#include "spnc-runtime/Package.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

using namespace mlir;

namespace spnc::target {

namespace {

constexpr const char *kTriple = "thumbv7em-none-unknown-eabihf";
constexpr const char *kCPU = "cortex-m4";
// fpv4-sp-d16: VFPv4 with 16 single-precision registers, no doubles.
constexpr const char *kFeatures = "+vfp4d16sp,+thumb-mode";

std::unique_ptr<llvm::TargetMachine> createTargetMachine(std::string &error) {
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeARMTargetInfo();
    LLVMInitializeARMTarget();
    LLVMInitializeARMTargetMC();
    LLVMInitializeARMAsmPrinter();
  });
  llvm::Triple triple(kTriple);
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;
  llvm::TargetOptions options;
  options.FloatABIType = llvm::FloatABI::Hard;
  // The host reference contracts nothing either (docs/Backend.md).
  options.AllowFPOpFusion = llvm::FPOpFusion::Strict;
  options.FunctionSections = true;
  options.DataSections = true;
  return std::unique_ptr<llvm::TargetMachine>(target->createTargetMachine(
      triple, kCPU, kFeatures, options, llvm::Reloc::Static,
      std::nullopt, llvm::CodeGenOptLevel::Aggressive));
}

/// Bytes of buffered events: spnc_event and its uint16_t sort slot.
constexpr uint64_t kEventBytes = sizeof(spnc_event) + sizeof(uint16_t);
/// Data the per-core runtime itself keeps (.data/.bss of libspnc_pe.a), with
/// room to spare.
constexpr uint64_t kRuntimeDataBytes = 512;

/// Places the module's globals as the binary contract wants them, sizes the
/// event buffer to what is left of the data SRAM and adds the program
/// descriptor. Returns an error message or "".
std::string finishModule(llvm::Module &module, pe::PEInterface &interface) {
  llvm::LLVMContext &context = module.getContext();
  const llvm::DataLayout &layout = module.getDataLayout();
  auto *i32 = llvm::Type::getInt32Ty(context);
  uint64_t dataBytes = kRuntimeDataBytes;
  for (llvm::GlobalVariable &global : module.globals()) {
    if (!global.hasInitializer())
      continue;
    if (isa<llvm::UndefValue>(global.getInitializer()))
      global.setInitializer(
          llvm::Constant::getNullValue(global.getValueType()));
    if (global.getName().starts_with("spnc_io_in"))
      global.setSection(".spnc.io");
    else if (global.isConstant())
      global.setSection(".spnc.const");
    uint64_t align = global.getAlign() ? global.getAlign()->value() : 4;
    dataBytes = llvm::alignTo(dataBytes, align) +
                layout.getTypeAllocSize(global.getValueType());
  }
  // The event buffer takes what the worst case needs or what is left.
  uint64_t reserved = SPNC_STACK_DEFAULT_BYTES + SPNC_STACK_GUARD_BYTES;
  uint64_t free = SPNC_DATA_BYTES > dataBytes + reserved
                      ? SPNC_DATA_BYTES - dataBytes - reserved
                      : 0;
  uint64_t capacity =
      std::min<uint64_t>(interface.eventCapacity, free / kEventBytes);
  if (capacity < interface.minEventCapacity)
    return "no room for the event buffer: " + std::to_string(free) +
           " B of data SRAM are left after " + std::to_string(dataBytes) +
           " B of data and the stack, for " +
           std::to_string(interface.minEventCapacity) +
           " events (the mapping's estimate) of " +
           std::to_string(kEventBytes) + " B";
  interface.eventCapacity = uint32_t(capacity);
  if (capacity > 0) {
    auto *eventsType =
        llvm::ArrayType::get(i32, capacity * sizeof(spnc_event) / 4);
    auto *events = new llvm::GlobalVariable(
        module, eventsType, false, llvm::GlobalValue::InternalLinkage,
        llvm::Constant::getNullValue(eventsType), "spnc_event_buffer");
    events->setAlignment(llvm::Align(4));
    auto *orderType =
        llvm::ArrayType::get(llvm::Type::getInt16Ty(context), capacity);
    auto *order = new llvm::GlobalVariable(
        module, orderType, false, llvm::GlobalValue::InternalLinkage,
        llvm::Constant::getNullValue(orderType), "spnc_event_order");
    order->setAlignment(llvm::Align(4));
  }
  auto address = [&](llvm::StringRef name) -> llvm::Constant * {
    if (name.empty())
      return llvm::ConstantInt::get(i32, 0);
    llvm::GlobalVariable *global = module.getGlobalVariable(name, true);
    assert(global && "descriptor names a global the module lacks");
    return llvm::ConstantExpr::getPtrToInt(global, i32);
  };
  auto word = [&](uint64_t value) -> llvm::Constant * {
    return llvm::ConstantInt::get(i32, value);
  };
  auto *ioType = llvm::StructType::get(context, {i32, i32, i32, i32, i32});
  auto ioArray = [&](const std::vector<pe::HostBinding> &bindings,
                     llvm::StringRef name) -> llvm::Constant * {
    if (bindings.empty())
      return word(0);
    std::vector<llvm::Constant *> entries;
    for (const pe::HostBinding &binding : bindings)
      entries.push_back(llvm::ConstantStruct::get(
          ioType, {word(binding.tensor), word(binding.offset),
                   word(binding.bytes), address(binding.symbol),
                   word(binding.once ? SPNC_IO_ONCE : SPNC_IO_PER_STEP)}));
    auto *type = llvm::ArrayType::get(ioType, entries.size());
    auto *global = new llvm::GlobalVariable(
        module, type, /*isConstant=*/true, llvm::GlobalValue::InternalLinkage,
        llvm::ConstantArray::get(type, entries), name);
    global->setAlignment(llvm::Align(4));
    return llvm::ConstantExpr::getPtrToInt(global, i32);
  };
  llvm::Constant *inputs = ioArray(interface.inputs, "spnc_inputs");
  llvm::Constant *outputs = ioArray(interface.outputs, "spnc_outputs");
  uint64_t stateBytes = 0;
  std::string stateSymbol;
  if (!interface.stateSymbols.empty()) {
    stateSymbol = interface.stateSymbols.front();
    llvm::GlobalVariable *state = module.getGlobalVariable(stateSymbol, true);
    stateBytes = module.getDataLayout().getTypeAllocSize(state->getValueType());
  }
  std::vector<llvm::Type *> fields(14, i32);
  auto *descType = llvm::StructType::get(context, fields);
  llvm::Constant *desc = llvm::ConstantStruct::get(
      descType,
      {word(sizeof(spnc_program_desc)), word(interface.sourceId),
       word(interface.sendsEndOfStep ? SPNC_PROGRAM_SEND_EOS : 0),
       word(interface.producers.size()),
       address(interface.producers.empty() ? "" : "spnc_producers"),
       word(interface.inputs.size()), inputs, word(interface.outputs.size()),
       outputs, address(stateSymbol), word(stateBytes),
       address(interface.eventCapacity ? "spnc_event_buffer" : ""),
       address(interface.eventCapacity ? "spnc_event_order" : ""),
       word(interface.eventCapacity)});
  auto *program = new llvm::GlobalVariable(
      module, descType, /*isConstant=*/true,
      llvm::GlobalValue::ExternalLinkage, desc, "spnc_program");
  program->setAlignment(llvm::Align(4));
  return "";
}

std::string findTool(const char *macroPath, const char *name) {
  if (llvm::sys::fs::exists(macroPath))
    return macroPath;
  llvm::ErrorOr<std::string> found = llvm::sys::findProgramByName(name);
  return found ? *found : std::string();
}

std::string measureImage(const std::vector<uint8_t> &elf, ImageSizes &sizes) {
  auto buffer = llvm::MemoryBuffer::getMemBuffer(
      llvm::StringRef(reinterpret_cast<const char *>(elf.data()), elf.size()),
      "image", false);
  auto object = llvm::object::ELF32LEObjectFile::create(*buffer);
  if (!object)
    return llvm::toString(object.takeError());
  for (const llvm::object::SectionRef &section : object->sections()) {
    auto elfSection = llvm::object::ELFSectionRef(section);
    if (!(elfSection.getFlags() & llvm::ELF::SHF_ALLOC) || section.getSize() == 0)
      continue;
    llvm::Expected<llvm::StringRef> name = section.getName();
    uint64_t start = section.getAddress();
    if (start < SPNC_DATA_BASE)
      sizes.code += section.getSize();
    else
      sizes.data += section.getSize();
    sizes.detail += (name ? name->str() : std::string("?")) + " " +
                    std::to_string(section.getSize()) + " B; ";
  }
  return "";
}

} // namespace

std::unique_ptr<llvm::Module> translatePEProgram(pe::PEProgram &program,
                                                 llvm::LLVMContext &context) {
  ModuleOp module = *program.module;
  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  module.getContext()->appendDialectRegistry(registry);
  PassManager pm(module.getContext());
  pe::populatePEToLLVMPipeline(pm);
  if (failed(pm.run(module))) {
    program.slice.emitError("cannot lower the program of this slice to LLVM");
    return nullptr;
  }
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, context, program.name);
  if (!llvmModule) {
    program.slice.emitError("cannot translate the program to LLVM IR");
    return nullptr;
  }
  std::string error;
  std::unique_ptr<llvm::TargetMachine> machine = createTargetMachine(error);
  if (!machine) {
    program.slice.emitError("no ARM back end: ") << error;
    return nullptr;
  }
  llvmModule->setTargetTriple(machine->getTargetTriple());
  llvmModule->setDataLayout(machine->createDataLayout());
  for (llvm::Function &function : *llvmModule)
    if (!function.isDeclaration()) {
      function.addFnAttr("target-cpu", kCPU);
      function.addFnAttr("target-features", kFeatures);
    }
  if (std::string error = finishModule(*llvmModule, program.interface);
      !error.empty()) {
    program.slice.emitError() << error;
    return nullptr;
  }
  if (llvm::verifyModule(*llvmModule, &llvm::errs())) {
    program.slice.emitError("the PE's LLVM IR does not verify");
    return nullptr;
  }

  // -O2 with the target's own pipeline tuning. No fast-math flags exist in
  // the IR, so nothing is reassociated.
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder builder(machine.get());
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager passes =
      builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
  passes.run(*llvmModule, mam);
  return llvmModule;
}

std::string emitPEObject(llvm::Module &module, std::vector<char> &object) {
  std::string error;
  std::unique_ptr<llvm::TargetMachine> machine = createTargetMachine(error);
  if (!machine)
    return "no ARM back end: " + error;
  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream stream(buffer);
  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, stream, nullptr,
                                   llvm::CodeGenFileType::ObjectFile))
    return "the ARM back end cannot emit object files";
  passes.run(module);
  object.assign(buffer.begin(), buffer.end());
  return "";
}

std::string linkPEImage(const std::vector<char> &object,
                        const std::string &what, std::vector<uint8_t> &elf,
                        ImageSizes &sizes) {
  std::string linker = findTool(SPNC_PE_LINKER, "ld.lld-22");
  if (linker.empty())
    return "ld.lld-22 not found (install lld-22)";
  llvm::SmallString<128> directory;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueDirectory("spnc-link", directory))
    return "cannot create a temporary directory: " + ec.message();
  llvm::SmallString<128> objectPath(directory), imagePath(directory),
      logPath(directory);
  llvm::sys::path::append(objectPath, "pe.o");
  llvm::sys::path::append(imagePath, "pe.elf");
  llvm::sys::path::append(logPath, "link.log");
  auto cleanup = [&] {
    llvm::sys::fs::remove(objectPath);
    llvm::sys::fs::remove(imagePath);
    llvm::sys::fs::remove(logPath);
    llvm::sys::fs::remove(directory);
  };
  {
    std::error_code ec;
    llvm::raw_fd_ostream out(objectPath, ec);
    if (ec) {
      cleanup();
      return "cannot write " + objectPath.str().str() + ": " + ec.message();
    }
    out.write(object.data(), object.size());
  }
  llvm::SmallVector<llvm::StringRef> arguments = {
      linker, "-T", SPNC_PE_LINKER_SCRIPT_PATH, "--gc-sections", "-o",
      imagePath, objectPath, SPNC_PE_RUNTIME_ARCHIVE};
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, logPath.str(),
                                                logPath.str()};
  std::string message;
  int status = llvm::sys::ExecuteAndWait(linker, arguments, std::nullopt,
                                         redirects, 0, 0, &message);
  if (status != 0) {
    std::string log;
    if (auto text = llvm::MemoryBuffer::getFile(logPath))
      log = (*text)->getBuffer().str();
    cleanup();
    return what + ": linking failed" +
           (message.empty() ? "" : " (" + message + ")") + ":\n" + log;
  }
  auto image = llvm::MemoryBuffer::getFile(imagePath);
  if (!image) {
    cleanup();
    return what + ": the linker wrote no image";
  }
  elf.assign((*image)->getBufferStart(), (*image)->getBufferEnd());
  cleanup();
  sizes = ImageSizes();
  if (std::string error = measureImage(elf, sizes); !error.empty())
    return what + ": unreadable image: " + error;
  if (sizes.code > SPNC_CODE_BYTES || sizes.data > SPNC_DATA_BYTES)
    return what + ": the image does not fit the PE's SRAM: code " +
           std::to_string(sizes.code) + " of " +
           std::to_string(SPNC_CODE_BYTES) + " B, data " +
           std::to_string(sizes.data) + " of " +
           std::to_string(SPNC_DATA_BYTES) + " B (" + sizes.detail + ")";
  return "";
}

} // namespace spnc::target
