//===- UnicornCompat.cpp - Upstream Unicorn fix for older releases --------===//
//
// In Unicorn 2.0.x (Debian 12 ships 2.0.1) every guest store to RAM takes
// the slow path: the "not dirty" check calls page_collection_lock(), which
// builds and frees a GTree to lock the pages of translated code it might
// invalidate, although Unicorn's page locks do nothing. Upstream removed that
// work in 2.1.0 ("Ignore page_collection_lock", unicorn-engine/unicorn
// commit 75d26b7): page_collection_lock() returns NULL and
// page_collection_unlock() does nothing; every caller accepts that. Unicorn
// calls both through its PLT, so definitions here take their place in a
// 2.0.x library and behave exactly like 2.1's. Nothing the guest computes
// changes (the invalidation itself, tb_invalidate_phys_page_fast, still
// runs), and with 2.1 or later these are the functions it already has.
// docs/Simulator.md, "Speed", has the effect.
//
//===----------------------------------------------------------------------===//
#include "UnicornCompat.h"

extern "C" {

// The ARM instantiations (Unicorn suffixes QEMU's symbols per target).
__attribute__((visibility("default"))) void *
page_collection_lock_arm(void *uc, unsigned long long start,
                         unsigned long long end) {
  (void)uc;
  (void)start;
  (void)end;
  return nullptr;
}

__attribute__((visibility("default"))) void
page_collection_unlock_arm(void *pages) {
  (void)pages;
}

} // extern "C"

namespace spnc::sim {

bool unicornStoreFixLinked() {
  // Referenced from Simulator::create so the linker keeps this file.
  return page_collection_lock_arm(nullptr, 0, 0) == nullptr;
}

} // namespace spnc::sim
