//===- SliceKernel.cpp - A population's step kernel, cut to one slice -----===//
//
// The kernel of a slice is the population's ops cloned into a function of
// the values they read (ports), lowered by convert-event-to-linalg exactly
// as the host pipeline lowers them, and then restricted to the slice's
// units: every result gets a tensor.extract_slice of the units, and slices
// are swapped with their producers (TilingInterface) until they reach
// constants (which fold to the slice's rows) or ports. Restricting parallel
// dimensions never changes what a unit computes, so each unit's arithmetic
// is the host's. A producer that cannot be sliced is computed whole, which
// costs memory but stays exact.
//
//===----------------------------------------------------------------------===//
#include "SliceKernel.h"

#include "spnc/Conversion/EventToLinalg/Passes.h"
#include "spnc/Dialect/Event/EventDialect.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/Passes.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

#include <cstring>

using namespace mlir;

namespace spnc::pe {

namespace {

/// Constant parameters up to this size are folded at compile time.
constexpr int64_t kMaxFoldedElements = 1 << 16;

/// The dense tensor type of a port value (events are dense tensors).
RankedTensorType denseType(Type type) {
  if (auto events = dyn_cast<event::EventsType>(type))
    return RankedTensorType::get(events.getShape(), events.getElementType());
  return cast<RankedTensorType>(type);
}

/// Raw bytes of a constant's elements, row-major, or nullopt.
std::optional<std::vector<char>> constantBytes(ElementsAttr attr) {
  auto type = cast<ShapedType>(attr.getType());
  unsigned bits = type.getElementTypeBitWidth();
  if (bits % 8 != 0)
    return std::nullopt;
  size_t bytes = size_t(type.getNumElements()) * bits / 8;
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    ArrayRef<char> raw = dense.getRawData();
    if (dense.isSplat()) {
      std::vector<char> data(bytes);
      for (size_t i = 0; i < bytes; i += raw.size())
        std::copy(raw.begin(), raw.end(), data.begin() + i);
      return data;
    }
    return std::vector<char>(raw.begin(), raw.end());
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != bytes)
      return std::nullopt;
    ArrayRef<char> raw = blob->getData();
    return std::vector<char>(raw.begin(), raw.end());
  }
  if (auto sparse = dyn_cast<SparseElementsAttr>(attr)) {
    // Zeros with the listed values at their (row-major) positions.
    auto values = dyn_cast<DenseElementsAttr>(sparse.getValues());
    if (!values || values.getElementType() != type.getElementType())
      return std::nullopt;
    std::vector<char> data(bytes, 0);
    DenseIntElementsAttr indices = sparse.getIndices();
    int64_t rank = type.getRank();
    auto coordinates = indices.getValues<int64_t>();
    unsigned elementBytes = bits / 8;
    ArrayRef<char> raw = values.getRawData();
    int64_t count = values.getNumElements();
    for (int64_t i = 0; i < count; ++i) {
      int64_t flat = 0;
      for (int64_t d = 0; d < rank; ++d)
        flat = flat * type.getDimSize(d) + coordinates[i * rank + d];
      const char *value =
          raw.data() + (values.isSplat() ? 0 : i * elementBytes);
      std::memcpy(data.data() + flat * elementBytes, value, elementBytes);
    }
    return data;
  }
  return std::nullopt;
}

