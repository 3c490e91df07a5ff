#ifndef ATTN_CEDITLINE_SHIM_H
#define ATTN_CEDITLINE_SHIM_H
#include <stdio.h>
#include <histedit.h>
#include <editline/readline.h>
#endif
