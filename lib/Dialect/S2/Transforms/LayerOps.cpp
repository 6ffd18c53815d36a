//===- LayerOps.cpp - What the mapping passes know about layer ops --------===//
#include "LayerOps.h"

#include "spnc/Dialect/Event/EventDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

#include <cstring>

using namespace mlir;

namespace spnc::s2 {

//===----------------------------------------------------------------------===//
// Constants and their non-zero patterns
//===----------------------------------------------------------------------===//

/// The value behind shape-only ops.
static Value stripShapeOps(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (!isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tensor::CastOp>(def))
      break;
    value = def->getOperand(0);
  }
  return value;
}

Attribute getConstantAttr(Value value) {
  value = stripShapeOps(value);
  Attribute attr;
  if (matchPattern(value, m_Constant(&attr)))
    return attr;
  return {};
}

static unsigned bytesOf(Type type) {
  if (type.isIntOrFloat())
    return std::max(1u, type.getIntOrFloatBitWidth() / 8);
  return 4;
}

unsigned elementBytes(Value value) {
  return bytesOf(getElementTypeOrSelf(value.getType()));
}

WeightStorage weightStorage(Value value) {
  if (auto dequantize =
          stripShapeOps(value).getDefiningOp<event::DequantizeOp>())
    return {elementBytes(dequantize.getQuantized()),
            elementBytes(dequantize.getScales())};
  return {elementBytes(value), 0};
}

/// The pattern of an event.dequantize: its integers' pattern, with the rows
/// whose scale is zero cleared.
static NonZeros readDequantized(event::DequantizeOp dequantize, int64_t rows,
                                int64_t cols) {
  NonZeros nz = readNonZeros(dequantize.getQuantized(), rows, cols);
  auto scales = dyn_cast_or_null<DenseFPElementsAttr>(
      getConstantAttr(dequantize.getScales()));
  if (!nz.known || nz.kind == NonZeros::AllZero || !scales)
    return nz;
  int64_t rowLength = dequantize.getQuantized().getType().getDimSize(1);
  SmallVector<int64_t> zeroRows;
  for (auto [row, scale] : llvm::enumerate(scales.getValues<APFloat>()))
    if (scale.isZero())
      zeroRows.push_back(int64_t(row));
  if (zeroRows.empty())
    return nz;
  if (nz.kind == NonZeros::AllNonZero)
    nz.bits.assign(size_t(rows * cols), 1);
  nz.kind = NonZeros::Pattern;
  for (int64_t row : zeroRows)
    std::fill_n(nz.bits.begin() + row * rowLength, rowLength, 0);
  if (llvm::none_of(nz.bits, [](uint8_t bit) { return bit != 0; })) {
    nz.kind = NonZeros::AllZero;
    nz.bits.clear();
  }
  return nz;
}

Constness::Constness(Block &body) {
  for (BlockArgument argument : body.getArguments())
    dynamic.insert(argument);
  for (Operation &op : body) {
    bool isDynamic = isa<event::StateReadOp>(op) ||
                     llvm::any_of(op.getOperands(), [&](Value value) {
                       return dynamic.contains(value);
                     });
    if (!isDynamic && op.getNumRegions()) {
      llvm::SetVector<Value> captured;
      getUsedValuesDefinedAbove(op.getRegions(), captured);
      isDynamic = llvm::any_of(
          captured, [&](Value value) { return dynamic.contains(value); });
    }
    if (isDynamic)
      for (Value result : op.getResults())
        dynamic.insert(result);
  }
}

uint64_t tensorBytes(Value value) {
  auto type = dyn_cast<ShapedType>(value.getType());
  if (!type || !type.hasStaticShape())
    return 0;
  return uint64_t(type.getNumElements()) * bytesOf(type.getElementType());
}

int64_t tensorElements(Value value) {
  auto type = dyn_cast<ShapedType>(value.getType());
  if (!type || !type.hasStaticShape())
    return 0;
  return type.getNumElements();
}

namespace {
/// Decides whether one element (little-endian bytes) is zero: for floats
/// +0 and -0 are zero, so the sign bit is ignored.
struct ZeroTest {
  unsigned bytes = 4;
  bool isFloat = true;
  bool operator()(const char *p) const {
    uint64_t bits = 0;
    std::memcpy(&bits, p, std::min(bytes, 8u));
    if (isFloat)
      bits &= ~(uint64_t(1) << (bytes * 8 - 1));
    return bits == 0;
  }
};
} // namespace