/// tensor.extract_slice of a constant (dense or a resource blob) becomes the
/// constant of the slice, so a PE stores only its rows.
struct FoldConstantSlice : OpRewritePattern<tensor::ExtractSliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::ExtractSliceOp slice,
                                PatternRewriter &rewriter) const override {
    ElementsAttr attr;
    if (!matchPattern(slice.getSource(), m_Constant(&attr)))
      return failure();
    if (!slice.hasUnitStride() || !slice.getType().hasStaticShape() ||
        ShapedType::isDynamicShape(slice.getStaticOffsets()))
      return failure();
    auto sourceType = cast<RankedTensorType>(slice.getSourceType());
    if (sourceType.getRank() == 0 ||
        sourceType.getRank() != slice.getType().getRank())
      return failure(); // rank-reducing: leave to canonicalisation
    std::optional<std::vector<char>> bytes = constantBytes(attr);
    if (!bytes)
      return failure();
    unsigned elementBytes = sourceType.getElementTypeBitWidth() / 8;
    ArrayRef<int64_t> shape = sourceType.getShape();
    ArrayRef<int64_t> sizes = slice.getType().getShape();
    ArrayRef<int64_t> offsets = slice.getStaticOffsets();
    int64_t rank = sourceType.getRank();
    std::vector<char> out(size_t(slice.getType().getNumElements()) *
                          elementBytes);
    // Copy rows of the innermost dimension.
    int64_t innerBytes = sizes.back() * elementBytes;
    int64_t outer =
        slice.getType().getNumElements() / std::max<int64_t>(sizes.back(), 1);
    std::vector<int64_t> index(rank - 1, 0);
    for (int64_t row = 0; row < outer && sizes.back() > 0; ++row) {
      int64_t flat = 0;
      for (int64_t d = 0; d < rank; ++d) {
        int64_t at = offsets[d] + (d + 1 < rank ? index[d] : 0);
        flat = flat * shape[d] + at;
      }
      std::memcpy(out.data() + row * innerBytes,
                  bytes->data() + flat * elementBytes, innerBytes);
      for (int64_t d = rank - 2; d >= 0; --d) {
        if (++index[d] < sizes[d])
          break;
        index[d] = 0;
      }
    }
    auto type = slice.getType();
    auto folded = DenseElementsAttr::getFromRawBuffer(type, out);
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(slice, type, folded);
    return success();
  }
};

/// A gather (tensor.extract from a constant table inside a generic) whose
/// column index is a loop index of the op plus a constant, after tiling:
/// the op reads only the columns of its tile, so it extracts from that
/// slice of the table (which then folds), and a PE stores only its columns.
struct SliceGatheredTable : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp generic,
                                PatternRewriter &rewriter) const override {
    SmallVector<int64_t> ranges = generic.getStaticLoopRanges();
    WalkResult walk = generic.getRegion().walk([&](tensor::ExtractOp extract) {
      Value table = extract.getTensor();
      if (generic->isAncestor(table.getParentRegion()->getParentOp()) ||
          !matchPattern(table, m_Constant()))
        return WalkResult::advance();
      auto type = cast<RankedTensorType>(table.getType());
      int64_t rank = type.getRank();
      Value column = extract.getIndices().back();
      int64_t offset = 0;
      auto index = column.getDefiningOp<linalg::IndexOp>();
      if (!index) {
        auto apply = column.getDefiningOp<affine::AffineApplyOp>();
        if (!apply || apply.getMapOperands().size() != 1)
          return WalkResult::advance();
        index = apply.getMapOperands()[0].getDefiningOp<linalg::IndexOp>();
        auto sum =
            dyn_cast<AffineBinaryOpExpr>(apply.getAffineMap().getResult(0));
        auto constant =
            sum ? dyn_cast<AffineConstantExpr>(sum.getRHS()) : nullptr;
        if (!index || !sum || sum.getKind() != AffineExprKind::Add ||
            !constant ||
            !isa<AffineDimExpr, AffineSymbolExpr>(sum.getLHS()))
          return WalkResult::advance();
        offset = constant.getValue();
      }
      if (!index || index.getDim() >= ranges.size() ||
          ShapedType::isDynamic(ranges[index.getDim()]))
        return WalkResult::advance();
      int64_t size = ranges[index.getDim()];
      int64_t columns = type.getDimSize(rank - 1);
      if ((offset == 0 && size == columns) || offset < 0 ||
          offset + size > columns || !type.hasStaticShape())
        return WalkResult::advance();
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPoint(generic);
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0)),
          sizes, strides(rank, rewriter.getIndexAttr(1));
      for (int64_t d = 0; d + 1 < rank; ++d)
        sizes.push_back(rewriter.getIndexAttr(type.getDimSize(d)));
      offsets.back() = rewriter.getIndexAttr(offset);
      sizes.push_back(rewriter.getIndexAttr(size));
      Value slice = tensor::ExtractSliceOp::create(
          rewriter, generic.getLoc(), table, offsets, sizes, strides);
      rewriter.modifyOpInPlace(extract, [&] {
        extract->setOperand(0, slice);
        extract->setOperand(rank, index.getResult());
      });
      return WalkResult::interrupt();
    });
    return success(walk.wasInterrupted());
  }
};

