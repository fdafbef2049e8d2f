/* Explicit times by utimensat and futimens; UTIME_OMIT keeps one. */
#include "../conf.h"
int main(void)
{
	put("f", "x");
	struct timespec ts[2] = {{1000000000, 123456789}, {1200000000, 5}};
	check("utimensat", utimensat(AT_FDCWD, "f", ts, 0));
	struct stat st;
	stat("f", &st);
	printf("atime %ld.%09ld mtime %ld.%09ld\n", (long)st.st_atim.tv_sec, st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	struct timespec omit[2] = {{0, UTIME_OMIT}, {1300000000, 0}};
	int fd = open("f", O_RDONLY);
	check("futimens omit atime", futimens(fd, omit));
	fstat(fd, &st);
	printf("atime %ld mtime %ld\n", (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec);
	struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
	check("nsec out of range", utimensat(AT_FDCWD, "f", bad, 0));
	check("utimensat missing", utimensat(AT_FDCWD, "missing", ts, 0));
	time_t before = time(0);
	check("now", utimensat(AT_FDCWD, "f", NULL, 0));
	stat("f", &st);
	yes("mtime is now", st.st_mtim.tv_sec >= before && st.st_mtim.tv_sec <= time(0));
	return 0;
}