NonZeros readNonZeros(Value value, int64_t rows, int64_t cols) {
  if (auto dequantize =
          stripShapeOps(value).getDefiningOp<event::DequantizeOp>())
    return readDequantized(dequantize, rows, cols);
  NonZeros nz;
  nz.rows = rows;
  nz.cols = cols;
  auto type = cast<ShapedType>(value.getType());
  Type elementType = type.getElementType();
  nz.elementBytes = bytesOf(elementType);
  ZeroTest isZero{nz.elementBytes, isa<FloatType>(elementType)};
  auto unknown = [&]() {
    nz.kind = NonZeros::AllNonZero;
    nz.known = false;
    return nz;
  };
  Attribute attr = getConstantAttr(value);
  if (!attr || !isa<ShapedType>(cast<TypedAttr>(attr).getType()) ||
      cast<ShapedType>(cast<TypedAttr>(attr).getType()).getNumElements() !=
          rows * cols ||
      elementType.isInteger(1))
    return unknown();
  uint64_t count = uint64_t(rows) * uint64_t(cols);
  auto fromRaw = [&](ArrayRef<char> raw) {
    if (raw.size() != count * nz.elementBytes)
      return unknown();
    nz.kind = NonZeros::Pattern;
    nz.bits.assign(count, 0);
    const char *p = raw.data();
    bool any = false, all = true;
    for (uint64_t i = 0; i < count; ++i, p += nz.elementBytes) {
      bool nonZero = !isZero(p);
      nz.bits[i] = nonZero;
      any |= nonZero;
      all &= nonZero;
    }
    if (all || !any) {
      nz.kind = all ? NonZeros::AllNonZero : NonZeros::AllZero;
      nz.bits.clear();
    }
    return nz;
  };
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    ArrayRef<char> raw = dense.getRawData();
    if (dense.isSplat()) {
      if (raw.size() < nz.elementBytes)
        return unknown();
      nz.kind = isZero(raw.data()) ? NonZeros::AllZero : NonZeros::AllNonZero;
      return nz;
    }
    return fromRaw(raw);
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return unknown();
    return fromRaw(blob->getData());
  }
  if (auto sparse = dyn_cast<SparseElementsAttr>(attr)) {
    DenseElementsAttr values = sparse.getValues();
    DenseIntElementsAttr indices = sparse.getIndices();
    ArrayRef<int64_t> shape = sparse.getType().getShape();
    int64_t rank = shape.size();
    SmallVector<int64_t> strides(rank, 1);
    for (int64_t d = rank - 2; d >= 0; --d)
      strides[d] = strides[d + 1] * shape[d + 1];
    nz.kind = NonZeros::Pattern;
    nz.bits.assign(count, 0);
    ArrayRef<char> raw = values.getRawData();
    int64_t n = values.getNumElements();
    if (!values.isSplat() && raw.size() != uint64_t(n) * nz.elementBytes)
      return unknown();
    auto index = indices.getValues<int64_t>().begin();
    for (int64_t i = 0; i < n; ++i) {
      int64_t linear = 0;
      for (int64_t d = 0; d < rank; ++d, ++index)
        linear += *index * strides[d];
      if (linear < 0 || uint64_t(linear) >= count)
        return unknown();
      const char *p = raw.data() + (values.isSplat() ? 0 : i * nz.elementBytes);
      if (!isZero(p))
        nz.bits[linear] = 1;
    }
    return nz;
  }
  return unknown();
}

int64_t WeightOperand::inputs() const {
  return unitsAreColumns ? rows : cols;
}

double fanOutThrough(const WeightOperand &w, int64_t units) {
  NonZeros nz = readNonZeros(w.value, w.rows, w.cols);
  int64_t inputs = w.inputs();
  if (inputs == 0 || nz.kind == NonZeros::AllZero)
    return 0;
  if (nz.kind == NonZeros::AllNonZero)
    return double(units);
  uint64_t reached = 0;
  if (w.unitsAreColumns) {
    for (int64_t k = 0; k < w.rows; ++k)
      for (int64_t n = 0; n < w.cols; ++n)
        reached += nz.bits[k * w.cols + n];
  } else {
    // Input j reaches unit u if any of u's gate rows has a weight in j.
    std::vector<uint8_t> reach(static_cast<size_t>(inputs));
    for (int64_t u = 0; u < units; ++u) {
      std::fill(reach.begin(), reach.end(), 0);
      for (unsigned g = 0; g < w.gates; ++g) {
        const uint8_t *row = &nz.bits[(g * units + u) * w.cols];
        for (int64_t j = 0; j < inputs; ++j)
          reach[j] |= row[j];
      }
      for (uint8_t r : reach)
        reached += r;
    }
  }
  return double(reached) / double(inputs);
}

