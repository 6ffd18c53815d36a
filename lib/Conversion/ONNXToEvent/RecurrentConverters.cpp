//===- RecurrentConverters.cpp - GRU, LSTM, RNN and ai.spnc EGRU ----------===//
//
// A recurrent node becomes one `scf.for` over time per direction. The body
// slices x_t out of X, runs the event dialect's cell step and inserts the
// step's output into Y; the loop carries the state and Y as iter_args.
// Per-batch sequence lengths become a row mask: beyond its length a batch row
// keeps its state and writes zeros to Y (no mask when the lengths are
// constants that all cover the sequence).
//
//===----------------------------------------------------------------------===//
#include "ConversionUtils.h"

#include "spnc/Dialect/Event/EventDialect.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace spnc {
using namespace onnx_conversion;

namespace {

enum class CellKind { RNN, GRU, LSTM };

/// What differs between ONNX's three recurrent operators.
struct CellInfo {
  int64_t gates;
  llvm::SmallVector<event::ActivationKind, 3> defaultActivations;
  llvm::StringRef activationNames;
  bool hasCellState;
};

CellInfo getCellInfo(CellKind kind) {
  using event::ActivationKind;
  switch (kind) {
  case CellKind::RNN:
    return {1, {ActivationKind::tanh}, "f", false};
  case CellKind::GRU:
    return {3, {ActivationKind::sigmoid, ActivationKind::tanh}, "f, g", false};
  case CellKind::LSTM:
    return {4,
            {ActivationKind::sigmoid, ActivationKind::tanh,
             ActivationKind::tanh},
            "f, g, h",
            true};
  }
  llvm_unreachable("unknown cell kind");
}

// ONNX input positions.
constexpr unsigned kX = 0, kW = 1, kR = 2, kB = 3, kSequenceLens = 4,
                   kInitialH = 5, kInitialC = 6, kP = 7;
// ai.spnc EGRU input positions.
constexpr unsigned kEGRUThreshold = 4, kEGRUInitialC = 5, kEGRUInitialY = 6;

} // namespace

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(shape, os);
  os << "]";
  return text;
}

/// Emits "<what> has shape [..] but <pattern> = [..] is expected" unless
/// `type` has shape `expected`.
static LogicalResult expectShape(NodeOp node, llvm::StringRef what,
                                 RankedTensorType type,
                                 llvm::ArrayRef<int64_t> expected,
                                 llvm::StringRef pattern) {
  if (type.getShape() == expected)
    return success();
  return emitNodeError(node)
         << what << " has shape " << formatShape(type.getShape()) << " but "
         << pattern << " = " << formatShape(expected) << " is expected";
}

/// The static type of an optional input, null when absent; failure when it is
/// present but not static.
static FailureOr<RankedTensorType> getOptionalInputType(NodeOp node,
                                                        unsigned index) {
  if (!node.getInputOrNull(index))
    return RankedTensorType();
  return getStaticInputType(node, index);
}

static Value buildZeros(OpBuilder &builder, Location loc,
                        RankedTensorType type) {
  Attribute zero = builder.getZeroAttr(type.getElementType());
  return arith::ConstantOp::create(builder, loc,
                                   DenseElementsAttr::get(type, zero));
}

/// `source` with dimension `axis` fixed at `index` and dropped.
static Value extractAlong(OpBuilder &builder, Location loc, Value source,
                          int64_t axis, OpFoldResult index) {
  auto type = cast<RankedTensorType>(source.getType());
  int64_t rank = type.getRank();
  llvm::SmallVector<OpFoldResult> offsets(rank, builder.getIndexAttr(0));
  llvm::SmallVector<OpFoldResult> strides(rank, builder.getIndexAttr(1));
  llvm::SmallVector<OpFoldResult> sizes;
  llvm::SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    sizes.push_back(builder.getIndexAttr(i == axis ? 1 : type.getDimSize(i)));
    if (i != axis)
      shape.push_back(type.getDimSize(i));
  }
  offsets[axis] = index;
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  return tensor::ExtractSliceOp::create(builder, loc, resultType, source,
                                        offsets, sizes, strides);
}

