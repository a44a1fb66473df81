/*
 * cl/bin/qcl.c - run CL commands and CL programs from the shell.
 *
 *   qcl 'CMD ...'               run one command
 *   qcl 'CMD ?'                 print the command's prompt (parameters,
 *                               types, defaults, allowed values)
 *   qcl -f prog.clp [parm ...]  run a CL program with parameters
 *   qcl -x prog.clp spec ...    run it with parameters by reference, as an
 *   qcl -x -p LIB/PGM spec ...  exit program is called (cl/callx.h):
 *                               cN:text = CHAR(N) blank-padded, TAG=cN:text
 *                               the same, printed as TAG=value afterwards,
 *                               i:n = Binary(4), r = Binary(4) return code;
 *                               the exit status is the return code (0-99,
 *                               else 100), 125 if the program failed
 *   qcl                         interactive: one command per line, '+' or
 *                               '-' at the end continues it; history in
 *                               $QSYS_ROOT/qcl.history (!! repeats, !n runs
 *                               entry n, HISTORY lists it)
 *
 * Exit status 0 on success, 1 when the command or program ended in error,
 * 2 for bad usage.  Messages go to stderr as "MSGID: text", with the line
 * and column of a syntax or validation error.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cl/callx.h"
#include "cl/pgm.h"
#include "cl/run.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

#define HISTORY_MAX 500u

static void usage(void)
{
    fputs("usage: qcl 'COMMAND ...'\n"
          "       qcl 'COMMAND ?'\n"
          "       qcl -f program.clp [parameter ...]\n"
          "       qcl -x program.clp|-p LIB/PGM [TAG=]cN:text|i:n|r ...\n"
          "       qcl                 (interactive)\n", stderr);
}

/* "CMD ?" or "CMD PARM(X) ?": print the prompt of CMD.  1 if handled. */
static int try_prompt(const char *s, int *rc)
{
    size_t n = strlen(s), i = 0, k;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || s[n - 1] != '?')
        return 0;
    while (i < n && s[i] == ' ')
        i++;
    k = i;
    while (k < n && s[k] != ' ' && s[k] != '?' && s[k] != '(')
        k++;
    const char *name = s + i;
    size_t nl = k - i;
    const char *slash = memchr(name, '/', nl);
    if (slash) {
        nl -= (size_t)(slash + 1 - name);
        name = slash + 1;
    }
    const struct qs_cl_cmd *cmd = qs_cl_cmd_find(name, nl);
    if (!cmd) {
        char nm[11];
        qs_strlcpy(nm, name, nl + 1 < sizeof nm ? nl + 1 : sizeof nm);
        qs_str_upper(nm);
        struct qs_err err = QS_ERR_INIT;
        qs_err_set(&err, "CPD0030", nm, "*LIBL", (const char *)NULL);
        fprintf(stderr, "%s: %s\n", err.msgid, err.text);
        qs_err_clear(&err);
        *rc = 1;
        return 1;
    }
    qs_cl_prompt_print(cmd, stdout);
    *rc = 0;
    return 1;
}

static int run_one(struct qs_cl_env *env, const char *text)
{
    struct qs_err err = QS_ERR_INIT;
    int rc = 0;
    if (try_prompt(text, &rc))
        return rc;
    if (qs_cl_run_text(env, text, strlen(text), NULL, &err) < 0) {
        qs_cl_show(env, NULL, &err);
        qs_err_clear(&err);
        return 1;
    }
    return 0;
}

static char *history_path(void)
{
    struct qs_buf b;
    qs_buf_init(&b, QS_MAX_PATH);
    if (qs_root_path(&b, NULL, "qcl.history") < 0) {
        qs_buf_free(&b);
        return NULL;
    }
    return qs_buf_detach(&b, NULL);
}

struct history {
    char  **line;
    size_t  n;
};

static void history_load(struct history *h, const char *path)
{
    FILE *f = path ? fopen(path, "r") : NULL;
    char *ln = NULL;
    size_t cap = 0;
    ssize_t got;
    if (!f)
        return;
    while ((got = getline(&ln, &cap, f)) > 0) {
        if ((size_t)got > QS_MAX_CL_COMMAND)
            continue;
        if (ln[got - 1] == '\n')
            ln[got - 1] = '\0';
        if (h->n == HISTORY_MAX) {
            free(h->line[0]);
            memmove(h->line, h->line + 1, (h->n - 1) * sizeof *h->line);
            h->n--;
        }
        char **nl = realloc(h->line, (h->n + 1) * sizeof *nl);
        if (!nl)
            break;
        h->line = nl;
        if (!(h->line[h->n] = strdup(ln)))
            break;
        h->n++;
    }
    free(ln);
    fclose(f);
}

