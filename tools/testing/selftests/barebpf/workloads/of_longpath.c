// SPDX-License-Identifier: GPL-2.0
/*
 * of_longpath DIR LENGTH - create directories under DIR so that an
 * absolute path of exactly LENGTH bytes exists, print that path on
 * stderr (stdout belongs to the tracer) and open it, creating the
 * file. The directories are made one level at a time with chdir(), so
 * LENGTH may exceed PATH_MAX: the open then fails with ENAMETOOLONG,
 * which is how the selftest gets a path to cut.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#define COMPONENT	200	/* bytes per directory name */

int main(int argc, char **argv)
{
	size_t len, used, n;
	char *path, *p;
	int fd;

	if (argc != 3 || argv[1][0] != '/') {
		fprintf(stderr, "usage: of_longpath /DIR LENGTH\n");
		return 2;
	}
	len = strtoul(argv[2], NULL, 10);
	used = strlen(argv[1]);
	if (len < used + 2 || chdir(argv[1]))
		return 2;
	path = malloc(len + 1);
	if (!path)
		return 2;
	p = stpcpy(path, argv[1]);
	/* "/ddd...d" directories while more than one component is left. */
	while (len - (p - path) > COMPONENT + 1 + 1) {
		*p++ = '/';
		memset(p, 'd', COMPONENT);
		p[COMPONENT] = '\0';
		if ((mkdir(p, 0755) && errno != EEXIST) || chdir(p))
			return 2;
		p += COMPONENT;
	}
	/* The file name takes what is left. */
	*p++ = '/';
	n = len - (p - path);
	memset(p, 'f', n);
	p[n] = '\0';
	fprintf(stderr, "%s\n", path);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	if (fd < 0)
		return len >= 4096 && errno == ENAMETOOLONG ? 0 : 1;
	close(fd);
	return 0;
}
