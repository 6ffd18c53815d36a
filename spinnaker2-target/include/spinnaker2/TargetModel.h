//===- TargetModel.h - SpiNNaker 2 hardware as data -------------*- C++ -*-===//
//
// Reads description/spinnaker2.json. Mapping passes and the simulator ask
// this model for geometry, limits, latencies and energy constants; none of
// them hard-codes a hardware number. Plain C++ (no MLIR), so the simulator
// runtime links it too.
//
//===----------------------------------------------------------------------===//
#ifndef SPINNAKER2_TARGETMODEL_H
#define SPINNAKER2_TARGETMODEL_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spinnaker2 {

/// A processing element: QPE coordinates and the PE's index in its QPE,
/// written "qx.qy.qp" as the designers' software does.
struct PEId {
  int qx = 0, qy = 0, qp = 0;
  std::string str() const;
  bool operator==(const PEId &other) const {
    return qx == other.qx && qy == other.qy && qp == other.qp;
  }
  bool operator<(const PEId &other) const;
};

/// A chip on a board, in the board's hexagonal coordinates.
struct ChipCoord {
  int x = 0, y = 0;
  bool operator==(const ChipCoord &other) const {
    return x == other.x && y == other.y;
  }
};

struct DVFSLevel {
  std::string name;
  double voltage = 0;
  double frequencyHz = 0;
};

/// Chip power at a supply voltage, interpolated linearly between the two
/// measured voltages of the description.
struct ChipPower {
  double allPEsOffW = 0;
  double asleepW = 0;
  double allBusyW = 0;
  /// Dynamic power of one busy PE above sleep.
  double busyPEAboveSleepW = 0;
};

class ChipModel {
public:
  int qxMin = 0, qxMax = 0, qyMin = 0, qyMax = 0;
  int pesPerQPE = 0;
  uint32_t sramBytes = 0, sramCodeBytes = 0, sramDataBytes = 0;
  std::vector<DVFSLevel> dvfsLevels;
  std::string defaultDVFSLevel;
  uint32_t routerEntries = 0;
  int nocCyclesPerHop = 0;
  double nocFrequencyHz = 0;
  int chipLinkLatencyCycles = 0;
  int chipLinks = 0;
  /// The mesh position where packets enter and leave through chip links.
  int linkPortQX = 0, linkPortQY = 0;
  double energyPerPacketJ = 0;          // 32-bit key, no payload
  double energyPerPayloadPacketJ = 0;   // with a 32-bit payload
  double energyPerRouterBitJ = 0;

  bool hasQPE(int qx, int qy) const;
  /// Every PE of the chip, in row-major QPE order.
  const std::vector<PEId> &allPEs() const { return pes; }
  /// The PEs applications may use (all minus the reserved ones).
  const std::vector<PEId> &usablePEs() const { return usable; }
  bool isUsable(const PEId &pe) const;
  /// NoC hops between two QPEs under XY routing (0 inside one QPE).
  int hops(const PEId &from, const PEId &to) const;
  const DVFSLevel *findDVFSLevel(const std::string &name) const;
  ChipPower powerAt(double voltage) const;

private:
  friend struct TargetLoader;
  std::vector<std::pair<int, int>> holes;
  std::vector<PEId> pes, usable, reserved;
  double measuredVoltageLow = 0, measuredVoltageHigh = 0;
  ChipPower powerLow, powerHigh;
};

class SystemModel {
public:
  std::string name;
  ChipModel chip;
  std::vector<ChipCoord> chips;

  size_t numChips() const { return chips.size(); }
  /// Index of a chip, or nullopt.
  std::optional<size_t> findChip(ChipCoord coord) const;
  /// The chip reached through link `link` (0..5: E, NE, N, W, SW, S), or
  /// nullopt where the link leaves the system (a board's edge links lead to
  /// other boards, which spnc does not model).
  std::optional<size_t> neighbour(size_t chip, int link) const;
};

/// Loads the description at `path` and selects system `systemName`
/// ("chip" or "board48"). On failure returns nullopt and sets `error`.
std::optional<SystemModel> loadTarget(const std::string &path,
                                      const std::string &systemName,
                                      std::string &error);

/// The description installed with spnc (the source tree's copy; overridable
/// with the SPNC_TARGET_DESCRIPTION environment variable).
std::string defaultDescriptionPath();

} // namespace spinnaker2

#endif // SPINNAKER2_TARGETMODEL_H