static void history_add(struct history *h, const char *path, const char *cmd)
{
    char **nl;
    if (strchr(cmd, '\n'))
        return;
    if (h->n == HISTORY_MAX) {
        free(h->line[0]);
        memmove(h->line, h->line + 1, (h->n - 1) * sizeof *h->line);
        h->n--;
    }
    nl = realloc(h->line, (h->n + 1) * sizeof *nl);
    if (!nl)
        return;
    h->line = nl;
    if (!(h->line[h->n] = strdup(cmd)))
        return;
    h->n++;
    if (path) {
        FILE *f = fopen(path, "a");
        if (f) {
            fprintf(f, "%s\n", cmd);
            fclose(f);
        }
    }
}

static int interactive(struct qs_cl_env *env)
{
    struct history h = { NULL, 0 };
    char *path = history_path();
    struct qs_buf cmd;
    char *ln = NULL;
    size_t cap = 0;
    ssize_t got;
    int tty = isatty(0), last = 0;

    history_load(&h, path);
    qs_buf_init(&cmd, QS_MAX_CL_COMMAND);
    env->show_comp = 1;
    for (;;) {
        if (tty)
            fputs(cmd.len ? "  > " : "===> ", stdout);
        fflush(stdout);
        if ((got = getline(&ln, &cap, stdin)) < 0)
            break;
        while (got > 0 && (ln[got - 1] == '\n' || ln[got - 1] == '\r'))
            ln[--got] = '\0';
        size_t n = (size_t)got;
        while (n > 0 && ln[n - 1] == ' ')
            n--;
        int cont = n > 0 && (ln[n - 1] == '+' || ln[n - 1] == '-');
        const char *part = ln;
        if (cmd.len && cmd.data[cmd.len - 1] == '\1') {  /* after '+': skip leading blanks */
            qs_buf_truncate(&cmd, cmd.len - 1);
            while (*part == ' ')
                part++;
        }
        if (qs_buf_add(&cmd, part, cont ? n - 1 - (size_t)(part - ln) : n - (size_t)(part - ln)) < 0) {
            fputs("CPD0074: command too long\n", stderr);
            qs_buf_reset(&cmd);
            continue;
        }
        if (cont) {
            if (ln[n - 1] == '+')
                qs_buf_addc(&cmd, '\1');
            continue;
        }
        const char *text = qs_buf_str(&cmd);
        while (*text == ' ')
            text++;
        if (*text == '\0') {
            qs_buf_reset(&cmd);
            continue;
        }
        char *owned = NULL;
        if (text[0] == '!') {
            long long k;
            if (strcmp(text, "!!") == 0 && h.n)
                owned = strdup(h.line[h.n - 1]);
            else if (qs_parse_ll(text + 1, strlen(text + 1), 1, (long long)h.n, &k) == 0)
                owned = strdup(h.line[k - 1]);
            if (!owned) {
                fprintf(stderr, "qcl: no history entry %s\n", text);
                qs_buf_reset(&cmd);
                continue;
            }
            fprintf(stdout, "%s\n", owned);
            text = owned;
        }
        if (qs_strcaseeq(text, "HISTORY")) {
            for (size_t i = 0; i < h.n; i++)
                printf("%5zu  %s\n", i + 1, h.line[i]);
        } else if (qs_strcaseeq(text, "EXIT") || qs_strcaseeq(text, "SIGNOFF")) {
            free(owned);
            break;
        } else {
            history_add(&h, path, text);
            last = run_one(env, text);
        }
        free(owned);
        qs_buf_reset(&cmd);
    }
    if (tty)
        fputc('\n', stdout);
    free(ln);
    qs_buf_free(&cmd);
    for (size_t i = 0; i < h.n; i++)
        free(h.line[i]);
    free(h.line);
    free(path);
    return last;
}

int main(int argc, char **argv)
{
    struct qs_cl_env env;
    int rc;

    qs_cl_env_init(&env, stdout, stderr);
    if (argc >= 3 && strcmp(argv[1], "-f") == 0) {
        struct qs_err err = QS_ERR_INIT;
        rc = qs_cl_pgm_run_file(&env, argv[2], (const char *const *)argv + 3,
                                (size_t)(argc - 3), &err) < 0;
        if (rc) {
            qs_cl_show(&env, argv[2], &err);
            qs_err_clear(&err);
        }
    } else if (argc >= 3 && strcmp(argv[1], "-x") == 0) {
        rc = qs_cl_callx_main(&env, argv + 2, argc - 2);
        if (rc == 2)
            usage();
    } else if (argc == 2 && argv[1][0] != '-') {
        env.show_comp = 1;
        rc = run_one(&env, argv[1]);
    } else if (argc == 1) {
        rc = interactive(&env);
    } else {
        usage();
        rc = 2;
    }
    qs_cl_env_free(&env);
    fflush(stdout);
    return rc;
}
