//===- RaiseONNXToEvent.cpp - Recognise EGRU and LIF cells ----------------===//
//
// PyTorch has no EGRU or LIF operator, so an exported step is a web of
// primitive nodes. This pass finds those webs among `onnx.node` ops and
// replaces each by one event-dialect cell (`event.egru_step`, `event.lif`).
//
// Matching starts at the node that makes the events, a comparison, and walks
// backwards through the operands, accepting exactly the reference formulas
// (docs/CustomOperators.md, shared/reference/*.md) up to:
//   * commutation of Add and Mul, and `a > b` written as `a - b > 0`,
//     `0 < a - b` or `b < a`;
//   * projections as Gemm (alpha = beta = 1, transB 0 or 1), MatMul + Add,
//     MatMul alone (zero bias), with a Transpose of the weight looked through;
//   * gates split by one Split or by three Slices along the last axis, with
//     bounds that are constants or static shape arithmetic (torch.chunk);
//   * the 0/1 mask as Cast(cmp) or Where(cmp, 1, 0).
// Anything else, e.g. `>=` where the EGRU needs `>`, a hard reset where it
// needs a soft one, or an intermediate value that is also used outside the
// cell, leaves the graph unchanged. Glue the event op needs (a transposed
// weight, a reshaped bias, a zero bias) is created as new `onnx.node`s that
// the normal legalization converts; dense users of the events read them
// through `event.to_dense`.
//
//===----------------------------------------------------------------------===//
#include "spnc/Conversion/Passes.h"
#include "spnc/Dialect/Event/EventDialect.h"
#include "spnc/Dialect/ONNX/ONNXDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

#include <cmath>
#include <optional>

namespace spnc {
#define GEN_PASS_DEF_RAISEONNXTOEVENT
#include "spnc/Conversion/Passes.h.inc"
} // namespace spnc

using namespace mlir;
using namespace spnc;
using onnxir::NodeOp;

namespace {

//===----------------------------------------------------------------------===//
// Small matchers over onnx.node
//===----------------------------------------------------------------------===//

bool isDefaultDomain(NodeOp node) {
  return node.getDomain().empty() || node.getDomain() == "ai.onnx";
}

/// The default-domain node `opType` with `numInputs` inputs that defines
/// `value`, or null.
NodeOp getNode(Value value, llvm::StringRef opType, unsigned numInputs) {
  auto node = value ? value.getDefiningOp<NodeOp>() : NodeOp();
  if (!node || !isDefaultDomain(node) || node.getOpType() != opType ||
      node.getInputs().size() != numInputs || node->getNumResults() != 1)
    return {};
  return node;
}

NodeOp getUnary(Value value, llvm::StringRef opType) {
  return getNode(value, opType, 1);
}
NodeOp getBinary(Value value, llvm::StringRef opType) {
  return getNode(value, opType, 2);
}

Attribute getNodeAttr(NodeOp node, llvm::StringRef name) {
  return node.getAttrs().get(name);
}

std::optional<int64_t> getIntAttr(NodeOp node, llvm::StringRef name) {
  if (auto attr = dyn_cast_or_null<IntegerAttr>(getNodeAttr(node, name)))
    return attr.getInt();
  return std::nullopt;
}

std::optional<double> getFloatAttr(NodeOp node, llvm::StringRef name) {
  Attribute attr = getNodeAttr(node, name);
  if (auto floatAttr = dyn_cast_or_null<FloatAttr>(attr))
    return floatAttr.getValueAsDouble();
  if (auto intAttr = dyn_cast_or_null<IntegerAttr>(attr))
    return static_cast<double>(intAttr.getInt());
  return std::nullopt;
}

std::optional<llvm::SmallVector<int64_t>> getIntsAttr(NodeOp node,
                                                      llvm::StringRef name) {
  if (auto attr = dyn_cast_or_null<DenseI64ArrayAttr>(getNodeAttr(node, name)))
    return llvm::SmallVector<int64_t>(attr.asArrayRef());
  return std::nullopt;
}

/// The value of a compile-time constant: an initializer (`arith.constant`)
/// or a Constant node, looking through Identity.
Attribute getConstantAttr(Value value) {
  if (!value)
    return {};
  if (auto constant = value.getDefiningOp<arith::ConstantOp>())
    return constant.getValue();
  if (NodeOp identity = getUnary(value, "Identity"))
    return getConstantAttr(identity.getInputs()[0]);
  NodeOp node = getNode(value, "Constant", 0);
  if (!node)
    return {};
  if (Attribute attr = getNodeAttr(node, "value"))
    return attr;
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type)
    return {};
  if (auto f = getNodeAttr(node, "value_float"))
    if (auto floatAttr = dyn_cast<FloatAttr>(f))
      if (isa<FloatType>(type.getElementType()))
        return DenseElementsAttr::get(
            type, FloatAttr::get(type.getElementType(),
                                 floatAttr.getValueAsDouble()));
  if (auto i = getIntAttr(node, "value_int"))
    if (type.getElementType().isInteger(64))
      return DenseElementsAttr::get(type, *i);
  if (auto ints = getIntsAttr(node, "value_ints"))
    if (type.getElementType().isInteger(64))
      return DenseElementsAttr::get(type, llvm::ArrayRef<int64_t>(*ints));
  return {};
}

/// The single value of a constant whose elements are all equal (a scalar,
/// or a splat of any shape), if floating point.
std::optional<double> getSplatFloat(Value value) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(getConstantAttr(value));
  if (!dense || !isa<FloatType>(dense.getElementType()) || dense.empty())
    return std::nullopt;
  std::optional<double> result;
  for (APFloat element : dense.getValues<APFloat>()) {
    bool losesInfo = false;
    element.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                    &losesInfo);
    double v = element.convertToDouble();
    if (result && *result != v)
      return std::nullopt;
    result = v;
  }
  return result;
}

bool isSplat(Value value, double expected) {
  std::optional<double> v = getSplatFloat(value);
  return v && *v == expected;
}

