//===- Mapper.h - Partition, place, allocate keys, route, compress -*- C++ -*-===//
//
// The whole mapping flow in one call, with its report. The MLIR passes may
// call the steps one by one instead (each header is self-contained).
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_MAPPING_MAPPER_H
#define SPNC_MAPPING_MAPPER_H

#include "spnc-mapping/Compression.h"
#include "spnc-mapping/Keys.h"
#include "spnc-mapping/Partition.h"
#include "spnc-mapping/Placement.h"
#include "spnc-mapping/Routing.h"

namespace spnc::mapping {

struct MapOptions {
  PartitionOptions partition;
  PlacementOptions placement;
  KeyOptions keys;
  CompressOptions compression;
  /// Treat keys outside every slice's block as never sent (don't care) when
  /// compressing; false keeps missed keys missed (strict).
  bool unallocatedKeysDontCare = false;
};

struct MappingReport {
  double partitionSeconds = 0, placementSeconds = 0, keySeconds = 0,
         routingSeconds = 0, compressSeconds = 0, checkSeconds = 0,
         totalSeconds = 0;
  uint32_t slices = 0, pesUsed = 0, pesLowerBound = 0, pesAvailable = 0;
  uint32_t chipsUsed = 0;
  /// Hop-weighted traffic (packets per step x tree edges).
  double trafficNaive = 0, trafficPlaced = 0, trafficLowerBound = 0;
  /// Unweighted tree edges (sum over sources).
  uint64_t hops = 0, hopsNaive = 0, hopsLowerBound = 0;
  size_t entriesBefore = 0, entriesAfter = 0, largestTable = 0;
  uint32_t entryLimit = 0;
  uint64_t checkedCubes = 0;
  std::vector<MemoryRow> memory;

  std::string str(const spinnaker2::ChipModel &chip) const;
};

struct Mapping {
  PartitionResult partition;
  PlacementResult placement;
  KeyAllocation keys;
  RoutingResult routing;    // uncompressed tables
  CompressedTables tables;  // what the routers get
  MappingReport report;
};

Result<Mapping> mapGraph(const PopulationGraph &graph, const CostFunction &cost,
                         const spinnaker2::SystemModel &system,
                         const MapOptions &options = {});

/// Keys no slice block covers, as cubes (the don't-care set of
/// MapOptions::unallocatedKeysDontCare; excludes the control range).
std::vector<Cube> unallocatedKeys(const KeyAllocation &keys);

} // namespace spnc::mapping

#endif // SPNC_MAPPING_MAPPER_H
