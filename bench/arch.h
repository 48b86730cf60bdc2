/*
 * arch.h - the few machine primitives bench/ and the harness need: a cycle
 * counter, a spin-wait hint, the cache-line size and the kernel's non-LOCK
 * per-CPU read-modify-writes.  Each arch header
 * defines what it does better; arch/generic.h fills the gaps.
 */
#ifndef RSS_ARCH_H
#define RSS_ARCH_H

#if defined(__x86_64__) || defined(__i386__)
#include "arch/x86.h"
#elif defined(__aarch64__)
#include "arch/aarch64.h"
#endif
#include "arch/generic.h"

#define RSS_ALIGNED	__attribute__((aligned(RSS_CACHE_LINE)))

#endif /* RSS_ARCH_H */
