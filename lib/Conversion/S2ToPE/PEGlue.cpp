//===- PEGlue.cpp - The binary contract around a slice kernel -------------===//
#include "PEGlue.h"

#include "spinnaker2/abi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

#include <algorithm>

using namespace mlir;

namespace spnc::pe {

namespace {

/// Bytes of the elements of a static memref/tensor type.
uint64_t bytesOf(ShapedType type) {
  return uint64_t(type.getNumElements()) *
         ((type.getElementTypeBitWidth() + 7) / 8);
}

uint64_t alignmentOf(Type elementType) {
  return std::max<uint64_t>(4, (elementType.getIntOrFloatBitWidth() + 7) / 8);
}

class GlueBuilder {
public:
  GlueBuilder(const GlueSpec &spec, ModuleOp module, PEInterface &interface)
      : spec(spec), module(module), interface(interface),
        builder(module.getContext()), loc(module.getLoc()) {}

  LogicalResult build();

private:
  memref::GlobalOp addGlobal(StringRef name, MemRefType type,
                             Attribute initialValue, bool constant);
  Value constI32(int64_t value) {
    return arith::ConstantOp::create(builder, loc, builder.getI32IntegerAttr(
                                                       int32_t(value)));
  }
  Value constIndex(int64_t value) {
    return arith::ConstantIndexOp::create(builder, loc, value);
  }
  /// The indices of element `unit` (row-major) of a memref: the last
  /// dimension's index when the others are 1 (a vector), else `unit`
  /// delinearized (a value of several rows, e.g. a batch).
  SmallVector<Value> unitIndex(MemRefType type, Value unit) {
    if (llvm::all_of(type.getShape().drop_back(),
                     [](int64_t d) { return d == 1; })) {
      SmallVector<Value> indices(type.getRank() - 1, constIndex(0));
      indices.push_back(unit);
      return indices;
    }
    SmallVector<Value> indices(type.getRank());
    Value rest = unit;
    for (int64_t d = type.getRank() - 1; d >= 0; --d) {
      Value size = constIndex(type.getDimSize(d));
      indices[d] = d == 0 ? rest
                          : Value(arith::RemUIOp::create(builder, loc, rest,
                                                         size));
      if (d > 0)
        rest = arith::DivUIOp::create(builder, loc, rest, size);
    }
    return indices;
  }
  void storeRegister(uint32_t offset, Value value);
  LogicalResult buildOnEvent();
  LogicalResult buildStepUpdate();