std::vector<uint64_t> nonZerosPerUnit(const WeightOperand &w, int64_t units,
                                      bool *known) {
  NonZeros nz = readNonZeros(w.value, w.rows, w.cols);
  if (known)
    *known = nz.known;
  std::vector<uint64_t> perUnit(size_t(units), 0);
  uint64_t full = uint64_t(w.gates) * uint64_t(w.inputs());
  if (nz.kind != NonZeros::Pattern) {
    if (nz.kind == NonZeros::AllNonZero)
      std::fill(perUnit.begin(), perUnit.end(), full);
    return perUnit;
  }
  if (w.unitsAreColumns) {
    for (int64_t k = 0; k < w.rows; ++k)
      for (int64_t n = 0; n < w.cols; ++n)
        perUnit[n] += nz.bits[k * w.cols + n];
  } else {
    for (unsigned g = 0; g < w.gates; ++g)
      for (int64_t u = 0; u < units; ++u) {
        const uint8_t *row = &nz.bits[(g * units + u) * w.cols];
        uint64_t count = 0;
        for (int64_t j = 0; j < w.cols; ++j)
          count += row[j];
        perUnit[u] += count;
      }
  }
  return perUnit;
}

//===----------------------------------------------------------------------===//
// Layer ops
//===----------------------------------------------------------------------===//

bool isGlueOp(Operation *op) {
  return isa<event::FromDenseOp, event::ToDenseOp, tensor::ExpandShapeOp,
             tensor::CollapseShapeOp, tensor::CastOp>(op);
}

/// The table a gather reads: the constant `tensor.extract` source captured
/// by a linalg.generic whose only non-constant input is an integer index.
static Value gatherTable(linalg::GenericOp generic,
                         function_ref<bool(Value)> isConstant) {
  if (generic.getNumDpsInits() != 1)
    return {};
  int dynamic = 0;
  for (Value input : generic.getDpsInputs()) {
    if (isConstant(input))
      continue;
    if (!isa<IntegerType, IndexType>(getElementTypeOrSelf(input.getType())))
      return {};
    ++dynamic;
  }
  if (dynamic != 1 || !llvm::all_of(generic.getIteratorTypesArray(),
                                    linalg::isParallelIterator))
    return {};
  Value table;
  generic.getRegion().walk([&](tensor::ExtractOp extract) {
    Value source = extract.getTensor();
    if (!generic->isAncestor(source.getParentRegion()->getParentOp()) &&
        isConstant(source) && getConstantAttr(source))
      table = source;
  });
  if (!table || cast<ShapedType>(table.getType()).getRank() != 2)
    return {};
  return table;
}

/// The constant operand index (0 = A, 1 = B) of a matmul-like op whose
/// other operand is not constant, or -1.
static int constantOperandOf(Operation *op, function_ref<bool(Value)> isConstant) {
  bool a = isConstant(op->getOperand(0)), b = isConstant(op->getOperand(1));
  if (a == b)
    return -1;
  return a ? 0 : 1;
}

bool isLayerOp(Operation *op, function_ref<bool(Value)> isConstant) {
  if (isa<event::EGRUStepOp, event::GRUStepOp, event::LSTMStepOp,
          event::RNNStepOp, event::ThresholdOp, event::LIFOp,
          event::HeavisideOp, event::AccumulateOp, linalg::MatmulOp,
          linalg::MatvecOp, linalg::VecmatOp>(op))
    return true;
  if (auto generic = dyn_cast<linalg::GenericOp>(op))
    return bool(gatherTable(generic, isConstant));
  return false;
}

namespace {
/// Builds a LayerInfo, emitting diagnostics on the op.
class Describer {
public:
  Describer(Operation *op, function_ref<bool(Value)> isConstant)
      : op(op), isConstant(isConstant) {
    info.ops.push_back(op);
  }

  std::optional<LayerInfo> run();

private:
  Operation *op;
  function_ref<bool(Value)> isConstant;
  LayerInfo info;

