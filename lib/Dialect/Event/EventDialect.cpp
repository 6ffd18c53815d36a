//===- EventDialect.cpp - Event-based recurrent computation ---------------===//
#include "spnc/Dialect/Event/EventDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace spnc::event;

#include "spnc/Dialect/Event/EventOpsDialect.cpp.inc"
#include "spnc/Dialect/Event/EventOpsEnums.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "spnc/Dialect/Event/EventOpsTypes.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "spnc/Dialect/Event/EventOpsAttrs.cpp.inc"

void EventDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "spnc/Dialect/Event/EventOpsTypes.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "spnc/Dialect/Event/EventOpsAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "spnc/Dialect/Event/EventOps.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static std::string shapeString(ArrayRef<int64_t> shape) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(shape, os);
  os << "]";
  return text;
}

static ArrayRef<int64_t> shapeOf(Value value) {
  return cast<ShapedType>(value.getType()).getShape();
}

static Type elementTypeOf(Value value) {
  return cast<ShapedType>(value.getType()).getElementType();
}

/// Checks that every operand has the element type of the first one.
static LogicalResult
verifySameElementTypes(Operation *op,
                       ArrayRef<std::pair<StringRef, Value>> operands) {
  auto [firstName, first] = operands.front();
  Type expected = elementTypeOf(first);
  for (auto [name, value] : operands.drop_front()) {
    if (!value)
      continue;
    Type actual = elementTypeOf(value);
    if (actual != expected)
      return op->emitOpError()
             << "operand '" << name << "' has element type " << actual
             << " but '" << firstName << "' has " << expected;
  }
  return success();
}

/// Checks that `value` has shape `expected`; `pattern` spells the shape in
/// terms of the op's dimensions, e.g. "[3*H, I]".
static LogicalResult verifyShape(Operation *op, StringRef name, Value value,
                                 ArrayRef<int64_t> expected,
                                 StringRef pattern) {
  ArrayRef<int64_t> actual = shapeOf(value);
  if (actual == expected)
    return success();
  return op->emitOpError() << "operand '" << name << "' must have shape "
                           << pattern << " = " << shapeString(expected)
                           << ", got " << shapeString(actual);
}

/// Shape relations shared by the cell steps: per-batch operands are
/// [B, N] or [N] like `x`, weights are [gates*H, I] and [gates*H, H], biases
/// [gates*H]. The first state operand defines H.
class CellChecker {
public:
  CellChecker(Operation *op, Value x, int64_t gates)
      : op(op), gates(gates), batched(shapeOf(x).size() == 2),
        batch(batched ? shapeOf(x)[0] : 0), input(shapeOf(x).back()) {}

  /// The first state: same rank and batch as x; defines H.
  LogicalResult hiddenState(StringRef name, Value state) {
    ArrayRef<int64_t> shape = shapeOf(state);
    if (shape.size() != (batched ? 2u : 1u))
      return op->emitOpError()
             << "operand '" << name << "' must have rank "
             << (batched ? "2 ([B, H]) like 'x'" : "1 ([H]) like 'x'")
             << ", got rank " << shape.size();
    if (batched && shape[0] != batch)
      return op->emitOpError()
             << "operand '" << name << "' must have batch size " << batch
             << " like 'x', got " << shape[0];
    hidden = shape.back();
    return success();
  }

  /// Another state with the shape of the first one.
  LogicalResult state(StringRef name, Value state) {
    return verifyShape(op, name, state, stateShape(),
                       batched ? "[B, H]" : "[H]");
  }

  LogicalResult inputWeights(StringRef name, Value value) {
    return verifyShape(op, name, value, {gates * hidden, input},
                       gatePattern() + ", I]");
  }

  LogicalResult recurrentWeights(StringRef name, Value value) {
    return verifyShape(op, name, value, {gates * hidden, hidden},
                       gatePattern() + ", H]");
  }

