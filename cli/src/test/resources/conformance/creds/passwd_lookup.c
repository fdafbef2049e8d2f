/* getpwuid, getpwnam and getgrgid read the root's /etc files. */
#include <grp.h>
#include <pwd.h>
#include "../conf.h"
int main(void)
{
	struct passwd *p = getpwuid(0);
	printf("uid 0: %s home %s shell %s\n", p ? p->pw_name : "none", p ? p->pw_dir : "", p ? p->pw_shell : "");
	p = getpwnam("nobody");
	printf("nobody: %d\n", p ? (int)p->pw_uid : -1);
	struct group *g = getgrgid(0);
	printf("gid 0: %s\n", g ? g->gr_name : "none");
	printf("uid 1000: %s\n", getpwuid(1000) ? "found" : "none");
	return 0;
}
