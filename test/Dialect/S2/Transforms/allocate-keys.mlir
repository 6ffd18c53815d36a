// RUN: spnc-opt %s --s2-allocate-keys | FileCheck %s --check-prefix=ABI
// RUN: spnc-opt %s --s2-allocate-keys=key-format=compact | FileCheck %s --check-prefix=COMPACT
// RUN: not spnc-opt %s --s2-allocate-keys=key-format=wide 2>&1 | FileCheck %s --check-prefix=FORMAT

// FORMAT: error: unknown key format 'wide' (abi or compact)

// abi.h's format: one source per slice, key = source << 19. The two slices
// of @a share an aligned zone of 2^20 keys (packed first: largest zones
// first), so keys increase with the units of a population.
// ABI: s2.slice @a units [0, 4) {{.*}} source 0 key 0x00000000 mask 0xfff80000
// ABI-NEXT: s2.slice @b units [0, 4) {{.*}} source 2 key 0x00100000 mask 0xfff80000
// ABI-NEXT: s2.slice @a units [4, 8) {{.*}} source 1 key 0x00080000 mask 0xfff80000

// Compact: the smallest blocks (4 units + the end-of-step key: 8 keys);
// sources number the blocks in key order.
// COMPACT: s2.slice @a units [0, 4) {{.*}} source 0 key 0x00000000 mask 0xfffffff8
// COMPACT-NEXT: s2.slice @b units [0, 4) {{.*}} source 2 key 0x00000010 mask 0xfffffff8
// COMPACT-NEXT: s2.slice @a units [4, 8) {{.*}} source 1 key 0x00000008 mask 0xfffffff8
func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @a cell units 8 rate 0.5 op "event.egru_step"
  s2.population @b matvec units 4 rate 1.0 op "linalg.matmul"
  s2.projection @a -> @b port "A" fan_out 4.0 packets 4.0 delay 0
  s2.slice @a units [0, 4) memory <weights = 1, state = 1, buffers = 1, code = 1>
  s2.slice @b units [0, 4) memory <weights = 1, state = 1, buffers = 1, code = 1>
  s2.slice @a units [4, 8) memory <weights = 1, state = 1, buffers = 1, code = 1>
}