  /// A vector of `count` gate blocks of H.
  LogicalResult vector(StringRef name, Value value, int64_t count) {
    std::string pattern = count == 1 ? "[H]" : "[" + std::to_string(count) +
                                                   "*H]";
    return verifyShape(op, name, value, {count * hidden}, pattern);
  }

  LogicalResult bias(StringRef name, Value value) {
    return vector(name, value, gates);
  }

private:
  llvm::SmallVector<int64_t, 2> stateShape() const {
    if (batched)
      return {batch, hidden};
    return {hidden};
  }
  std::string gatePattern() const {
    return gates == 1 ? "[H" : "[" + std::to_string(gates) + "*H";
  }

  Operation *op;
  int64_t gates;
  bool batched;
  int64_t batch;
  int64_t input;
  int64_t hidden = 0;
};

static LogicalResult verifyClip(Operation *op, std::optional<APFloat> clip) {
  if (clip && !(clip->convertToDouble() > 0.0))
    return op->emitOpError() << "'clip' must be positive, got "
                             << clip->convertToDouble();
  return success();
}

static LogicalResult verifyActivationCount(Operation *op, ArrayAttr list,
                                           size_t expected,
                                           StringRef names) {
  if (list.size() != expected)
    return op->emitOpError() << "requires " << expected << " activations ("
                             << names << "), got " << list.size();
  return success();
}

/// The events type with the shape and element type of `value`, for result
/// type inference. Operand types are not verified yet when a parser infers
/// result types, so this checks what EventsType requires.
static FailureOr<EventsType> inferEventsType(std::optional<Location> loc,
                                             Value value, StringRef name,
                                             bool binary) {
  auto shaped = dyn_cast<ShapedType>(value.getType());
  if (!shaped || !shaped.hasStaticShape() || shaped.getRank() == 0 ||
      !isa<FloatType>(shaped.getElementType()))
    return emitOptionalError(loc, "operand '", name,
                             "' must be a statically shaped float tensor of "
                             "rank >= 1 to produce events, got ",
                             value.getType());
  return EventsType::get(shaped.getShape(), shaped.getElementType(), binary);
}

//===----------------------------------------------------------------------===//
// EventsType
//===----------------------------------------------------------------------===//

Type EventsType::parse(AsmParser &parser) {
  SMLoc loc = parser.getCurrentLocation();
  llvm::SmallVector<int64_t> shape;
  Type elementType;
  if (parser.parseLess() ||
      parser.parseDimensionList(shape, /*allowDynamic=*/false,
                                /*withTrailingX=*/true) ||
      parser.parseType(elementType))
    return {};
  bool binary = false;
  if (succeeded(parser.parseOptionalComma())) {
    if (parser.parseKeyword("binary"))
      return {};
    binary = true;
  }
  if (parser.parseGreater())
    return {};
  return parser.getChecked<EventsType>(loc, parser.getContext(), shape,
                                       elementType, binary);
}

void EventsType::print(AsmPrinter &printer) const {
  printer << "<";
  for (int64_t dim : getShape())
    printer << dim << "x";
  printer << getElementType();
  if (getBinary())
    printer << ", binary";
  printer << ">";
}

LogicalResult
EventsType::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                   ArrayRef<int64_t> shape, Type elementType, bool binary) {
  if (shape.empty())
    return emitError() << "events must have rank >= 1";
  for (int64_t dim : shape)
    if (dim < 0)
      return emitError() << "events must have a static, non-negative shape";
  if (!isa<FloatType>(elementType))
    return emitError() << "events must have a floating-point element type, "
                          "got "
                       << elementType;
  return success();
}

ShapedType EventsType::cloneWith(std::optional<ArrayRef<int64_t>> shape,
                                 Type elementType) const {
  return EventsType::get(getContext(), shape.value_or(getShape()),
                         elementType, getBinary());
}

RankedTensorType EventsType::getDenseType() const {
  return RankedTensorType::get(getShape(), getElementType());
}

EventsType EventsType::withBinary(bool binary) const {
  return EventsType::get(getContext(), getShape(), getElementType(), binary);
}

