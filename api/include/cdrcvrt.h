/*
 * cdrcvrt.h - CDRCVRT, Convert a Graphic Character String (QSYSINC/H
 * CDRCVRT).  Twelve parameters, all by address:
 *
 *   CCSID1  from CCSID (0 = job)     ST1  0 = L1 bytes, 1 = NUL-terminated
 *   S1      input                    L1   input length (1-32767)
 *   CCSID2  to CCSID (0 = job)       ST2  0 = as is, 1 = NUL-terminate,
 *                                         2 = pad with the space of CCSID2
 *   GCCASN  conversion alternative   L2   output buffer length
 *   S2      output                   L3   (out) bytes converted
 *   L4      (out) padding bytes      FB   (out) 12-byte feedback code,
 *                                         all zero on success
 *
 * Binary(4) parameters are taken as void * so int and ILE long both fit
 * (docs/ile-c.md).  Feedback codes are qshim's (docs/ccsid.md): the first
 * two bytes are a severity (0 ok, 1 output truncated, 3 error).
 */
#ifndef CDRCVRT_h
#define CDRCVRT_h

#ifdef __cplusplus
extern "C" {
#endif

void CDRCVRT(void *ccsid1, void *st1, void *s1, void *l1, void *ccsid2, void *st2,
             void *gccasn, void *l2, void *s2, void *l3, void *l4, void *fb);

#ifdef __cplusplus
}
#endif

#endif
