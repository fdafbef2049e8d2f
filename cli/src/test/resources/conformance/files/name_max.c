/* Names of 255 bytes work; 256 is ENAMETOOLONG; so is a path past PATH_MAX. */
#include "../conf.h"
int main(void)
{
	char name[300];
	memset(name, 'n', 255);
	name[255] = 0;
	check("255", open(name, O_CREAT | O_WRONLY, 0644));
	name[255] = 'n';
	name[256] = 0;
	check("256", open(name, O_CREAT | O_WRONLY, 0644));
	char *path = malloc(5000);
	memset(path, 0, 5000);
	for (int i = 0; i < 4200; i += 2) memcpy(path + i, "./", 2);
	strcat(path, "x");
	check("path of 4201", open(path, O_RDONLY));
	return 0;
}
