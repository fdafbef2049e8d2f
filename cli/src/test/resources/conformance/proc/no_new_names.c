/* /proc makes no names: creating a file, directory or link in it is
 * ENOENT, as Linux's procfs answers; its own entries are not removed (EPERM);
 * a rename or link into it from elsewhere is across mounts (EXDEV). */
#include "../conf.h"
int main(void)
{
	check("create in /proc", open("/proc/conf-new", O_WRONLY | O_CREAT, 0644));
	check("create in /proc/self", open("/proc/self/conf-new", O_WRONLY | O_CREAT, 0644));
	check("mkdir in /proc", mkdir("/proc/conf-dir", 0755));
	check("symlink in /proc", symlink("x", "/proc/conf-link"));
	check("unlink /proc/self/status", unlink("/proc/self/status"));
	check("unlink /proc/cpuinfo", unlink("/proc/cpuinfo"));
	close(check("a file", open("f", O_WRONLY | O_CREAT, 0644)));
	check("rename into /proc", rename("f", "/proc/conf-renamed"));
	check("link into /proc", link("f", "/proc/conf-linked"));
	check("rename /proc/self/status out", rename("/proc/self/status", "g"));
	return 0;
}
