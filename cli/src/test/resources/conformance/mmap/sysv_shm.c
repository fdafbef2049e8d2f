/* System V shared memory: a private segment shared with a child, IPC_STAT, IPC_RMID. */
#include <sys/shm.h>
#include "../conf.h"
int main(void)
{
	int id = check("shmget", shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600));
	int *p = shmat(id, NULL, 0);
	yes("attached", p != (void *)-1);
	if (fork() == 0) {
		*p = 7;
		_exit(0);
	}
	wait(NULL);
	value("seen", *p);
	struct shmid_ds ds;
	check("IPC_STAT", shmctl(id, IPC_STAT, &ds));
	printf("size %lu nattch %lu cpid==getpid %s mode %o\n", (unsigned long)ds.shm_segsz, (unsigned long)ds.shm_nattch,
	       ds.shm_cpid == getpid() ? "yes" : "no", ds.shm_perm.mode & 0777);
	check("shmdt", shmdt(p));
	check("IPC_RMID", shmctl(id, IPC_RMID, NULL));
	check("IPC_STAT removed", shmctl(id, IPC_STAT, &ds));
	return 0;
}
