//===- WeightMatrices.cpp - Constant weights of layer ops -----------------===//
#include "WeightMatrices.h"

#include "spnc/Dialect/Event/EventDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SetVector.h"

#include <cstring>

using namespace mlir;

namespace spnc::event {

Value stripReshapes(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (!isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tensor::CastOp>(
            def))
      break;
    value = def->getOperand(0);
  }
  return value;
}

bool isConstantWeight(Value value) {
  Value root = stripReshapes(value);
  return root.getDefiningOp<DequantizeOp>() || matchPattern(root, m_Constant());
}

static bool isMatrix(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.getRank() == 2 && type.hasStaticShape() &&
         isa<FloatType>(type.getElementType());
}

/// The weight operand of a matmul (0 = A, 1 = B) and whether it is k-major,
/// or -1 when the op is not a product of one constant and one variable
/// matrix with the standard maps (m, k) x (k, n) -> (m, n), either operand
/// possibly transposed.
static int matmulWeight(linalg::MatmulOp matmul, bool &transposed) {
  SmallVector<AffineMap> maps = matmul.getIndexingMapsArray();
  if (maps.size() != 3)
    return -1;
  MLIRContext *context = matmul.getContext();
  AffineExpr m = getAffineDimExpr(0, context), n = getAffineDimExpr(1, context),
             k = getAffineDimExpr(2, context);
  auto is = [](AffineMap map, AffineExpr first, AffineExpr second) {
    return map.getNumDims() == 3 && map.getNumResults() == 2 &&
           map.getResult(0) == first && map.getResult(1) == second;
  };
  if (!is(maps[2], m, n) || !(is(maps[0], m, k) || is(maps[0], k, m)) ||
      !(is(maps[1], k, n) || is(maps[1], n, k)))
    return -1;
  bool a = isConstantWeight(matmul.getInputs()[0]);
  bool b = isConstantWeight(matmul.getInputs()[1]);
  if (a == b)
    return -1;
  if (a) {
    transposed = is(maps[0], k, m);
    return 0;
  }
  transposed = is(maps[1], k, n);
  return 1;
}

SmallVector<WeightMatrix> collectWeightMatrices(Operation *root) {
  SmallVector<WeightMatrix> matrices;
  auto add = [&](Operation *op, OpOperand &operand, StringRef name,
                 bool transposed) {
    if (isMatrix(operand.get()))
      matrices.push_back(
          {op, operand.getOperandNumber(), name.str(), transposed});
  };
  // The matrices of cells and accumulates are weights whatever computes
  // them (the passes say when they cannot read one); a linalg product's
  // weight is its one constant operand.
  root->walk([&](Operation *op) {
    if (auto egru = dyn_cast<EGRUStepOp>(op)) {
      add(op, egru.getWMutable(), "W", false);
      add(op, egru.getRMutable(), "R", false);
    } else if (auto gru = dyn_cast<GRUStepOp>(op)) {
      add(op, gru.getWMutable(), "W", false);
      add(op, gru.getRMutable(), "R", false);
    } else if (auto lstm = dyn_cast<LSTMStepOp>(op)) {
      add(op, lstm.getWMutable(), "W", false);
      add(op, lstm.getRMutable(), "R", false);
    } else if (auto rnn = dyn_cast<RNNStepOp>(op)) {
      add(op, rnn.getWMutable(), "W", false);
      add(op, rnn.getRMutable(), "R", false);
    } else if (auto accumulate = dyn_cast<AccumulateOp>(op)) {
      add(op, accumulate.getWeightsMutable(), "weights", false);
    } else if (auto matvec = dyn_cast<linalg::MatvecOp>(op)) {
      if (isConstantWeight(matvec.getInputs()[0]) &&
          !isConstantWeight(matvec.getInputs()[1]))
        add(op, matvec->getOpOperand(0), "A", false);
    } else if (auto vecmat = dyn_cast<linalg::VecmatOp>(op)) {
      if (isConstantWeight(vecmat.getInputs()[1]) &&
          !isConstantWeight(vecmat.getInputs()[0]))
        add(op, vecmat->getOpOperand(1), "B", true);
    } else if (auto matmul = dyn_cast<linalg::MatmulOp>(op)) {
      bool transposed = false;
      int weight = matmulWeight(matmul, transposed);
      if (weight >= 0)
        add(op, matmul->getOpOperand(weight), weight == 0 ? "A" : "B",
            transposed);
    }
  });
  return matrices;
}