//===----------------------------------------------------------------------===//
// ActivationAttr
//===----------------------------------------------------------------------===//

/// ONNX's defaults for the parameters of each activation (the defaults of
/// the ONNX operators of the same name).
static std::pair<float, float> getDefaultParameters(ActivationKind kind) {
  switch (kind) {
  case ActivationKind::affine:
    return {1.0f, 0.0f};
  case ActivationKind::leaky_relu:
    return {0.01f, 0.0f};
  case ActivationKind::thresholded_relu:
    return {1.0f, 0.0f};
  case ActivationKind::scaled_tanh:
    return {1.0f, 1.0f};
  case ActivationKind::hard_sigmoid:
    return {0.2f, 0.5f};
  case ActivationKind::elu:
    return {1.0f, 0.0f};
  case ActivationKind::relu:
  case ActivationKind::tanh:
  case ActivationKind::sigmoid:
  case ActivationKind::softsign:
  case ActivationKind::softplus:
    return {0.0f, 0.0f};
  }
  llvm_unreachable("unknown activation kind");
}

unsigned spnc::event::getNumActivationParameters(ActivationKind kind) {
  switch (kind) {
  case ActivationKind::affine:
  case ActivationKind::scaled_tanh:
  case ActivationKind::hard_sigmoid:
    return 2;
  case ActivationKind::leaky_relu:
  case ActivationKind::thresholded_relu:
  case ActivationKind::elu:
    return 1;
  case ActivationKind::relu:
  case ActivationKind::tanh:
  case ActivationKind::sigmoid:
  case ActivationKind::softsign:
  case ActivationKind::softplus:
    return 0;
  }
  llvm_unreachable("unknown activation kind");
}

ActivationAttr ActivationAttr::get(MLIRContext *context, ActivationKind kind) {
  auto [alpha, beta] = getDefaultParameters(kind);
  return get(context, kind, alpha, beta);
}

ActivationAttr ActivationAttr::get(MLIRContext *context, ActivationKind kind,
                                   float alpha, float beta) {
  // Unused parameters are stored as zero so that equal functions are equal
  // attributes.
  unsigned numParameters = getNumActivationParameters(kind);
  if (numParameters < 1)
    alpha = 0.0f;
  if (numParameters < 2)
    beta = 0.0f;
  return Base::get(context, kind, APFloat(alpha), APFloat(beta));
}

Attribute ActivationAttr::parse(AsmParser &parser, Type) {
  if (parser.parseLess())
    return {};
  SMLoc kindLoc = parser.getCurrentLocation();
  std::string name;
  if (parser.parseKeywordOrString(&name))
    return {};
  std::optional<ActivationKind> kind = symbolizeActivationKind(name);
  if (!kind) {
    parser.emitError(kindLoc) << "unknown activation '" << name << "'";
    return {};
  }
  auto [alpha, beta] = getDefaultParameters(*kind);
  unsigned numParameters = getNumActivationParameters(*kind);
  bool seen[2] = {false, false};
  while (succeeded(parser.parseOptionalComma())) {
    SMLoc loc = parser.getCurrentLocation();
    StringRef keyword;
    if (parser.parseKeyword(&keyword))
      return {};
    if (keyword != "alpha" && keyword != "beta") {
      parser.emitError(loc) << "expected 'alpha' or 'beta', got '" << keyword
                            << "'";
      return {};
    }
    unsigned index = keyword == "alpha" ? 0 : 1;
    if (numParameters <= index) {
      parser.emitError(loc) << "activation '" << name << "' takes no '"
                            << keyword << "'";
      return {};
    }
    if (seen[index]) {
      parser.emitError(loc) << "'" << keyword << "' is given twice";
      return {};
    }
    seen[index] = true;
    double value;
    if (parser.parseEqual() || parser.parseFloat(value))
      return {};
    (index == 0 ? alpha : beta) = static_cast<float>(value);
  }
  if (parser.parseGreater())
    return {};
  return ActivationAttr::get(parser.getContext(), *kind, alpha, beta);
}

