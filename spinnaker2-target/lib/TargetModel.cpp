//===- TargetModel.cpp - SpiNNaker 2 hardware as data ---------------------===//
#include "spinnaker2/TargetModel.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <tuple>

using nlohmann::json;

namespace spinnaker2 {

std::string PEId::str() const {
  return std::to_string(qx) + "." + std::to_string(qy) + "." +
         std::to_string(qp);
}

bool PEId::operator<(const PEId &other) const {
  return std::tie(qy, qx, qp) < std::tie(other.qy, other.qx, other.qp);
}

bool ChipModel::hasQPE(int qx, int qy) const {
  if (qx < qxMin || qx > qxMax || qy < qyMin || qy > qyMax)
    return false;
  return std::find(holes.begin(), holes.end(), std::make_pair(qx, qy)) ==
         holes.end();
}

bool ChipModel::isUsable(const PEId &pe) const {
  return hasQPE(pe.qx, pe.qy) && pe.qp >= 0 && pe.qp < pesPerQPE &&
         std::find(reserved.begin(), reserved.end(), pe) == reserved.end();
}

int ChipModel::hops(const PEId &from, const PEId &to) const {
  return std::abs(from.qx - to.qx) + std::abs(from.qy - to.qy);
}

const DVFSLevel *ChipModel::findDVFSLevel(const std::string &name) const {
  for (const DVFSLevel &level : dvfsLevels)
    if (level.name == name)
      return &level;
  return nullptr;
}

ChipPower ChipModel::powerAt(double voltage) const {
  double span = measuredVoltageHigh - measuredVoltageLow;
  double t = span > 0 ? (voltage - measuredVoltageLow) / span : 0;
  t = std::clamp(t, 0.0, 1.0);
  auto lerp = [t](double low, double high) { return low + t * (high - low); };
  ChipPower power;
  power.allPEsOffW = powerLow.allPEsOffW;
  power.asleepW = lerp(powerLow.asleepW, powerHigh.asleepW);
  power.allBusyW = lerp(powerLow.allBusyW, powerHigh.allBusyW);
  power.busyPEAboveSleepW =
      lerp(powerLow.busyPEAboveSleepW, powerHigh.busyPEAboveSleepW);
  return power;
}

std::optional<size_t> SystemModel::findChip(ChipCoord coord) const {
  for (size_t i = 0; i < chips.size(); ++i)
    if (chips[i] == coord)
      return i;
  return std::nullopt;
}

std::optional<size_t> SystemModel::neighbour(size_t chip, int link) const {
  static const int dx[6] = {1, 1, 0, -1, -1, 0};
  static const int dy[6] = {0, 1, 1, 0, -1, -1};
  if (chip >= chips.size() || link < 0 || link >= 6)
    return std::nullopt;
  return findChip({chips[chip].x + dx[link], chips[chip].y + dy[link]});
}

/// Reads fields, remembering the path of the first missing or mistyped one.
struct TargetLoader {
  std::string error;

  const json *at(const json &object, const char *key, const std::string &path) {
    if (!error.empty())
      return nullptr;
    if (!object.is_object() || !object.contains(key)) {
      error = "missing '" + path + "." + key + "'";
      return nullptr;
    }
    return &object.at(key);
  }

  /// The "value" of a tagged entry.
  const json *value(const json &object, const char *key,
                    const std::string &path) {
    const json *entry = at(object, key, path);
    if (!entry)
      return nullptr;
    return at(*entry, "value", path + "." + key);
  }

  template <typename T>
  T number(const json &object, const char *key, const std::string &path) {
    const json *field = value(object, key, path);
    if (!field)
      return T();
    if (!field->is_number()) {
      error = "'" + path + "." + key + "' must be a number";
      return T();
    }
    return field->get<T>();
  }

  double byVoltage(const json &object, const char *key, const char *voltage,
                   const std::string &path) {
    const json *field = value(object, key, path);
    if (!field)
      return 0;
    if (!field->contains(voltage) || !(*field)[voltage].is_number()) {
      error = "'" + path + "." + key + "' has no number for " + voltage + " V";
      return 0;
    }
    return (*field)[voltage].get<double>();
  }

