/* Root reads and writes whatever the mode, but executes only with an x bit. */
#include "../conf.h"
int main(void)
{
	put("f", "#!/bin/sh\necho ran\n");
	chmod("f", 0);
	check("R_OK on 0000", access("f", R_OK));
	check("W_OK on 0000", access("f", W_OK));
	check("X_OK on 0000", access("f", X_OK));
	check("open rw on 0000", open("f", O_RDWR));
	chmod("f", 0010);
	check("X_OK on 0010", access("f", X_OK));
	mkdir("d", 0);
	check("X_OK on dir 0000", access("d", X_OK));
	check("create in dir 0000", open("d/x", O_CREAT | O_WRONLY, 0644));
	return 0;
}
