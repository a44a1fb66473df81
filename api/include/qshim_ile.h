/*
 * qshim_ile.h - ILE C language idioms on gcc and clang.
 *
 * The pkg-config flags force-include this header (-include qshim_ile.h), so
 * that IBM i C sources compile unchanged and warning-free under -Wall:
 *
 *  - #pragma comment(copyright, ...), #pragma linkage, #pragma argument,
 *    #pragma map, #pragma datamodel, #pragma exception_handler and the other
 *    ILE-only pragmas are accepted and ignored (the unknown-pragma warnings are
 *    switched off for the translation unit; on clang `copyright` is mapped to
 *    a comment kind clang accepts).
 *  - _Packed: on clang, a _Packed struct gets IBM's byte layout via
 *    #pragma pack(1), which stays in force for the rest of the translation
 *    unit (include system headers first, as IBM programs do).  gcc cannot
 *    apply a pragma inside a declaration, so there _Packed is empty: a
 *    _Packed struct whose members are not naturally aligned must put
 *    QS_PACKED after the `struct` keyword.  qshim's own IBM structures are
 *    always declared with QS_PACKED and have IBM's offsets on both compilers.
 *    See docs/ile-c.md.
 *  - _Decimal(n,p) and decimal(n,p) (with <decimal.h>) are packed-decimal
 *    storage of IBM's size, n/2+1 bytes; values are read and written with the
 *    helpers in <qshim_decimal_ops.h>, since C has no packed-decimal literals.
 *  - ILE C `long` is 4 bytes; qshim headers declare IBM Binary(4) fields as
 *    int, so layouts keep IBM's offsets.
 */
#ifndef QSHIM_ILE_H
#define QSHIM_ILE_H

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#endif
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wunknown-pragmas"
#pragma clang diagnostic ignored "-Wignored-pragmas"
#pragma clang diagnostic ignored "-Wpragma-pack"
/* clang parses #pragma comment and rejects kinds it does not know */
#define copyright user
#endif

#if defined(__GNUC__) || defined(__clang__)
#define QS_PACKED __attribute__((__packed__))
#else
#define QS_PACKED
#endif

#ifndef _Packed
#if defined(__clang__)
#define _Packed _Pragma("pack(1)")
#else
#define _Packed
#endif
#endif

#include "qshim_decimal.h"
#define _Decimal(n, p) qs_decimal_##n##_##p

#endif