  const GlueSpec &spec;
  ModuleOp module;
  PEInterface &interface;
  OpBuilder builder;
  Location loc;
  std::vector<memref::GlobalOp> portGlobals, resultGlobals;
};

memref::GlobalOp GlueBuilder::addGlobal(StringRef name, MemRefType type,
                                        Attribute initialValue,
                                        bool constant) {
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(module.getBody());
  return memref::GlobalOp::create(
      builder, loc, name, builder.getStringAttr("private"), type,
      initialValue ? initialValue : builder.getUnitAttr(), constant,
      builder.getI64IntegerAttr(alignmentOf(type.getElementType())));
}

void GlueBuilder::storeRegister(uint32_t offset, Value value) {
  auto pointer = LLVM::IntToPtrOp::create(
      builder, loc, LLVM::LLVMPointerType::get(builder.getContext()),
      constI32(SPNC_MMIO_BASE + offset));
  LLVM::StoreOp::create(builder, loc, value, pointer, /*alignment=*/4,
                        /*isVolatile=*/true);
}

LogicalResult GlueBuilder::build() {
  auto kernel = module.lookupSymbol<func::FuncOp>(kKernelName);
  if (!kernel)
    return module.emitError("the PE module has no kernel");
  kernel.setPrivate();
  unsigned numPorts = spec.ports.size();
  if (kernel.getNumArguments() != numPorts + spec.results.size())
    return kernel.emitError("unexpected kernel signature after bufferization");

  interface.sourceId = spec.sourceId;
  interface.stepsInFlight = spec.stepsInFlight;
  interface.sendsEndOfStep = spec.sendsEndOfStep;
  interface.producers = spec.producers;

  // Port buffers: host-written ones live in .spnc.io (reset leaves them).
  for (auto [i, port] : llvm::enumerate(spec.ports)) {
    auto type = cast<MemRefType>(kernel.getArgumentTypes()[i]);
    Attribute initial;
    if (port.initialValue) {
      auto value = cast<DenseElementsAttr>(*port.initialValue);
      if (!value)
        return kernel.emitError("event.state initial values must be dense");
      // The PE keeps elements [offset, offset + n) of the last dimension.
      SmallVector<Attribute> elements;
      auto full = value.getValues<Attribute>();
      int64_t n = type.getNumElements();
      for (int64_t j = 0; j < n; ++j)
        elements.push_back(full[port.slice.offset + j]);
      initial = DenseElementsAttr::get(
          RankedTensorType::get(type.getShape(), type.getElementType()),
          elements);
    }
    std::string name = (port.hostInput ? "spnc_io_in" : "spnc_port") +
                       std::to_string(i);
    portGlobals.push_back(addGlobal(name, type, initial, false));
    if (port.hostInput) {
      HostBinding binding;
      binding.tensor = *port.hostInput;
      binding.offset = uint64_t(port.slice.offset) *
                       ((type.getElementTypeBitWidth() + 7) / 8);
      binding.bytes = bytesOf(type);
      binding.symbol = name;
      binding.once = port.hostOnce;
      interface.inputs.push_back(binding);
    }
    if (port.copyFromResult)
      interface.stateSymbols.push_back(name);
    // Events land at their element of the port's buffer, row-major: a
    // port with several rows (a batch) is never cut to a slice (isPerUnit),
    // so its elements are the producer's sent elements in order.
    if (!port.producers.empty() && !type.getElementType().isF32())
      return kernel.emitError() << "port " << i
                                << " receives events but does not hold f32";
  }
  for (auto [i, result] : llvm::enumerate(spec.results)) {
    auto type = cast<MemRefType>(kernel.getArgumentTypes()[numPorts + i]);
    std::string name = "spnc_out" + std::to_string(i);
    resultGlobals.push_back(addGlobal(name, type, {}, false));
    for (unsigned output : result.hostOutputs) {
      HostBinding binding;
      binding.tensor = output;
      binding.offset = uint64_t(result.slice.offset) *
                       ((type.getElementTypeBitWidth() + 7) / 8);
      binding.bytes = bytesOf(type);
      binding.symbol = name;
      interface.outputs.push_back(binding);
    }
    // Sent element by element, row-major (sentLayout counts every element
    // of a value that is not per unit).
    if (result.sent && (type.getElementTypeBitWidth() != 32 ||
                        !isa<FloatType>(type.getElementType())))
      return kernel.emitError() << "result " << i
                                << " is sent but does not hold f32";
  }

  // At most every unit of every producer fires in each step, and events of
  // up to (steps in flight + delay) producer steps wait here; the back end
  // sizes the buffer to that or to the memory left (PECodegen.cpp).
  int64_t worstCase = 0;
  llvm::DenseSet<uint32_t> counted;
  llvm::DenseMap<uint32_t, uint32_t> delayOf;
  for (const Producer &producer : spec.producers)
    delayOf[producer.source] = producer.delay;
  for (const GluePort &port : spec.ports)
    for (const ProducerSlice &producer : port.producers)
      if (counted.insert(producer.source).second)
        worstCase += (spec.stepsInFlight + delayOf.lookup(producer.source)) *
                     int64_t(producer.keys);
  interface.eventCapacity =
      uint32_t(std::min<int64_t>(worstCase, kMaxEventCapacity));
  interface.minEventCapacity = std::min<uint32_t>(
      std::max(spec.minEventCapacity, kMinEventCapacity),
      interface.eventCapacity);
  auto i32 = builder.getI32Type();
  // spnc_producer[] = {source, delay, eos_received, scratch}.
  SmallVector<int32_t> producerWords;
  for (const Producer &producer : spec.producers)
    producerWords.append({int32_t(producer.source), int32_t(producer.delay),
                          0, 0});
  if (producerWords.empty())
    producerWords.assign(4, 0);
  auto producersType = MemRefType::get({int64_t(producerWords.size())}, i32);
  addGlobal(kProducersSymbol, producersType,
            DenseElementsAttr::get(
                RankedTensorType::get(producersType.getShape(), i32),
                ArrayRef<int32_t>(producerWords)),
            false);

  if (failed(buildOnEvent()) || failed(buildStepUpdate()))
    return failure();
  return success();
}

LogicalResult GlueBuilder::buildOnEvent() {
  bool anyEvents = llvm::any_of(spec.ports, [](const GluePort &port) {
    return !port.producers.empty();
  });
  if (!anyEvents)
    return success(); // the runtime's default faults on unexpected events
  auto i32 = builder.getI32Type();
  builder.setInsertionPointToEnd(module.getBody());
  auto function = func::FuncOp::create(
      builder, loc, "spnc_on_event",
      builder.getFunctionType({i32, i32}, {}));
  Block *entry = function.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  Value key = entry->getArgument(0), payload = entry->getArgument(1);
  Value source = arith::ShRUIOp::create(builder, loc, key,
                                        constI32(SPNC_KEY_SOURCE_SHIFT));
  Value index =
      arith::AndIOp::create(builder, loc, key, constI32(SPNC_KEY_INDEX_MASK));
  for (auto [i, port] : llvm::enumerate(spec.ports)) {
    if (port.producers.empty())
      continue;
    uint32_t first = port.producers.front().source, last = first;
    for (const ProducerSlice &producer : port.producers) {
      first = std::min(first, producer.source);
      last = std::max(last, producer.source);
    }
    // Producers that send only this value (all of their keys are its
    // elements) need only the element of their first key; producers of
    // several values also the index range of this one, so that the others'
    // keys are left alone.
    bool ranged = llvm::any_of(port.producers, [](const ProducerSlice &p) {
      return p.indexOffset != 0 ||
             int64_t(p.keys) != p.unitEnd - p.unitBegin;
    });
    // Per source id in [first, last]: the element of its first key of this
    // value (-1: not a producer), and if ranged its first key index and
    // count (0: not a producer).
    unsigned columns = ranged ? 3 : 1;
    SmallVector<int32_t> entries(size_t(last - first + 1) * columns, 0);
    for (size_t s = 0; s < entries.size(); s += columns)
      entries[s] = -1;
    for (const ProducerSlice &producer : port.producers) {
      size_t at = size_t(producer.source - first) * columns;
      entries[at] = int32_t(producer.unitBegin);
      if (ranged) {
        entries[at + 1] = int32_t(producer.indexOffset);
        entries[at + 2] = int32_t(producer.unitEnd - producer.unitBegin);
      }
    }
    auto tableType = MemRefType::get({int64_t(entries.size())}, i32);
    std::string tableName = "spnc_port" + std::to_string(i) +
                            (ranged ? "_producers" : "_first_unit");
    addGlobal(tableName, tableType,
              DenseElementsAttr::get(
                  RankedTensorType::get(tableType.getShape(), i32),
                  ArrayRef<int32_t>(entries)),
              true);
    MemRefType portType = portGlobals[i].getType();
    int64_t length = portType.getNumElements();

    Value relative =
        arith::SubIOp::create(builder, loc, source, constI32(first));
    Value known = arith::CmpIOp::create(
        builder, loc, arith::CmpIPredicate::ult, relative,
        constI32(entries.size() / columns));
    auto ifKnown = scf::IfOp::create(builder, loc, known);
    builder.setInsertionPointToStart(&ifKnown.getThenRegion().front());
    Value table = memref::GetGlobalOp::create(builder, loc, tableType, tableName);
    Value row = columns == 1 ? relative
                             : Value(arith::MulIOp::create(
                                   builder, loc, relative, constI32(columns)));
    auto load = [&](int64_t column) -> Value {
      Value at = column == 0 ? row
                             : Value(arith::AddIOp::create(builder, loc, row,
                                                           constI32(column)));
      return memref::LoadOp::create(
          builder, loc, table,
          ValueRange{arith::IndexCastUIOp::create(
              builder, loc, builder.getIndexType(), at)});
    };
    Value firstUnit = load(0);
    // The key's position within this value; unsigned compares reject both
    // ends (and every key of a source that does not send the value).
    Value position =
        ranged ? Value(arith::SubIOp::create(builder, loc, index, load(1)))
               : index;
    // unit - (the port's first unit).
    Value unit = arith::AddIOp::create(builder, loc, firstUnit, position);
    Value local = arith::SubIOp::create(builder, loc, unit,
                                        constI32(port.slice.offset));
    Value isProducer =
        ranged ? arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::ult,
                                       position, load(2))
               : arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::sge,
                                       firstUnit, constI32(0));
    Value inPort = arith::CmpIOp::create(
        builder, loc, arith::CmpIPredicate::ult, local, constI32(length));
    Value take = arith::AndIOp::create(builder, loc, isProducer, inPort);
    auto ifTake = scf::IfOp::create(builder, loc, take);
    builder.setInsertionPointToStart(&ifTake.getThenRegion().front());
    Value value =
        port.binary
            ? Value(arith::ConstantOp::create(builder, loc,
                                              builder.getF32FloatAttr(1.0f)))
            : Value(arith::BitcastOp::create(builder, loc, builder.getF32Type(),
                                             payload));
    Value buffer = memref::GetGlobalOp::create(builder, loc, portType,
                                               portGlobals[i].getSymName());
    Value localIndex = arith::IndexCastUIOp::create(
        builder, loc, builder.getIndexType(), local);
    memref::StoreOp::create(builder, loc, value, buffer,
                            unitIndex(portType, localIndex));
    builder.setInsertionPointAfter(ifKnown);
  }
  func::ReturnOp::create(builder, loc);
  return success();
}

