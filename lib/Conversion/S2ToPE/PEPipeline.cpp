//===- PEPipeline.cpp - A PE module to the LLVM dialect -------------------===//
//
// The tail of the host pipeline (lib/Pipelines/HostPipeline.cpp) with the
// PE's 32-bit indices: the same loops, the same math approximations, no
// libm and no C interface wrappers.
//
//===----------------------------------------------------------------------===//
#include "spnc/Conversion/S2ToPE/S2ToPE.h"

#include "spnc/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToFuncs/MathToFuncs.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace spnc::pe {

void populatePEToLLVMPipeline(OpPassManager &pm) {
  constexpr unsigned kIndexBits = 32;
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createExpandStridedCopies());
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createApproximateMath());
  pm.addPass(createConvertMathToFuncs());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
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