/// An elementwise linalg.generic of f32 constants (identity maps) whose body
/// folds op by op (arith's folders: IEEE single arithmetic) becomes the
/// constant of its result.
struct FoldConstantGeneric : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp generic,
                                PatternRewriter &rewriter) const override {
    if (generic.getNumResults() != 1 || !generic.hasPureTensorSemantics() ||
        generic.getNumParallelLoops() != generic.getNumLoops() ||
        !llvm::all_of(generic.getIndexingMapsArray(),
                      [](AffineMap map) { return map.isIdentity(); }))
      return failure();
    auto type = cast<RankedTensorType>(generic.getResult(0).getType());
    if (!type.getElementType().isF32() || !type.hasStaticShape() ||
        type.getNumElements() > kMaxFoldedElements)
      return failure();
    SmallVector<DenseElementsAttr> inputs;
    for (Value input : generic.getDpsInputs()) {
      DenseElementsAttr attr;
      if (!matchPattern(input, m_Constant(&attr)) ||
          !attr.getElementType().isF32())
        return failure();
      inputs.push_back(attr);
    }
    Block &body = generic.getRegion().front();
    if (llvm::any_of(body.getArgument(body.getNumArguments() - 1).getUsers(),
                     [](Operation *) { return true; }))
      return failure(); // reads its init
    SmallVector<APFloat> results;
    int64_t count = type.getNumElements();
    for (int64_t i = 0; i < count; ++i) {
      DenseMap<Value, Attribute> values;
      for (auto [argument, attr] : llvm::zip(body.getArguments(), inputs))
        values[argument] = attr.isSplat() ? attr.getSplatValue<Attribute>()
                                          : attr.getValues<Attribute>()[i];
      for (Operation &op : body.without_terminator()) {
        SmallVector<Attribute> operands;
        for (Value operand : op.getOperands()) {
          Attribute attr = values.lookup(operand);
          if (!attr)
            matchPattern(operand, m_Constant(&attr));
          if (!attr)
            return failure();
          operands.push_back(attr);
        }
        SmallVector<OpFoldResult> folded;
        if (op.getNumResults() != 1 || failed(op.fold(operands, folded)) ||
            folded.size() != 1 || !isa<Attribute>(folded[0]))
          return failure();
        values[op.getResult(0)] = cast<Attribute>(folded[0]);
      }
      auto yielded = dyn_cast_or_null<FloatAttr>(
          values.lookup(body.getTerminator()->getOperand(0)));
      if (!yielded)
        return failure();
      results.push_back(yielded.getValue());
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        generic, type, DenseElementsAttr::get(type, results));
    return success();
  }
};

/// Swaps tensor.extract_slice ops with their producers until none is left
/// whose producer can be tiled.
LogicalResult sliceProducers(func::FuncOp kernel) {
  MLIRContext *context = kernel.getContext();
  RewritePatternSet cleanups(context);
  tensor::populateMergeConsecutiveInsertExtractSlicePatterns(cleanups);
  // A slice of tensor.empty (the init of a tiled op) is a smaller empty.
  tensor::populateFoldTensorEmptyPatterns(cleanups);
  cleanups.add<FoldConstantSlice, SliceGatheredTable>(context);
  tensor::ExtractSliceOp::getCanonicalizationPatterns(cleanups, context);
  tensor::EmptyOp::getCanonicalizationPatterns(cleanups, context);
  FrozenRewritePatternSet frozen(std::move(cleanups));

  for (int round = 0; round < 10000; ++round) {
    if (failed(applyPatternsGreedily(kernel, frozen)))
      return failure();
    tensor::ExtractSliceOp candidate;
    kernel.walk([&](tensor::ExtractSliceOp slice) {
      auto producer = dyn_cast<OpResult>(slice.getSource());
      if (producer && isa<TilingInterface>(producer.getOwner()) &&
          !candidate)
        candidate = slice;
    });
    if (!candidate)
      return success();
    OpBuilder builder(candidate);
    FailureOr<TilingResult> tiled = tensor::replaceExtractSliceWithTiledProducer(
        builder, candidate, cast<OpResult>(candidate.getSource()));
    if (failed(tiled) || tiled->tiledValues.empty() ||
        tiled->tiledValues[0].getType() != candidate.getType()) {
      // Not tileable after all: keep the producer whole, and stop looking
      // at this slice.
      candidate->setAttr("s2.unsliceable", UnitAttr::get(context));
      continue;
    }
    candidate.getResult().replaceAllUsesWith(tiled->tiledValues[0]);
    candidate.erase();
  }
  return kernel.emitError("slicing the kernel did not converge");
}

} // namespace