LogicalResult GlueBuilder::buildStepUpdate() {
  auto i32 = builder.getI32Type();
  builder.setInsertionPointToEnd(module.getBody());
  auto function = func::FuncOp::create(builder, loc, "spnc_step_update",
                                       builder.getFunctionType({i32}, {}));
  Block *entry = function.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  auto buffer = [&](memref::GlobalOp global) -> Value {
    return memref::GetGlobalOp::create(builder, loc, global.getType(),
                                       global.getSymName());
  };
  SmallVector<Value> operands;
  for (memref::GlobalOp global : portGlobals)
    operands.push_back(buffer(global));
  for (memref::GlobalOp global : resultGlobals)
    operands.push_back(buffer(global));
  func::CallOp::create(builder, loc, kKernelName, TypeRange{}, operands);

  // Send the units that fired (event vectors) or are not +0 (values). A
  // silent unit of an event vector may hold -0; receivers see +0, which
  // adds the same to every sum.
  for (auto [i, result] : llvm::enumerate(spec.results)) {
    if (!result.sent)
      continue;
    MemRefType type = resultGlobals[i].getType();
    Value values = buffer(resultGlobals[i]);
    auto loop = scf::ForOp::create(builder, loc, constIndex(0),
                                   constIndex(type.getNumElements()),
                                   constIndex(1));
    builder.setInsertionPointToStart(loop.getBody());
    Value unit = loop.getInductionVar();
    Value value =
        memref::LoadOp::create(builder, loc, values, unitIndex(type, unit));
    Value bits = arith::BitcastOp::create(builder, loc, i32, value);
    Value fires =
        result.events
            ? arith::CmpFOp::create(builder, loc, arith::CmpFPredicate::UNE,
                                    value,
                                    arith::ConstantOp::create(
                                        builder, loc,
                                        builder.getF32FloatAttr(0.0f)))
                  .getResult()
            : arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::ne,
                                    bits, constI32(0))
                  .getResult();
    auto ifFires = scf::IfOp::create(builder, loc, fires);
    builder.setInsertionPointToStart(&ifFires.getThenRegion().front());
    Value unit32 = arith::IndexCastUIOp::create(builder, loc, i32, unit);
    Value keyIndex =
        arith::AddIOp::create(builder, loc, unit32, constI32(result.keyIndex));
    Value key =
        arith::OrIOp::create(builder, loc, keyIndex, constI32(spec.keyBase));
    if (result.binary) {
      storeRegister(SPNC_REG_TX_KEY, key);
    } else {
      storeRegister(SPNC_REG_TX_PAYLOAD, bits);
      storeRegister(SPNC_REG_TX_KEY_PAYLOAD, key);
    }
    builder.setInsertionPointAfter(loop);
  }

  // The PE's own state for the next step; event ports start empty.
  for (auto [i, port] : llvm::enumerate(spec.ports)) {
    if (port.copyFromResult)
      memref::CopyOp::create(builder, loc,
                             buffer(resultGlobals[*port.copyFromResult]),
                             buffer(portGlobals[i]));
    if (!port.producers.empty()) {
      Value zero = arith::ConstantOp::create(builder, loc,
                                             builder.getF32FloatAttr(0.0f));
      linalg::FillOp::create(builder, loc, ValueRange{zero},
                             ValueRange{buffer(portGlobals[i])});
    }
  }
  func::ReturnOp::create(builder, loc);
  return success();
}

} // namespace