  InFlightDiagnostic error() {
    return op->emitError() << "'" << op->getName()
                           << "' cannot be mapped to SpiNNaker 2: ";
  }
  /// Units of a per-batch value [N] or [1, N].
  bool setUnits(Value value) {
    auto type = cast<ShapedType>(value.getType());
    if (type.getRank() == 2 && type.getDimSize(0) != 1) {
      error() << "batch of " << type.getDimSize(0)
              << " (one sample per step is supported; run with --target=host)";
      return false;
    }
    if (type.getRank() < 1 || type.getRank() > 2) {
      error() << "expected a [N] or [1, N] value, got " << type;
      return false;
    }
    info.units = type.getShape().back();
    info.elementBytes = bytesOf(type.getElementType());
    return true;
  }
  bool requireConstant(StringRef name, Value value) {
    if (!value || isConstant(value))
      return true;
    error() << "operand '" << name
            << "' is computed at run time; the chip needs constant weights and "
               "parameters (a graph input can be bound to a file with "
               "--bind-input=NAME=FILE)";
    return false;
  }
  bool addWeight(StringRef name, Value value, unsigned gates,
                 bool unitsAreColumns, bool eventDriven = true) {
    if (!requireConstant(name, value))
      return false;
    auto type = cast<ShapedType>(value.getType());
    WeightOperand w;
    w.name = name.str();
    w.value = value;
    w.gates = gates;
    w.unitsAreColumns = unitsAreColumns;
    w.eventDriven = eventDriven;
    w.rows = type.getDimSize(0);
    w.cols = type.getDimSize(1);
    info.weights.push_back(w);
    return true;
  }
  void addInput(StringRef port, Value value, InputUse use, int weight = -1) {
    if (isConstant(value))
      return;
    info.inputs.push_back({port.str(), value, use, weight});
  }
  /// Parameters (biases, thresholds): bytes per unit.
  bool addParams(ArrayRef<std::pair<StringRef, Value>> params) {
    for (auto [name, value] : params) {
      if (!value)
        continue;
      if (!requireConstant(name, value))
        return false;
      uint64_t bytes = tensorBytes(value);
      info.paramBytesPerUnit += info.units ? (bytes + info.units - 1) / info.units : 0;
    }
    return true;
  }
  template <typename CellOp>
  bool cell(CellOp cell, StringRef mnemonic, unsigned gates, Value output,
            ArrayRef<std::pair<StringRef, Value>> state, unsigned stateValues) {
    info.kind = PopulationKind::cell;
    info.mnemonic = mnemonic.str();
    info.codeBytes = 12 * 1024;
    info.stateValuesPerUnit = stateValues;
    if (!setUnits(output))
      return false;
    if (!addWeight("W", cell.getW(), gates, false) ||
        !addWeight("R", cell.getR(), gates, false))
      return false;
    addInput("x", cell.getX(), InputUse::Matrix, 0);
    for (auto [name, value] : state)
      addInput(name, value, name == state.front().first ? InputUse::Matrix
                                                         : InputUse::Elementwise,
               name == state.front().first ? 1 : -1);
    return true;
  }
  bool matmulLike(Value a, Value b, bool bIsColumns, bool aIsRows);
};
} // namespace