FailureOr<ConstantData> readConstant(Value value, std::string &why) {
  Attribute attr;
  if (!matchPattern(stripReshapes(value), m_Constant(&attr))) {
    why = stripReshapes(value).getDefiningOp<DequantizeOp>()
              ? "it is already quantised (event.dequantize)"
              : "it is not a constant literal (dense, splat, sparse or "
                "dense_resource)";
    return failure();
  }
  auto type = cast<ShapedType>(value.getType());
  ConstantData data;
  data.elementType = type.getElementType();
  unsigned bits = data.elementType.isIntOrFloat()
                      ? data.elementType.getIntOrFloatBitWidth()
                      : 0;
  if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
    why = "its elements are not 1, 2, 4 or 8 bytes wide";
    return failure();
  }
  data.elementBytes = bits / 8;
  data.numElements = type.getNumElements();
  size_t size = size_t(data.numElements) * data.elementBytes;
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    ArrayRef<char> raw = dense.getRawData();
    if (dense.isSplat()) {
      if (raw.size() < data.elementBytes) {
        why = "its splat value is unreadable";
        return failure();
      }
      data.bytes.reserve(size);
      for (int64_t i = 0; i < data.numElements; ++i)
        data.bytes.insert(data.bytes.end(), raw.begin(),
                          raw.begin() + data.elementBytes);
      return data;
    }
    if (raw.size() != size) {
      why = "its literal has an unexpected size";
      return failure();
    }
    data.bytes.assign(raw.begin(), raw.end());
    return data;
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob) {
      why = "its resource blob is not available (elided)";
      return failure();
    }
    ArrayRef<char> raw = blob->getData();
    if (raw.size() != size) {
      why = "its resource blob has an unexpected size";
      return failure();
    }
    data.bytes.assign(raw.begin(), raw.end());
    data.preferResource = true;
    data.blobName = resource.getRawHandle().getKey().str();
    return data;
  }
  if (auto sparse = dyn_cast<SparseElementsAttr>(attr)) {
    DenseElementsAttr values = sparse.getValues();
    ArrayRef<char> raw = values.getRawData();
    int64_t count = values.getNumElements();
    if (!values.isSplat() && raw.size() != size_t(count) * data.elementBytes) {
      why = "its sparse values have an unexpected size";
      return failure();
    }
    ArrayRef<int64_t> shape = sparse.getType().getShape();
    data.bytes.assign(size, 0);
    auto index = sparse.getIndices().getValues<int64_t>().begin();
    for (int64_t i = 0; i < count; ++i) {
      int64_t linear = 0;
      for (int64_t extent : shape) {
        int64_t coordinate = *index++;
        if (coordinate < 0 || coordinate >= extent) {
          why = "its sparse indices are out of bounds";
          return failure();
        }
        linear = linear * extent + coordinate;
      }
      const char *element =
          raw.data() + (values.isSplat() ? 0 : i * data.elementBytes);
      std::memcpy(&data.bytes[size_t(linear) * data.elementBytes], element,
                  data.elementBytes);
    }
    data.preferResource = true;
    data.blobName = "sparse_weights";
    return data;
  }
  why = "its literal is not dense, sparse or a resource blob";
  return failure();
}

Value createConstant(OpBuilder &builder, Location loc, RankedTensorType type,
                     ArrayRef<char> bytes, bool asResource,
                     StringRef blobName) {
  TypedAttr attr;
  if (asResource) {
    unsigned bits = type.getElementType().getIntOrFloatBitWidth();
    AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
        bytes, std::max(1u, bits / 8));
    attr = DenseResourceElementsAttr::get(type, blobName, std::move(blob));
  } else {
    attr = DenseElementsAttr::getFromRawBuffer(type, bytes);
  }
  return arith::ConstantOp::create(builder, loc, attr);
}

void eraseIfDead(Value value) {
  // A set: an op may feed several operands of the ops erased here.
  llvm::SetVector<Operation *> worklist;
  if (Operation *def = value.getDefiningOp())
    worklist.insert(def);
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    if (!isOpTriviallyDead(op))
      continue;
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp())
        worklist.insert(def);
    op->erase();
  }
}

std::string describe(const WeightMatrix &matrix) {
  return "'" + matrix.name + "' of '" +
         matrix.op->getName().getStringRef().str() + "'";
}

} // namespace spnc::event