/// Integer values of small shape computations, as PyTorch emits them for
/// torch.chunk (Shape -> Gather -> Add -> Div -> Mul -> Slice): constants,
/// the static shape of a value, and integer arithmetic on those.
std::optional<llvm::SmallVector<int64_t>> evaluateInts(Value value,
                                                       unsigned depth = 0) {
  if (!value || depth > 32)
    return std::nullopt;
  if (auto dense =
          dyn_cast_or_null<DenseIntElementsAttr>(getConstantAttr(value))) {
    llvm::SmallVector<int64_t> values;
    for (const APInt &element : dense.getValues<APInt>())
      values.push_back(element.getSExtValue());
    return values;
  }
  auto node = value.getDefiningOp<NodeOp>();
  if (!node || !isDefaultDomain(node) || node->getNumResults() != 1)
    return std::nullopt;
  llvm::StringRef opType = node.getOpType();
  auto inputs = node.getInputs();

  if (opType == "Shape" && inputs.size() == 1) {
    auto type = dyn_cast<RankedTensorType>(inputs[0].getType());
    if (!type || !type.hasStaticShape())
      return std::nullopt;
    int64_t rank = type.getRank();
    int64_t start = getIntAttr(node, "start").value_or(0);
    int64_t end = getIntAttr(node, "end").value_or(rank);
    if (start < 0)
      start += rank;
    if (end < 0)
      end += rank;
    start = std::clamp<int64_t>(start, 0, rank);
    end = std::clamp<int64_t>(end, 0, rank);
    llvm::SmallVector<int64_t> dims;
    for (int64_t i = start; i < end; ++i)
      dims.push_back(type.getDimSize(i));
    return dims;
  }
  if ((opType == "Identity" || opType == "Unsqueeze" || opType == "Squeeze" ||
       opType == "Reshape" || opType == "Flatten") &&
      !inputs.empty()) {
    auto type = dyn_cast<RankedTensorType>(value.getType());
    if (!type || type.getRank() > 1)
      return std::nullopt;
    return evaluateInts(inputs[0], depth + 1);
  }
  if (opType == "Cast" && inputs.size() == 1) {
    std::optional<int64_t> to = getIntAttr(node, "to");
    // INT32 = 6, INT64 = 7.
    if (!to || (*to != 6 && *to != 7))
      return std::nullopt;
    return evaluateInts(inputs[0], depth + 1);
  }
  if (opType == "Gather" && inputs.size() == 2) {
    if (getIntAttr(node, "axis").value_or(0) != 0)
      return std::nullopt;
    auto data = evaluateInts(inputs[0], depth + 1);
    auto indices = evaluateInts(inputs[1], depth + 1);
    auto dataType = dyn_cast<RankedTensorType>(inputs[0].getType());
    if (!data || !indices || !dataType || dataType.getRank() != 1)
      return std::nullopt;
    llvm::SmallVector<int64_t> values;
    int64_t size = data->size();
    for (int64_t index : *indices) {
      if (index < 0)
        index += size;
      if (index < 0 || index >= size)
        return std::nullopt;
      values.push_back((*data)[index]);
    }
    return values;
  }
  if (opType == "Concat") {
    llvm::SmallVector<int64_t> values;
    for (Value input : inputs) {
      auto part = evaluateInts(input, depth + 1);
      if (!part)
        return std::nullopt;
      values.append(*part);
    }
    return values;
  }
  if ((opType == "Add" || opType == "Sub" || opType == "Mul" ||
       opType == "Div") &&
      inputs.size() == 2) {
    auto lhs = evaluateInts(inputs[0], depth + 1);
    auto rhs = evaluateInts(inputs[1], depth + 1);
    if (!lhs || !rhs || lhs->empty() || rhs->empty())
      return std::nullopt;
    size_t size = std::max(lhs->size(), rhs->size());
    if ((lhs->size() != size && lhs->size() != 1) ||
        (rhs->size() != size && rhs->size() != 1))
      return std::nullopt;
    llvm::SmallVector<int64_t> values;
    for (size_t i = 0; i < size; ++i) {
      int64_t a = (*lhs)[lhs->size() == 1 ? 0 : i];
      int64_t b = (*rhs)[rhs->size() == 1 ? 0 : i];
      if (opType == "Add")
        values.push_back(a + b);
      else if (opType == "Sub")
        values.push_back(a - b);
      else if (opType == "Mul")
        values.push_back(a * b);
      else {
        // Integer division rounds differently across runtimes when the
        // signs differ; only the unambiguous cases are evaluated.
        if (b == 0 || ((a < 0) != (b < 0) && a % b != 0))
          return std::nullopt;
        values.push_back(a / b);
      }
    }
    return values;
  }
  return std::nullopt;
}

/// Calls `fn(first, second)` with the two operands of a binary node in both
/// orders, until it returns true.
template <typename Fn> bool eitherOrder(NodeOp node, Fn &&fn) {
  Value a = node.getInputs()[0], b = node.getInputs()[1];
  return fn(a, b) || fn(b, a);
}

/// The ONNX TensorProto data type of a float element type.
std::optional<int64_t> getONNXFloatType(Type type) {
  if (type.isF32())
    return 1;
  if (type.isF16())
    return 10;
  if (type.isF64())
    return 11;
  if (type.isBF16())
    return 16;
  return std::nullopt;
}

RankedTensorType getTensorType(Value value) {
  return dyn_cast<RankedTensorType>(value.getType());
}

/// Whether `value` is a static [H] or [1, ..., 1, H] tensor.
bool isVectorLike(Value value, int64_t size) {
  RankedTensorType type = getTensorType(value);
  if (!type || !type.hasStaticShape() || type.getRank() < 1 ||
      type.getShape().back() != size)
    return false;
  return type.getNumElements() == size;
}

/// Nodes of one matched cell; matchers append and callers roll back.
using OpList = llvm::SmallVector<Operation *, 32>;

//===----------------------------------------------------------------------===//
// Comparisons and masks
//===----------------------------------------------------------------------===//

