//===- EventDrivenProducts.cpp - Products over the inputs that fired ------===//
//
// On a PE, `acc[i] += W[i, j] * x[j]` runs with j outermost: for each input
// j that is not zero, the weights of input j (its "synaptic row": the
// column of W restricted to the PE's units) are added to the accumulators.
// Every acc[i] still sums j = 0, 1, ... in the host's order with the host's
// mulf/addf operand order, and acc starts at +0, so skipping a zero input
// or a zero weight adds exactly what the host adds (+-0 to +0 or to a
// non-zero sum) as long as the inputs are finite (0 * inf is NaN on the
// host; the weights are checked to be finite here).
//
// The rows are stored dense (inputs x units) or compressed (per input: the
// units with non-zero weights and those weights), whichever is smaller.
//
//===----------------------------------------------------------------------===//
#include "PEGlue.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cmath>
#include <cstring>

using namespace mlir;

namespace spnc::pe {

namespace {

/// A product `acc = acc + W x` (batch 1) with constant f32 weights.
struct Product {
  linalg::LinalgOp op;
  memref::GlobalOp weights;
  Value vector, accumulator;
  int64_t units = 0, inputs = 0;
  /// W[unit, input] = data[unit * unitStride + input * inputStride].
  int64_t unitStride = 0, inputStride = 0;
  bool weightFirst = false; // mulf(w, x) rather than mulf(x, w)
};

std::optional<std::vector<float>> weightValues(memref::GlobalOp global) {
  if (!global.getConstant() || !global.getInitialValue())
    return std::nullopt;
  auto type = global.getType();
  if (!type.getElementType().isF32())
    return std::nullopt;
  size_t count = type.getNumElements();
  std::vector<float> values(count);
  Attribute initial = *global.getInitialValue();
  if (auto dense = dyn_cast<DenseElementsAttr>(initial)) {
    if (dense.isSplat()) {
      std::fill(values.begin(), values.end(), dense.getSplatValue<float>());
      return values;
    }
    ArrayRef<char> raw = dense.getRawData();
    if (raw.size() != count * 4)
      return std::nullopt;
    std::memcpy(values.data(), raw.data(), raw.size());
    return values;
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(initial)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != count * 4)
      return std::nullopt;
    std::memcpy(values.data(), blob->getData().data(), count * 4);
    return values;
  }
  return std::nullopt;
}

memref::GlobalOp constantGlobal(ModuleOp module, Value value) {
  auto get = value.getDefiningOp<memref::GetGlobalOp>();
  if (!get)
    return {};
  auto global = module.lookupSymbol<memref::GlobalOp>(get.getNameAttr());
  return global && global.getConstant() ? global : memref::GlobalOp();
}

std::optional<Product> matchProduct(ModuleOp module, linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1)
    return std::nullopt;
  Product product;
  product.op = op;
  Value a = op.getDpsInputs()[0], b = op.getDpsInputs()[1];
  product.accumulator = op.getDpsInits()[0];
  if (isa<linalg::MatvecOp>(op)) {
    // acc[i] += W[i, j] * x[j]: body mulf(W, x).
    product.weights = constantGlobal(module, a);
    product.vector = b;
    product.weightFirst = true;
    auto w = cast<MemRefType>(a.getType());
    product.units = w.getDimSize(0);
    product.inputs = w.getDimSize(1);
    product.unitStride = product.inputs;
    product.inputStride = 1;
  } else if (isa<linalg::MatmulOp>(op)) {
    // acc[0, n] += x[0, k] * B(k, n): body mulf(x, B).
    auto x = cast<MemRefType>(a.getType());
    if (x.getRank() != 2 || x.getDimSize(0) != 1)
      return std::nullopt;
    auto maps = op.getIndexingMapsArray();
    MLIRContext *context = op.getContext();
    AffineExpr d0, d1, d2;
    bindDims(context, d0, d1, d2);
    if (maps[0] != AffineMap::get(3, 0, {d0, d2}, context) ||
        maps[2] != AffineMap::get(3, 0, {d0, d1}, context))
      return std::nullopt;
    product.weights = constantGlobal(module, b);
    product.vector = a;
    auto w = cast<MemRefType>(b.getType());
    if (maps[1] == AffineMap::get(3, 0, {d2, d1}, context)) {
      product.inputs = w.getDimSize(0); // B[k, n]
      product.units = w.getDimSize(1);
      product.unitStride = 1;
      product.inputStride = product.units;
    } else if (maps[1] == AffineMap::get(3, 0, {d1, d2}, context)) {
      product.units = w.getDimSize(0); // B[n, k]
      product.inputs = w.getDimSize(1);
      product.unitStride = product.inputs;
      product.inputStride = 1;
    } else {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (!product.weights)
    return std::nullopt;
  return product;
}

void rewrite(ModuleOp module, Product product,
             const std::vector<float> &weights, unsigned id) {
  OpBuilder builder(product.op);
  Location loc = product.op.getLoc();
  MLIRContext *context = builder.getContext();
  Type f32 = builder.getF32Type(), i32 = builder.getI32Type();
  int64_t units = product.units, inputs = product.inputs;
  auto weight = [&](int64_t unit, int64_t input) {
    return weights[unit * product.unitStride + input * product.inputStride];
  };
  int64_t nonZeros = 0;
  for (float w : weights)
    nonZeros += w != 0.0f;
  // 16-bit unit indices and row starts where they suffice.
  bool narrowRows = units <= 0xFFFF;
  bool narrowStarts = nonZeros <= 0xFFFF;
  uint64_t denseBytes = uint64_t(units) * inputs * 4;
  uint64_t compressedBytes = uint64_t(nonZeros) * (4 + (narrowRows ? 2 : 4)) +
                             uint64_t(inputs + 1) * (narrowStarts ? 2 : 4);
  bool compressed = compressedBytes < denseBytes;

  auto addConstant = [&](StringRef name, Type elementType,
                         DenseElementsAttr value) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(module.getBody());
    auto type = MemRefType::get(value.getType().getShape(), elementType);
    memref::GlobalOp::create(builder, loc, name,
                             builder.getStringAttr("private"), type, value,
                             /*constant=*/true, builder.getI64IntegerAttr(4));
    return type;
  };
  auto index = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(builder, loc, v);
  };
  auto vectorType = cast<MemRefType>(product.vector.getType());
  auto accType = cast<MemRefType>(product.accumulator.getType());
  auto at = [&](MemRefType type, Value last) {
    SmallVector<Value> indices(type.getRank() - 1, index(0));
    indices.push_back(last);
    return indices;
  };
  std::string base = "spnc_rows" + std::to_string(id);

