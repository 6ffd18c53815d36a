/*===- libc.c - The few libc functions a PE program gets ---------*- C -*-===*
 *
 * Compilers emit calls to memcpy/memset (and the ARM EABI aliases) for
 * struct copies and large initialisations, so the runtime provides them.
 * Built with -ffreestanding, so the loops are not turned back into calls.
 *
 *===----------------------------------------------------------------------===*/
#include "spnc_pe.h"

void *memcpy(void *dest, const void *src, size_t n) {
  unsigned char *d = (unsigned char *)dest;
  const unsigned char *s = (const unsigned char *)src;
  if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
    for (; n >= 4; n -= 4, d += 4, s += 4)
      *(uint32_t *)(void *)d = *(const uint32_t *)(const void *)s;
  }
  while (n--)
    *d++ = *s++;
  return dest;
}

void *memmove(void *dest, const void *src, size_t n) {
  unsigned char *d = (unsigned char *)dest;
  const unsigned char *s = (const unsigned char *)src;
  if (d == s || n == 0)
    return dest;
  if (d < s || d >= s + n)
    return memcpy(dest, src, n);
  while (n--)
    d[n] = s[n];
  return dest;
}

void *memset(void *dest, int value, size_t n) {
  unsigned char *d = (unsigned char *)dest;
  unsigned char byte = (unsigned char)value;
  if (((uintptr_t)d & 3) == 0) {
    uint32_t word = byte * 0x01010101u;
    for (; n >= 4; n -= 4, d += 4)
      *(uint32_t *)(void *)d = word;
  }
  while (n--)
    *d++ = byte;
  return dest;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *x = (const unsigned char *)a;
  const unsigned char *y = (const unsigned char *)b;
  for (size_t i = 0; i < n; ++i)
    if (x[i] != y[i])
      return x[i] < y[i] ? -1 : 1;
  return 0;
}

/* ARM run-time ABI names (note the argument order of __aeabi_memset). */
void __aeabi_memcpy(void *dest, const void *src, size_t n) {
  memcpy(dest, src, n);
}
void __aeabi_memcpy4(void *dest, const void *src, size_t n) {
  memcpy(dest, src, n);
}
void __aeabi_memcpy8(void *dest, const void *src, size_t n) {
  memcpy(dest, src, n);
}
void __aeabi_memmove(void *dest, const void *src, size_t n) {
  memmove(dest, src, n);
}
void __aeabi_memmove4(void *dest, const void *src, size_t n) {
  memmove(dest, src, n);
}
void __aeabi_memmove8(void *dest, const void *src, size_t n) {
  memmove(dest, src, n);
}
void __aeabi_memset(void *dest, size_t n, int value) { memset(dest, value, n); }
void __aeabi_memset4(void *dest, size_t n, int value) {
  memset(dest, value, n);
}
void __aeabi_memset8(void *dest, size_t n, int value) {
  memset(dest, value, n);
}
void __aeabi_memclr(void *dest, size_t n) { memset(dest, 0, n); }
void __aeabi_memclr4(void *dest, size_t n) { memset(dest, 0, n); }
void __aeabi_memclr8(void *dest, size_t n) { memset(dest, 0, n); }

void spnc_putc(char c) { SPNC_MMIO(SPNC_REG_CONSOLE) = (uint32_t)(unsigned char)c; }

void spnc_puts(const char *text) {
  while (*text)
    spnc_putc(*text++);
}

void spnc_put_hex(uint32_t value) {
  static const char digits[] = "0123456789abcdef";
  spnc_puts("0x");
  for (int shift = 28; shift >= 0; shift -= 4)
    spnc_putc(digits[(value >> shift) & 0xF]);
}