/// For a node computing `a > b` strictly, in any of the forms Greater(a, b),
/// Less(b, a), Greater(a - b, 0), Less(0, a - b), returns (a, b); the Sub, if
/// any, is appended to `ops`.
std::optional<std::pair<Value, Value>> matchStrictGreater(NodeOp cmp,
                                                          OpList &ops) {
  if (!isDefaultDomain(cmp) || cmp.getInputs().size() != 2 ||
      cmp->getNumResults() != 1)
    return std::nullopt;
  Value lhs, rhs; // lhs > rhs
  if (cmp.getOpType() == "Greater") {
    lhs = cmp.getInputs()[0];
    rhs = cmp.getInputs()[1];
  } else if (cmp.getOpType() == "Less") {
    lhs = cmp.getInputs()[1];
    rhs = cmp.getInputs()[0];
  } else {
    return std::nullopt;
  }
  if (isSplat(rhs, 0.0))
    if (NodeOp sub = getBinary(lhs, "Sub")) {
      ops.push_back(sub);
      return std::make_pair(sub.getInputs()[0], sub.getInputs()[1]);
    }
  return std::make_pair(lhs, rhs);
}

/// For a node computing `a >= b`: GreaterOrEqual(a, b), LessOrEqual(b, a),
/// or opset < 12's Not(Less(a, b)) / Not(Greater(b, a)); the inner node of
/// the Not form is appended to `ops`.
std::optional<std::pair<Value, Value>> matchGreaterOrEqual(NodeOp cmp,
                                                           OpList &ops) {
  if (!isDefaultDomain(cmp) || cmp->getNumResults() != 1)
    return std::nullopt;
  llvm::StringRef opType = cmp.getOpType();
  if (cmp.getInputs().size() == 2) {
    if (opType == "GreaterOrEqual")
      return std::make_pair(cmp.getInputs()[0], cmp.getInputs()[1]);
    if (opType == "LessOrEqual")
      return std::make_pair(cmp.getInputs()[1], cmp.getInputs()[0]);
    return std::nullopt;
  }
  if (opType != "Not" || cmp.getInputs().size() != 1)
    return std::nullopt;
  Value inner = cmp.getInputs()[0];
  if (NodeOp less = getBinary(inner, "Less")) {
    if (!less->hasOneUse())
      return std::nullopt;
    ops.push_back(less);
    return std::make_pair(less.getInputs()[0], less.getInputs()[1]);
  }
  if (NodeOp greater = getBinary(inner, "Greater")) {
    if (!greater->hasOneUse())
      return std::nullopt;
    ops.push_back(greater);
    return std::make_pair(greater.getInputs()[1], greater.getInputs()[0]);
  }
  return std::nullopt;
}

/// Whether `node` turns the boolean `cmp` into a 0/1 tensor of `elementType`:
/// Cast(cmp, to = elementType) or Where(cmp, 1, 0).
bool isMask(NodeOp node, Value cmp, Type elementType) {
  if (!node || !isDefaultDomain(node) || node->getNumResults() != 1)
    return false;
  RankedTensorType type = getTensorType(node->getResult(0));
  if (!type || type.getElementType() != elementType)
    return false;
  if (node.getOpType() == "Cast" && node.getInputs().size() == 1)
    return node.getInputs()[0] == cmp &&
           getIntAttr(node, "to") == getONNXFloatType(elementType);
  if (node.getOpType() == "Where" && node.getInputs().size() == 3)
    return node.getInputs()[0] == cmp && isSplat(node.getInputs()[1], 1.0) &&
           isSplat(node.getInputs()[2], 0.0);
  return false;
}

//===----------------------------------------------------------------------===//
// Projections and gates
//===----------------------------------------------------------------------===//

/// `input · weightᵀ + bias` (weight [rows, I]) or, when `transposed`,
/// `input · weight + bias` (weight [I, rows]); a null bias is zero.
struct Projection {
  Value input;
  Value weight;
  bool transposed = false;
  Value bias;
};

/// Looks through `Transpose(w, perm = [1, 0])` of a 2-D weight.
void lookThroughTranspose(Projection &projection) {
  if (!projection.transposed)
    return;
  NodeOp transpose = getUnary(projection.weight, "Transpose");
  if (!transpose)
    return;
  auto perm = getIntsAttr(transpose, "perm");
  RankedTensorType type = getTensorType(transpose.getInputs()[0]);
  if (!type || type.getRank() != 2 ||
      (perm && *perm != llvm::ArrayRef<int64_t>{1, 0}))
    return;
  projection.weight = transpose.getInputs()[0];
  projection.transposed = false;
}

/// Matches `value` = input projected to `rows` outputs.
std::optional<Projection> matchProjection(Value value, int64_t rows,
                                          OpList &ops) {
  auto checkShapes = [&](Projection &p) -> bool {
    RankedTensorType weightType = getTensorType(p.weight);
    RankedTensorType inputType = getTensorType(p.input);
    if (!weightType || !inputType || weightType.getRank() != 2 ||
        !weightType.hasStaticShape() || !inputType.hasStaticShape() ||
        inputType.getRank() < 1 || inputType.getRank() > 2)
      return false;
    int64_t weightRows = weightType.getDimSize(p.transposed ? 1 : 0);
    int64_t weightCols = weightType.getDimSize(p.transposed ? 0 : 1);
    if (weightRows != rows || weightCols != inputType.getShape().back())
      return false;
    if (p.bias && !isVectorLike(p.bias, rows))
      return false;
    lookThroughTranspose(p);
    return true;
  };

  if (NodeOp gemm = getNode(value, "Gemm", 3)) {
    if (getFloatAttr(gemm, "alpha").value_or(1.0) != 1.0 ||
        getFloatAttr(gemm, "beta").value_or(1.0) != 1.0 ||
        getIntAttr(gemm, "transA").value_or(0) != 0)
      return std::nullopt;
    Projection p{gemm.getInputs()[0], gemm.getInputs()[1],
                 getIntAttr(gemm, "transB").value_or(0) == 0,
                 gemm.getInputOrNull(2)};
    if (!checkShapes(p))
      return std::nullopt;
    ops.push_back(gemm);
    return p;
  }
  if (NodeOp gemm = getNode(value, "Gemm", 2)) {
    if (getFloatAttr(gemm, "alpha").value_or(1.0) != 1.0 ||
        getIntAttr(gemm, "transA").value_or(0) != 0)
      return std::nullopt;
    Projection p{gemm.getInputs()[0], gemm.getInputs()[1],
                 getIntAttr(gemm, "transB").value_or(0) == 0, Value()};
    if (!checkShapes(p))
      return std::nullopt;
    ops.push_back(gemm);
    return p;
  }
  if (NodeOp matmul = getBinary(value, "MatMul")) {
    Projection p{matmul.getInputs()[0], matmul.getInputs()[1], true, Value()};
    if (!checkShapes(p))
      return std::nullopt;
    ops.push_back(matmul);
    return p;
  }
  if (NodeOp add = getBinary(value, "Add")) {
    std::optional<Projection> result;
    eitherOrder(add, [&](Value product, Value bias) {
      NodeOp matmul = getBinary(product, "MatMul");
      if (!matmul || !matmul->hasOneUse())
        return false;
      Projection p{matmul.getInputs()[0], matmul.getInputs()[1], true, bias};
      if (!checkShapes(p))
        return false;
      ops.push_back(add);
      ops.push_back(matmul);
      result = p;
      return true;
    });
    return result;
  }
  return std::nullopt;
}

