//===- WriteReport.cpp - The mapping report as a pass ---------------------===//
#include "spnc/Dialect/S2/Transforms/Passes.h"
#include "spnc/Dialect/S2/Transforms/Report.h"

namespace spnc {
#define GEN_PASS_DEF_S2WRITEREPORT
#include "spnc/Dialect/S2/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;

namespace {

class WriteReport : public spnc::impl::S2WriteReportBase<WriteReport> {
public:
  using Base::Base;
  void runOnOperation() override {
    if (failed(spnc::s2::writeMappingReport(getOperation(), file, stepsInFlight)))
      signalPassFailure();
    markAllAnalysesPreserved();
  }
};

} // namespace