/// Elements [offset, offset + size) of a vector.
static Value extractRange(OpBuilder &builder, Location loc, Value vector,
                          int64_t offset, int64_t size) {
  auto type = cast<RankedTensorType>(vector.getType());
  auto resultType = RankedTensorType::get({size}, type.getElementType());
  return tensor::ExtractSliceOp::create(
      builder, loc, resultType, vector,
      llvm::ArrayRef<OpFoldResult>{builder.getIndexAttr(offset)},
      llvm::ArrayRef<OpFoldResult>{builder.getIndexAttr(size)},
      llvm::ArrayRef<OpFoldResult>{builder.getIndexAttr(1)});
}

/// Inserts `value` into `dest`, whose extra (unit-sized) dimensions `axes`
/// are placed at `indices`.
static Value insertAlong(OpBuilder &builder, Location loc, Value value,
                         Value dest, llvm::ArrayRef<int64_t> axes,
                         llvm::ArrayRef<OpFoldResult> indices) {
  auto type = cast<RankedTensorType>(dest.getType());
  int64_t rank = type.getRank();
  llvm::SmallVector<OpFoldResult> offsets(rank, builder.getIndexAttr(0));
  llvm::SmallVector<OpFoldResult> strides(rank, builder.getIndexAttr(1));
  llvm::SmallVector<OpFoldResult> sizes;
  for (int64_t i = 0; i < rank; ++i)
    sizes.push_back(builder.getIndexAttr(
        llvm::is_contained(axes, i) ? 1 : type.getDimSize(i)));
  for (auto [axis, index] : llvm::zip(axes, indices))
    offsets[axis] = index;
  return tensor::InsertSliceOp::create(builder, loc, value, dest, offsets,
                                       sizes, strides);
}

/// Row b of the result is `active`'s when `step` < lengths[b], else
/// `inactive`'s; all three values are [B, H], `lengths` is [B] (integers).
static Value buildRowSelect(OpBuilder &builder, Location loc, Value lengths,
                            Value step, Value active, Value inactive) {
  auto type = cast<RankedTensorType>(active.getType());
  MLIRContext *context = builder.getContext();
  AffineMap identity = builder.getMultiDimIdentityMap(2);
  AffineMap rows = AffineMap::get(2, 0, getAffineDimExpr(0, context));
  llvm::SmallVector<utils::IteratorType> iterators(
      2, utils::IteratorType::parallel);
  Value init = buildEmptyTensor(builder, loc, type);
  auto generic = linalg::GenericOp::create(
      builder, loc, type, ValueRange{lengths, active, inactive}, init,
      llvm::ArrayRef<AffineMap>{rows, identity, identity, identity},
      iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value inRange = arith::CmpIOp::create(
            nested, nestedLoc, arith::CmpIPredicate::slt, step, args[0]);
        Value selected = arith::SelectOp::create(nested, nestedLoc, inRange,
                                                 args[1], args[2]);
        linalg::YieldOp::create(nested, nestedLoc, selected);
      });
  return generic.getResult(0);
}

/// min(max(theta, 0), 1), as the EGRU reference clamps its threshold.
static Value buildClampToUnit(OpBuilder &builder, Location loc, Value theta) {
  auto type = cast<RankedTensorType>(theta.getType());
  return buildBroadcastElementwise(
      builder, loc, type, {theta},
      [&](OpBuilder &nested, Location nestedLoc, ValueRange scalars) {
        Type elementType = scalars[0].getType();
        Value zero = buildScalarConstant(nested, nestedLoc, elementType, 0.0);
        Value one = buildScalarConstant(nested, nestedLoc, elementType, 1.0);
        Value low = arith::MaximumFOp::create(nested, nestedLoc, scalars[0],
                                              zero);
        return arith::MinimumFOp::create(nested, nestedLoc, low, one)
            .getResult();
      });
}