/// One third of a [.., 3H] tensor along its last axis: rows
/// [index·H, (index+1)·H) of `source`.
struct GateSlice {
  Value source;
  int64_t index;
};

/// Normalizes `axis` into [0, rank).
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

std::optional<GateSlice> matchGateSlice(Value value, int64_t hidden,
                                        OpList &ops) {
  auto node = value ? value.getDefiningOp<NodeOp>() : NodeOp();
  if (!node || !isDefaultDomain(node) || node.getInputs().empty())
    return std::nullopt;
  Value source = node.getInputs()[0];
  RankedTensorType type = getTensorType(source);
  if (!type || !type.hasStaticShape() || type.getRank() < 1 ||
      type.getShape().back() != 3 * hidden)
    return std::nullopt;
  int64_t rank = type.getRank();
  int64_t opset = node.getOpset();

  if (node.getOpType() == "Split") {
    if (node->getNumResults() != 3)
      return std::nullopt;
    auto axis = normalizeAxis(getIntAttr(node, "axis").value_or(0), rank);
    if (!axis || *axis != rank - 1)
      return std::nullopt;
    std::optional<llvm::SmallVector<int64_t>> sizes;
    if (opset >= 13) {
      if (Value split = node.getInputOrNull(1))
        sizes = evaluateInts(split);
      else if (node.getInputs().size() <= 2)
        sizes = llvm::SmallVector<int64_t>(3, hidden);
    } else {
      sizes = getIntsAttr(node, "split");
      if (!sizes && node.getInputs().size() == 1)
        sizes = llvm::SmallVector<int64_t>(3, hidden);
    }
    if (!sizes || *sizes != llvm::SmallVector<int64_t>(3, hidden))
      return std::nullopt;
    ops.push_back(node);
    return GateSlice{source, cast<OpResult>(value).getResultNumber()};
  }

  if (node.getOpType() == "Slice" && node->getNumResults() == 1) {
    std::optional<llvm::SmallVector<int64_t>> starts, ends, axes, steps;
    if (opset >= 10) {
      starts = evaluateInts(node.getInputOrNull(1));
      ends = evaluateInts(node.getInputOrNull(2));
      if (Value axesValue = node.getInputOrNull(3))
        axes = evaluateInts(axesValue);
      if (Value stepsValue = node.getInputOrNull(4)) {
        steps = evaluateInts(stepsValue);
        if (!steps)
          return std::nullopt;
      }
      if ((node.getInputOrNull(3) && !axes))
        return std::nullopt;
    } else {
      starts = getIntsAttr(node, "starts");
      ends = getIntsAttr(node, "ends");
      axes = getIntsAttr(node, "axes");
    }
    if (!starts || !ends || starts->size() != ends->size())
      return std::nullopt;
    if (!axes) {
      axes.emplace();
      for (int64_t i = 0, e = starts->size(); i < e; ++i)
        axes->push_back(i);
    }
    if (axes->size() != starts->size() ||
        (steps && steps->size() != starts->size()))
      return std::nullopt;
    std::optional<int64_t> gateStart;
    for (auto [i, rawAxis] : llvm::enumerate(*axes)) {
      auto axis = normalizeAxis(rawAxis, rank);
      if (!axis || (steps && (*steps)[i] != 1))
        return std::nullopt;
      int64_t dim = type.getDimSize(*axis);
      int64_t start = (*starts)[i], end = (*ends)[i];
      if (start < 0)
        start += dim;
      if (end < 0)
        end += dim;
      start = std::clamp<int64_t>(start, 0, dim);
      end = std::clamp<int64_t>(end, 0, dim);
      if (*axis != rank - 1) {
        if (start != 0 || end != dim)
          return std::nullopt;
        continue;
      }
      if (gateStart || end - start != hidden || start % hidden != 0)
        return std::nullopt;
      gateStart = start;
    }
    if (!gateStart)
      return std::nullopt;
    ops.push_back(node);
    return GateSlice{source, *gateStart / hidden};
  }
  return std::nullopt;
}

/// `value` = gate `index` of `source`.
bool isGate(Value value, Value source, int64_t index, int64_t hidden,
            OpList &ops) {
  size_t mark = ops.size();
  std::optional<GateSlice> slice = matchGateSlice(value, hidden, ops);
  if (slice && slice->source == source && slice->index == index)
    return true;
  ops.resize(mark);
  return false;
}

//===----------------------------------------------------------------------===//
// EGRU
//===----------------------------------------------------------------------===//

struct EGRUMatch {
  int64_t hidden = 0;
  Projection input, recurrent; // a = W·x + bx, b = R·y_prev + br
  Value cPrev, theta;
  Value y, c; // the dense results the cell replaces
  OpList ops; // every node of the cell
};

