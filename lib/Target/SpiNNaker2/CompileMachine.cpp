//===- CompileMachine.cpp - A mapped module to a deployment package -------===//
#include "spnc/Target/SpiNNaker2/PECodegen.h"

#include "spnc/Dialect/S2/S2Dialect.h"
#include "spnc/Dialect/S2/Transforms/Report.h"
#include "spnc/Support/DType.h"

#include "spinnaker2/abi.h"
#include "spnc-runtime/Package.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace spnc::target {

namespace {

std::string nameOf(DictionaryAttr attrs, const char *prefix, unsigned index) {
  if (attrs)
    if (auto name = attrs.getAs<StringAttr>("onnx.name"))
      return name.str();
  return prefix + std::to_string(index);
}

FailureOr<rt::PackageTensor> tensorOf(Location loc, Type type,
                                      std::string name) {
  rt::PackageTensor tensor;
  tensor.name = std::move(name);
  auto shaped = dyn_cast<ShapedType>(type);
  std::optional<rt::DType> dtype =
      shaped ? getDType(shaped.getElementType()) : std::nullopt;
  if (!shaped || !shaped.hasStaticShape() || !dtype)
    return emitError(loc) << "graph value '" << tensor.name << "' of type "
                          << type << " cannot cross the host interface";
  tensor.dtype = *dtype;
  tensor.shape.assign(shaped.getShape().begin(), shaped.getShape().end());
  return tensor;
}

uint32_t linkMask(ArrayAttr links) {
  static const char *names[] = {"E", "NE", "N", "W", "SW", "S"};
  uint32_t mask = 0;
  for (Attribute link : links)
    for (unsigned i = 0; i < 6; ++i)
      if (cast<StringAttr>(link).getValue() == names[i])
        mask |= 1u << i;
  return mask;
}

bool parsePE(StringRef text, rt::PackagePE &pe) {
  SmallVector<StringRef> parts;
  text.split(parts, '.');
  return parts.size() == 3 && !parts[0].getAsInteger(10, pe.qx) &&
         !parts[1].getAsInteger(10, pe.qy) && !parts[2].getAsInteger(10, pe.qp);
}

} // namespace

