//===- SequenceToStep.cpp - A loop over time as a one-step function -------===//
//
// ONNX's recurrent operators legalize to one scf.for over time that slices
// x_t out of a sequence input, runs a cell step and inserts y_t into a
// sequence output, carrying the state. SpiNNaker 2 runs one step per
// invocation with the state as paired inputs and outputs
// (docs/StateConvention.md), so this pass replaces the loop by its body:
// x_t becomes the input, y_t the output, and the state a `<name>_prev`
// input paired with the output that returns the final state. The host
// recovers the sequence outputs by stacking the steps (which the runners do)
// and the final state as the last step's state output.
//
//===----------------------------------------------------------------------===//
#include "EntryFunction.h"
#include "spnc/Transforms/Passes.h"

#include "spnc/Dialect/Event/EventDialect.h"
#include "spnc/Support/StateConvention.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/StringSet.h"

namespace spnc {
#define GEN_PASS_DEF_SEQUENCETOSTEP
#include "spnc/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;

namespace spnc {
namespace {

constexpr llvm::StringLiteral kTimeAxisAttr = "spnc.time_axis";

/// The position of `value` among `offsets`, if it occurs exactly once and
/// every other offset is a constant.
std::optional<unsigned> timeAxisOf(llvm::ArrayRef<OpFoldResult> offsets,
                                   Value value) {
  std::optional<unsigned> axis;
  for (auto [i, offset] : llvm::enumerate(offsets)) {
    if (auto dynamic = llvm::dyn_cast_if_present<Value>(offset)) {
      if (dynamic != value || axis)
        return std::nullopt;
      axis = i;
    }
  }
  return axis;
}

llvm::SmallVector<int64_t> dropAxis(llvm::ArrayRef<int64_t> shape,
                                    unsigned axis) {
  llvm::SmallVector<int64_t> result(shape);
  result.erase(result.begin() + axis);
  return result;
}

bool allOnes(llvm::ArrayRef<OpFoldResult> values) {
  return llvm::all_of(values, [](OpFoldResult value) {
    return isConstantIntValue(value, 1);
  });
}

/// `source` with the unit dimensions of `type` that it lacks (or `source`
/// itself when it already has `type`'s shape); null if the two differ in
/// more than unit dimensions.
Value expandUnitDims(OpBuilder &builder, Location loc, Value source,
                     RankedTensorType type) {
  auto sourceType = cast<RankedTensorType>(source.getType());
  if (sourceType.getShape() == type.getShape())
    return source;
  if (sourceType.getNumElements() != type.getNumElements() ||
      sourceType.getRank() >= type.getRank())
    return {};
  std::optional<llvm::SmallVector<ReassociationIndices>> reassociation =
      getReassociationIndicesForReshape(sourceType, type);
  if (!reassociation)
    return {};
  return tensor::ExpandShapeOp::create(builder, loc, type, source,
                                       *reassociation);
}

/// True if an insert_slice writes the whole of its destination (with unit
/// strides): its slice sizes multiply to the destination's elements.
bool coversDestination(tensor::InsertSliceOp insert) {
  RankedTensorType destType = insert.getDestType();
  if (!destType.hasStaticShape() || !allOnes(insert.getMixedStrides()))
    return false;
  int64_t elements = 1;
  for (OpFoldResult size : insert.getMixedSizes()) {
    std::optional<int64_t> value = getConstantIntValue(size);
    if (!value)
      return false;
    elements *= *value;
  }
  return elements == destType.getNumElements();
}

/// An op between a loop's final state and a function result that can be
/// undone, so that a state input of the result's type can be turned back
/// into the state.
bool isInvertible(Operation *op, Value operand) {
  if (auto insert = dyn_cast<tensor::InsertSliceOp>(op))
    return insert.getSource() == operand &&
           insert.getDest().getDefiningOp<tensor::EmptyOp>() &&
           coversDestination(insert);
  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(op))
    return expand.getResultType().hasStaticShape();
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(op))
    return collapse.getSrcType().hasStaticShape();
  return isa<event::ToDenseOp>(op);
}

Value buildInverse(OpBuilder &builder, Operation *op, Value value) {
  Location loc = op->getLoc();
  if (auto insert = dyn_cast<tensor::InsertSliceOp>(op))
    return tensor::ExtractSliceOp::create(
        builder, loc, insert.getSourceType(), value, insert.getMixedOffsets(),
        insert.getMixedSizes(), insert.getMixedStrides());
  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(op))
    return tensor::CollapseShapeOp::create(builder, loc, expand.getSrcType(),
                                           value,
                                           expand.getReassociationIndices());
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(op))
    return tensor::ExpandShapeOp::create(builder, loc, collapse.getSrcType(),
                                         value,
                                         collapse.getReassociationIndices());
  auto toDense = cast<event::ToDenseOp>(op);
  return event::FromDenseOp::create(builder, loc,
                                    toDense.getInput().getType(), value);
}