/// c' = z ⊙ c_prev + (1 − z) ⊙ g with z = σ(..), g = tanh(..), all
/// commutations; returns z, c_prev and g.
bool matchUpdate(Value cPrime, Value &z, Value &cPrev, Value &g, OpList &ops) {
  NodeOp add = getBinary(cPrime, "Add");
  if (!add)
    return false;
  size_t mark = ops.size();
  bool found = eitherOrder(add, [&](Value keep, Value blend) {
    NodeOp keepMul = getBinary(keep, "Mul");
    NodeOp blendMul = getBinary(blend, "Mul");
    if (!keepMul || !blendMul || keepMul == blendMul)
      return false;
    return eitherOrder(blendMul, [&](Value oneMinusZ, Value candidate) {
      NodeOp sub = getBinary(oneMinusZ, "Sub");
      if (!sub || !isSplat(sub.getInputs()[0], 1.0) ||
          !getUnary(candidate, "Tanh"))
        return false;
      Value gate = sub.getInputs()[1];
      if (!getUnary(gate, "Sigmoid"))
        return false;
      return eitherOrder(keepMul, [&](Value zValue, Value previous) {
        if (zValue != gate || previous == gate)
          return false;
        z = gate;
        cPrev = previous;
        g = candidate;
        ops.append({add, keepMul, blendMul, sub});
        return true;
      });
    });
  });
  if (!found)
    ops.resize(mark);
  return found;
}

/// Everything below c': gates, slices and the two projections.
bool matchGates(Value z, Value g, int64_t hidden, EGRUMatch &match,
                OpList &ops) {
  NodeOp zSigmoid = getUnary(z, "Sigmoid");
  NodeOp gTanh = getUnary(g, "Tanh");
  NodeOp zAdd = getBinary(zSigmoid.getInputs()[0], "Add");
  NodeOp gAdd = getBinary(gTanh.getInputs()[0], "Add");
  if (!zAdd || !gAdd)
    return false;
  size_t mark = ops.size();
  // g = tanh(a_g + r ⊙ b_g): b_g is what identifies the recurrent side.
  bool found = eitherOrder(gAdd, [&](Value aG, Value resetProduct) {
    NodeOp resetMul = getBinary(resetProduct, "Mul");
    if (!resetMul)
      return false;
    std::optional<GateSlice> aSlice = matchGateSlice(aG, hidden, ops);
    if (!aSlice || aSlice->index != 2) {
      ops.resize(mark);
      return false;
    }
    size_t afterA = ops.size();
    bool ok = eitherOrder(resetMul, [&](Value r, Value bG) {
      NodeOp rSigmoid = getUnary(r, "Sigmoid");
      if (!rSigmoid || r == z)
        return false;
      std::optional<GateSlice> bSlice = matchGateSlice(bG, hidden, ops);
      if (!bSlice || bSlice->index != 2 || bSlice->source == aSlice->source) {
        ops.resize(afterA);
        return false;
      }
      Value a = aSlice->source, b = bSlice->source;
      if (a.getType() != b.getType()) {
        ops.resize(afterA);
        return false;
      }
      // z = σ(a_z + b_z), r = σ(a_r + b_r), either operand order.
      auto matchGatePair = [&](NodeOp add, int64_t index) {
        return eitherOrder(add, [&](Value fromA, Value fromB) {
          size_t before = ops.size();
          if (isGate(fromA, a, index, hidden, ops) &&
              isGate(fromB, b, index, hidden, ops))
            return true;
          ops.resize(before);
          return false;
        });
      };
      NodeOp rAdd = getBinary(rSigmoid.getInputs()[0], "Add");
      if (!rAdd || !matchGatePair(zAdd, 0) || !matchGatePair(rAdd, 1)) {
        ops.resize(afterA);
        return false;
      }
      std::optional<Projection> input = matchProjection(a, 3 * hidden, ops);
      std::optional<Projection> recurrent =
          input ? matchProjection(b, 3 * hidden, ops) : std::nullopt;
      if (!input || !recurrent) {
        ops.resize(afterA);
        return false;
      }
      match.input = *input;
      match.recurrent = *recurrent;
      ops.append({zSigmoid, zAdd, rSigmoid, rAdd, resetMul, gTanh, gAdd});
      return true;
    });
    if (!ok)
      ops.resize(mark);
    return ok;
  });
  if (!found)
    ops.resize(mark);
  return found;
}

std::optional<EGRUMatch> matchEGRU(NodeOp cmp) {
  EGRUMatch match;
  OpList &ops = match.ops;
  auto greater = matchStrictGreater(cmp, ops);
  if (!greater)
    return std::nullopt;
  Value cPrime = greater->first;
  Value theta = greater->second;
  ops.push_back(cmp);

  RankedTensorType stateType = getTensorType(cPrime);
  if (!stateType || !stateType.hasStaticShape() || stateType.getRank() < 1 ||
      stateType.getRank() > 2 || !isa<FloatType>(stateType.getElementType()))
    return std::nullopt;
  int64_t hidden = stateType.getShape().back();
  if (!isVectorLike(theta, hidden) ||
      getTensorType(theta).getElementType() != stateType.getElementType())
    return std::nullopt;
  match.hidden = hidden;
  match.theta = theta;

  // o = mask(cmp); y = c' ⊙ o; c = c' − o ⊙ θ.
  Value cmpResult = cmp->getResult(0);
  if (!cmpResult.hasOneUse())
    return std::nullopt;
  auto mask = dyn_cast<NodeOp>(*cmpResult.getUsers().begin());
  if (!isMask(mask, cmpResult, stateType.getElementType()))
    return std::nullopt;
  ops.push_back(mask);
  Value o = mask->getResult(0);
  NodeOp yMul, resetMul, cSub;
  for (OpOperand &use : o.getUses()) {
    auto user = dyn_cast<NodeOp>(use.getOwner());
    if (!user || user->getNumResults() != 1 ||
        !getBinary(user->getResult(0), "Mul"))
      return std::nullopt;
    Value other = user.getInputs()[1 - use.getOperandNumber()];
    if (other == cPrime && !yMul)
      yMul = user;
    else if (other == theta && !resetMul)
      resetMul = user;
    else
      return std::nullopt;
  }
  if (!yMul || !resetMul || !resetMul->hasOneUse())
    return std::nullopt;
  Operation *resetUser = *resetMul->getUsers().begin();
  if (resetUser->getNumResults() == 1)
    cSub = getBinary(resetUser->getResult(0), "Sub");
  if (!cSub || cSub.getInputs()[0] != cPrime ||
      cSub.getInputs()[1] != resetMul->getResult(0))
    return std::nullopt;
  match.y = yMul->getResult(0);
  match.c = cSub->getResult(0);
  if (match.y.getType() != stateType || match.c.getType() != stateType)
    return std::nullopt;
  ops.append({yMul, resetMul, cSub});

  Value z, g;
  if (!matchUpdate(cPrime, z, match.cPrev, g, ops) ||
      match.cPrev.getType() != stateType)
    return std::nullopt;
  if (!matchGates(z, g, hidden, match, ops))
    return std::nullopt;
  // The recurrence reads y_prev, the input x; both shaped like the state
  // (batch) and the projections' outputs like [.., 3H].
  if (match.recurrent.input.getType() != stateType)
    return std::nullopt;
  RankedTensorType inputType = getTensorType(match.input.input);
  if (inputType.getRank() != stateType.getRank() ||
      inputType.getShape().drop_back() != stateType.getShape().drop_back())
    return std::nullopt;
  return match;
}

