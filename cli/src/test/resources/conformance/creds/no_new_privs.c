/* PR_SET_NO_NEW_PRIVS is one way; PR_GET_KEEPCAPS, PR_CAPBSET_READ. */
#include <sys/prctl.h>
#include "../conf.h"
int main(void)
{
	value("NO_NEW_PRIVS before", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	check("set", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	value("after", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	check("unset", prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0));
	value("KEEPCAPS", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
	value("CAPBSET_READ CAP_CHOWN", prctl(PR_CAPBSET_READ, 0, 0, 0, 0));
	return 0;
}
