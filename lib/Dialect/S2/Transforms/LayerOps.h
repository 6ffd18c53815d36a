//===- LayerOps.h - What the mapping passes know about layer ops -*- C++ -*-===//
//
// The mapping passes see a step function as a graph of layer ops. This file
// says, for each op kind they support, how it is cut into units (the output
// units of a slice), which operands are constant weight matrices (and how a
// unit's rows are laid out in them), which operands carry data from other
// populations or the host, and how much per-unit state it keeps. It also
// reads the non-zero pattern of constant weights (dense, splat, resource
// blobs, sparse), which both the fan-outs (s2-build-populations) and the
// memory model (s2-partition) come from.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_LIB_DIALECT_S2_TRANSFORMS_LAYEROPS_H
#define SPNC_LIB_DIALECT_S2_TRANSFORMS_LAYEROPS_H

#include "spnc/Dialect/S2/S2Dialect.h"

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spnc::s2 {

/// The non-zero pattern of a constant matrix (rank 2; a vector is one row).
struct NonZeros {
  int64_t rows = 0, cols = 0;
  /// Every entry non-zero (a non-zero splat, or weights the mapper cannot
  /// read, which are counted as dense), or every entry zero.
  enum Kind { AllZero, AllNonZero, Pattern } kind = AllNonZero;
  std::vector<uint8_t> bits; // rows * cols, row-major, when Pattern
  /// Bytes per element.
  unsigned elementBytes = 4;
  /// False when the values were not readable and are assumed dense.
  bool known = true;

  bool at(int64_t row, int64_t col) const {
    if (kind != Pattern)
      return kind == AllNonZero;
    return bits[row * cols + col];
  }
};

/// The constant a value is, looking through shape-only ops (expand/collapse
/// shape, tensor.cast), or null.
mlir::Attribute getConstantAttr(mlir::Value value);

/// The non-zero pattern of constant `value` viewed as `rows` x `cols`
/// (row-major), looking through event.dequantize (the pattern of its
/// integers, less the rows whose scale is zero). A value that is constant
/// but not readable (computed from constants, an elided resource) is
/// counted as dense (`known` = false).
NonZeros readNonZeros(mlir::Value value, int64_t rows, int64_t cols);

/// Bytes of one element of a shaped value (4 for anything unusual).
unsigned elementBytes(mlir::Value value);

/// How a constant weight matrix is stored on a PE: bytes per weight and,
/// for a quantised matrix (event.dequantize: i8 weights, f32 scales), bytes
/// of the scale of each stored row.
struct WeightStorage {
  unsigned elementBytes = 4;
  unsigned rowScaleBytes = 0;
};
WeightStorage weightStorage(mlir::Value value);

/// Which values of a function body depend on the function's arguments or
/// on recurrent state (event.state_read); the others are constants computed
/// at compile time (weights, biases, clamped thresholds).
class Constness {
public:
  explicit Constness(mlir::Block &body);
  bool isConstant(mlir::Value value) const { return !dynamic.contains(value); }

private:
  llvm::DenseSet<mlir::Value> dynamic;
};

/// How a population's units map onto one constant weight matrix.
struct WeightOperand {
  std::string name;   // the operand, e.g. "W"
  mlir::Value value;
  /// Units are columns of the matrix (x * B) instead of row blocks.
  bool unitsAreColumns = false;
  /// Row blocks: unit u owns rows u + k * units for k < gates.
  unsigned gates = 1;
  /// The matrix is read per source (an event from input j walks column j),
  /// so it may be stored as per-source-row CSR; false: dense only (a
  /// gather reads a row of the table).
  bool eventDriven = true;
  /// Inputs (columns of the unit's rows, or rows for unitsAreColumns).
  int64_t inputs() const;
  /// The matrix shape as stored.
  int64_t rows = 0, cols = 0;
};

/// How a data operand (from another population, the host or state) is used.
enum class InputUse {
  /// Through weight matrix `weight` (every unit may read every input).
  Matrix,
  /// Input unit i goes to unit i only.
  Elementwise,
  /// Every unit needs the whole value (vector ops, a gather's index).
  Whole,
};

struct DataOperand {
  std::string port;   // operand name, e.g. "x", "y_prev"
  mlir::Value value;
  InputUse use = InputUse::Elementwise;
  int weight = -1; // index into LayerInfo::weights for Matrix
};

/// A layer op (or a cluster of linalg ops) as the mapping passes see it.
struct LayerInfo {
  PopulationKind kind = PopulationKind::vector;
  std::string mnemonic; // population name prefix: egru, matmul, vector, ...
  int64_t units = 0;
  std::vector<WeightOperand> weights;
  std::vector<DataOperand> inputs;
  /// Constants other than the weights (biases, thresholds): bytes per unit
  /// for unit-parallel kinds, whole bytes for vector populations.
  uint64_t paramBytesPerUnit = 0;
  uint64_t fixedBytes = 0;
  /// Intermediate values of a vector population (whole bytes).
  uint64_t fixedStateBytes = 0;
  /// Per-unit state values (internal state, accumulators, the output).
  unsigned stateValuesPerUnit = 0;
  unsigned elementBytes = 4;
  /// Events (activity-dependent) or dense values (every unit every step).
  bool sendsEvents = false;
  /// Estimated size of the PE program.
  uint64_t codeBytes = 0;
  /// The ops of the population (one, or the members of a cluster).
  llvm::SmallVector<mlir::Operation *> ops;
};

/// Ops that only move a value between views (events <-> dense, shapes):
/// their result belongs to the population of their operand.
bool isGlueOp(mlir::Operation *op);

/// True if `op` is a supported layer op (a cell step, an event generator,
/// an event-driven accumulate, a matmul/matvec/vecmat with one constant
/// operand, or a gather from a constant table). `isConstant` says whether a
/// value is computed from constants only.
bool isLayerOp(mlir::Operation *op,
               llvm::function_ref<bool(mlir::Value)> isConstant);

/// Describes layer op `op`. Emits a diagnostic naming the op and returns
/// nullopt when it cannot be mapped (a batch above 1, non-constant weights,
/// an unexpected shape).
std::optional<LayerInfo>
describeLayerOp(mlir::Operation *op,
                llvm::function_ref<bool(mlir::Value)> isConstant);

/// Describes a group of other linalg ops (`members` in program order, as
/// s2-build-populations groups them): `elementwise` if every member is
/// elementwise over one shape, otherwise `vector` (one PE). `inputs` are the values the cluster reads
/// from outside (not constants), `outputs` the values used outside it.
std::optional<LayerInfo>
describeCluster(llvm::ArrayRef<mlir::Operation *> members,
                llvm::ArrayRef<mlir::Value> inputs,
                llvm::ArrayRef<mlir::Value> outputs,
                llvm::function_ref<bool(mlir::Value)> isConstant);

/// The shape `op` is elementwise over, if it is a linalg op whose results and
/// non-constant operands all have one static shape [N] or [1, N] with
/// identity indexing maps (constants may broadcast): such ops are
/// unit-parallel over the N units.
std::optional<llvm::SmallVector<int64_t>>
elementwiseShape(mlir::Operation *op,
                 llvm::function_ref<bool(mlir::Value)> isConstant);

/// The constant tensors `op` reads (operands and values its regions
/// capture), excluding tensor.empty.
llvm::SmallVector<mlir::Value>
constantsOf(mlir::Operation *op,
            llvm::function_ref<bool(mlir::Value)> isConstant);

/// The value behind a chain of glue ops.
mlir::Value stripGlue(mlir::Value value);

/// The non-glue users of `value`, looking through glue ops; `returned` is
/// set if it (or a view of it) is returned.
llvm::SmallVector<mlir::Operation *> usersThroughGlue(mlir::Value value,
                                                      bool *returned = nullptr);

/// Describes the ops of one population: a single layer op, or a cluster of
/// other linalg ops (whose inputs and outputs are found here).
std::optional<LayerInfo> describePopulationOps(
    llvm::ArrayRef<mlir::Operation *> ops, const Constness &constness);

/// Average number of units one input reaches through weight `w` (non-zero
/// weights of its column among each unit's rows).
double fanOutThrough(const WeightOperand &w, int64_t units);

/// Per unit: the non-zero weights of its rows (or column) in `w`.
std::vector<uint64_t> nonZerosPerUnit(const WeightOperand &w, int64_t units,
                                      bool *known = nullptr);

/// Bytes of a statically shaped tensor value (0 if not one).
uint64_t tensorBytes(mlir::Value value);

/// Elements of a statically shaped tensor value (0 if not one).
int64_t tensorElements(mlir::Value value);

} // namespace spnc::s2

#endif // SPNC_LIB_DIALECT_S2_TRANSFORMS_LAYEROPS_H