std::optional<LayerInfo> Describer::run() {
  bool ok = true;
  if (auto egru = dyn_cast<event::EGRUStepOp>(op)) {
    // c, y and six accumulators (W x and R y per gate).
    ok = cell(egru, "egru", 3, egru.getY(),
              {{"y_prev", egru.getYPrev()}, {"c_prev", egru.getCPrev()}}, 8) &&
         addParams({{"bx", egru.getBx()}, {"br", egru.getBr()},
                    {"theta", egru.getTheta()}});
    info.sendsEvents = true;
  } else if (auto gru = dyn_cast<event::GRUStepOp>(op)) {
    ok = cell(gru, "gru", 3, gru.getHNext(), {{"h", gru.getH()}}, 7) &&
         addParams({{"bx", gru.getBx()}, {"br", gru.getBr()}});
  } else if (auto lstm = dyn_cast<event::LSTMStepOp>(op)) {
    ok = cell(lstm, "lstm", 4, lstm.getHNext(),
              {{"h", lstm.getH()}, {"c", lstm.getC()}}, 10) &&
         addParams({{"bx", lstm.getBx()}, {"br", lstm.getBr()},
                    {"P", lstm.getP()}});
  } else if (auto rnn = dyn_cast<event::RNNStepOp>(op)) {
    ok = cell(rnn, "rnn", 1, rnn.getHNext(), {{"h", rnn.getH()}}, 3) &&
         addParams({{"bx", rnn.getBx()}, {"br", rnn.getBr()}});
  } else if (auto threshold = dyn_cast<event::ThresholdOp>(op)) {
    info.kind = PopulationKind::generator;
    info.mnemonic = "threshold";
    info.codeBytes = 4 * 1024;
    info.stateValuesPerUnit = 2; // v and y
    info.sendsEvents = true;
    ok = setUnits(threshold.getV()) &&
         addParams({{"theta", threshold.getTheta()}});
    addInput("v", threshold.getV(), InputUse::Elementwise);
  } else if (auto lif = dyn_cast<event::LIFOp>(op)) {
    info.kind = PopulationKind::generator;
    info.mnemonic = "lif";
    info.codeBytes = 4 * 1024;
    info.stateValuesPerUnit = 2; // v and the input
    info.sendsEvents = true;
    ok = setUnits(lif.getV());
    addInput("input", lif.getInput(), InputUse::Elementwise);
    addInput("v", lif.getV(), InputUse::Elementwise);
  } else if (auto heaviside = dyn_cast<event::HeavisideOp>(op)) {
    info.kind = PopulationKind::generator;
    info.mnemonic = "heaviside";
    info.codeBytes = 4 * 1024;
    info.stateValuesPerUnit = 1;
    info.sendsEvents = true;
    ok = setUnits(heaviside.getX());
    addInput("x", heaviside.getX(), InputUse::Elementwise);
  } else if (auto accumulate = dyn_cast<event::AccumulateOp>(op)) {
    info.kind = PopulationKind::matvec;
    info.mnemonic = "accumulate";
    info.codeBytes = 8 * 1024;
    info.stateValuesPerUnit = 1; // the accumulator
    ok = setUnits(accumulate.getResult()) &&
         addWeight("weights", accumulate.getWeights(), 1, false);
    addInput("input", accumulate.getInput(), InputUse::Matrix, 0);
  } else if (auto matmul = dyn_cast<linalg::MatmulOp>(op)) {
    SmallVector<AffineMap> maps = matmul.getIndexingMapsArray();
    MLIRContext *context = op->getContext();
    AffineExpr m = getAffineDimExpr(0, context), n = getAffineDimExpr(1, context),
               k = getAffineDimExpr(2, context);
    auto is = [&](AffineMap map, AffineExpr first, AffineExpr second) {
      return map.getNumResults() == 2 && map.getResult(0) == first &&
             map.getResult(1) == second;
    };
    int c = constantOperandOf(op, isConstant);
    if (c < 0) {
      error() << "a matmul needs one constant operand (the weights)";
      return std::nullopt;
    }
    if (!is(maps[2], m, n) || !(is(maps[0], m, k) || is(maps[0], k, m)) ||
        !(is(maps[1], k, n) || is(maps[1], n, k))) {
      error() << "unsupported indexing maps";
      return std::nullopt;
    }
    info.kind = PopulationKind::matvec;
    info.mnemonic = "matmul";
    info.codeBytes = 8 * 1024;
    info.stateValuesPerUnit = 1;
    auto resultType = cast<ShapedType>(matmul.getResultTypes()[0]);
    info.elementBytes = bytesOf(resultType.getElementType());
    if (c == 1) {
      // x [1, K] * B: unit n is output column n.
      if (resultType.getDimSize(0) != 1) {
        error() << "batch of " << resultType.getDimSize(0)
                << " (one sample per step is supported; run with --target=host)";
        return std::nullopt;
      }
      info.units = resultType.getDimSize(1);
      ok = addWeight("B", matmul.getInputs()[1], 1, is(maps[1], k, n));
      addInput("A", matmul.getInputs()[0], InputUse::Matrix, 0);
    } else {
      // A * x [K, 1]: unit m is output row m.
      if (resultType.getDimSize(1) != 1) {
        error() << "batch of " << resultType.getDimSize(1)
                << " (one sample per step is supported; run with --target=host)";
        return std::nullopt;
      }
      info.units = resultType.getDimSize(0);
      ok = addWeight("A", matmul.getInputs()[0], 1, is(maps[0], k, m));
      addInput("B", matmul.getInputs()[1], InputUse::Matrix, 0);
    }
    addInput("init", matmul.getOutputs()[0], InputUse::Elementwise);
  } else if (auto matvec = dyn_cast<linalg::MatvecOp>(op)) {
    info.kind = PopulationKind::matvec;
    info.mnemonic = "matvec";
    info.codeBytes = 8 * 1024;
    info.stateValuesPerUnit = 1;
    ok = setUnits(matvec.getResultTensors()[0]) &&
         addWeight("A", matvec.getInputs()[0], 1, false);
    addInput("x", matvec.getInputs()[1], InputUse::Matrix, 0);
    addInput("init", matvec.getOutputs()[0], InputUse::Elementwise);
  } else if (auto vecmat = dyn_cast<linalg::VecmatOp>(op)) {
    info.kind = PopulationKind::matvec;
    info.mnemonic = "vecmat";
    info.codeBytes = 8 * 1024;
    info.stateValuesPerUnit = 1;
    ok = setUnits(vecmat.getResultTensors()[0]) &&
         addWeight("A", vecmat.getInputs()[1], 1, true);
    addInput("x", vecmat.getInputs()[0], InputUse::Matrix, 0);
    addInput("init", vecmat.getOutputs()[0], InputUse::Elementwise);
  } else if (auto generic = dyn_cast<linalg::GenericOp>(op)) {
    Value table = gatherTable(generic, isConstant);
    if (!table) {
      error() << "not a gather from a constant table";
      return std::nullopt;
    }
    info.kind = PopulationKind::gather;
    info.mnemonic = "gather";
    info.codeBytes = 4 * 1024;
    info.stateValuesPerUnit = 1;
    ok = setUnits(generic.getResult(0));
    if (ok && cast<ShapedType>(table.getType()).getDimSize(1) != info.units) {
      error() << "gathers " << info.units << " values from a table of "
              << table.getType();
      return std::nullopt;
    }
    // A slice holds its columns of the table, read densely.
    ok = ok && addWeight("table", table, 1, true, /*eventDriven=*/false);
    for (Value input : generic.getDpsInputs())
      addInput("index", input, InputUse::Whole);
  } else {
    error() << "not a layer op";
    return std::nullopt;
  }
  if (!ok)
    return std::nullopt;
  return info;
}

