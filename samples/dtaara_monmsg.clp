/* samples/dtaara_monmsg.clp - a data area changed from a CL program, with  */
/* MONMSG handling the failures.  Run: qcl -f samples/dtaara_monmsg.clp     */
PGM
  DCL VAR(&HOST) TYPE(*CHAR) LEN(30)
  DCL VAR(&PFX) TYPE(*CHAR) LEN(4)
  DCL VAR(&AMT) TYPE(*DEC) LEN(7 2)

  CRTDTAARA DTAARA(QGPL/MAILCFG) TYPE(*CHAR) LEN(30) +
            VALUE('mail.example.com') TEXT('Mail host')
  MONMSG MSGID(CPF1023)                 /* already there: fine */

  CHGDTAARA DTAARA(MAILCFG (1 4)) VALUE(smtp)
  RTVDTAARA DTAARA(MAILCFG) RTNVAR(&HOST)
  RTVDTAARA DTAARA(MAILCFG (1 4)) RTNVAR(&PFX)

  CHGDTAARA DTAARA(NOSUCH) VALUE(x)
  MONMSG MSGID(CPF1015) EXEC(DO)        /* missing: create it instead */
    CRTDTAARA DTAARA(QGPL/NOSUCH) TYPE(*CHAR) LEN(10) VALUE(x)
  ENDDO

  CRTDTAARA DTAARA(QGPL/COUNTER) TYPE(*DEC) LEN(7 2) VALUE(0)
  MONMSG MSGID(CPF1023)
  RTVDTAARA DTAARA(COUNTER) RTNVAR(&AMT)
  CHGVAR VAR(&AMT) VALUE(&AMT + 1.25)
  CHGDTAARA DTAARA(COUNTER) VALUE(&AMT)
ENDPGM