void ActivationAttr::print(AsmPrinter &printer) const {
  printer << "<" << stringifyActivationKind(getKind());
  unsigned numParameters = getNumActivationParameters(getKind());
  if (numParameters >= 1) {
    printer << ", alpha = ";
    printer.printFloat(getAlpha());
  }
  if (numParameters >= 2) {
    printer << ", beta = ";
    printer.printFloat(getBeta());
  }
  printer << ">";
}

ArrayAttr spnc::event::getActivationArray(MLIRContext *context,
                                          ArrayRef<ActivationKind> kinds) {
  llvm::SmallVector<Attribute> attrs;
  for (ActivationKind kind : kinds)
    attrs.push_back(ActivationAttr::get(context, kind));
  return ArrayAttr::get(context, attrs);
}

std::optional<ActivationKind>
spnc::event::symbolizeONNXActivation(StringRef name) {
  std::string lower = name.lower();
  return llvm::StringSwitch<std::optional<ActivationKind>>(lower)
      .Case("relu", ActivationKind::relu)
      .Case("tanh", ActivationKind::tanh)
      .Case("sigmoid", ActivationKind::sigmoid)
      .Case("affine", ActivationKind::affine)
      .Case("leakyrelu", ActivationKind::leaky_relu)
      .Case("thresholdedrelu", ActivationKind::thresholded_relu)
      .Case("scaledtanh", ActivationKind::scaled_tanh)
      .Case("hardsigmoid", ActivationKind::hard_sigmoid)
      .Case("elu", ActivationKind::elu)
      .Case("softsign", ActivationKind::softsign)
      .Case("softplus", ActivationKind::softplus)
      .Default(std::nullopt);
}

ActivationAttr spnc::event::getONNXActivation(MLIRContext *context,
                                              StringRef name,
                                              std::optional<float> alpha,
                                              std::optional<float> beta) {
  std::optional<ActivationKind> kind = symbolizeONNXActivation(name);
  if (!kind)
    return {};
  auto [defaultAlpha, defaultBeta] = getDefaultParameters(*kind);
  return ActivationAttr::get(context, *kind, alpha.value_or(defaultAlpha),
                             beta.value_or(defaultBeta));
}

//===----------------------------------------------------------------------===//
// Cell steps
//===----------------------------------------------------------------------===//

LogicalResult EGRUStepOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  FailureOr<EventsType> y =
      inferEventsType(loc, adaptor.getCPrev(), "c_prev", /*binary=*/false);
  if (failed(y))
    return failure();
  inferred.push_back(*y);
  inferred.push_back(adaptor.getCPrev().getType());
  return success();
}

LogicalResult EGRUStepOp::verify() {
  if (failed(verifySameElementTypes(
          *this, {{"x", getX()}, {"y_prev", getYPrev()}, {"c_prev", getCPrev()},
                  {"W", getW()}, {"R", getR()}, {"bx", getBx()},
                  {"br", getBr()}, {"theta", getTheta()}})))
    return failure();
  CellChecker check(*this, getX(), 3);
  if (failed(check.hiddenState("c_prev", getCPrev())) ||
      failed(check.state("y_prev", getYPrev())) ||
      failed(check.inputWeights("W", getW())) ||
      failed(check.recurrentWeights("R", getR())) ||
      failed(check.bias("bx", getBx())) || failed(check.bias("br", getBr())) ||
      failed(check.vector("theta", getTheta(), 1)))
    return failure();
  return success();
}

LogicalResult GRUStepOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location>,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  inferred.push_back(adaptor.getH().getType());
  return success();
}