/// The first function result (in result order) that returns `value` through
/// invertible ops only, and those ops from `value` on.
std::optional<std::pair<unsigned, llvm::SmallVector<Operation *>>>
findReturnedThrough(Value value, func::ReturnOp ret) {
  std::optional<std::pair<unsigned, llvm::SmallVector<Operation *>>> best;
  llvm::SmallVector<Operation *> chain;
  std::function<void(Value)> visit = [&](Value current) {
    for (OpOperand &use : current.getUses()) {
      Operation *user = use.getOwner();
      if (user == ret.getOperation()) {
        if (!best || use.getOperandNumber() < best->first)
          best = {use.getOperandNumber(), chain};
      } else if (user->getNumResults() == 1 && isInvertible(user, current)) {
        chain.push_back(user);
        visit(user->getResult(0));
        chain.pop_back();
      }
    }
  };
  visit(value);
  return best;
}

/// A graph input the loop reads as step t.
struct SequenceInput {
  BlockArgument argument;
  unsigned axis;
  llvm::SmallVector<tensor::ExtractSliceOp> reads;
};

/// A loop-carried value the loop writes at step t and the function returns.
struct SequenceOutput {
  tensor::InsertSliceOp write;
  unsigned axis;
};

/// Inserts into tensor.empty that only add unit dimensions and extracts that
/// only drop them are reshapes: the mapping passes see through reshapes.
struct InsertIntoEmptyAsExpand : OpRewritePattern<tensor::InsertSliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::InsertSliceOp insert,
                                PatternRewriter &rewriter) const override {
    if (!insert.getDest().getDefiningOp<tensor::EmptyOp>() ||
        !coversDestination(insert))
      return failure();
    Value expanded = expandUnitDims(rewriter, insert.getLoc(),
                                    insert.getSource(), insert.getDestType());
    if (!expanded)
      return failure();
    rewriter.replaceOp(insert, expanded);
    return success();
  }
};

struct UnitExtractAsCollapse : OpRewritePattern<tensor::ExtractSliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::ExtractSliceOp extract,
                                PatternRewriter &rewriter) const override {
    RankedTensorType sourceType = extract.getSourceType();
    RankedTensorType resultType = extract.getResultType();
    if (!sourceType.hasStaticShape() || !resultType.hasStaticShape() ||
        sourceType.getNumElements() != resultType.getNumElements() ||
        resultType.getRank() >= sourceType.getRank() ||
        !allOnes(extract.getMixedStrides()) ||
        !llvm::all_of(extract.getMixedOffsets(), [](OpFoldResult offset) {
          return isConstantIntValue(offset, 0);
        }))
      return failure();
    std::optional<llvm::SmallVector<ReassociationIndices>> reassociation =
        getReassociationIndicesForReshape(sourceType, resultType);
    if (!reassociation)
      return failure();
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        extract, resultType, extract.getSource(), *reassociation);
    return success();
  }
};

struct SequenceToStepPass
    : public impl::SequenceToStepBase<SequenceToStepPass> {
  using Base::Base;
  void runOnOperation() override;

private:
  LogicalResult convert(func::FuncOp func);
};

InFlightDiagnostic refuse(Operation *op) {
  return op->emitError() << "--sequence-to-step: ";
}

