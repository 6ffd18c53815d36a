//===- PECodegen.h - PE programs to linked Cortex-M4F images ----*- C++ -*-===//
//
// The back end of `spnc`: each PE module (spnc/Conversion/S2ToPE) lowers to
// the LLVM dialect, translates to LLVM IR with the program descriptor of
// abi.h, compiles in-process with LLVM's ARM back end (cortex-m4,
// fpv4-sp-d16, hard float, no FP contraction) and links with ld.lld and the
// per-core runtime into an ELF image that must fit the PE's SRAM. The
// images, routing tables and host I/O map then form the deployment package.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_TARGET_SPINNAKER2_PECODEGEN_H
#define SPNC_TARGET_SPINNAKER2_PECODEGEN_H

#include "spnc/Conversion/S2ToPE/S2ToPE.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <memory>
#include <string>
#include <vector>

namespace spnc::target {

/// Lowers a PE module to the LLVM dialect and translates it to LLVM IR for
/// the Cortex-M4F, with the program descriptor `spnc_program` and the
/// section placement of the binary contract, optimised at -O2.
std::unique_ptr<llvm::Module> translatePEProgram(pe::PEProgram &program,
                                                 llvm::LLVMContext &context);

/// The object file of one PE's LLVM IR; an error message on failure.
std::string emitPEObject(llvm::Module &module, std::vector<char> &object);

/// Bytes of a linked image's allocated sections in the code and the data
/// SRAM (the stack is part of data).
struct ImageSizes {
  uint64_t code = 0, data = 0;
  std::string detail;
};

/// Links an object with the per-core runtime into an image and checks it
/// against the PE's SRAM. `what` names the PE in messages.
std::string linkPEImage(const std::vector<char> &object,
                        const std::string &what, std::vector<uint8_t> &elf,
                        ImageSizes &sizes);

/// Compiles every slice of the machine in `mapped` into a deployment package
/// file (docs/Package.md). Earlier stages write the per-PE MLIR modules or
/// LLVM IR (as text, one after the other) or a directory of objects or
/// linked images (<PE name>.o / .elf).
enum class Stage { PEModules, LLVM, Object, Image, Package };
/// `reportPath` (if not empty) gets the mapping report with the measured
/// images (the package carries the same report).
mlir::LogicalResult compileMachine(mlir::ModuleOp mapped, Stage stage,
                                   const std::string &output,
                                   const std::string &modelName,
                                   const std::string &reportPath = "");

} // namespace spnc::target

#endif // SPNC_TARGET_SPINNAKER2_PECODEGEN_H