/// The activations of every direction (forward first), resolved with ONNX's
/// rules: `activation_alpha`/`activation_beta` are consumed in order by the
/// activations that take a parameter, missing ones take ONNX's defaults.
static FailureOr<llvm::SmallVector<event::ActivationAttr>>
getDirectionActivations(NodeOp node, const CellInfo &info,
                        int64_t numDirections) {
  MLIRContext *context = node.getContext();
  size_t perDirection = info.defaultActivations.size();
  llvm::SmallVector<event::ActivationAttr> result;
  std::optional<llvm::SmallVector<std::string>> names =
      getStringsAttr(node, "activations");
  llvm::SmallVector<float> alphas =
      getFloatsAttr(node, "activation_alpha").value_or(llvm::SmallVector<float>());
  llvm::SmallVector<float> betas =
      getFloatsAttr(node, "activation_beta").value_or(llvm::SmallVector<float>());
  if (!names) {
    if (!alphas.empty() || !betas.empty())
      return emitNodeError(node)
             << "'activation_alpha'/'activation_beta' are given without "
                "'activations'; the default activations take no parameters";
    for (int64_t d = 0; d < numDirections; ++d)
      for (event::ActivationKind kind : info.defaultActivations)
        result.push_back(event::ActivationAttr::get(context, kind));
    return result;
  }
  if (names->size() != perDirection * numDirections)
    return emitNodeError(node)
           << "'activations' has " << names->size() << " entries but "
           << perDirection * numDirections << " are expected ("
           << info.activationNames << " for each of " << numDirections
           << " direction(s))";
  size_t nextAlpha = 0, nextBeta = 0;
  for (const std::string &name : *names) {
    std::optional<event::ActivationKind> kind =
        event::symbolizeONNXActivation(name);
    if (!kind)
      return emitNodeError(node)
             << "unknown activation '" << name
             << "' (supported: Relu, Tanh, Sigmoid, Affine, LeakyRelu, "
                "ThresholdedRelu, ScaledTanh, HardSigmoid, Elu, Softsign, "
                "Softplus)";
    unsigned numParameters = event::getNumActivationParameters(*kind);
    std::optional<float> alpha, beta;
    if (numParameters >= 1 && nextAlpha < alphas.size())
      alpha = alphas[nextAlpha++];
    if (numParameters >= 2 && nextBeta < betas.size())
      beta = betas[nextBeta++];
    result.push_back(event::getONNXActivation(context, name, alpha, beta));
  }
  // Left-over values mean the exporter assigned parameters differently
  // (e.g. one per activation); guessing would silently change the result.
  if (nextAlpha != alphas.size() || nextBeta != betas.size())
    return emitNodeError(node)
           << "'activation_alpha' has " << alphas.size()
           << " and 'activation_beta' " << betas.size()
           << " values but the activations take " << nextAlpha << " and "
           << nextBeta
           << " (values are consumed in order by the activations that take "
              "them)";
  return result;
}

//===----------------------------------------------------------------------===//
// ONNX GRU, LSTM and RNN
//===----------------------------------------------------------------------===//