LogicalResult GRUStepOp::verify() {
  if (failed(verifySameElementTypes(
          *this, {{"x", getX()}, {"h", getH()}, {"W", getW()}, {"R", getR()},
                  {"bx", getBx()}, {"br", getBr()}})))
    return failure();
  CellChecker check(*this, getX(), 3);
  if (failed(check.hiddenState("h", getH())) ||
      failed(check.inputWeights("W", getW())) ||
      failed(check.recurrentWeights("R", getR())) ||
      failed(check.bias("bx", getBx())) || failed(check.bias("br", getBr())))
    return failure();
  if (failed(verifyClip(*this, getClip())))
    return failure();
  return verifyActivationCount(*this, getActivations(), 2, "f, g");
}

LogicalResult LSTMStepOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location>,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  inferred.push_back(adaptor.getH().getType());
  inferred.push_back(adaptor.getC().getType());
  return success();
}

LogicalResult LSTMStepOp::verify() {
  if (failed(verifySameElementTypes(
          *this, {{"x", getX()}, {"h", getH()}, {"c", getC()}, {"W", getW()},
                  {"R", getR()}, {"bx", getBx()}, {"br", getBr()},
                  {"P", getP()}})))
    return failure();
  CellChecker check(*this, getX(), 4);
  if (failed(check.hiddenState("h", getH())) ||
      failed(check.state("c", getC())) ||
      failed(check.inputWeights("W", getW())) ||
      failed(check.recurrentWeights("R", getR())) ||
      failed(check.bias("bx", getBx())) || failed(check.bias("br", getBr())))
    return failure();
  if (getP() && failed(check.vector("P", getP(), 3)))
    return failure();
  if (failed(verifyClip(*this, getClip())))
    return failure();
  return verifyActivationCount(*this, getActivations(), 3, "f, g, h");
}

LogicalResult RNNStepOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location>,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  inferred.push_back(adaptor.getH().getType());
  return success();
}

LogicalResult RNNStepOp::verify() {
  if (failed(verifySameElementTypes(
          *this, {{"x", getX()}, {"h", getH()}, {"W", getW()}, {"R", getR()},
                  {"bx", getBx()}, {"br", getBr()}})))
    return failure();
  CellChecker check(*this, getX(), 1);
  if (failed(check.hiddenState("h", getH())) ||
      failed(check.inputWeights("W", getW())) ||
      failed(check.recurrentWeights("R", getR())) ||
      failed(check.bias("bx", getBx())) || failed(check.bias("br", getBr())))
    return failure();
  return verifyClip(*this, getClip());
}

LogicalResult WKVStepOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location>,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  inferred.push_back(adaptor.getK().getType());
  inferred.push_back(adaptor.getAa().getType());
  inferred.push_back(adaptor.getBb().getType());
  inferred.push_back(adaptor.getPp().getType());
  return success();
}

/// `perUnit` has the shape of `full` or is [C] for `full` of shape [..., C].
static LogicalResult verifyPerUnit(Operation *op, StringRef name,
                                   Value perUnit, StringRef fullName,
                                   Value full) {
  ArrayRef<int64_t> shape = shapeOf(perUnit);
  ArrayRef<int64_t> fullShape = shapeOf(full);
  if (shape == fullShape ||
      (!fullShape.empty() && shape == fullShape.take_back()))
    return success();
  InFlightDiagnostic diag = op->emitOpError();
  diag << "operand '" << name << "' must have shape ";
  if (!fullShape.empty())
    diag << shapeString(fullShape.take_back()) << " or ";
  diag << "the shape of '" << fullName << "' " << shapeString(fullShape)
       << ", got " << shapeString(shape);
  return diag;
}

LogicalResult WKVStepOp::verify() {
  if (failed(verifySameElementTypes(*this, {{"k", getK()}, {"w", getW()}})))
    return failure();
  return verifyPerUnit(*this, "w", getW(), "k", getK());
}

//===----------------------------------------------------------------------===//
// Event generation and consumption
//===----------------------------------------------------------------------===//

LogicalResult ThresholdOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  FailureOr<EventsType> y =
      inferEventsType(loc, adaptor.getV(), "v", /*binary=*/false);
  if (failed(y))
    return failure();
  inferred.push_back(*y);
  inferred.push_back(adaptor.getV().getType());
  return success();
}

