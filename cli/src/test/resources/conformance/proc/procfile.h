/* Reads a whole /proc file into a static buffer (NULL if it cannot be opened). */
static char *slurp(const char *path)
{
	static char buf[65536];
	int fd = open(path, O_RDONLY);
	if (fd < 0) return NULL;
	long n = 0, r;
	while (n < (long)sizeof buf - 1 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0) n += r;
	buf[n] = 0;
	close(fd);
	return buf;
}

/* The value after "key:" on its line, as a number (-1 if absent). */
static long field(const char *text, const char *key)
{
	size_t k = strlen(key);
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (!strncmp(l, key, k) && l[k] == ':') return strtol(l + k + 1, NULL, 10);
	return -1;
}
