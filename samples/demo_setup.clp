/* DEMOSETUP - qshim demo: a mail user and a run counter in a data area.  */
/* Written as shop CL is: MONMSG handles "already exists" and "not found". */
             PGM        PARM(&USER)
             DCL        VAR(&USER)    TYPE(*CHAR) LEN(10)
             DCL        VAR(&COUNT)   TYPE(*DEC)  LEN(5 0)
             DCL        VAR(&CHAR5)   TYPE(*CHAR) LEN(5)
             DCL        VAR(&JOB)     TYPE(*CHAR) LEN(10)
             DCL        VAR(&NBR)     TYPE(*CHAR) LEN(6)

             RTVJOBA    JOB(&JOB) NBR(&NBR)
             SNDPGMMSG  MSG('Demo job' *BCAT &JOB *TCAT '/' *CAT &NBR +
                          *BCAT 'starting for user' *BCAT &USER)

             CRTUSRPRF  USRPRF(&USER) PASSWORD('demo-pass-1') +
                          TEXT('qshim demo mail user') SPCAUT(*NONE)
             MONMSG     MSGID(CPF2214) EXEC(SNDPGMMSG +
                          MSG('User' *BCAT &USER *BCAT 'exists already: kept'))

             /* The run counter: the first run finds no data area (CPF1015) */
             RTVDTAARA  DTAARA(QGPL/DEMORUNS) RTNVAR(&CHAR5)
             MONMSG     MSGID(CPF1015) EXEC(DO)
               CRTDTAARA  DTAARA(QGPL/DEMORUNS) TYPE(*CHAR) LEN(5) +
                            VALUE('00000') TEXT('qshim demo run counter')
               CHGVAR     VAR(&CHAR5) VALUE('00000')
             ENDDO
             CHGVAR     VAR(&COUNT) VALUE(&CHAR5)
             CHGVAR     VAR(&COUNT) VALUE(&COUNT + 1)
             CHGVAR     VAR(&CHAR5) VALUE(&COUNT)
             CHGDTAARA  DTAARA(QGPL/DEMORUNS) VALUE(&CHAR5)
             SNDPGMMSG  MSG('This is demo run number' *BCAT &CHAR5)
             DSPDTAARA  DTAARA(QGPL/DEMORUNS)
             DSPJOBLOG
             ENDPGM