LogicalResult compileMachine(ModuleOp mapped, Stage stage,
                             const std::string &output,
                             const std::string &modelName,
                             const std::string &reportPath) {
  FailureOr<std::vector<pe::PEProgram>> programs = pe::buildPEPrograms(mapped);
  if (failed(programs))
    return failure();
  auto machine = *mapped.getOps<s2::MachineOp>().begin();
  auto step = mapped.lookupSymbol<func::FuncOp>(machine.getStep());

  rt::Package package;
  package.abiVersion = SPNC_ABI_VERSION;
  package.target = "spinnaker2";
  package.system = machine.getSystem().str();
  if (auto steps = machine->getAttrOfType<IntegerAttr>(
          s2::S2Dialect::kStepsInFlightAttrName))
    package.stepsInFlight = uint32_t(steps.getInt());
  package.modelName = modelName;
  FunctionType signature = step.getFunctionType();
  for (unsigned i = 0; i < signature.getNumInputs(); ++i) {
    FailureOr<rt::PackageTensor> tensor =
        tensorOf(step.getLoc(), signature.getInput(i),
                 nameOf(step.getArgAttrDict(i), "arg", i));
    if (failed(tensor))
      return failure();
    package.inputs.push_back(*tensor);
  }
  for (unsigned i = 0; i < signature.getNumResults(); ++i) {
    FailureOr<rt::PackageTensor> tensor =
        tensorOf(step.getLoc(), signature.getResult(i),
                 nameOf(step.getResultAttrDict(i), "result", i));
    if (failed(tensor))
      return failure();
    package.outputs.push_back(*tensor);
  }
  for (Operation &op : machine.getBody().front())
    if (auto io = dyn_cast<s2::IOOp>(op)) {
      if (io.getDirection() == s2::IODirection::input && io.getState())
        for (rt::PackageTensor &tensor : package.inputs)
          if (tensor.name == io.getName())
            tensor.stateOutput = io.getState()->str();
      if (io.getDirection() == s2::IODirection::output &&
          io.getPopulations().empty())
        return io.emitError() << "graph output '" << io.getName()
                              << "' is not computed by any population on "
                                 "the chip";
    }
  for (Operation &op : machine.getBody().front())
    if (auto table = dyn_cast<s2::RoutingTableOp>(op)) {
      rt::PackageRoutingTable entries;
      entries.chip = table.getChip();
      entries.uncompressedEntries = table.getUncompressedEntries().value_or(0);
      for (auto route : table.getBody().front().getOps<s2::RouteOp>()) {
        rt::PackageRoute entry;
        entry.key = route.getKey();
        entry.mask = route.getMask();
        for (Attribute pe : route.getPes())
          entry.pes.push_back(cast<StringAttr>(pe).str());
        entry.linkMask = linkMask(route.getLinks());
        entries.routes.push_back(std::move(entry));
      }
      package.tables.push_back(std::move(entries));
    }

  std::string llvmText;
  llvm::raw_string_ostream llvmStream(llvmText);
  // What each linked image takes (the report's "images").
  llvm::json::Array images;
  uint64_t maxImageData = 0, maxImageCode = 0;
  auto writeFile = [&](const std::string &name, const char *data,
                       size_t size) -> LogicalResult {
    llvm::SmallString<128> path(output);
    llvm::sys::path::append(path, name);
    std::error_code ec;
    llvm::raw_fd_ostream out(path, ec);
    if (ec)
      return mapped.emitError() << "cannot write " << path << ": "
                                << ec.message();
    out.write(data, size);
    return success();
  };
  if (stage == Stage::Object || stage == Stage::Image)
    if (std::error_code ec = llvm::sys::fs::create_directories(output))
      return mapped.emitError() << "cannot create " << output << ": "
                                << ec.message();
  for (pe::PEProgram &program : *programs) {
    if (stage == Stage::PEModules) {
      llvmStream << "// PE " << *program.slice.getPe() << " (chip "
                 << *program.slice.getChip() << ", @"
                 << program.slice.getPopulation() << " units ["
                 << program.slice.getBegin() << ", " << program.slice.getEnd()
                 << "))\n";
      program.module->print(llvmStream);
      llvmStream << "\n";
      continue;
    }
    llvm::LLVMContext context;
    std::unique_ptr<llvm::Module> module = translatePEProgram(program, context);
    if (!module)
      return failure();
    std::string what = "PE " + program.slice.getPe()->str() + " (chip " +
                       std::to_string(*program.slice.getChip()) + ", @" +
                       program.slice.getPopulation().str() + " units [" +
                       std::to_string(program.slice.getBegin()) + ", " +
                       std::to_string(program.slice.getEnd()) + "))";
    if (stage == Stage::LLVM) {
      llvmStream << "; " << what << "\n" << *module << "\n";
      continue;
    }
    std::vector<char> object;
    if (std::string error = emitPEObject(*module, object); !error.empty())
      return program.slice.emitError() << what << ": " << error;
    if (stage == Stage::Object) {
      if (failed(writeFile(program.name + ".o", object.data(), object.size())))
        return failure();
      continue;
    }
    rt::PackagePE pe;
    ImageSizes sizes;
    if (std::string error = linkPEImage(object, what, pe.elf, sizes);
        !error.empty())
      return program.slice.emitError() << error;
    images.push_back(llvm::json::Object{
        {"pe", program.slice.getPe()->str()},
        {"chip", int64_t(*program.slice.getChip())},
        {"population", program.slice.getPopulation().str()},
        {"code", int64_t(sizes.code)},
        {"data", int64_t(sizes.data + SPNC_STACK_DEFAULT_BYTES +
                         SPNC_STACK_GUARD_BYTES)},
        {"event_capacity", int64_t(program.interface.eventCapacity)},
        {"elf_bytes", int64_t(pe.elf.size())}});
    maxImageCode = std::max(maxImageCode, sizes.code);
    maxImageData = std::max(maxImageData, sizes.data + SPNC_STACK_DEFAULT_BYTES +
                                              SPNC_STACK_GUARD_BYTES);
    if (stage == Stage::Image) {
      if (failed(writeFile(program.name + ".elf",
                           reinterpret_cast<const char *>(pe.elf.data()),
                           pe.elf.size())))
        return failure();
      continue;
    }
    pe.chip = *program.slice.getChip();
    if (!parsePE(*program.slice.getPe(), pe))
      return program.slice.emitError("malformed PE name");
    pe.population = program.slice.getPopulation().str();
    pe.unitBegin = program.slice.getBegin();
    pe.unitEnd = program.slice.getEnd();
    pe.sourceId = *program.slice.getSource();
    pe.key = *program.slice.getKey();
    pe.mask = *program.slice.getMask();
    pe.dvfs = machine.getDvfs().str();
    package.pes.push_back(std::move(pe));
  }

  if (stage == Stage::LLVM || stage == Stage::PEModules) {
    std::string error;
    auto file = mlir::openOutputFile(output, &error);
    if (!file)
      return mapped.emitError() << error;
    file->os() << llvmText;
    file->keep();
    return success();
  }
  if (stage == Stage::Object || stage == Stage::Image)
    return success();
  FailureOr<llvm::json::Value> report = s2::buildMappingReport(mapped);
  if (failed(report))
    return failure();
  // The images as linked: code and data (stack and guard included) per PE
  // against the SRAM, next to the mapping's estimates.
  if (llvm::json::Object *object = report->getAsObject())
    (*object)["images"] = llvm::json::Object{
        {"code_limit", int64_t(SPNC_CODE_BYTES)},
        {"data_limit", int64_t(SPNC_DATA_BYTES)},
        {"max_code", int64_t(maxImageCode)},
        {"max_data", int64_t(maxImageData)},
        {"per_pe", std::move(images)}};
  std::string reportText;
  llvm::raw_string_ostream reportStream(reportText);
  reportStream << llvm::formatv("{0:1}", *report);
  package.reportJson = reportText;
  if (!reportPath.empty()) {
    std::string error;
    auto file = mlir::openOutputFile(reportPath, &error);
    if (!file)
      return mapped.emitError() << error;
    file->os() << reportText << "\n";
    file->keep();
  }
  if (std::string error = rt::derivePackageIO(package); !error.empty())
    return mapped.emitError() << "package: " << error;
  if (std::string error = rt::writePackageFile(package, output); !error.empty())
    return mapped.emitError() << "package: " << error;
  return success();
}

} // namespace spnc::target