  // for j: x_j = x[j]; if x_j != 0 (NaN included): for the row of j: ...
  auto outer = scf::ForOp::create(builder, loc, index(0), index(inputs),
                                  index(1));
  builder.setInsertionPointToStart(outer.getBody());
  Value j = outer.getInductionVar();
  Value xj = memref::LoadOp::create(builder, loc, product.vector,
                                    at(vectorType, j));
  Value zero = arith::ConstantOp::create(builder, loc, builder.getF32FloatAttr(0));
  Value fired = arith::CmpFOp::create(builder, loc, arith::CmpFPredicate::UNE,
                                      xj, zero);
  auto ifFired = scf::IfOp::create(builder, loc, fired);
  builder.setInsertionPointToStart(&ifFired.getThenRegion().front());
  auto accumulate = [&](Value unit, Value w) {
    Value old = memref::LoadOp::create(builder, loc, product.accumulator,
                                       at(accType, unit));
    Value term = product.weightFirst
                     ? arith::MulFOp::create(builder, loc, w, xj).getResult()
                     : arith::MulFOp::create(builder, loc, xj, w).getResult();
    Value sum = arith::AddFOp::create(builder, loc, old, term);
    memref::StoreOp::create(builder, loc, sum, product.accumulator,
                            at(accType, unit));
  };
  if (compressed) {
    std::vector<float> values;
    std::vector<int32_t> rows, starts{0};
    for (int64_t input = 0; input < inputs; ++input) {
      for (int64_t unit = 0; unit < units; ++unit)
        if (weight(unit, input) != 0.0f) {
          values.push_back(weight(unit, input));
          rows.push_back(int32_t(unit));
        }
      starts.push_back(int32_t(values.size()));
    }
    int64_t n = std::max<int64_t>(values.size(), 1);
    values.resize(n, 0.0f);
    rows.resize(n, 0);
    Type rowType = narrowRows ? builder.getI16Type() : i32;
    auto valuesType = addConstant(
        base + "_weights", f32,
        DenseElementsAttr::get(RankedTensorType::get({n}, f32),
                               ArrayRef<float>(values)));
    DenseElementsAttr rowsAttr;
    if (narrowRows) {
      std::vector<int16_t> narrow(rows.begin(), rows.end());
      rowsAttr = DenseElementsAttr::get(RankedTensorType::get({n}, rowType),
                                        ArrayRef<int16_t>(narrow));
    } else {
      rowsAttr = DenseElementsAttr::get(RankedTensorType::get({n}, rowType),
                                        ArrayRef<int32_t>(rows));
    }
    auto rowsType = addConstant(base + "_units", rowType, rowsAttr);
    Type startType = narrowStarts ? builder.getI16Type() : i32;
    auto startsShape = RankedTensorType::get({int64_t(starts.size())}, startType);
    DenseElementsAttr startsAttr;
    if (narrowStarts) {
      std::vector<uint16_t> narrow(starts.begin(), starts.end());
      startsAttr = DenseElementsAttr::get(startsShape, ArrayRef<uint16_t>(narrow));
    } else {
      startsAttr = DenseElementsAttr::get(startsShape, ArrayRef<int32_t>(starts));
    }
    auto startsType = addConstant(base + "_starts", startType, startsAttr);
    Value valuesRef = memref::GetGlobalOp::create(builder, loc, valuesType,
                                                  base + "_weights");
    Value rowsRef =
        memref::GetGlobalOp::create(builder, loc, rowsType, base + "_units");
    Value startsRef =
        memref::GetGlobalOp::create(builder, loc, startsType, base + "_starts");
    auto toIndex = [&](Value v) -> Value {
      if (v.getType() != i32)
        v = arith::ExtUIOp::create(builder, loc, i32, v);
      return arith::IndexCastUIOp::create(builder, loc, builder.getIndexType(),
                                          v);
    };
    Value begin = toIndex(memref::LoadOp::create(builder, loc, startsRef, j));
    Value next = arith::AddIOp::create(builder, loc, j, index(1));
    Value end = toIndex(memref::LoadOp::create(builder, loc, startsRef, next));
    auto inner = scf::ForOp::create(builder, loc, begin, end, index(1));
    builder.setInsertionPointToStart(inner.getBody());
    Value k = inner.getInductionVar();
    Value row = memref::LoadOp::create(builder, loc, rowsRef, k);
    if (narrowRows)
      row = arith::ExtUIOp::create(builder, loc, i32, row);
    Value w = memref::LoadOp::create(builder, loc, valuesRef, k);
    accumulate(toIndex(row), w);
  } else {
    std::vector<float> rowsByInput(size_t(units) * inputs);
    for (int64_t input = 0; input < inputs; ++input)
      for (int64_t unit = 0; unit < units; ++unit)
        rowsByInput[input * units + unit] = weight(unit, input);
    auto type = addConstant(
        base + "_weights", f32,
        DenseElementsAttr::get(RankedTensorType::get({inputs, units}, f32),
                               ArrayRef<float>(rowsByInput)));
    Value rowsRef =
        memref::GetGlobalOp::create(builder, loc, type, base + "_weights");
    auto inner = scf::ForOp::create(builder, loc, index(0), index(units),
                                    index(1));
    builder.setInsertionPointToStart(inner.getBody());
    Value unit = inner.getInductionVar();
    Value w = memref::LoadOp::create(builder, loc, rowsRef,
                                     ValueRange{j, unit});
    accumulate(unit, w);
  }
  (void)context;
  product.op->erase();
}

} // namespace

LogicalResult rewriteEventDrivenProducts(ModuleOp module) {
  SmallVector<Product> products;
  module.walk([&](linalg::LinalgOp op) {
    if (std::optional<Product> product = matchProduct(module, op))
      products.push_back(*product);
  });
  unsigned id = 0;
  for (Product &product : products) {
    std::optional<std::vector<float>> weights = weightValues(product.weights);
    if (!weights || !llvm::all_of(*weights, [](float w) {
          return std::isfinite(w);
        }))
      continue; // stays the dense product
    rewrite(module, product, *weights, id++);
  }
  // Weight tables no product reads any more.
  module.walk([](memref::GetGlobalOp get) {
    if (get->use_empty())
      get->erase();
  });
  SmallVector<memref::GlobalOp> unused;
  for (auto global : module.getOps<memref::GlobalOp>())
    if (global.getConstant() &&
        SymbolTable::symbolKnownUseEmpty(global, module))
      unused.push_back(global);
  for (memref::GlobalOp global : unused)
    global.erase();
  return success();
}

} // namespace spnc::pe