LogicalResult SequenceToStepPass::convert(func::FuncOp func) {
  Block &body = func.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  llvm::SmallVector<scf::ForOp> loops(body.getOps<scf::ForOp>());
  if (loops.empty())
    return refuse(func) << "@" << func.getSymName()
                        << " has no loop over time (scf.for) to turn into a "
                           "step; it may be a one-step function already";
  if (loops.size() > 1)
    return refuse(loops[1])
           << "@" << func.getSymName() << " has " << loops.size()
           << " loops over time (a bidirectional or stacked recurrent layer, "
              "or several recurrent nodes); one is supported";
  scf::ForOp loop = loops.front();
  std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound());
  std::optional<int64_t> upper = getConstantIntValue(loop.getUpperBound());
  std::optional<int64_t> stride = getConstantIntValue(loop.getStep());
  if (!lower || !upper || !stride || *lower != 0 || *stride != 1 ||
      *upper < 1)
    return refuse(loop) << "the loop must run from 0 in steps of 1 a constant "
                           "number of times";
  int64_t steps = *upper;
  Value time = loop.getInductionVar();
  Block *loopBody = loop.getBody();
  unsigned numCarried = loop.getNumRegionIterArgs();

  // 1. Every use of the time index reads step t of an input or writes step
  // t of an output.
  llvm::MapVector<BlockArgument, SequenceInput> inputs;
  llvm::DenseMap<unsigned, SequenceOutput> outputs; // by carried index
  for (OpOperand &use : time.getUses()) {
    Operation *user = use.getOwner();
    if (auto read = dyn_cast<tensor::ExtractSliceOp>(user)) {
      auto source = dyn_cast<BlockArgument>(read.getSource());
      if (!source || source.getOwner() != &body)
        return refuse(read) << "the loop reads step t of a value the "
                               "function computes; only graph inputs can "
                               "be fed one step at a time";
      std::optional<unsigned> axis =
          timeAxisOf(read.getMixedOffsets(), time);
      RankedTensorType sourceType = read.getSourceType();
      bool wholeRest =
          axis && sourceType.hasStaticShape() &&
          allOnes(read.getMixedStrides()) &&
          llvm::all_of(llvm::enumerate(read.getMixedOffsets()),
                       [&](auto offset) {
                         return offset.index() == *axis ||
                                isConstantIntValue(offset.value(), 0);
                       }) &&
          llvm::all_of(llvm::enumerate(read.getMixedSizes()), [&](auto size) {
            int64_t expected = size.index() == *axis
                                   ? 1
                                   : sourceType.getDimSize(size.index());
            return isConstantIntValue(size.value(), expected);
          }) &&
          read.getResultType().getShape() ==
              llvm::ArrayRef(dropAxis(sourceType.getShape(), *axis));
      if (!wholeRest)
        return refuse(read) << "the loop reads graph input '"
                            << argumentName(func, source.getArgNumber())
                            << "' in a form other than step t along one "
                               "axis with the rest whole";
      if (sourceType.getDimSize(*axis) != steps)
        return refuse(read) << "graph input '"
                            << argumentName(func, source.getArgNumber())
                            << "' has " << sourceType.getDimSize(*axis)
                            << " steps along axis " << *axis
                            << " but the loop runs " << steps;
      SequenceInput &input = inputs[source];
      if (!input.reads.empty() && input.axis != *axis)
        return refuse(read) << "graph input '"
                            << argumentName(func, source.getArgNumber())
                            << "' is read along two different axes";
      input.argument = source;
      input.axis = *axis;
      input.reads.push_back(read);
      continue;
    }
    if (auto write = dyn_cast<tensor::InsertSliceOp>(user)) {
      auto dest = dyn_cast<BlockArgument>(write.getDest());
      std::optional<unsigned> axis =
          timeAxisOf(write.getMixedOffsets(), time);
      if (!dest || dest.getOwner() != loopBody || dest.getArgNumber() == 0 ||
          !axis)
        return refuse(write) << "the loop writes step t into something "
                                "other than a loop-carried sequence";
      unsigned carried = dest.getArgNumber() - 1;
      Operation *yield = loopBody->getTerminator();
      RankedTensorType destType = write.getDestType();
      if (!dest.hasOneUse() || !write->hasOneUse() ||
          *write->getUsers().begin() != yield ||
          yield->getOperand(carried) != write.getResult())
        return refuse(write) << "the sequence written at step t must be "
                                "used by nothing else in the loop";
      if (!destType.hasStaticShape() || destType.getDimSize(*axis) != steps ||
          !isConstantIntValue(write.getMixedSizes()[*axis], 1))
        return refuse(write) << "the sequence output has "
                             << destType.getDimSize(*axis)
                             << " steps along axis " << *axis
                             << " but the loop runs " << steps;
      RankedTensorType stepType = RankedTensorType::get(
          dropAxis(destType.getShape(), *axis), destType.getElementType());
      int64_t written = 1;
      for (OpFoldResult size : write.getMixedSizes())
        written *= getConstantIntValue(size).value_or(0);
      if (!allOnes(write.getMixedStrides()) ||
          written != stepType.getNumElements())
        return refuse(write)
               << "each step writes only part of the step's output "
                  "(e.g. one direction of a bidirectional layer)";
      for (OpOperand &resultUse : loop.getResult(carried).getUses())
        if (resultUse.getOwner() != ret.getOperation())
          return refuse(resultUse.getOwner())
                 << "the sequence output of the loop is used by '"
                 << resultUse.getOwner()->getName()
                 << "'; it can only be returned";
      outputs[carried] = {write, *axis};
      continue;
    }
    InFlightDiagnostic diagnostic =
        refuse(user) << "the loop uses its time index in '" << user->getName()
                     << "'; only reading step t of a graph input and writing "
                        "step t of an output can become a step";
    if (isa<arith::SubIOp>(user))
      diagnostic << " (the sequence is read backwards: direction=reverse)";
    else
      diagnostic << " (e.g. a sequence_lens mask: bind sequence_lens to "
                    "lengths of at least "
                 << steps << ")";
    return diagnostic;
  }
  for (auto &[argument, input] : inputs) {
    for (Operation *user : argument.getUsers())
      if (!llvm::is_contained(input.reads, user))
        return refuse(user)
               << "graph input '" << argumentName(func, argument.getArgNumber())
               << "' is also used other than as step t of the loop";
  }
  if (inputs.empty())
    return refuse(loop) << "the loop reads no graph input step by step";

  // 2. The state: each carried value that is not a sequence output, and the
  // output (if any) that returns it.
  struct State {
    unsigned carried;
    std::optional<unsigned> output;
    llvm::SmallVector<Operation *> chain;
    std::string name;
  };
  llvm::SmallVector<State> states;
  llvm::StringSet<> inputNames, outputNames;
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    inputNames.insert(argumentName(func, i));
  for (unsigned i = 0; i < func.getNumResults(); ++i)
    outputNames.insert(resultName(func, i));
  llvm::SmallSet<unsigned, 4> claimed;
  for (unsigned carried = 0; carried < numCarried; ++carried) {
    if (outputs.contains(carried))
      continue;
    State state{carried, std::nullopt, {}, ""};
    if (auto found = findReturnedThrough(loop.getResult(carried), ret);
        found && !claimed.contains(found->first)) {
      state.output = found->first;
      state.chain = found->second;
      state.name = resultName(func, found->first);
      claimed.insert(found->first);
    } else {
      for (unsigned k = states.size();; ++k) {
        state.name = "spnc_state_" + std::to_string(k);
        if (!outputNames.contains(state.name) &&
            !inputNames.contains(state.name + "_prev"))
          break;
      }
    }
    std::string inputName = state.name + "_prev";
    if (inputNames.contains(inputName))
      return refuse(func) << "the state input '" << inputName
                          << "' for output '" << state.name
                          << "' would clash with an existing input";
    if (getStateOutputName(inputName) != state.name)
      return refuse(func)
             << "output '" << state.name << "' cannot be a state output: '"
             << inputName << "' would pair with '"
             << getStateOutputName(inputName).value_or("nothing")
             << "' by the state convention";
    states.push_back(std::move(state));
  }

  // Inputs that feed only the loop's initial state disappear with it.
  llvm::BitVector hadUses(func.getNumArguments());
  for (BlockArgument argument : body.getArguments())
    hadUses[argument.getArgNumber()] = !argument.use_empty();

  // Warn when a non-zero initial state is dropped.
  for (const State &state : states) {
    Value init = loop.getInitArgs()[state.carried];
    if (auto events = init.getDefiningOp<event::FromDenseOp>())
      init = events.getInput();
    Attribute value;
    if (matchPattern(init, m_Constant(&value)))
      if (auto splat = dyn_cast<SplatElementsAttr>(value))
        if (auto zero = dyn_cast<FloatAttr>(splat.getSplatValue<Attribute>());
            zero && zero.getValue().isPosZero())
          continue;
    loop.emitWarning() << "--sequence-to-step: the loop's initial state for '"
                       << state.name << "' is dropped; the state input '"
                       << state.name
                       << "_prev' gives it (zeros unless the runner is "
                          "given it)";
  }

  // 3. Rewrite. New state inputs first, undone back into the state.
  MLIRContext *context = func.getContext();
  OpBuilder builder(loop);
  Location loc = loop.getLoc();
  llvm::SmallVector<Value> stateEntry(numCarried);
  for (State &state : states) {
    Type type = state.output
                    ? func.getResultTypes()[*state.output]
                    : loop.getResult(state.carried).getType();
    unsigned index = func.getNumArguments();
    auto nameAttr = NamedAttribute(StringAttr::get(context, "onnx.name"),
                                   StringAttr::get(context, state.name + "_prev"));
    if (failed(func.insertArgument(index, type,
                                   DictionaryAttr::get(context, {nameAttr}),
                                   loc)))
      return refuse(func) << "cannot add the state input";
    Value value = body.getArgument(index);
    for (Operation *op : llvm::reverse(state.chain))
      value = buildInverse(builder, op, value);
    stateEntry[state.carried] = value;
  }
  hadUses.resize(func.getNumArguments());

  // Per-step inputs: the argument takes the step's shape.
  for (auto &[argument, input] : inputs) {
    auto type = cast<RankedTensorType>(argument.getType());
    auto stepType = RankedTensorType::get(dropAxis(type.getShape(), input.axis),
                                          type.getElementType());
    argument.setType(stepType);
    for (tensor::ExtractSliceOp read : input.reads) {
      read.getResult().replaceAllUsesWith(argument);
      read.erase();
    }
    func.setArgAttr(argument.getArgNumber(), kTimeAxisAttr,
                    IntegerAttr::get(IntegerType::get(context, 64), input.axis));
  }
  func.setType(FunctionType::get(context, body.getArgumentTypes(),
                                 func.getResultTypes()));

  // Per-step outputs: the value written at step t, in the step's shape.
  auto yield = cast<scf::YieldOp>(loopBody->getTerminator());
  llvm::SmallVector<Value> next(yield.getOperands());
  llvm::SmallVector<std::pair<unsigned, unsigned>> timeAxisOfResult;
  for (auto &[carried, output] : outputs) {
    RankedTensorType destType = output.write.getDestType();
    auto stepType =
        RankedTensorType::get(dropAxis(destType.getShape(), output.axis),
                              destType.getElementType());
    OpBuilder inside(output.write);
    Value step = expandUnitDims(inside, output.write.getLoc(),
                                output.write.getSource(), stepType);
    if (!step)
      return refuse(output.write)
             << "the value written at step t (" << output.write.getSourceType()
             << ") differs from the step's output (" << stepType
             << ") in more than unit dimensions";
    next[carried] = step;
    for (OpOperand &use : loop.getResult(carried).getUses())
      timeAxisOfResult.push_back({use.getOperandNumber(), output.axis});
  }
  yield.erase();
  for (auto &[carried, output] : outputs) {
    output.write.erase();
    stateEntry[carried] =
        loop.getInitArgs()[carried]; // its only user is gone
  }

  // The body replaces the loop, at step 0 of the index (no longer used).
  Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
  llvm::SmallVector<Value> blockValues{zero};
  blockValues.append(stateEntry);
  IRRewriter rewriter(context);
  rewriter.inlineBlockBefore(loopBody, loop, blockValues);
  rewriter.replaceOp(loop, next);

  // States no output returns get one.
  for (const State &state : states) {
    if (state.output)
      continue;
    Value value = next[state.carried];
    unsigned index = func.getNumResults();
    auto nameAttr = NamedAttribute(StringAttr::get(context, "onnx.name"),
                                   StringAttr::get(context, state.name));
    if (failed(func.insertResult(index, value.getType(),
                                 DictionaryAttr::get(context, {nameAttr}))))
      return refuse(func) << "cannot add the state output";
    ret->insertOperands(ret->getNumOperands(), value);
  }
  // Sequence outputs now return their step's shape.
  func.setType(FunctionType::get(context, body.getArgumentTypes(),
                                 ret->getOperandTypes()));
  for (auto [result, axis] : timeAxisOfResult)
    func.setResultAttr(result, kTimeAxisAttr,
                       IntegerAttr::get(IntegerType::get(context, 64), axis));

  // Drop what only computed the initial state, and the inputs that fed only
  // it.
  bool erased = true;
  while (erased) {
    erased = false;
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
      if (isOpTriviallyDead(&op)) {
        op.erase();
        erased = true;
      }
  }
  llvm::BitVector unused(func.getNumArguments());
  for (BlockArgument argument : body.getArguments())
    if (hadUses[argument.getArgNumber()] && argument.use_empty())
      unused.set(argument.getArgNumber());
  if (failed(func.eraseArguments(unused)))
    return refuse(func) << "cannot remove the inputs of the initial state";
  func->setAttr("spnc.sequence_steps",
                IntegerAttr::get(IntegerType::get(context, 64), steps));

  RewritePatternSet patterns(context);
  patterns.add<InsertIntoEmptyAsExpand, UnitExtractAsCollapse>(context);
  return applyPatternsGreedily(func, std::move(patterns));
}

void SequenceToStepPass::runOnOperation() {
  func::FuncOp func =
      findEntryFunction(getOperation(), function, "--sequence-to-step");
  if (!func || failed(convert(func)))
    signalPassFailure();
}

} // namespace
} // namespace spnc
