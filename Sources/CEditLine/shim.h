#ifndef ATTN_CEDITLINE_SHIM_H
#define ATTN_CEDITLINE_SHIM_H
#include <stdio.h>
#include <histedit.h>
#include <editline/readline.h>

/*
 * Swift cannot call C variadic functions, and libedit's el_set, el_wset,
 * el_get and history are all variadic. These fixed-argument inline wrappers
 * give Swift one entry point per operation the shell uses; each one passes
 * exactly the arguments libedit documents for that operation.
 */

/* The prompt function returns a wide string; `escape` brackets invisible
   sequences (colours) so libedit does not count them as columns. */
static inline int attn_el_set_prompt(EditLine *el, wchar_t *(*fn)(EditLine *), wchar_t escape) {
    return el_wset(el, EL_PROMPT_ESC, fn, escape);
}

static inline int attn_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

static inline int attn_el_set_terminal(EditLine *el, const char *type) {
    return el_set(el, EL_TERMINAL, type);
}

static inline int attn_el_set_signal(EditLine *el, int handle) {
    return el_set(el, EL_SIGNAL, handle);
}

/* 1: put the terminal in edit mode now (libedit's tty_rawmode); 0: back to
   the mode it had. el_wgets itself only does it after drawing the prompt. */
static inline int attn_el_prep_term(EditLine *el, int edit) {
    return el_set(el, EL_PREP_TERM, edit);
}

static inline int attn_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

static inline void *attn_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

static inline int attn_el_addfn(EditLine *el, const char *name, const char *help,
                                unsigned char (*fn)(EditLine *, int)) {
    return el_set(el, EL_ADDFN, name, help, fn);
}

static inline int attn_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, (const char *)NULL);
}

/* One stty-style setting for one mode, e.g. ("-d", "-isig"). */
static inline int attn_el_settty(EditLine *el, const char *mode, const char *setting) {
    return el_set(el, EL_SETTY, mode, setting, (const char *)NULL);
}

static inline int attn_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}

static inline int attn_history_setsize(History *h, int size) {
    HistEvent ev;
    return history(h, &ev, H_SETSIZE, size);
}

static inline int attn_history_setunique(History *h, int unique) {
    HistEvent ev;
    return history(h, &ev, H_SETUNIQUE, unique);
}

static inline int attn_history_enter(History *h, const char *entry) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, entry);
}

static inline int attn_history_clear(History *h) {
    HistEvent ev;
    return history(h, &ev, H_CLEAR);
}

static inline int attn_history_count(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_GETSIZE) < 0) return -1;
    return ev.num;
}

#endif
