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
// Quantised weights (a dequantize generic, sitofp(q) * scale, writing the
// product's weight buffer) stay int8: each use computes sitofp(q) * scale
// exactly as the host's dequantized matrix holds it.
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

/// Weights dequantized from constant int8 values and f32 scales by the
/// generic right before the product.
struct Quantized {
  linalg::GenericOp dequantize;
  memref::GlobalOp values, scales;
  /// The scale index is the weight matrix's first (else second) index.
  bool scalePerRow = true;
};

/// A product `acc = acc + W x` (batch 1) with constant f32 weights.
struct Product {
  linalg::LinalgOp op;
  memref::GlobalOp weights; // f32 weights, or null if quantized
  std::optional<Quantized> quantized;
  Value vector, accumulator;
  int64_t units = 0, inputs = 0;
  /// W[unit, input] = data[unit * unitStride + input * inputStride] of a
  /// matrix with `columns` columns.
  int64_t unitStride = 0, inputStride = 0, columns = 0;
  bool weightFirst = false; // mulf(w, x) rather than mulf(x, w)
};

/// The raw bytes of a constant global's elements of `elementBytes` each.
std::optional<std::vector<char>> constantBytes(memref::GlobalOp global,
                                               unsigned elementBytes) {
  if (!global.getConstant() || !global.getInitialValue())
    return std::nullopt;
  size_t bytes = size_t(global.getType().getNumElements()) * elementBytes;
  Attribute initial = *global.getInitialValue();
  if (auto dense = dyn_cast<DenseElementsAttr>(initial)) {
    ArrayRef<char> raw = dense.getRawData();
    std::vector<char> data(bytes);
    if (dense.isSplat()) {
      for (size_t i = 0; i < bytes; i += raw.size())
        std::memcpy(data.data() + i, raw.data(), raw.size());
      return data;
    }
    if (raw.size() != bytes)
      return std::nullopt;
    return std::vector<char>(raw.begin(), raw.end());
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(initial)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != bytes)
      return std::nullopt;
    return std::vector<char>(blob->getData().begin(), blob->getData().end());
  }
  return std::nullopt;
}

/// `sitofp(q) * scale` of `dequantize`'s body, with q the first and the
/// scale the second input.
bool isDequantizeBody(linalg::GenericOp generic) {
  Block &body = generic.getRegion().front();
  auto ops = body.without_terminator();
  if (std::distance(ops.begin(), ops.end()) != 2)
    return false;
  auto convert = dyn_cast<arith::SIToFPOp>(&*ops.begin());
  auto multiply = dyn_cast<arith::MulFOp>(&*std::next(ops.begin()));
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  return convert && multiply && convert.getIn() == body.getArgument(0) &&
         multiply.getLhs() == convert.getResult() &&
         multiply.getRhs() == body.getArgument(1) &&
         multiply.getFastmath() == arith::FastMathFlags::none &&
         yield.getNumOperands() == 1 && yield.getOperand(0) == multiply;
}