std::optional<LayerInfo>
describeLayerOp(Operation *op, function_ref<bool(Value)> isConstant) {
  return Describer(op, isConstant).run();
}

SmallVector<Value> constantsOf(Operation *op,
                               function_ref<bool(Value)> isConstant) {
  llvm::SetVector<Value> values(op->operand_begin(), op->operand_end());
  if (op->getNumRegions())
    getUsedValuesDefinedAbove(op->getRegions(), values);
  SmallVector<Value> constants;
  for (Value value : values)
    if (isConstant(value) && isa<ShapedType>(value.getType()) &&
        !value.getDefiningOp<tensor::EmptyOp>())
      constants.push_back(value);
  return constants;
}

static bool isElementwiseOver(Operation *op, ArrayRef<int64_t> shape,
                              function_ref<bool(Value)> isConstant) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalg::isElementwise(linalgOp))
    return false;
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<ShapedType>(operand.get().getType());
    bool isInit = linalgOp.isDpsInit(&operand);
    if (!type)
      continue;
    if ((isInit || !isConstant(operand.get())) &&
        (type.getShape() != shape ||
         !linalgOp.getMatchingIndexingMap(&operand).isIdentity()))
      return false;
  }
  for (Type type : op->getResultTypes())
    if (cast<ShapedType>(type).getShape() != shape)
      return false;
  return true;
}

std::optional<SmallVector<int64_t>>
elementwiseShape(Operation *op, function_ref<bool(Value)> isConstant) {
  if (op->getNumResults() == 0)
    return std::nullopt;
  auto type = dyn_cast<ShapedType>(op->getResultTypes()[0]);
  if (!type || !type.hasStaticShape() || type.getRank() < 1 ||
      type.getRank() > 2 || (type.getRank() == 2 && type.getDimSize(0) != 1))
    return std::nullopt;
  if (!isElementwiseOver(op, type.getShape(), isConstant))
    return std::nullopt;
  return SmallVector<int64_t>(type.getShape());
}