LogicalResult ThresholdOp::verify() {
  if (failed(verifySameElementTypes(*this,
                                    {{"v", getV()}, {"theta", getTheta()}})))
    return failure();
  return verifyPerUnit(*this, "theta", getTheta(), "v", getV());
}

LogicalResult LIFOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  FailureOr<EventsType> spikes =
      inferEventsType(loc, adaptor.getV(), "v", /*binary=*/true);
  if (failed(spikes))
    return failure();
  inferred.push_back(*spikes);
  inferred.push_back(adaptor.getV().getType());
  return success();
}

LogicalResult LIFOp::verify() {
  float tau = getTau().convertToFloat();
  if (!(tau > 0.0f))
    return emitOpError() << "'tau' must be positive, got " << tau;
  return success();
}

LogicalResult HeavisideOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  FailureOr<EventsType> spikes =
      inferEventsType(loc, adaptor.getX(), "x", /*binary=*/true);
  if (failed(spikes))
    return failure();
  inferred.push_back(*spikes);
  return success();
}

LogicalResult AccumulateOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  auto weights = dyn_cast<RankedTensorType>(adaptor.getWeights().getType());
  if (!weights || weights.getRank() != 2)
    return emitOptionalError(loc, "operand 'weights' must be a 2D tensor, got ",
                             adaptor.getWeights().getType());
  auto input = dyn_cast<EventsType>(adaptor.getInput().getType());
  if (!input || input.getRank() > 2)
    return emitOptionalError(loc, "operand 'input' must be 1D/2D events, got ",
                             adaptor.getInput().getType());
  llvm::SmallVector<int64_t, 2> shape;
  if (input.getRank() == 2)
    shape.push_back(input.getDimSize(0));
  shape.push_back(weights.getDimSize(0));
  inferred.push_back(RankedTensorType::get(shape, weights.getElementType()));
  return success();
}

LogicalResult AccumulateOp::verify() {
  if (failed(verifySameElementTypes(
          *this, {{"weights", getWeights()}, {"input", getInput()}})))
    return failure();
  int64_t columns = shapeOf(getWeights())[1];
  int64_t entries = shapeOf(getInput()).back();
  if (columns != entries)
    return emitOpError() << "operand 'input' has " << entries
                         << " entries per vector but 'weights' has "
                         << columns << " columns";
  return success();
}

LogicalResult DequantizeOp::verify() {
  ArrayRef<int64_t> shape = shapeOf(getQuantized());
  if (shapeOf(getResult()) != shape)
    return emitOpError() << "result shape " << shapeString(shapeOf(getResult()))
                         << " must be the shape of 'quantized' "
                         << shapeString(shape);
  if (shapeOf(getScales()) != shape.take_front())
    return emitOpError() << "operand 'scales' must have one entry per row: "
                            "shape "
                         << shapeString(shape.take_front()) << ", got "
                         << shapeString(shapeOf(getScales()));
  if (elementTypeOf(getResult()) != elementTypeOf(getScales()))
    return emitOpError() << "result element type " << elementTypeOf(getResult())
                         << " must be the element type of 'scales' "
                         << elementTypeOf(getScales());
  return success();
}

LogicalResult ToDenseOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  auto events = dyn_cast<EventsType>(adaptor.getInput().getType());
  if (!events)
    return emitOptionalError(loc, "operand 'input' must be events, got ",
                             adaptor.getInput().getType());
  inferred.push_back(events.getDenseType());
  return success();
}

OpFoldResult ToDenseOp::fold(FoldAdaptor) {
  // to_dense(from_dense(t)) == t.
  if (auto fromDense = getInput().getDefiningOp<FromDenseOp>())
    return fromDense.getInput();
  return {};
}

LogicalResult FromDenseOp::verify() {
  auto events = cast<EventsType>(getType());
  if (events.getDenseType() != getInput().getType())
    return emitOpError() << "result " << getType()
                         << " must have the shape and element type of the "
                            "input "
                         << getInput().getType();
  return success();
}