/// The dequantization that last wrote `buffer` before `product` in its
/// block, if it is the only thing touching the buffer in between.
std::optional<Quantized> findDequantize(ModuleOp module, Operation *product,
                                        Value buffer) {
  for (Operation *op = product->getPrevNode(); op; op = op->getPrevNode()) {
    bool touches = llvm::is_contained(op->getOperands(), buffer);
    if (!touches)
      continue;
    auto generic = dyn_cast<linalg::GenericOp>(op);
    if (!generic || generic.getNumDpsInputs() != 2 ||
        generic.getNumDpsInits() != 1 ||
        generic.getDpsInits()[0] != buffer || !isDequantizeBody(generic) ||
        generic.getNumParallelLoops() != generic.getNumLoops())
      return std::nullopt;
    Quantized quantized;
    quantized.dequantize = generic;
    auto global = [&](Value value) -> memref::GlobalOp {
      auto get = value.getDefiningOp<memref::GetGlobalOp>();
      auto found = get ? module.lookupSymbol<memref::GlobalOp>(get.getNameAttr())
                       : memref::GlobalOp();
      return found && found.getConstant() ? found : memref::GlobalOp();
    };
    quantized.values = global(generic.getDpsInputs()[0]);
    quantized.scales = global(generic.getDpsInputs()[1]);
    if (!quantized.values || !quantized.scales ||
        !quantized.values.getType().getElementType().isInteger(8) ||
        !quantized.scales.getType().getElementType().isF32())
      return std::nullopt;
    auto maps = generic.getIndexingMapsArray();
    MLIRContext *context = generic.getContext();
    AffineExpr d0, d1;
    bindDims(context, d0, d1);
    if (maps[0] != AffineMap::get(2, 0, {d0, d1}, context) ||
        maps[2] != AffineMap::get(2, 0, {d0, d1}, context))
      return std::nullopt;
    if (maps[1] == AffineMap::get(2, 0, {d0}, context))
      quantized.scalePerRow = true;
    else if (maps[1] == AffineMap::get(2, 0, {d1}, context))
      quantized.scalePerRow = false;
    else
      return std::nullopt;
    return quantized;
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
    if (!product.weights)
      product.quantized = findDequantize(module, op, a);
    product.vector = b;
    product.weightFirst = true;
    auto w = cast<MemRefType>(a.getType());
    product.units = w.getDimSize(0);
    product.inputs = w.getDimSize(1);
    product.unitStride = product.inputs;
    product.inputStride = 1;
    product.columns = w.getDimSize(1);
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
    if (!product.weights)
      product.quantized = findDequantize(module, op, b);
    product.vector = a;
    auto w = cast<MemRefType>(b.getType());
    product.columns = w.getDimSize(1);
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
  if (!product.weights && !product.quantized)
    return std::nullopt;
  return product;
}

/// The weights of a product as the host computes them: f32 values, or int8
/// values with their scales.
struct Weights {
  std::vector<float> values;        // f32 weights
  std::vector<int8_t> quantized;    // or int8 values ...
  std::vector<float> scales;        // ... and their scales
};

std::optional<Weights> readWeights(Product &product) {
  Weights weights;
  if (!product.quantized) {
    std::optional<std::vector<char>> bytes = constantBytes(product.weights, 4);
    if (!bytes || !product.weights.getType().getElementType().isF32())
      return std::nullopt;
    weights.values.resize(bytes->size() / 4);
    std::memcpy(weights.values.data(), bytes->data(), bytes->size());
    return weights;
  }
  std::optional<std::vector<char>> values =
      constantBytes(product.quantized->values, 1);
  std::optional<std::vector<char>> scales =
      constantBytes(product.quantized->scales, 4);
  if (!values || !scales)
    return std::nullopt;
  weights.quantized.assign(values->begin(), values->end());
  weights.scales.resize(scales->size() / 4);
  std::memcpy(weights.scales.data(), scales->data(), scales->size());
  // The f32 weights, as the host's dequantized matrix holds them.
  int64_t columns = product.columns;
  weights.values.resize(weights.quantized.size());
  for (size_t i = 0; i < weights.quantized.size(); ++i) {
    size_t scale = product.quantized->scalePerRow ? i / columns : i % columns;
    weights.values[i] = float(weights.quantized[i]) * weights.scales[scale];
  }
  return weights;
}

void rewrite(ModuleOp module, Product product, const Weights &weights,
             unsigned id) {
  OpBuilder builder(product.op);
  Location loc = product.op.getLoc();
  Type f32 = builder.getF32Type(), i32 = builder.getI32Type();
  bool quantized = product.quantized.has_value();
  Type storedType = quantized ? Type(builder.getI8Type()) : f32;
  unsigned storedBytes = quantized ? 1 : 4;
  int64_t units = product.units, inputs = product.inputs;
  auto flat = [&](int64_t unit, int64_t input) {
    return unit * product.unitStride + input * product.inputStride;
  };
  auto weight = [&](int64_t unit, int64_t input) {
    return weights.values[flat(unit, input)];
  };
  int64_t nonZeros = 0;
  for (float w : weights.values)
    nonZeros += w != 0.0f;
  // 16-bit unit indices and row starts where they suffice.
  bool narrowRows = units <= 0xFFFF;
  bool narrowStarts = nonZeros <= 0xFFFF;
  uint64_t denseBytes = uint64_t(units) * inputs * storedBytes;
  uint64_t compressedBytes =
      uint64_t(nonZeros) * (storedBytes + (narrowRows ? 2 : 4)) +
      uint64_t(inputs + 1) * (narrowStarts ? 2 : 4);
  bool compressed = compressedBytes < denseBytes;
  // Whether the matrix's rows are the units (W[unit, input]) or the inputs.
  bool rowsAreUnits = product.unitStride == product.columns;

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
  // Quantised: w = sitofp(q) * scale, the dequantize body's two ops.
  Value scalesRef;
  if (quantized) {
    auto scalesType = product.quantized->scales.getType();
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPoint(outer);
    scalesRef = memref::GetGlobalOp::create(
        builder, loc, scalesType, product.quantized->scales.getSymName());
  }
  auto dequantize = [&](Value stored, Value unit) -> Value {
    if (!quantized)
      return stored;
    Value converted = arith::SIToFPOp::create(builder, loc, f32, stored);
    bool scaleByUnit = rowsAreUnits == product.quantized->scalePerRow;
    Value scale = memref::LoadOp::create(builder, loc, scalesRef,
                                         ValueRange{scaleByUnit ? unit : j});
    return arith::MulFOp::create(builder, loc, converted, scale);
  };
  auto accumulate = [&](Value unit, Value stored) {
    Value w = dequantize(stored, unit);
    Value old = memref::LoadOp::create(builder, loc, product.accumulator,
                                       at(accType, unit));
    Value term = product.weightFirst
                     ? arith::MulFOp::create(builder, loc, w, xj).getResult()
                     : arith::MulFOp::create(builder, loc, xj, w).getResult();
    Value sum = arith::AddFOp::create(builder, loc, old, term);
    memref::StoreOp::create(builder, loc, sum, product.accumulator,
                            at(accType, unit));
  };
  // The stored weights of (unit, input) in the order given, as a constant.
  auto storedConstant = [&](ArrayRef<std::pair<int64_t, int64_t>> entries,
                            ArrayRef<int64_t> shape) -> DenseElementsAttr {
    auto type = RankedTensorType::get(shape, storedType);
    if (quantized) {
      std::vector<int8_t> data;
      for (auto [unit, input] : entries)
        data.push_back(weights.quantized[flat(unit, input)]);
      return DenseElementsAttr::get(type, ArrayRef<int8_t>(data));
    }
    std::vector<float> data;
    for (auto [unit, input] : entries)
      data.push_back(weight(unit, input));
    return DenseElementsAttr::get(type, ArrayRef<float>(data));
  };
  if (compressed) {
    std::vector<std::pair<int64_t, int64_t>> entries;
    std::vector<int32_t> rows, starts{0};
    for (int64_t input = 0; input < inputs; ++input) {
      for (int64_t unit = 0; unit < units; ++unit)
        if (weight(unit, input) != 0.0f) {
          entries.push_back({unit, input});
          rows.push_back(int32_t(unit));
        }
      starts.push_back(int32_t(entries.size()));
    }
    if (entries.empty()) {
      // A unit-0 entry that is never visited keeps the arrays non-empty.
      entries.push_back({0, 0});
      rows.push_back(0);
    }
    int64_t n = entries.size();
    Type rowType = narrowRows ? builder.getI16Type() : i32;
    auto valuesType = addConstant(base + "_weights", storedType,
                                  storedConstant(entries, {n}));
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
    std::vector<std::pair<int64_t, int64_t>> entries;
    for (int64_t input = 0; input < inputs; ++input)
      for (int64_t unit = 0; unit < units; ++unit)
        entries.push_back({unit, input});
    auto type = addConstant(base + "_weights", storedType,
                            storedConstant(entries, {inputs, units}));
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
    std::optional<Weights> weights = readWeights(product);
    if (!weights || !llvm::all_of(weights->values, [](float w) {
          return std::isfinite(w);
        }))
      continue; // stays the dense product
    rewrite(module, product, *weights, id++);
    product.op = nullptr; // erased
  }
  // Dequantizations whose buffer nothing reads any more (only other
  // dequantizations write it).
  SmallVector<linalg::GenericOp> dequantizations;
  for (Product &product : products)
    if (product.quantized && product.op == nullptr)
      dequantizations.push_back(product.quantized->dequantize);
  for (linalg::GenericOp generic : dequantizations) {
    Value buffer = generic.getDpsInits()[0];
    bool read = llvm::any_of(buffer.getUsers(), [&](Operation *user) {
      auto other = dyn_cast<linalg::GenericOp>(user);
      return !other || other.getDpsInits()[0] != buffer ||
             !isDequantizeBody(other);
    });
    if (!read)
      generic->erase();
  }
  // Weight tables no product reads any more.
  module.walk([](memref::GetGlobalOp get) {
    if (get->use_empty())
      get->erase();
  });
  SmallVector<memref::GlobalOp> unused;
  for (auto global : module.getOps<memref::GlobalOp>())
    if (SymbolTable::symbolKnownUseEmpty(global, module))
      unused.push_back(global);
  for (memref::GlobalOp global : unused)
    global.erase();
  return success();
}

} // namespace spnc::pe
