/* The Intel Mac init host's fault handler (faults.c). */
#ifndef FAULTS_H
#define FAULTS_H

/* Installs it for SIGSEGV and SIGBUS: 0, or -1. */
int darwin_faults_start(void);

#endif
