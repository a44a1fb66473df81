/* INVMAIL - mail this job's invoice report as a PDF, the way shops do   */
/* it on IBM i: CPYSPLF to a PDF stream file, SNDSMTPEMM with the PDF    */
/* attached, then DLTSPLF.  Runs unchanged under qshim: qcl -f invmail.clp */
PGM
  CPYSPLF    FILE(QSYSPRT) TOFILE(*TOSTMF) JOB(*) SPLNBR(*LAST) +
               TOSTMF('/tmp/invoice.pdf') WSCST(*PDF) STMFOPT(*REPLACE)
  SNDSMTPEMM RCP((cust@example.com)) SUBJECT('Your invoice') +
               NOTE('Dear customer, please find your invoice attached.') +
               ATTACH(('/tmp/invoice.pdf' *PDF *BIN))
  DLTSPLF    FILE(QSYSPRT) JOB(*) SPLNBR(*LAST)
ENDPGM