std::optional<LayerInfo>
describeCluster(ArrayRef<Operation *> members, ArrayRef<Value> inputs,
                ArrayRef<Value> outputs, function_ref<bool(Value)> isConstant) {
  LayerInfo info;
  info.ops.assign(members.begin(), members.end());
  Operation *first = members.front();
  auto firstType = cast<ShapedType>(first->getResultTypes()[0]);
  ArrayRef<int64_t> shape = firstType.getShape();
  info.elementBytes = bytesOf(firstType.getElementType());
  bool elementwise =
      firstType.hasStaticShape() && shape.size() >= 1 && shape.size() <= 2 &&
      (shape.size() == 1 || shape[0] == 1) &&
      llvm::all_of(members, [&](Operation *op) {
        return isElementwiseOver(op, shape, isConstant);
      });
  llvm::SetVector<Value> constants;
  for (Operation *op : members)
    for (Value value : constantsOf(op, isConstant))
      constants.insert(value);
  if (elementwise) {
    info.kind = PopulationKind::elementwise;
    info.mnemonic = "elementwise";
    info.units = shape.back();
    info.codeBytes = 4 * 1024;
    // One intermediate per member result and unit.
    for (Operation *op : members)
      info.stateValuesPerUnit += op->getNumResults();
    for (Value value : constants) {
      auto type = cast<ShapedType>(value.getType());
      if (type.getShape() == shape)
        info.paramBytesPerUnit += bytesOf(type.getElementType());
      else
        info.fixedBytes += tensorBytes(value);
    }
    for (auto [i, input] : llvm::enumerate(inputs))
      info.inputs.push_back(
          {"input" + std::to_string(i), input, InputUse::Elementwise, -1});
    return info;
  }
  info.kind = PopulationKind::vector;
  info.mnemonic = "vector";
  info.codeBytes = 8 * 1024;
  int64_t units = 0;
  for (Value output : outputs)
    units += tensorElements(output);
  info.units = std::max<int64_t>(units, 1);
  for (Value value : constants)
    info.fixedBytes += tensorBytes(value);
  for (Operation *op : members)
    for (Value result : op->getResults())
      info.fixedStateBytes += tensorBytes(result);
  for (auto [i, input] : llvm::enumerate(inputs))
    info.inputs.push_back(
        {"input" + std::to_string(i), input, InputUse::Whole, -1});
  return info;
}

Value stripGlue(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (!isGlueOp(def))
      break;
    value = def->getOperand(0);
  }
  return value;
}

SmallVector<Operation *> usersThroughGlue(Value value, bool *returned) {
  SmallVector<Operation *> users;
  SmallVector<Value> worklist{value};
  while (!worklist.empty()) {
    Value next = worklist.pop_back_val();
    for (Operation *user : next.getUsers()) {
      if (isGlueOp(user)) {
        worklist.append(user->result_begin(), user->result_end());
      } else if (isa<func::ReturnOp>(user)) {
        if (returned)
          *returned = true;
      } else {
        users.push_back(user);
      }
    }
  }
  return users;
}

std::optional<LayerInfo> describePopulationOps(ArrayRef<Operation *> ops,
                                               const Constness &constness) {
  auto isConstant = [&](Value value) { return constness.isConstant(value); };
  if (ops.size() == 1 && isLayerOp(ops.front(), isConstant))
    return describeLayerOp(ops.front(), isConstant);
  llvm::SmallPtrSet<Operation *, 8> members(ops.begin(), ops.end());
  llvm::SetVector<Value> inputs, outputs;
  for (Operation *op : ops) {
    llvm::SetVector<Value> used(op->operand_begin(), op->operand_end());
    if (op->getNumRegions())
      getUsedValuesDefinedAbove(op->getRegions(), used);
    for (Value value : used) {
      if (constness.isConstant(value))
        continue;
      Value root = stripGlue(value);
      if (!members.contains(root.getDefiningOp()))
        inputs.insert(root);
    }
    for (Value result : op->getResults()) {
      bool returned = false;
      SmallVector<Operation *> users = usersThroughGlue(result, &returned);
      if (returned || llvm::any_of(users, [&](Operation *user) {
            return !members.contains(user);
          }))
        outputs.insert(result);
    }
  }
  return describeCluster(ops, inputs.getArrayRef(), outputs.getArrayRef(),
                         isConstant);
}

} // namespace spnc::s2