static LogicalResult convertRecurrent(NodeOp node, OpBuilder &builder,
                                      llvm::SmallVectorImpl<Value> &results,
                                      CellKind kind, bool hasLayout) {
  Location loc = node.getLoc();
  CellInfo info = getCellInfo(kind);
  int64_t gates = info.gates;

  FailureOr<RankedTensorType> xType = getStaticInputType(node, kX);
  FailureOr<RankedTensorType> wType = getStaticInputType(node, kW);
  FailureOr<RankedTensorType> rType = getStaticInputType(node, kR);
  if (failed(xType) || failed(wType) || failed(rType))
    return failure();
  Type elementType = xType->getElementType();
  if (!isa<FloatType>(elementType))
    return emitNodeError(node) << "X has element type " << elementType
                               << "; a floating-point type is required";
  if (xType->getRank() != 3)
    return emitNodeError(node) << "X must have rank 3, got "
                               << formatShape(xType->getShape());
  if (rType->getRank() != 3)
    return emitNodeError(node) << "R must have rank 3, got "
                               << formatShape(rType->getShape());

  // Attributes.
  int64_t layout = hasLayout ? getIntAttr(node, "layout", 0) : 0;
  if (layout != 0 && layout != 1)
    return emitNodeError(node) << "'layout' must be 0 or 1, got " << layout;
  std::string direction = getStringAttr(node, "direction", "forward");
  if (direction != "forward" && direction != "reverse" &&
      direction != "bidirectional")
    return emitNodeError(node)
           << "'direction' must be forward, reverse or bidirectional, got '"
           << direction << "'";
  int64_t numDirections = direction == "bidirectional" ? 2 : 1;
  int64_t seqLength = xType->getDimSize(layout == 0 ? 0 : 1);
  int64_t batch = xType->getDimSize(layout == 0 ? 1 : 0);
  int64_t inputSize = xType->getDimSize(2);
  int64_t hidden = rType->getDimSize(2);
  if (std::optional<int64_t> hiddenSize =
          getOptionalIntAttr(node, "hidden_size");
      hiddenSize && *hiddenSize != hidden)
    return emitNodeError(node) << "'hidden_size' is " << *hiddenSize
                               << " but R has hidden size " << hidden;
  std::string gatePattern =
      gates == 1 ? "hidden_size" : std::to_string(gates) + "*hidden_size";
  std::string dirs = "num_directions";
  if (failed(expectShape(node, "W", *wType,
                         {numDirections, gates * hidden, inputSize},
                         "[" + dirs + ", " + gatePattern + ", input_size]")) ||
      failed(expectShape(node, "R", *rType,
                         {numDirections, gates * hidden, hidden},
                         "[" + dirs + ", " + gatePattern + ", hidden_size]")))
    return failure();

  std::optional<float> clip = getOptionalFloatAttr(node, "clip");
  if (clip && !(*clip > 0.0f))
    return emitNodeError(node) << "'clip' must be positive, got " << *clip;
  FloatAttr clipAttr = clip ? builder.getF32FloatAttr(*clip) : FloatAttr();
  FailureOr<llvm::SmallVector<event::ActivationAttr>> activations =
      getDirectionActivations(node, info, numDirections);
  if (failed(activations))
    return failure();
  bool linearBeforeReset = getIntAttr(node, "linear_before_reset", 0) != 0;
  bool inputForget = getIntAttr(node, "input_forget", 0) != 0;

  // Optional inputs.
  FailureOr<RankedTensorType> bType = getOptionalInputType(node, kB);
  FailureOr<RankedTensorType> lensType =
      getOptionalInputType(node, kSequenceLens);
  FailureOr<RankedTensorType> initialHType =
      getOptionalInputType(node, kInitialH);
  FailureOr<RankedTensorType> initialCType =
      info.hasCellState ? getOptionalInputType(node, kInitialC)
                        : FailureOr<RankedTensorType>(RankedTensorType());
  FailureOr<RankedTensorType> pType =
      info.hasCellState ? getOptionalInputType(node, kP)
                        : FailureOr<RankedTensorType>(RankedTensorType());
  if (failed(bType) || failed(lensType) || failed(initialHType) ||
      failed(initialCType) || failed(pType))
    return failure();
  llvm::SmallVector<int64_t> stateShape =
      layout == 0 ? llvm::SmallVector<int64_t>{numDirections, batch, hidden}
                  : llvm::SmallVector<int64_t>{batch, numDirections, hidden};
  llvm::StringRef statePattern =
      layout == 0 ? "[num_directions, batch_size, hidden_size]"
                  : "[batch_size, num_directions, hidden_size]";
  if (*bType && failed(expectShape(node, "B", *bType,
                                   {numDirections, 2 * gates * hidden},
                                   "[num_directions, 2*" + gatePattern + "]")))
    return failure();
  if (*lensType) {
    if (failed(expectShape(node, "sequence_lens", *lensType, {batch},
                           "[batch_size]")))
      return failure();
    if (!isa<IntegerType>(lensType->getElementType()))
      return emitNodeError(node) << "sequence_lens must hold integers, got "
                                 << lensType->getElementType();
  }
  if ((*initialHType &&
       failed(expectShape(node, "initial_h", *initialHType, stateShape,
                          statePattern))) ||
      (*initialCType &&
       failed(expectShape(node, "initial_c", *initialCType, stateShape,
                          statePattern))) ||
      (*pType && failed(expectShape(node, "P", *pType,
                                    {numDirections, 3 * hidden},
                                    "[num_directions, 3*hidden_size]"))))
    return failure();

  // Outputs: Y, Y_h and (LSTM) Y_c; trailing omitted ones may be missing.
  unsigned numResults = node->getNumResults();
  // Outputs that are omitted (NoneType) or unused are not computed.
  auto wanted = [&](unsigned index) {
    return index < numResults &&
           !isa<NoneType>(node->getResult(index).getType()) &&
           !node->getResult(index).use_empty();
  };
  auto stateType = RankedTensorType::get({batch, hidden}, elementType);
  llvm::SmallVector<int64_t> yShape =
      layout == 0
          ? llvm::SmallVector<int64_t>{seqLength, numDirections, batch, hidden}
          : llvm::SmallVector<int64_t>{batch, seqLength, numDirections, hidden};
  auto yType = RankedTensorType::get(yShape, elementType);
  auto yhType = RankedTensorType::get(stateShape, elementType);
  int64_t timeAxis = layout == 0 ? 0 : 1;     // in X and Y
  int64_t directionAxis = layout == 0 ? 0 : 1; // in initial_h/c and Y_h/c
  int64_t yDirectionAxis = timeAxis + 1;

  Value x = node.getInputOrNull(kX);
  Value w = node.getInputOrNull(kW);
  Value r = node.getInputOrNull(kR);
  Value b = node.getInputOrNull(kB);
  Value lengths = node.getInputOrNull(kSequenceLens);
  // Constant lengths that all cover the sequence mask nothing: leaving the
  // mask out keeps the loop a plain recurrence (--sequence-to-step).
  DenseIntElementsAttr constantLengths;
  if (lengths && matchPattern(lengths, m_Constant(&constantLengths)) &&
      llvm::all_of(constantLengths.getValues<APInt>(), [&](const APInt &v) {
        return (constantLengths.getElementType().isUnsignedInteger()
                    ? static_cast<int64_t>(v.getZExtValue())
                    : v.getSExtValue()) >= seqLength;
      }))
    lengths = Value();
  Value initialH = node.getInputOrNull(kInitialH);
  Value initialC = info.hasCellState ? node.getInputOrNull(kInitialC) : Value();
  Value p = info.hasCellState ? node.getInputOrNull(kP) : Value();

  Value y = wanted(0) ? buildEmptyTensor(builder, loc, yType) : Value();
  Value zeroState = buildZeros(builder, loc, stateType);
  auto biasType =
      RankedTensorType::get({gates * hidden}, elementType);
  Value zeroBias = b ? Value() : buildZeros(builder, loc, biasType);
  Value lower = arith::ConstantIndexOp::create(builder, loc, 0);
  Value upper = arith::ConstantIndexOp::create(builder, loc, seqLength);
  Value stepOne = arith::ConstantIndexOp::create(builder, loc, 1);
  Value last = arith::ConstantIndexOp::create(builder, loc, seqLength - 1);

  llvm::SmallVector<Value> finalH, finalC;
  for (int64_t d = 0; d < numDirections; ++d) {
    bool reverse = direction == "reverse" || d == 1;
    OpFoldResult dIndex = builder.getIndexAttr(d);
    Value wD = extractAlong(builder, loc, w, 0, dIndex);
    Value rD = extractAlong(builder, loc, r, 0, dIndex);
    Value bx = zeroBias, br = zeroBias;
    if (b) {
      Value bD = extractAlong(builder, loc, b, 0, dIndex);
      bx = extractRange(builder, loc, bD, 0, gates * hidden);
      br = extractRange(builder, loc, bD, gates * hidden, gates * hidden);
    }
    Value pD = p ? extractAlong(builder, loc, p, 0, dIndex) : Value();
    llvm::SmallVector<Value> states;
    states.push_back(initialH
                         ? extractAlong(builder, loc, initialH, directionAxis,
                                        dIndex)
                         : zeroState);
    if (info.hasCellState)
      states.push_back(initialC ? extractAlong(builder, loc, initialC,
                                               directionAxis, dIndex)
                                : zeroState);
    size_t numStates = states.size();
    llvm::ArrayRef<event::ActivationAttr> dirActivations =
        llvm::ArrayRef(*activations)
            .slice(d * info.defaultActivations.size(),
                   info.defaultActivations.size());
    llvm::SmallVector<Attribute> activationList(dirActivations.begin(),
                                                dirActivations.end());
    ArrayAttr activationArray = builder.getArrayAttr(activationList);

    llvm::SmallVector<Value> iterArgs(states);
    if (y)
      iterArgs.push_back(y);
    auto loop = scf::ForOp::create(
        builder, loc, lower, upper, stepOne, iterArgs,
        [&](OpBuilder &nested, Location nestedLoc, Value iv,
            ValueRange args) {
          Value t = reverse ? arith::SubIOp::create(nested, nestedLoc, last,
                                                    iv)
                                  .getResult()
                            : iv;
          Value xT = extractAlong(nested, nestedLoc, x, timeAxis, t);
          llvm::SmallVector<Value> next;
          switch (kind) {
          case CellKind::RNN:
            next.push_back(event::RNNStepOp::create(
                nested, nestedLoc, xT, args[0], wD, rD, bx, br,
                dirActivations[0], clipAttr));
            break;
          case CellKind::GRU:
            next.push_back(event::GRUStepOp::create(
                nested, nestedLoc, xT, args[0], wD, rD, bx, br,
                nested.getBoolAttr(linearBeforeReset), clipAttr,
                activationArray));
            break;
          case CellKind::LSTM: {
            auto step = event::LSTMStepOp::create(
                nested, nestedLoc, xT, args[0], args[1], wD, rD, bx, br, pD,
                clipAttr, activationArray,
                nested.getBoolAttr(inputForget));
            next.push_back(step.getHNext());
            next.push_back(step.getCNext());
            break;
          }
          }
          Value output = next[0];
          if (lengths) {
            auto lengthType = cast<RankedTensorType>(lengths.getType());
            Value tInt = arith::IndexCastOp::create(
                nested, nestedLoc, lengthType.getElementType(), t);
            for (size_t i = 0; i < numStates; ++i)
              next[i] = buildRowSelect(nested, nestedLoc, lengths, tInt,
                                       next[i], args[i]);
            output = buildRowSelect(nested, nestedLoc, lengths, tInt, output,
                                    zeroState);
          }
          llvm::SmallVector<Value> yields(next);
          if (y)
            yields.push_back(insertAlong(nested, nestedLoc, output,
                                         args.back(),
                                         {timeAxis, yDirectionAxis},
                                         {t, dIndex}));
          scf::YieldOp::create(nested, nestedLoc, yields);
        });
    finalH.push_back(loop.getResult(0));
    if (info.hasCellState)
      finalC.push_back(loop.getResult(1));
    if (y)
      y = loop.getResults().back();
  }

  auto stackDirections = [&](llvm::ArrayRef<Value> perDirection) {
    Value stacked = buildEmptyTensor(builder, loc, yhType);
    for (auto [d, value] : llvm::enumerate(perDirection))
      stacked = insertAlong(builder, loc, value, stacked, {directionAxis},
                            {builder.getIndexAttr(d)});
    return stacked;
  };
  for (unsigned index = 0; index < numResults; ++index) {
    if (!wanted(index)) {
      results.push_back(Value());
      continue;
    }
    if (index == 0)
      results.push_back(y);
    else if (index == 1)
      results.push_back(stackDirections(finalH));
    else
      results.push_back(stackDirections(finalC));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ai.spnc EGRU
//===----------------------------------------------------------------------===//

static LogicalResult convertEGRU(NodeOp node, OpBuilder &builder,
                                 llvm::SmallVectorImpl<Value> &results) {
  Location loc = node.getLoc();
  FailureOr<RankedTensorType> xType = getStaticInputType(node, kX);
  FailureOr<RankedTensorType> wType = getStaticInputType(node, kW);
  FailureOr<RankedTensorType> rType = getStaticInputType(node, kR);
  FailureOr<RankedTensorType> thetaType =
      getStaticInputType(node, kEGRUThreshold);
  FailureOr<RankedTensorType> bType = getOptionalInputType(node, kB);
  FailureOr<RankedTensorType> initialCType =
      getOptionalInputType(node, kEGRUInitialC);
  FailureOr<RankedTensorType> initialYType =
      getOptionalInputType(node, kEGRUInitialY);
  if (failed(xType) || failed(wType) || failed(rType) || failed(thetaType) ||
      failed(bType) || failed(initialCType) || failed(initialYType))
    return failure();
  Type elementType = xType->getElementType();
  if (!isa<FloatType>(elementType))
    return emitNodeError(node) << "X has element type " << elementType
                               << "; a floating-point type is required";
  if (xType->getRank() != 3)
    return emitNodeError(node) << "X must have rank 3, got "
                               << formatShape(xType->getShape());
  int64_t seqLength = xType->getDimSize(0);
  int64_t batch = xType->getDimSize(1);
  int64_t inputSize = xType->getDimSize(2);
  std::optional<int64_t> hiddenSize = getOptionalIntAttr(node, "hidden_size");
  if (!hiddenSize || *hiddenSize <= 0)
    return emitNodeError(node) << "requires a positive 'hidden_size'";
  int64_t hidden = *hiddenSize;
  auto stateType = RankedTensorType::get({batch, hidden}, elementType);
  if (failed(expectShape(node, "W", *wType, {3 * hidden, inputSize},
                         "[3*hidden_size, input_size]")) ||
      failed(expectShape(node, "R", *rType, {3 * hidden, hidden},
                         "[3*hidden_size, hidden_size]")) ||
      failed(expectShape(node, "threshold", *thetaType, {hidden},
                         "[hidden_size]")) ||
      (*bType && failed(expectShape(node, "B", *bType, {6 * hidden},
                                    "[6*hidden_size]"))) ||
      (*initialCType &&
       failed(expectShape(node, "initial_c", *initialCType, stateType.getShape(),
                          "[batch_size, hidden_size]"))) ||
      (*initialYType &&
       failed(expectShape(node, "initial_y", *initialYType, stateType.getShape(),
                          "[batch_size, hidden_size]"))))
    return failure();

  Value x = node.getInputOrNull(kX);
  Value w = node.getInputOrNull(kW);
  Value r = node.getInputOrNull(kR);
  Value b = node.getInputOrNull(kB);
  Value theta =
      buildClampToUnit(builder, loc, node.getInputOrNull(kEGRUThreshold));
  Value bx, br;
  if (b) {
    bx = extractRange(builder, loc, b, 0, 3 * hidden);
    br = extractRange(builder, loc, b, 3 * hidden, 3 * hidden);
  } else {
    bx = br = buildZeros(
        builder, loc, RankedTensorType::get({3 * hidden}, elementType));
  }
  Value c0 = node.getInputOrNull(kEGRUInitialC);
  Value denseY0 = node.getInputOrNull(kEGRUInitialY);
  if (!c0 || !denseY0) {
    Value zeros = buildZeros(builder, loc, stateType);
    c0 = c0 ? c0 : zeros;
    denseY0 = denseY0 ? denseY0 : zeros;
  }
  auto eventsType = event::EventsType::get(stateType.getShape(), elementType);
  Value y0 = event::FromDenseOp::create(builder, loc, eventsType, denseY0);

  unsigned numResults = node->getNumResults();
  // Outputs that are omitted (NoneType) or unused are not computed.
  auto wanted = [&](unsigned index) {
    return index < numResults &&
           !isa<NoneType>(node->getResult(index).getType()) &&
           !node->getResult(index).use_empty();
  };
  auto yType =
      RankedTensorType::get({seqLength, batch, hidden}, elementType);
  Value y = wanted(0) ? buildEmptyTensor(builder, loc, yType) : Value();

  Value lower = arith::ConstantIndexOp::create(builder, loc, 0);
  Value upper = arith::ConstantIndexOp::create(builder, loc, seqLength);
  Value stepOne = arith::ConstantIndexOp::create(builder, loc, 1);
  llvm::SmallVector<Value> iterArgs{y0, c0};
  if (y)
    iterArgs.push_back(y);
  auto loop = scf::ForOp::create(
      builder, loc, lower, upper, stepOne, iterArgs,
      [&](OpBuilder &nested, Location nestedLoc, Value t, ValueRange args) {
        Value xT = extractAlong(nested, nestedLoc, x, 0, t);
        auto step = event::EGRUStepOp::create(nested, nestedLoc, xT, args[0],
                                              args[1], w, r, bx, br, theta);
        llvm::SmallVector<Value> yields{step.getY(), step.getC()};
        if (y) {
          Value dense =
              event::ToDenseOp::create(nested, nestedLoc, step.getY());
          yields.push_back(insertAlong(nested, nestedLoc, dense, args[2], {0},
                                       {t}));
        }
        scf::YieldOp::create(nested, nestedLoc, yields);
      });

  for (unsigned index = 0; index < numResults; ++index) {
    if (!wanted(index))
      results.push_back(Value());
    else if (index == 0)
      results.push_back(loop.getResult(2));
    else if (index == 1)
      results.push_back(loop.getResult(1));
    else
      results.push_back(
          event::ToDenseOp::create(builder, loc, loop.getResult(0)));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Registration
//===----------------------------------------------------------------------===//

void populateONNXRecurrentConverters(ONNXConverterRegistry &registry) {
  auto add = [&](llvm::StringRef opType, CellKind kind) {
    // Opsets 7-13 have no `layout`; 14 added it (batch-major X and Y).
    registry.add(opType, 7, 13,
                 [kind](NodeOp node, OpBuilder &builder,
                        llvm::SmallVectorImpl<Value> &results) {
                   return convertRecurrent(node, builder, results, kind,
                                           /*hasLayout=*/false);
                 });
    registry.add(opType, 14, kMaxSupportedOpset,
                 [kind](NodeOp node, OpBuilder &builder,
                        llvm::SmallVectorImpl<Value> &results) {
                   return convertRecurrent(node, builder, results, kind,
                                           /*hasLayout=*/true);
                 });
  };
  add("RNN", CellKind::RNN);
  add("GRU", CellKind::GRU);
  add("LSTM", CellKind::LSTM);
  registry.add("ai.spnc", "EGRU", 1, 1, convertEGRU);
}

} // namespace spnc
