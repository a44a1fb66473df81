/*
 * qtqcvrt.h - QTQCVRT, the same twelve-parameter interface as CDRCVRT
 * (see cdrcvrt.h).
 */
#ifndef QTQCVRT_h
#define QTQCVRT_h

#ifdef __cplusplus
extern "C" {
#endif

void QTQCVRT(void *ccsid1, void *st1, void *s1, void *l1, void *ccsid2, void *st2,
             void *gccasn, void *l2, void *s2, void *l3, void *l4, void *fb);

#ifdef __cplusplus
}
#endif

#endif
