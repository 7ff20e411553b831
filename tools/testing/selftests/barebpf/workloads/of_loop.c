// SPDX-License-Identifier: GPL-2.0
/*
 * of_loop PATH COUNT - open and close PATH COUNT times, as fast as it
 * goes: the openfiles selftest checks that not one event is lost.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long i, count;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: of_loop PATH COUNT\n");
		return 2;
	}
	count = atol(argv[2]);
	for (i = 0; i < count; i++) {
		fd = open(argv[1], O_RDONLY | O_CREAT, 0644);
		if (fd < 0) {
			perror(argv[1]);
			return 1;
		}
		close(fd);
	}
	return 0;
}