//===----------------------------------------------------------------------===//
// LIF
//===----------------------------------------------------------------------===//

struct LIFMatch {
  Value input, v; // X and the membrane potential before the step
  double tau = 0, threshold = 0, reset = 0;
  Value spikes; // the dense 0/1 output, may be null when unused
  Value vNext;  // the membrane potential after the reset
  OpList ops;
};

/// Whether `k` is a power of two, so that x · k == x / (1 / k) exactly.
bool isPowerOfTwo(double k) {
  if (!(k > 0) || !std::isfinite(k))
    return false;
  int exponent;
  return std::frexp(k, &exponent) == 0.5;
}

/// v' = v + (X − v) / τ (or · 1/τ when 1/τ is a power of two, which is the
/// same to the last bit), commuted Add and Mul.
bool matchCharge(Value vPrime, LIFMatch &match) {
  NodeOp add = getBinary(vPrime, "Add");
  if (!add)
    return false;
  return eitherOrder(add, [&](Value v, Value delta) {
    NodeOp scale;
    Value difference;
    std::optional<double> tau;
    if ((scale = getBinary(delta, "Div"))) {
      difference = scale.getInputs()[0];
      tau = getSplatFloat(scale.getInputs()[1]);
    } else if ((scale = getBinary(delta, "Mul"))) {
      eitherOrder(scale, [&](Value d, Value k) {
        std::optional<double> factor = getSplatFloat(k);
        if (!factor || !isPowerOfTwo(*factor))
          return false;
        difference = d;
        tau = 1.0 / *factor;
        return true;
      });
    }
    if (!scale || !tau || !(*tau > 0) || !scale->hasOneUse())
      return false;
    NodeOp sub = getBinary(difference, "Sub");
    if (!sub || sub.getInputs()[1] != v || sub.getInputs()[0] == v)
      return false;
    match.input = sub.getInputs()[0];
    match.v = v;
    match.tau = *tau;
    match.ops.append({add, scale, sub});
    return true;
  });
}

std::optional<LIFMatch> matchLIF(NodeOp cmp) {
  LIFMatch match;
  OpList &ops = match.ops;
  auto greaterEqual = matchGreaterOrEqual(cmp, ops);
  if (!greaterEqual)
    return std::nullopt;
  Value vPrime = greaterEqual->first;
  Value thresholdValue = greaterEqual->second;
  ops.push_back(cmp);
  std::optional<double> threshold = getSplatFloat(thresholdValue);
  RankedTensorType type = getTensorType(vPrime);
  if (!threshold || !type || !type.hasStaticShape() || type.getRank() < 1 ||
      type.getRank() > 2 || !isa<FloatType>(type.getElementType()))
    return std::nullopt;
  match.threshold = *threshold;
  if (!matchCharge(vPrime, match))
    return std::nullopt;
  if (match.input.getType() != type || match.v.getType() != type)
    return std::nullopt;

  // s = mask(cmp); hard reset: v'' = (1 − s) ⊙ v', Where(cmp, v_r, v'), or
  // (1 − s) ⊙ v' + s ⊙ v_r.
  Value cmpResult = cmp->getResult(0);
  NodeOp mask, where;
  for (Operation *user : cmpResult.getUsers()) {
    auto node = dyn_cast<NodeOp>(user);
    if (isMask(node, cmpResult, type.getElementType()) && !mask)
      mask = node;
    else if (node && isDefaultDomain(node) && node.getOpType() == "Where" &&
             node.getInputs().size() == 3 && node.getInputs()[0] == cmpResult &&
             node.getInputs()[2] == vPrime && !where)
      where = node;
    else
      return std::nullopt;
  }
  // Without a Where reset, the reset reads the mask.
  if (!mask && !where)
    return std::nullopt;
  Value s = mask ? mask->getResult(0) : Value();
  if (mask)
    ops.push_back(mask);

  if (where) {
    std::optional<double> reset = getSplatFloat(where.getInputs()[1]);
    if (!reset || where->getResult(0).getType() != type)
      return std::nullopt;
    match.reset = *reset;
    match.vNext = where->getResult(0);
    ops.push_back(where);
  } else {
    // Find (1 − s) among the users of s; everything else reads the spikes.
    NodeOp oneMinusS;
    for (Operation *user : s.getUsers()) {
      auto sub = dyn_cast<NodeOp>(user);
      if (sub && sub->getNumResults() == 1 &&
          getBinary(sub->getResult(0), "Sub") && sub.getInputs()[1] == s &&
          isSplat(sub.getInputs()[0], 1.0)) {
        if (oneMinusS)
          return std::nullopt;
        oneMinusS = sub;
      }
    }
    if (!oneMinusS || !oneMinusS->hasOneUse())
      return std::nullopt;
    Operation *keepUser = *oneMinusS->getUsers().begin();
    NodeOp keep = keepUser->getNumResults() == 1
                      ? getBinary(keepUser->getResult(0), "Mul")
                      : NodeOp();
    if (!keep)
      return std::nullopt;
    bool keepsV = eitherOrder(keep, [&](Value a, Value b) {
      return a == oneMinusS->getResult(0) && b == vPrime;
    });
    if (!keepsV)
      return std::nullopt;
    ops.append({oneMinusS, keep});
    match.vNext = keep->getResult(0);
    match.reset = 0.0;
    // Optional "+ s ⊙ v_r".
    if (keep->hasOneUse()) {
      Operation *keepUser = *keep->getUsers().begin();
      NodeOp add = keepUser->getNumResults() == 1
                       ? getBinary(keepUser->getResult(0), "Add")
                       : NodeOp();
      if (add) {
        Value other = add.getInputs()[0] == keep->getResult(0)
                          ? add.getInputs()[1]
                          : add.getInputs()[0];
        NodeOp resetMul = getBinary(other, "Mul");
        std::optional<double> reset;
        if (resetMul && resetMul->hasOneUse())
          eitherOrder(resetMul, [&](Value a, Value b) {
            if (a != s)
              return false;
            reset = getSplatFloat(b);
            return reset.has_value();
          });
        if (reset) {
          match.reset = *reset;
          match.vNext = add->getResult(0);
          ops.append({resetMul, add});
        }
      }
    }
    if (match.vNext.getType() != type)
      return std::nullopt;
  }
  // The spikes leave the cell only through users outside of it.
  match.spikes = s;
  return match;
}