OpFoldResult FromDenseOp::fold(FoldAdaptor) {
  // from_dense(to_dense(e)) == e when the marker is the same.
  if (auto toDense = getInput().getDefiningOp<ToDenseOp>())
    if (toDense.getInput().getType() == getType())
      return toDense.getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// Recurrent state
//===----------------------------------------------------------------------===//

static ParseResult parseStateTypeAndInitialValue(OpAsmParser &parser,
                                                 TypeAttr &typeAttr,
                                                 ElementsAttr &initialValue) {
  Type type;
  if (parser.parseType(type))
    return failure();
  typeAttr = TypeAttr::get(type);
  if (failed(parser.parseOptionalEqual()))
    return success();
  Type denseType = type;
  if (auto events = dyn_cast<EventsType>(type))
    denseType = events.getDenseType();
  SMLoc loc = parser.getCurrentLocation();
  Attribute attr;
  if (parser.parseAttribute(attr, denseType))
    return failure();
  initialValue = dyn_cast<ElementsAttr>(attr);
  if (!initialValue)
    return parser.emitError(loc, "expected an elements attribute as the "
                                 "initial value");
  return success();
}

static void printStateTypeAndInitialValue(OpAsmPrinter &printer, StateOp,
                                          TypeAttr type,
                                          ElementsAttr initialValue) {
  printer << type.getValue();
  if (initialValue) {
    printer << " = ";
    printer.printAttributeWithoutType(initialValue);
  }
}

RankedTensorType StateOp::getDenseType() {
  Type type = getType();
  if (auto events = dyn_cast<EventsType>(type))
    return events.getDenseType();
  return dyn_cast<RankedTensorType>(type);
}

LogicalResult StateOp::verify() {
  Type type = getType();
  auto tensor = dyn_cast<RankedTensorType>(type);
  bool validTensor = tensor && tensor.hasStaticShape() &&
                     isa<FloatType>(tensor.getElementType());
  if (!validTensor && !isa<EventsType>(type))
    return emitOpError() << "type must be a statically shaped float tensor "
                            "or events, got "
                         << type;
  ElementsAttr initial = getInitialValueAttr();
  if (!initial)
    return success();
  if (initial.getShapedType() != getDenseType())
    return emitOpError() << "initial value of type " << initial.getShapedType()
                         << " does not match " << getDenseType();
  auto events = dyn_cast<EventsType>(type);
  if (events && events.getBinary())
    if (auto dense = dyn_cast<DenseFPElementsAttr>(initial))
      for (const APFloat &value : dense.getValues<APFloat>())
        if (!value.isZero() && !value.isExactlyValue(1.0))
          return emitOpError()
                 << "initial value of a binary events state must hold only "
                    "0 and 1";
  return success();
}

static LogicalResult verifyStateUse(Operation *op, FlatSymbolRefAttr name,
                                    Type type,
                                    SymbolTableCollection &symbolTable) {
  auto state = symbolTable.lookupNearestSymbolFrom<StateOp>(op, name.getAttr());
  if (!state)
    return op->emitOpError() << name << " does not name an 'event.state'";
  if (state.getType() != type)
    return op->emitOpError() << "type " << type << " does not match the type "
                             << state.getType() << " of state " << name;
  return success();
}

LogicalResult
StateReadOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyStateUse(*this, getStateAttr(), getType(), symbolTable);
}

void StateReadOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  effects.emplace_back(MemoryEffects::Read::get(), getStateAttr(),
                       StateResource::get());
}

LogicalResult
StateWriteOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyStateUse(*this, getStateAttr(), getValue().getType(),
                        symbolTable);
}

void StateWriteOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  effects.emplace_back(MemoryEffects::Write::get(), getStateAttr(),
                       StateResource::get());
}

#define GET_OP_CLASSES
#include "spnc/Dialect/Event/EventOps.cpp.inc"
