/* vdso_clocks.c built static: it calls the host's vDSO itself (compat mode). */
#include "vdso_clocks.c"
