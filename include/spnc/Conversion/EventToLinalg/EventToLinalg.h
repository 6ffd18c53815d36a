//===- EventToLinalg.h - Event dialect to linalg ----------------*- C++ -*-===//
//
// The patterns behind `convert-event-to-linalg`, for passes that lower the
// event dialect together with something else.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_CONVERSION_EVENTTOLINALG_EVENTTOLINALG_H
#define SPNC_CONVERSION_EVENTTOLINALG_EVENTTOLINALG_H

#include "mlir/Transforms/DialectConversion.h"

namespace spnc {

/// `!event.events<S x T[, binary]>` -> `tensor<S x T>`; every other type is
/// kept.
class EventsToTensorTypeConverter : public mlir::TypeConverter {
public:
  EventsToTensorTypeConverter();
};

/// Patterns lowering every event op (cells, event generation, accumulate,
/// to_dense/from_dense, state) to linalg/tensor/arith/math/ml_program.
void populateEventToLinalgConversionPatterns(
    const mlir::TypeConverter &typeConverter,
    mlir::RewritePatternSet &patterns);

} // namespace spnc

#endif // SPNC_CONVERSION_EVENTTOLINALG_EVENTTOLINALG_H
