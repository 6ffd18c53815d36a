//===- PEPipeline.cpp - A PE module to the LLVM dialect -------------------===//
//
// The host pipeline's shared part (populateLoopsAndMathPipeline: the same
// loops, the same math approximations), then the LLVM lowering with the PE's
// 32-bit indices: no libm and no C interface wrappers.
//
//===----------------------------------------------------------------------===//
#include "spnc/Conversion/S2ToPE/S2ToPE.h"

#include "spnc/Pipelines/HostPipeline.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace spnc::pe {

void populatePEToLLVMPipeline(OpPassManager &pm) {
  constexpr unsigned kIndexBits = 32;
  populateLoopsAndMathPipeline(pm);
  pm.addPass(createCanonicalizerPass());
  ConvertMathToLLVMPassOptions math;
  math.approximateLog1p = false;
  pm.addPass(createConvertMathToLLVMPass(math));
  ArithToLLVMConversionPassOptions arith;
  arith.indexBitwidth = kIndexBits;
  pm.addPass(createArithToLLVMConversionPass(arith));
  ConvertIndexToLLVMPassOptions index;
  index.indexBitwidth = kIndexBits;
  pm.addPass(createConvertIndexToLLVMPass(index));
  FinalizeMemRefToLLVMConversionPassOptions memref;
  memref.indexBitwidth = kIndexBits;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memref));
  ConvertControlFlowToLLVMPassOptions cf;
  cf.indexBitwidth = kIndexBits;
  pm.addPass(createConvertControlFlowToLLVMPass(cf));
  ConvertFuncToLLVMPassOptions func;
  func.indexBitwidth = kIndexBits;
  pm.addPass(createConvertFuncToLLVMPass(func));
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

} // namespace spnc::pe