LogicalResult buildGlue(const GlueSpec &spec, ModuleOp module,
                        PEInterface &interface) {
  return GlueBuilder(spec, module, interface).build();
}

LogicalResult makeBuffersStatic(ModuleOp module) {
  OpBuilder builder(module.getContext());
  unsigned count = 0;
  WalkResult result = module.walk([&](Operation *op) {
    if (isa<memref::DeallocOp>(op)) {
      op->erase();
      return WalkResult::skip();
    }
    auto alloc = dyn_cast<memref::AllocOp>(op);
    if (!alloc)
      return WalkResult::advance();
    MemRefType type = alloc.getType();
    if (!type.hasStaticShape() || !type.getLayout().isIdentity()) {
      alloc.emitError("a PE kernel needs static buffers");
      return WalkResult::interrupt();
    }
    builder.setInsertionPointToStart(module.getBody());
    std::string name = "spnc_buffer" + std::to_string(count++);
    memref::GlobalOp::create(
        builder, alloc.getLoc(), name, builder.getStringAttr("private"), type,
        builder.getUnitAttr(), /*constant=*/false,
        builder.getI64IntegerAttr(alignmentOf(type.getElementType())));
    builder.setInsertionPoint(alloc);
    Value global =
        memref::GetGlobalOp::create(builder, alloc.getLoc(), type, name);
    alloc.getResult().replaceAllUsesWith(global);
    alloc.erase();
    return WalkResult::skip();
  });
  return failure(result.wasInterrupted());
}

} // namespace spnc::pe