  bool loadChip(const json &chipJson, ChipModel &chip) {
    const std::string path = "chip";
    const json *grid = at(chipJson, "qpe_grid", path);
    if (!grid)
      return false;
    const json *xRange = value(*grid, "x_range", path + ".qpe_grid");
    const json *yRange = value(*grid, "y_range", path + ".qpe_grid");
    const json *holes = value(*grid, "holes", path + ".qpe_grid");
    if (!xRange || !yRange || !holes)
      return false;
    try {
      chip.qxMin = (*xRange)[0].get<int>();
      chip.qxMax = (*xRange)[1].get<int>();
      chip.qyMin = (*yRange)[0].get<int>();
      chip.qyMax = (*yRange)[1].get<int>();
      for (const json &hole : *holes)
        chip.holes.emplace_back(hole[0].get<int>(), hole[1].get<int>());
    } catch (const json::exception &e) {
      error = "malformed 'chip.qpe_grid': " + std::string(e.what());
      return false;
    }
    chip.pesPerQPE = number<int>(chipJson, "pes_per_qpe", path);
    chip.sramBytes = number<uint32_t>(chipJson, "sram_per_pe_bytes", path);
    chip.sramCodeBytes = number<uint32_t>(chipJson, "sram_code_bytes", path);
    chip.sramDataBytes = number<uint32_t>(chipJson, "sram_data_bytes", path);

    const json *dvfs = at(chipJson, "dvfs_levels", path);
    if (dvfs) {
      try {
        for (const json &level : dvfs->at("value"))
          chip.dvfsLevels.push_back({level.at("name").get<std::string>(),
                                     level.at("voltage_v").get<double>(),
                                     level.at("frequency_hz").get<double>()});
        chip.defaultDVFSLevel = dvfs->at("default").get<std::string>();
      } catch (const json::exception &e) {
        error = "malformed 'chip.dvfs_levels': " + std::string(e.what());
      }
    }

    if (const json *router = at(chipJson, "router", path))
      chip.routerEntries = number<uint32_t>(*router, "entries", path + ".router");
    if (const json *noc = at(chipJson, "noc", path)) {
      chip.nocCyclesPerHop = number<int>(*noc, "cycles_per_hop", path + ".noc");
      chip.nocFrequencyHz = number<double>(*noc, "frequency_hz", path + ".noc");
    }
    if (const json *links = at(chipJson, "chip_links", path)) {
      chip.chipLinks = number<int>(*links, "count", path + ".chip_links");
      chip.chipLinkLatencyCycles =
          number<int>(*links, "latency_cycles", path + ".chip_links");
      if (const json *port = value(*links, "port_qpe", path + ".chip_links")) {
        if (!port->is_array() || port->size() != 2 || !(*port)[0].is_number() ||
            !(*port)[1].is_number()) {
          error = "'chip.chip_links.port_qpe' must be [qx, qy]";
        } else {
          chip.linkPortQX = (*port)[0].get<int>();
          chip.linkPortQY = (*port)[1].get<int>();
        }
      }
    }
    if (const json *power = at(chipJson, "power", path)) {
      std::string powerPath = path + ".power";
      double off = number<double>(*power, "all_pes_off_w", powerPath);
      chip.measuredVoltageLow = 0.5;
      chip.measuredVoltageHigh = 0.8;
      chip.powerLow = {off, byVoltage(*power, "pes_asleep_w", "0.5", powerPath),
                       byVoltage(*power, "all_pes_busy_w", "0.5", powerPath),
                       byVoltage(*power, "busy_pe_above_sleep_w", "0.5", powerPath)};
      chip.powerHigh = {off, byVoltage(*power, "pes_asleep_w", "0.8", powerPath),
                        byVoltage(*power, "all_pes_busy_w", "0.8", powerPath),
                        byVoltage(*power, "busy_pe_above_sleep_w", "0.8", powerPath)};
      chip.energyPerRouterBitJ =
          number<double>(*power, "energy_per_router_bit_j", powerPath);
      if (const json *packet = value(*power, "energy_per_packet_j", powerPath)) {
        chip.energyPerPacketJ = packet->value("no_payload", 0.0);
        chip.energyPerPayloadPacketJ = packet->value("payload_32", 0.0);
      }
    }
    if (!error.empty())
      return false;

    for (int qy = chip.qyMin; qy <= chip.qyMax; ++qy)
      for (int qx = chip.qxMin; qx <= chip.qxMax; ++qx)
        if (chip.hasQPE(qx, qy))
          for (int qp = 0; qp < chip.pesPerQPE; ++qp)
            chip.pes.push_back({qx, qy, qp});
    int expectedPEs = number<int>(chipJson, "total_pes", path);
    if (error.empty() && static_cast<int>(chip.pes.size()) != expectedPEs) {
      error = "the QPE grid has " + std::to_string(chip.pes.size()) +
              " PEs but 'chip.total_pes' says " + std::to_string(expectedPEs);
      return false;
    }
    if (const json *reserved = at(chipJson, "reserved_pes", path)) {
      for (const json &pe : reserved->at("value"))
        chip.reserved.push_back(
            {pe[0].get<int>(), pe[1].get<int>(), pe[2].get<int>()});
    }
    for (const PEId &pe : chip.pes)
      if (chip.isUsable(pe))
        chip.usable.push_back(pe);
    if (chip.sramCodeBytes + chip.sramDataBytes > chip.sramBytes) {
      error = "code + data SRAM exceeds the PE's SRAM";
      return false;
    }
    if (!chip.findDVFSLevel(chip.defaultDVFSLevel)) {
      error = "default DVFS level '" + chip.defaultDVFSLevel + "' is not listed";
      return false;
    }
    return error.empty();
  }

