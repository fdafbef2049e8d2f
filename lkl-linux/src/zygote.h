/* zygote.c: the process that starts every confined init host. */
#ifndef ZYGOTE_H
#define ZYGOTE_H

/* "lamina-init zygote": confines itself, then serves the kernel's requests
 * on its socket until the kernel hangs up. */
_Noreturn void zygote_main(void);

#endif
