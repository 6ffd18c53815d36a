/*===- rounding.c - Exact float rounding for generated code ------*- C -*-===*
 *
 * The Cortex-M4's FPv4 has no round-to-integral instructions (VRINT* came
 * with FPv5), so LLVM lowers llvm.floor/ceil/trunc/round/roundeven.f32 to
 * these calls. MLIR's math approximations use floor for range reduction;
 * the host computes it with an instruction, so these must be exact
 * (IEEE 754 roundToIntegral*, -0 and NaN included) for the PE to agree bit
 * for bit. They work on the bits: no FP arithmetic, no rounding mode.
 *
 *===----------------------------------------------------------------------===*/
#include "spnc_pe.h"

float floorf(float x);
float ceilf(float x);
float truncf(float x);
float roundf(float x);
float roundevenf(float x);

/* Rounds |x| (bits `u`, sign cleared elsewhere) to an integer in the
 * direction given: 0 = toward zero, 1 = away from zero, 2 = to nearest with
 * ties away, 3 = to nearest with ties to even. NaN and inf pass through;
 * integers are unchanged; the sign is kept (so -0.3 -> -0). */
static float round_bits(float x, int mode) {
  uint32_t u = spnc_float_bits(x);
  uint32_t sign = u & 0x80000000u;
  uint32_t magnitude = u & 0x7FFFFFFFu;
  int exponent = (int)(magnitude >> 23) - 127;
  if (exponent >= 23)
    return x; /* integral already, or inf/NaN */
  if (exponent < 0) {
    /* |x| < 1: 0 or 1. */
    if (magnitude == 0)
      return x;
    int one = 0;
    if (mode == 1)
      one = 1;
    else if (mode == 2)
      one = exponent == -1; /* |x| >= 0.5 */
    else if (mode == 3)
      one = exponent == -1 && magnitude != 0x3F000000u; /* > 0.5 */
    return spnc_bits_float(sign | (one ? 0x3F800000u : 0));
  }
  uint32_t fraction_mask = 0x007FFFFFu >> exponent;
  uint32_t fraction = magnitude & fraction_mask;
  if (fraction == 0)
    return x;
  uint32_t truncated = magnitude & ~fraction_mask;
  uint32_t unit = fraction_mask + 1; /* one in the last integral place */
  uint32_t half = unit >> 1;
  int up = 0;
  if (mode == 1)
    up = 1;
  else if (mode == 2)
    up = fraction >= half;
  else if (mode == 3)
    up = fraction > half || (fraction == half && (truncated & unit));
  /* Adding a unit may carry into the exponent: still the right value. */
  return spnc_bits_float(sign | (truncated + (up ? unit : 0)));
}

float truncf(float x) { return round_bits(x, 0); }
float roundf(float x) { return round_bits(x, 2); }
float roundevenf(float x) { return round_bits(x, 3); }

float floorf(float x) {
  return spnc_float_bits(x) >> 31 ? round_bits(x, 1) : round_bits(x, 0);
}

float ceilf(float x) {
  return spnc_float_bits(x) >> 31 ? round_bits(x, 0) : round_bits(x, 1);
}
