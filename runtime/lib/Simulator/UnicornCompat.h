//===- UnicornCompat.h - Upstream Unicorn fix for older releases -*- C++ -*-===//
//
// See UnicornCompat.cpp: a 2.1.0 performance fix that also applies to the
// Unicorn 2.0.x the simulator may be linked with.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_RUNTIME_SIMULATOR_UNICORNCOMPAT_H
#define SPNC_RUNTIME_SIMULATOR_UNICORNCOMPAT_H

extern "C" {
void *page_collection_lock_arm(void *uc, unsigned long long start,
                               unsigned long long end);
void page_collection_unlock_arm(void *pages);
}

namespace spnc::sim {
/// True; calling it keeps the definitions in the link.
bool unicornStoreFixLinked();
} // namespace spnc::sim

#endif // SPNC_RUNTIME_SIMULATOR_UNICORNCOMPAT_H