//===----------------------------------------------------------------------===//
// Rewriting
//===----------------------------------------------------------------------===//

/// Whether every user of the cell's nodes is inside the cell, except for the
/// results in `outputs` and Shape nodes (which only read the static type).
bool isSelfContained(const OpList &ops, llvm::ArrayRef<Value> outputs) {
  llvm::SmallPtrSet<Operation *, 32> inside(ops.begin(), ops.end());
  for (Operation *op : ops) {
    // ONNX graphs are flat; a cell spread over regions is not one we build.
    if (op->getBlock() != ops.front()->getBlock())
      return false;
    for (Value result : op->getResults()) {
      if (llvm::is_contained(outputs, result))
        continue;
      for (Operation *user : result.getUsers()) {
        if (inside.contains(user))
          continue;
        auto node = dyn_cast<NodeOp>(user);
        if (node && isDefaultDomain(node) && node.getOpType() == "Shape")
          continue;
        return false;
      }
    }
  }
  return true;
}

class CellRewriter {
public:
  CellRewriter(MLIRContext *context) : rewriter(context) {}

  /// Builds an `onnx.node` glue op with the opset of `like`.
  Value createNode(NodeOp like, llvm::StringRef opType, Type resultType,
                   ValueRange inputs, DictionaryAttr attrs = {}) {
    auto node = NodeOp::create(
        rewriter, like.getLoc(), TypeRange{resultType},
        rewriter.getStringAttr(opType), rewriter.getStringAttr(""),
        rewriter.getI64IntegerAttr(like.getOpset()),
        attrs ? attrs : rewriter.getDictionaryAttr({}), inputs);
    return node->getResult(0);
  }

  /// `value` (H elements) as a 1-D [H] tensor.
  Value toVector(NodeOp like, Value value) {
    RankedTensorType type = getTensorType(value);
    if (type.getRank() == 1)
      return value;
    auto vectorType =
        RankedTensorType::get({type.getNumElements()}, type.getElementType());
    auto shapeType = RankedTensorType::get({1}, rewriter.getI64Type());
    Value shape = arith::ConstantOp::create(
        rewriter, like.getLoc(), shapeType,
        DenseElementsAttr::get(shapeType,
                               llvm::ArrayRef<int64_t>{type.getNumElements()}));
    return createNode(like, "Reshape", vectorType, {value, shape});
  }

  /// The weight as [rows, I].
  Value rowMajorWeight(NodeOp like, const Projection &projection) {
    if (!projection.transposed)
      return projection.weight;
    RankedTensorType type = getTensorType(projection.weight);
    auto transposedType = RankedTensorType::get(
        {type.getDimSize(1), type.getDimSize(0)}, type.getElementType());
    return createNode(like, "Transpose", transposedType, {projection.weight},
                      rewriter.getDictionaryAttr(rewriter.getNamedAttr(
                          "perm", rewriter.getDenseI64ArrayAttr({1, 0}))));
  }

  /// The bias as [rows], zeros when the graph has none.
  Value bias(NodeOp like, const Projection &projection, int64_t rows,
             Type elementType) {
    if (projection.bias)
      return toVector(like, projection.bias);
    auto type = RankedTensorType::get({rows}, elementType);
    return arith::ConstantOp::create(
        rewriter, like.getLoc(), type,
        DenseElementsAttr::get(type, rewriter.getFloatAttr(elementType, 0.0)));
  }

  /// Replaces the Shape users of the cell's values by constants, the
  /// outputs by `replacements`, and erases the cell and whatever only it
  /// used.
  void replaceCell(const OpList &ops, llvm::ArrayRef<Value> outputs,
                   llvm::ArrayRef<Value> replacements) {
    llvm::SmallPtrSet<Operation *, 32> inside(ops.begin(), ops.end());
    for (auto [output, replacement] : llvm::zip(outputs, replacements))
      if (output)
        rewriter.replaceAllUsesWith(output, replacement);
    for (Operation *op : ops)
      for (Value result : op->getResults())
        for (Operation *user : llvm::make_early_inc_range(result.getUsers())) {
          if (inside.contains(user))
            continue;
          auto shape = cast<NodeOp>(user);
          rewriter.setInsertionPoint(shape);
          auto shapeType =
              cast<RankedTensorType>(shape->getResult(0).getType());
          auto values = evaluateInts(shape->getResult(0));
          assert(values && "Shape of a static tensor");
          Value constant = arith::ConstantOp::create(
              rewriter, shape.getLoc(), shapeType,
              DenseElementsAttr::get(shapeType,
                                     llvm::ArrayRef<int64_t>(*values)));
          rewriter.replaceOp(shape, constant);
        }

    // Erase users before producers: reverse block order.
    llvm::SmallVector<Operation *> sorted(ops.begin(), ops.end());
    llvm::sort(sorted, [](Operation *a, Operation *b) {
      return b->isBeforeInBlock(a);
    });
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    llvm::SetVector<Operation *> maybeDead;
    for (Operation *op : sorted) {
      for (Value operand : op->getOperands())
        if (Operation *def = operand.getDefiningOp())
          if (!inside.contains(def))
            maybeDead.insert(def);
      assert(op->use_empty() && "cell value still used");
      rewriter.eraseOp(op);
      erased.insert(op);
    }
    // Constants, shape arithmetic and weights that only the cell read.
    while (!maybeDead.empty()) {
      Operation *op = maybeDead.pop_back_val();
      if (!op->use_empty() || !isa<NodeOp, arith::ConstantOp, onnxir::AbsentOp,
                                   event::ToDenseOp, event::FromDenseOp>(op))
        continue;
      for (Value operand : op->getOperands())
        if (Operation *def = operand.getDefiningOp())
          maybeDead.insert(def);
      rewriter.eraseOp(op);
      erased.insert(op);
    }
  }

