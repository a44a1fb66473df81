/*
 * qzmfasrv.h - Mail Server Framework APIs (service program QZMFASRV).
 *
 * All parameters by address, error code last (ibmi-reference §3.1).  IBM's
 * `long` counts are ILE 4-byte integers: `int` here.
 *
 * Every API of QZMFASRV is here (docs/qzmf.md).  The message content is
 * given in the descriptors: an ENVL0100 entry of type "MIME" holding the
 * RFC 5322 message, or an ATTL0100 entry of type "PATH" naming a file that
 * holds it.  QzmfRtvMailMsg and QzmfChgMailMsg work, as on IBM i, only
 * inside an exit program called for the message.
 */
#ifndef QZMFASRV_h
#define QZMFASRV_h

#ifndef QZMF_h
#include <qzmf.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

void QzmfCrtMailMsg(void *Msg_Id, void *Rsv_Msg_Id, char *Creation_Msg_Type,
                    void *Msg_Desc_Attrs, int *Num_Msg_Desc_Attrs, char *Format_Name,
                    void *Error_Code);
void QzmfRsvMailMsgId(void *Rsv_Msg_Id, char *Format_Name, void *Error_Code);
void QzmfQryMailMsgId(void *Msg_Id, char *Format_Name, char *Status, void *Error_Code);
void QzmfRmvRsvMailMsgId(void *Rsv_Msg_Id, char *Format_Name, void *Error_Code);
void QzmfCrtCmpMailMsg(void *Rsv_Msg_Id, char *Format_Name, void *Error_Code);
void QzmfRtvMailMsg(void *Msg_Id, void *Msg_Desc_Attrs, int *Num_Msg_Desc_Attrs,
                    char *Format_Name, void *Error_Code);
void QzmfChgMailMsg(void *Msg_Id, void *Msg_Desc_Attrs, int *Num_Msg_Desc_Attrs,
                    char *Format_Name, void *Error_Code);
void QzmfAddMailCfg(void *Type_Cfg, char *Format_Name, void *Error_Code);
void QzmfRmvMailCfg(void *Type_Cfg, char *Format_Name, void *Error_Code);
void QzmfLstMailCfg(void *Qual_User_Space, char *Format_Name, char *Type_Cfg_Format_Name,
                    void *Type_Cfg, void *Error_Code);

#ifdef __cplusplus
}
#endif

/* RCHL0100 recipient history entry. */
typedef struct QS_PACKED Qzmf_RCHL0100 {
    int  Entry_Length;
    int  SPIN_Displacement;
    int  SPIN_Length;
    int  Recipient_Displacement;
    int  Addr_Length;
    char Addr_Type[4];
    int  CCSID;
    char Msg_Type[4];
    int  Status;
    int  Dist_Type;
    int  Unique_Id;
    int  Recipient_Status_Flag;        /* 0 children, 1 parent */
    int  Parent_Unique_Id;
    int  Reserved;
} Qzmf_RCHL0100_t;

#endif