FailureOr<KernelInfo> buildSliceKernel(const KernelRequest &request,
                                       ModuleOp module) {
  MLIRContext *context = module.getContext();
  OpBuilder moduleBuilder = OpBuilder::atBlockEnd(module.getBody());
  Location loc = request.ops.front()->getLoc();

  // The function of the ports.
  SmallVector<Type> portTypes;
  for (Value port : request.ports)
    portTypes.push_back(denseType(port.getType()));
  SmallVector<Type> resultTypes;
  for (Value result : request.results)
    resultTypes.push_back(denseType(result.getType()));
  auto kernel = func::FuncOp::create(
      moduleBuilder, loc, kKernelName,
      FunctionType::get(context, portTypes, resultTypes));
  Block *body = kernel.addEntryBlock();
  OpBuilder builder = OpBuilder::atBlockEnd(body);

  IRMapping mapping;
  for (auto [port, argument] : llvm::zip(request.ports, body->getArguments())) {
    Value value = argument;
    if (auto events = dyn_cast<event::EventsType>(port.getType()))
      value = event::FromDenseOp::create(builder, loc, events, argument);
    mapping.map(port, value);
  }

  // Everything the members need that is not a port: constants (and the ops
  // computing them) and glue between ports and members.
  llvm::SetVector<Operation *> needed;
  SmallVector<Value> worklist;
  llvm::SmallPtrSet<Operation *, 16> members(request.ops.begin(),
                                             request.ops.end());
  for (Operation *op : request.ops) {
    llvm::SetVector<Value> used(op->operand_begin(), op->operand_end());
    getUsedValuesDefinedAbove(op->getRegions(), used);
    worklist.append(used.begin(), used.end());
  }
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    if (mapping.contains(value))
      continue;
    Operation *def = value.getDefiningOp();
    if (!def)
      return emitError(loc) << "slice kernel: a value used by the population "
                               "is neither a port nor computed from constants";
    if (members.contains(def) || !needed.insert(def))
      continue;
    llvm::SetVector<Value> used(def->operand_begin(), def->operand_end());
    getUsedValuesDefinedAbove(def->getRegions(), used);
    worklist.append(used.begin(), used.end());
  }
  // Clone in program order.
  Block *source = request.ops.front()->getBlock();
  for (Operation &op : *source)
    if (needed.contains(&op) || members.contains(&op))
      builder.clone(op, mapping);
  SmallVector<Value> returned;
  for (Value result : request.results) {
    Value value = mapping.lookup(result);
    if (isa<event::EventsType>(value.getType()))
      value = event::ToDenseOp::create(builder, loc, value);
    returned.push_back(value);
  }
  func::ReturnOp::create(builder, loc, returned);
  // The mapping's annotations refer to the machine, which the PE module
  // does not have.
  kernel.walk([](Operation *op) { op->removeAttr("s2.population"); });

  // Lower as the host does (the module holds only the kernel so far).
  PassManager pm(context);
  pm.addPass(createConvertEventToLinalg());
  pm.addNestedPass<func::FuncOp>(createConvertElementwiseToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (failed(pm.run(module)))
    return emitError(loc) << "slice kernel: lowering to linalg failed";
  kernel = module.lookupSymbol<func::FuncOp>(kKernelName);

  // Restrict the results to the units [begin, end).
  KernelInfo info;
  auto ret = cast<func::ReturnOp>(kernel.getBody().front().getTerminator());
  OpBuilder sliceBuilder(ret);
  SmallVector<Type> slicedResults;
  for (OpOperand &operand : ret->getOpOperands()) {
    auto type = cast<RankedTensorType>(operand.get().getType());
    ResultSlice resultSlice;
    resultSlice.type = type;
    bool sliceIt = isPerUnit(type, request.units, request.sliceUnits) &&
                   (request.begin != 0 || request.end != request.units);
    if (sliceIt) {
      SmallVector<OpFoldResult> offsets(type.getRank(),
                                        sliceBuilder.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes, strides(type.getRank(),
                                               sliceBuilder.getIndexAttr(1));
      for (int64_t d : type.getShape().drop_back())
        sizes.push_back(sliceBuilder.getIndexAttr(d));
      offsets.back() = sliceBuilder.getIndexAttr(request.begin);
      sizes.push_back(sliceBuilder.getIndexAttr(request.end - request.begin));
      auto slice = tensor::ExtractSliceOp::create(
          sliceBuilder, ret.getLoc(), operand.get(), offsets, sizes, strides);
      operand.set(slice);
      resultSlice.offset = request.begin;
      resultSlice.type = slice.getType();
    }
    slicedResults.push_back(resultSlice.type);
    info.results.push_back(resultSlice);
  }
  kernel.setFunctionType(FunctionType::get(
      context, kernel.getArgumentTypes(), slicedResults));
  if (failed(sliceProducers(kernel)))
    return failure();
  kernel.walk([](tensor::ExtractSliceOp slice) {
    slice->removeAttr("s2.unsliceable");
  });
  // Each sliced result brought its own copy of the shared producers.
  PassManager cleanup(context);
  cleanup.addPass(createCSEPass());
  cleanup.addPass(createCanonicalizerPass());
  if (failed(cleanup.run(module)))
    return failure();
  // Parameters computed from constants alone (e.g. a clamped threshold) are
  // folded, with IEEE arithmetic as the PE would compute them, instead of
  // being recomputed every step. Quantised weights are not: they stay int8.
  RewritePatternSet folding(context);
  folding.add<FoldConstantGeneric>(context);
  if (failed(applyPatternsGreedily(kernel, std::move(folding))))
    return failure();

  // Ports read only through one slice of units shrink to it.
  Block &entry = kernel.getBody().front();
  SmallVector<Type> portsAfter;
  for (BlockArgument argument : entry.getArguments()) {
    PortSlice portSlice;
    portSlice.type = cast<RankedTensorType>(argument.getType());
    std::optional<std::pair<int64_t, RankedTensorType>> common;
    bool narrow = !argument.use_empty();
    for (Operation *user : argument.getUsers()) {
      auto slice = dyn_cast<tensor::ExtractSliceOp>(user);
      if (!slice || !slice.hasUnitStride() ||
          slice.getType().getRank() != portSlice.type.getRank() ||
          !slice.getType().hasStaticShape() ||
          ShapedType::isDynamicShape(slice.getStaticOffsets())) {
        narrow = false;
        break;
      }
      ArrayRef<int64_t> offsets = slice.getStaticOffsets();
      bool innerOnly = true;
      for (int64_t d = 0; d + 1 < portSlice.type.getRank(); ++d)
        innerOnly &= offsets[d] == 0 &&
                     slice.getType().getDimSize(d) == portSlice.type.getDimSize(d);
      std::pair<int64_t, RankedTensorType> key{offsets.back(), slice.getType()};
      if (!innerOnly || (common && *common != key)) {
        narrow = false;
        break;
      }
      common = key;
    }
    if (narrow && common) {
      argument.setType(common->second);
      for (Operation *user : llvm::make_early_inc_range(argument.getUsers())) {
        user->getResult(0).replaceAllUsesWith(argument);
        user->erase();
      }
      portSlice.offset = common->first;
      portSlice.type = common->second;
    }
    portsAfter.push_back(portSlice.type);
    info.ports.push_back(portSlice);
  }
  kernel.setFunctionType(
      FunctionType::get(context, portsAfter, kernel.getResultTypes()));
  info.kernel = kernel;
  return info;
}

} // namespace spnc::pe