  LogicalResult rewriteEGRU(NodeOp cmp, EGRUMatch &match);
  LogicalResult rewriteLIF(NodeOp cmp, LIFMatch &match);

  IRRewriter rewriter;
  llvm::DenseSet<Operation *> erased;
};

/// Whether none of `values` is computed by the cell itself.
bool areOutside(const OpList &ops, llvm::ArrayRef<Value> values) {
  return llvm::none_of(values, [&](Value value) {
    return value && llvm::is_contained(ops, value.getDefiningOp());
  });
}

/// Events to feed a cell: the events behind an `event.to_dense` (e.g. the
/// output of a layer raised before), else `from_dense` of the dense value.
/// Returns the dense value itself when `allowDense` and no events exist.
Value getEvents(OpBuilder &builder, Location loc, Value dense,
                bool allowDense) {
  if (auto toDense = dense.getDefiningOp<event::ToDenseOp>()) {
    auto events = cast<event::EventsType>(toDense.getInput().getType());
    if (!events.getBinary())
      return toDense.getInput();
  }
  if (allowDense)
    return dense;
  auto type = cast<RankedTensorType>(dense.getType());
  auto eventsType =
      event::EventsType::get(type.getShape(), type.getElementType(),
                             /*binary=*/false);
  return event::FromDenseOp::create(builder, loc, eventsType, dense);
}

LogicalResult CellRewriter::rewriteEGRU(NodeOp cmp, EGRUMatch &match) {
  if (!areOutside(match.ops,
                  {match.input.input, match.input.weight, match.input.bias,
                   match.recurrent.input, match.recurrent.weight,
                   match.recurrent.bias, match.cPrev, match.theta}))
    return failure();
  int64_t rows = 3 * match.hidden;
  Type elementType = getTensorType(match.c).getElementType();
  Location loc = cmp.getLoc();
  rewriter.setInsertionPoint(cmp);
  Value w = rowMajorWeight(cmp, match.input);
  Value r = rowMajorWeight(cmp, match.recurrent);
  Value bx = bias(cmp, match.input, rows, elementType);
  Value br = bias(cmp, match.recurrent, rows, elementType);
  // The op uses theta as given: the graph's own (clamped) threshold.
  Value theta = toVector(cmp, match.theta);
  Value x = getEvents(rewriter, loc, match.input.input, /*allowDense=*/true);
  Value yPrev =
      getEvents(rewriter, loc, match.recurrent.input, /*allowDense=*/false);
  auto step = event::EGRUStepOp::create(rewriter, loc, x, yPrev, match.cPrev, w,
                                        r, bx, br, theta);
  Value y = event::ToDenseOp::create(rewriter, loc, step.getY());
  replaceCell(match.ops, {match.y, match.c}, {y, step.getC()});
  return success();
}

/// Whether `value` survives the trip through an f32 attribute.
bool isExactF32(double value) {
  return static_cast<double>(static_cast<float>(value)) == value;
}

LogicalResult CellRewriter::rewriteLIF(NodeOp cmp, LIFMatch &match) {
  if (!areOutside(match.ops, {match.input, match.v}) ||
      !isExactF32(match.tau) || !isExactF32(match.threshold) ||
      !isExactF32(match.reset))
    return failure();
  Location loc = cmp.getLoc();
  rewriter.setInsertionPoint(cmp);
  auto lif = event::LIFOp::create(
      rewriter, loc, match.input, match.v,
      rewriter.getF32FloatAttr(static_cast<float>(match.tau)),
      rewriter.getF32FloatAttr(static_cast<float>(match.threshold)),
      rewriter.getF32FloatAttr(static_cast<float>(match.reset)));
  // Dense spikes only for users outside the neuron (its own reset reads the
  // mask too, and goes away with it).
  Value spikes;
  if (match.spikes && llvm::any_of(match.spikes.getUsers(), [&](Operation *u) {
        return !llvm::is_contained(match.ops, u);
      }))
    spikes = event::ToDenseOp::create(rewriter, loc, lif.getSpikes());
  replaceCell(match.ops, {spikes ? match.spikes : Value(), match.vNext},
              {spikes, lif.getVNext()});
  return success();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct RaiseONNXToEventPass
    : public spnc::impl::RaiseONNXToEventBase<RaiseONNXToEventPass> {
  using Base::Base;

  void runOnOperation() override {
    llvm::SmallVector<NodeOp> candidates;
    getOperation().walk([&](NodeOp node) {
      if (!isDefaultDomain(node))
        return;
      llvm::StringRef opType = node.getOpType();
      if (opType == "Greater" || opType == "Less" ||
          opType == "GreaterOrEqual" || opType == "LessOrEqual" ||
          opType == "Not")
        candidates.push_back(node);
    });

    CellRewriter cells(&getContext());
    // In program order, so that a layer reading the events of the layer
    // below sees them already raised.
    for (NodeOp cmp : candidates) {
      if (cells.erased.contains(cmp))
        continue;
      if (std::optional<EGRUMatch> match = matchEGRU(cmp)) {
        if (isSelfContained(match->ops, {match->y, match->c}) &&
            succeeded(cells.rewriteEGRU(cmp, *match)))
          continue;
      }
      if (std::optional<LIFMatch> match = matchLIF(cmp)) {
        if (isSelfContained(match->ops, {match->spikes, match->vNext}))
          (void)cells.rewriteLIF(cmp, *match);
      }
    }
  }
};

} // namespace