  bool loadSystem(const json &systems, const std::string &name,
                  SystemModel &system) {
    if (!systems.contains(name)) {
      error = "unknown target system '" + name + "' (expected one of:";
      for (auto it = systems.begin(); it != systems.end(); ++it)
        error += " " + it.key();
      error += ")";
      return false;
    }
    const json &entry = systems.at(name);
    try {
      if (entry.contains("chips")) {
        for (const json &chip : entry.at("chips"))
          system.chips.push_back({chip[0].get<int>(), chip[1].get<int>()});
      } else {
        for (const json &row : entry.at("rows")) {
          int y = row.at("y").get<int>();
          for (int x = row.at("x")[0].get<int>(); x <= row.at("x")[1].get<int>();
               ++x)
            system.chips.push_back({x, y});
        }
      }
    } catch (const json::exception &e) {
      error = "malformed system '" + name + "': " + e.what();
      return false;
    }
    if (system.chips.empty()) {
      error = "system '" + name + "' has no chips";
      return false;
    }
    system.name = name;
    return true;
  }
};

std::optional<SystemModel> loadTarget(const std::string &path,
                                      const std::string &systemName,
                                      std::string &error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot open target description '" + path + "'";
    return std::nullopt;
  }
  json document = json::parse(in, nullptr, /*allow_exceptions=*/false,
                              /*ignore_comments=*/true);
  if (document.is_discarded()) {
    error = "'" + path + "' is not valid JSON";
    return std::nullopt;
  }
  TargetLoader loader;
  SystemModel system;
  const json *chip = loader.at(document, "chip", "");
  const json *systems = loader.at(document, "systems", "");
  if (!chip || !systems || !loader.loadChip(*chip, system.chip) ||
      !loader.loadSystem(*systems, systemName, system)) {
    error = "'" + path + "': " + loader.error;
    return std::nullopt;
  }
  return system;
}

std::string defaultDescriptionPath() {
  if (const char *overridePath = std::getenv("SPNC_TARGET_DESCRIPTION"))
    return overridePath;
  return SPINNAKER2_DESCRIPTION_PATH;
}

} // namespace spinnaker2
